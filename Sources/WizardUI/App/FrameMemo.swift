import ConnectorKit

/// The wizard's last frame and what each of its rows was drawn from. The next frame starts
/// from those cells and draws again only the rows whose inputs changed: a key typed into a
/// field redraws that field's row, and the rows of any finding, status text or mark the key
/// changes, not the whole screen. `Renderer.render(_:memo:)` gives the same cells as a frame
/// drawn from nothing.
public final class FrameMemo {
    /// The theme of every frame drawn with this memo.
    public let theme: Theme
    var frame: Buffer?
    /// The frame before the last, whose cells the next frame is drawn over once the rows drawn
    /// since are copied in: the last frame is shared with the terminal (which compares the next
    /// with it), so drawing over it would copy all of it first.
    var spare: Buffer?
    /// The rows the last frame drew (the others it took from the frame before).
    var drawnRows: [Int] = []
    var rows: [RowInputs] = []
    /// The caret's column in each row, where drawing that row put it; -1 elsewhere.
    var caretX: [Int] = []

    public init(theme: Theme) {
        self.theme = theme
    }

    /// Forgets the last frame: the next one is drawn whole.
    func clear() {
        frame = nil
        spare = nil
        drawnRows = []
        rows = []
        caretX = []
    }
}

/// Everything one row of the wizard's frame is drawn from, besides the frame's size and theme.
enum RowInputs: Equatable {
    /// Not drawn yet.
    case none
    case header(title: String, isNew: Bool, dirty: Bool, folder: String)
    case tabs(WizardTab, errors: [Int])
    case rule
    /// A row of the form other than a field's: the layout's row there, by its stamp
    /// (`FormLayout.stamps`; 0 below the form), and the scroll marks drawn on it (1 up, 2 down).
    case form(stamp: Int, marks: Int)
    /// A field's row: its layout row by stamp (the field, its spec and which of its rows), how
    /// the field stands, and the scroll marks.
    case field(stamp: Int, FieldLook, marks: Int)
    case status(String, CellStyle)
    /// Each hint's key and label in turn.
    case hints([String])
}

/// What a field's row shows beyond its spec: its value (the colour field's is its swatch's
/// colour) and caret, focus, selection, error, and whether the redirect URL is still to be made.
/// A row of a multi-line box holds its own line of the value instead (`MultilineLayout.Row`), so
/// a key redraws the line it changes, not every row of the box.
struct FieldLook: Equatable {
    var value: String
    var caret: Int?
    var focused: Bool
    var selected: Bool
    var error: Bool
    var pending: Bool
    /// A multi-line row's `…` marks (1 above, 2 below), and whether the whole value is empty
    /// (its first row then shows the placeholder).
    var cut = 0
    var empty = false

    /// (A static function: an initializer would take a copy of the whole state.)
    static func of(_ s: WizardState, _ field: FormLayout.FieldRow, focused: Bool) -> FieldLook {
        let id = field.id
        if let box = field.multiline {
            let (text, _, caret) = FieldRenderer.textAndCaret(s, id)
            let row = MultilineLayout.row(text, caret: caret, focused: focused, width: box.width, rows: box.rows, part: field.part)
            return FieldLook(value: row.text, caret: row.caretColumn, focused: focused, selected: s.selectedField == id,
                             error: s.showsError(at: id), pending: false,
                             cut: (row.cutAbove ? 1 : 0) | (row.cutBelow ? 2 : 0), empty: text.isEmpty)
        }
        var value = s.draft.value(of: id)
        // A secret shows as one mask a character: its length is all the row is drawn from, and
        // the memo does not keep the secret itself.
        if field.secret { value = String(value.count) }
        return FieldLook(value: value, caret: s.caret[id], focused: focused,
                         selected: s.selectedField == id, error: s.showsError(at: id),
                         pending: id == .redirectUrl && s.draft.redirect.url == nil)
    }
}

/// A frame drawn row by row: each row with its inputs, taken from the last frame as it is
/// where those inputs are the same.
struct RowPainter {
    var buffer: Buffer
    /// Each row's inputs: the last frame's until `needs` gives this one's.
    private(set) var rows: [RowInputs]
    /// The caret's column in each row, as `rows`.
    private(set) var caretX: [Int]
    /// Whether `buffer`, `rows` and `caretX` start as the last frame's.
    private let fromLast: Bool
    private let page: CellStyle
    private var cursorBefore: (x: Int, y: Int)?
    private var drawnRows: [Int] = []
    /// Where the last frame's cells are, when this one is drawn over a copy of them.
    private var lastCells: UInt?

    /// Rows `height` high; from the memo's frame where it is `width` × `height`.
    init(width: Int, height: Int, page: CellStyle, memo: FrameMemo?) {
        self.page = page
        if let memo, let last = memo.frame, last.width == width, last.height == height, memo.rows.count == height {
            if var spare = memo.spare, spare.width == width, spare.height == height {
                memo.spare = nil  // `spare` is then its only holder: drawn over in place
                for y in memo.drawnRows { spare.copyRow(y, from: last) }
                buffer = spare
            } else {
                buffer = last
            }
            lastCells = last.cellsAddress
            buffer.cursor = nil
            buffer.sameRows = nil  // what an older frame said; this one says its own at the end
            // Taken from the memo, so that they are changed in place: `keep` gives them back.
            rows = memo.rows
            caretX = memo.caretX
            memo.rows = []
            memo.caretX = []
            fromLast = true
        } else {
            buffer = Buffer(width: width, height: height, fill: page)
            rows = Array(repeating: .none, count: height)
            caretX = Array(repeating: -1, count: height)
            fromLast = false
        }
    }

    /// Whether row `y` must be drawn for `inputs`: false when the last frame drew it from the
    /// same inputs (its cells, and the caret it placed, are kept). When true, the row is blank
    /// and `drawn(_:)` is to follow its drawing.
    mutating func needs(_ y: Int, _ inputs: consuming RowInputs) -> Bool {
        guard y >= 0, y < rows.count else { return false }
        if fromLast, rows[y] == inputs {
            if caretX[y] >= 0 { buffer.cursor = (caretX[y], y) }
            return false
        }
        rows[y] = inputs
        caretX[y] = -1
        if fromLast { buffer.fill(x: 0, y: y, width: buffer.width, height: 1, style: page) }
        cursorBefore = buffer.cursor
        buffer.cursor = nil
        drawnRows.append(y)
        return true
    }

    /// Row `y` has been drawn: the caret it placed, if any, is kept for it.
    mutating func drawn(_ y: Int) {
        if let caret = buffer.cursor, caret.y == y {
            caretX[y] = caret.x
        } else {
            buffer.cursor = cursorBefore
        }
    }

    /// The rows not drawn are as in the last frame: the terminal need not compare them.
    mutating func markSameRows() {
        guard let lastCells else { return }
        var same = Array(repeating: true, count: rows.count)
        for y in drawnRows { same[y] = false }
        buffer.sameRows = Buffer.SameRows(cells: lastCells, rows: same)
    }

    /// Keeps the frame and its rows for the next one.
    func keep(in memo: FrameMemo) {
        memo.spare = memo.frame
        memo.frame = buffer
        memo.drawnRows = drawnRows
        memo.rows = rows
        memo.caretX = caretX
    }
}
