#if canImport(Glibc)
import Glibc
#endif
/// The cells a terminal must paint to show a new `Buffer` where the previous one is on screen:
/// in each row that differs, the span from the first to the last changed cell, widened to whole
/// wide characters. With no previous frame, or one of another size, the screen is cleared and
/// everything is painted. Only the part of the buffer that fits on the terminal counts. Rows the
/// new buffer knows to be as in the old one (`Buffer.sameRows`) are not compared.
public struct ScreenDiff: Equatable, Sendable {
    /// Columns `columns` of row `row`.
    public struct Span: Equatable, Sendable {
        public let row: Int
        public let columns: Range<Int>

        public init(row: Int, columns: Range<Int>) {
            self.row = row
            self.columns = columns
        }
    }

    /// The buffer's columns that fit on the terminal.
    public let columns: Int
    /// The buffer's rows that fit on the terminal.
    public let rows: Int
    /// Whether the screen must be erased before painting.
    public let clearsScreen: Bool
    /// What to paint, top to bottom, at most one span a row.
    public let spans: [Span]

    public init(from old: Buffer?, to new: Buffer, terminalColumns: Int, terminalRows: Int) {
        let columns = max(0, min(new.width, terminalColumns))
        let rows = max(0, min(new.height, terminalRows))
        let old = old.flatMap { $0.width == new.width && $0.height == new.height ? $0 : nil }
        // Rows the new frame says are as in the old one, when the old one is that frame.
        let same = old.flatMap { old in new.sameRows.flatMap { $0.cells == old.cellsAddress ? $0.rows : nil } } ?? []
        var spans: [Span] = []
        for y in 0..<rows {
            if y < same.count, same[y] { continue }
            let span = old.map { Self.changedSpan(row: y, from: $0, to: new, columns: columns) }
                ?? (columns > 0 ? 0..<columns : nil)
            if let span { spans.append(Span(row: y, columns: span)) }
        }
        self.columns = columns
        self.rows = rows
        clearsScreen = old == nil
        self.spans = spans
    }

    /// The columns of row `y` to repaint: first to last changed cell, widened to whole wide
    /// characters; nil when the row is unchanged.
    static func changedSpan(row y: Int, from old: Buffer, to new: Buffer, columns: Int) -> Range<Int>? {
        // Most rows are unchanged: the same bytes say so at once (equal text has the same bytes
        // in a cell; bytes that differ are looked at cell by cell below).
        let rowStart = y * new.width
        let same = columns > 0 && old.cells.withUnsafeBufferPointer { o in
            new.cells.withUnsafeBufferPointer { n in
                memcmp(o.baseAddress! + rowStart, n.baseAddress! + rowStart, columns * MemoryLayout<Cell>.stride) == 0
            }
        }
        if same { return nil }
        guard let first = (0..<columns).first(where: { old[$0, y] != new[$0, y] }),
              var last = (first..<columns).last(where: { old[$0, y] != new[$0, y] })
        else { return nil }
        var start = first
        if start > 0, old[start, y].isContinuation || new[start, y].isContinuation { start -= 1 }
        if last + 1 < columns, old[last + 1, y].isContinuation || new[last + 1, y].isContinuation { last += 1 }
        return start..<(last + 1)
    }
}
