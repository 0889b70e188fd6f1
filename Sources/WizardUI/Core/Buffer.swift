/// One terminal cell: a grapheme and its style. The right half of a wide character is a
/// continuation cell with empty text.
public struct Cell: Hashable, Sendable {
    public var text: String
    public var style: CellStyle

    public init(_ text: String = " ", _ style: CellStyle = .plain) {
        self.text = text
        self.style = style
    }

    public var isContinuation: Bool { text.isEmpty }
}

/// A screen's worth of cells: what `render` produces, what tests assert and what the backend
/// paints (writing only the cells that differ from the previous frame).
public struct Buffer: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// Where the terminal's cursor should stand (a text field's caret), or nil to hide it.
    public var cursor: (x: Int, y: Int)? {
        get { cursorX >= 0 ? (cursorX, cursorY) : nil }
        set {
            cursorX = newValue?.x ?? -1
            cursorY = newValue?.y ?? -1
        }
    }

    private var cursorX = -1
    private var cursorY = -1

    public init(width: Int, height: Int, fill: CellStyle = .plain) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: Cell(" ", fill), count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    public func contains(x: Int, y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height }

    /// Fills a rectangle with blanks in `style`.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, style: CellStyle, char: String = " ") {
        for yy in max(0, y)..<min(height, y + h) {
            for xx in max(0, x)..<min(width, x + w) { self[xx, yy] = Cell(char, style) }
        }
    }

    /// Draws `text` from (x, y), clipped at `x + maxWidth` and the buffer's edge; a wide
    /// character that would be cut in half is not drawn. Returns the cells used.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: CellStyle, maxWidth: Int = Int.max) -> Int {
        guard y >= 0, y < height else { return 0 }
        let limit = maxWidth >= width - x ? width : x + max(0, maxWidth)
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return putASCII(text, x: x, y: y, style: style, limit: limit) }
        var cx = x
        for var c in text {
            // A control character (from a server's answer, a file) would reach the terminal as a
            // command: it is drawn as a visible dot instead.
            if let u = c.unicodeScalars.first, u.value < 0x20 || (0x7F..<0xA0).contains(u.value) { c = "·" }
            let w = TextWidth.of(c)
            if w == 0 {
                // A combining mark joins the previous cell.
                if cx > 0, cx - 1 < width, cx - 1 >= 0 { self[cx - 1, y].text.append(c) }
                continue
            }
            if cx + w > limit { break }
            if cx >= 0 {
                clearWide(at: cx, y)
                self[cx, y] = Cell(String(c), style)
                if w == 2 {
                    clearWide(at: cx + 1, y)
                    self[cx + 1, y] = Cell("", style)
                }
            }
            cx += w
        }
        return cx - x
    }

    /// `put` for text that is all ASCII (most of every screen): one cell a byte, no grapheme
    /// breaking or width lookup; the same cells as the general loop, CR LF one dot as there.
    private mutating func putASCII(_ text: String, x: Int, y: Int, style: CellStyle, limit: Int) -> Int {
        var cx = x
        var afterCR = false
        for b in text.utf8 {
            defer { afterCR = b == 0x0D }
            if b == 0x0A, afterCR { continue }
            if cx + 1 > limit { break }
            if cx >= 0 {
                clearWide(at: cx, y)
                self[cx, y] = Cell(b < 0x20 || b == 0x7F ? "·" : asciiText[Int(b)], style)
            }
            cx += 1
        }
        return cx - x
    }

    /// Overwriting half of a wide character blanks its other half.
    private mutating func clearWide(at x: Int, _ y: Int) {
        guard x < width else { return }
        if self[x, y].isContinuation, x > 0 { self[x - 1, y].text = " " }
        if x + 1 < width, self[x + 1, y].isContinuation, !self[x, y].isContinuation { self[x + 1, y].text = " " }
    }

    /// Changes the style of cells without changing their text.
    public mutating func restyle(x: Int, y: Int, width w: Int, _ change: (inout CellStyle) -> Void) {
        guard y >= 0, y < height else { return }
        for xx in max(0, x)..<min(width, x + w) { change(&self[xx, y].style) }
    }

    /// Each row's text (continuation cells skipped), for tests and plain output.
    public var lines: [String] {
        (0..<height).map { y in
            var s = ""
            for x in 0..<width where !self[x, y].isContinuation { s += self[x, y].text }
            return s
        }
    }

    /// The rows joined with newlines, trailing blanks trimmed: how snapshot files store a screen.
    public var text: String {
        lines.map(\.droppingTrailingSpaces).joined(separator: "\n")
    }

    public static func == (a: Buffer, b: Buffer) -> Bool {
        a.width == b.width && a.height == b.height && a.cells == b.cells && a.cursorX == b.cursorX && a.cursorY == b.cursorY
    }
}

/// Each ASCII character as the text of a cell, made once.
private let asciiText: [String] = (0..<128).map { String(Unicode.Scalar(UInt8($0))) }
