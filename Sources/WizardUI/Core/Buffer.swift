import Synchronization

/// One terminal cell: a grapheme and its style. The right half of a wide character is a
/// continuation cell with empty text.
///
/// A cell holds no reference: its grapheme's UTF-8 (up to 15 bytes, nearly every grapheme)
/// sits in two words, so a frame of cells is made, compared and thrown away like plain memory.
/// A longer grapheme (a family emoji, a letter under many marks) is kept once in a table for
/// the whole program and the cell holds its number; equal cells therefore have equal bits.
public struct Cell: Hashable, Sendable {
    /// Bytes 0–7 of the UTF-8, or the number of a long grapheme.
    private var low: UInt64
    /// Bytes 8–14 of the UTF-8; the top byte is the byte count, or `Self.long` for a number.
    private var high: UInt64
    public var style: CellStyle

    private static let long: UInt64 = 0xFF

    public init(_ text: String = " ", _ style: CellStyle = .plain) {
        (low, high) = Self.encode(text)
        self.style = style
    }

    /// A cell of one ASCII byte.
    @inline(__always)
    init(ascii byte: UInt8, _ style: CellStyle) {
        low = UInt64(byte)
        high = 1 << 56
        self.style = style
    }

    /// A cell of one scalar.
    init(scalar: Unicode.Scalar, _ style: CellStyle) {
        var bytes: UInt64 = 0
        var count: UInt64 = 0
        for b in scalar.utf8 {
            bytes |= UInt64(b) << (8 * count)
            count += 1
        }
        low = bytes
        high = count << 56
        self.style = style
    }

    public var text: String {
        get {
            if high >> 56 == Self.long { return LongGraphemes.text(number: Int(low)) }
            let count = Int(high >> 56)
            if count == 0 { return "" }
            return withUnsafeBytes(of: (low.littleEndian, high.littleEndian)) { raw in
                String(decoding: UnsafeRawBufferPointer(rebasing: raw[0..<count]), as: UTF8.self)
            }
        }
        set { (low, high) = Self.encode(newValue) }
    }

    public var isContinuation: Bool { high == 0 }

    /// Whether the two cells show the same grapheme, whatever their styles.
    @inline(__always)
    public func sameGrapheme(as other: Cell) -> Bool { low == other.low && high == other.high }

    /// The byte when the grapheme is one printable ASCII character, else 0.
    @inline(__always)
    public var printableASCII: UInt8 {
        guard high == 1 << 56, low >= 0x20, low < 0x7F else { return 0 }
        return UInt8(truncatingIfNeeded: low)
    }

    private static func encode(_ text: String) -> (UInt64, UInt64) {
        if text.utf8.count > 15 { return (UInt64(LongGraphemes.number(of: text)), long << 56) }
        var text = text
        return text.withUTF8 { bytes in
            var words: (UInt64, UInt64) = (0, 0)
            withUnsafeMutableBytes(of: &words) { raw in
                raw.copyMemory(from: UnsafeRawBufferPointer(bytes))
            }
            return (UInt64(littleEndian: words.0), UInt64(littleEndian: words.1) | UInt64(bytes.count) << 56)
        }
    }
}

/// Graphemes longer than a cell holds, each once, by number.
private enum LongGraphemes {
    private static let table = Mutex<(texts: [String], numbers: [String: Int])>(([], [:]))

    static func number(of text: String) -> Int {
        table.withLock { t in
            if let n = t.numbers[text] { return n }
            t.texts.append(text)
            t.numbers[text] = t.texts.count - 1
            return t.texts.count - 1
        }
    }

    static func text(number: Int) -> String {
        table.withLock { $0.texts[number] }
    }
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

    /// Rows known to be the same as in another frame, which `ScreenDiff` then does not compare:
    /// set by the wizard's memo for the rows it took as they were.
    public struct SameRows: Sendable {
        /// Where that frame's cells are: while it lives, no other frame's are there.
        let cells: UInt
        /// By row: whether it is the same.
        let rows: [Bool]
    }

    /// Not part of what the buffer shows (`==` leaves it out).
    public internal(set) var sameRows: SameRows?

    /// Where the cells are, for `SameRows`.
    var cellsAddress: UInt {
        cells.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
    }

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
        let cell = Cell(char, style)
        for yy in max(0, y)..<min(height, y + h) {
            for xx in max(0, x)..<min(width, x + w) { self[xx, yy] = cell }
        }
    }

    /// Draws `text` from (x, y), clipped at `x + maxWidth` and the buffer's edge; a wide
    /// character that would be cut in half is not drawn. Returns the cells used.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: CellStyle, maxWidth: Int = Int.max) -> Int {
        guard y >= 0, y < height else { return 0 }
        let limit = maxWidth >= width - x ? width : x + max(0, maxWidth)
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return putASCII(text, x: x, y: y, style: style, limit: limit) }
        if text.unicodeScalars.allSatisfy({ TextWidth.standsAlone($0.value) }) {
            return putScalars(text, x: x, y: y, style: style, limit: limit)
        }
        return putCharacters(text, x: x, y: y, style: style, limit: limit)
    }

    /// `put` a grapheme at a time: any text. The quicker paths below make the same cells.
    mutating func putCharacters(_ text: String, x: Int, y: Int, style: CellStyle, limit: Int) -> Int {
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
            if cx >= 0 { place(Cell(String(c), style), width: w, x: cx, y: y) }
            cx += w
        }
        return cx - x
    }

    /// `put` for text whose every scalar is a grapheme of its own (`TextWidth.standsAlone`):
    /// the same cells as the loop over characters, without grapheme breaking.
    mutating func putScalars(_ text: String, x: Int, y: Int, style: CellStyle, limit: Int) -> Int {
        var cx = x
        for u in text.unicodeScalars {
            let w = TextWidth.of(u)
            if w == 0 { continue }  // no scalar that stands alone is zero-width; kept as the loop above would
            if cx + w > limit { break }
            if cx >= 0 { place(Cell(scalar: u, style), width: w, x: cx, y: y) }
            cx += w
        }
        return cx - x
    }

    /// `put` for text that is all ASCII (most of every screen): one cell a byte, no grapheme
    /// breaking or width lookup; the same cells as the general loop, CR LF one dot as there.
    /// Only the ends of the run can cut a wide character in half: the cells between are all
    /// overwritten.
    mutating func putASCII(_ text: String, x: Int, y: Int, style: CellStyle, limit: Int) -> Int {
        var cx = x
        var afterCR = false
        var first = -1
        let row = y * width
        let dot = Cell("·", style)
        cells.withUnsafeMutableBufferPointer { cells in
            for b in text.utf8 {
                let skip = b == 0x0A && afterCR
                afterCR = b == 0x0D
                if skip { continue }
                if cx + 1 > limit { break }
                if cx >= 0 {
                    if first < 0 {
                        first = cx
                        if cells[row + cx].isContinuation, cx > 0 { cells[row + cx - 1].text = " " }
                    }
                    cells[row + cx] = b < 0x20 || b == 0x7F ? dot : Cell(ascii: b, style)
                }
                cx += 1
            }
            if first >= 0, cx < width, cells[row + cx].isContinuation { cells[row + cx].text = " " }
        }
        return cx - x
    }

    /// A grapheme's cell at (x, y), and a wide one's continuation after it.
    private mutating func place(_ cell: Cell, width w: Int, x: Int, y: Int) {
        clearWide(at: x, y)
        self[x, y] = cell
        if w == 2 {
            clearWide(at: x + 1, y)
            self[x + 1, y] = Cell("", cell.style)
        }
    }

    /// Overwriting half of a wide character blanks its other half.
    private mutating func clearWide(at x: Int, _ y: Int) {
        guard x < width else { return }
        if self[x, y].isContinuation, x > 0 { self[x - 1, y].text = " " }
        if x + 1 < width, self[x + 1, y].isContinuation, !self[x, y].isContinuation { self[x + 1, y].text = " " }
    }

    /// Row `y` as it is in `other`, a buffer of the same size.
    mutating func copyRow(_ y: Int, from other: Buffer) {
        precondition(other.width == width && other.height == height && y >= 0 && y < height)
        let start = y * width
        cells.withUnsafeMutableBufferPointer { to in
            other.cells.withUnsafeBufferPointer { from in
                (to.baseAddress! + start).update(from: from.baseAddress! + start, count: width)
            }
        }
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
