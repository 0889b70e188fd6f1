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

    /// Whether two cells are equal: at once when their bytes are (as they nearly always are for
    /// equal cells), else by comparing their values.
    @inline(__always)
    static func same(_ a: UnsafePointer<Cell>, _ b: UnsafePointer<Cell>) -> Bool {
        let x = UnsafeRawPointer(a), y = UnsafeRawPointer(b)
        var offset = 0
        var bytesEqual = true
        while offset + 8 <= MemoryLayout<Cell>.size, bytesEqual {
            bytesEqual = x.load(fromByteOffset: offset, as: UInt64.self) == y.load(fromByteOffset: offset, as: UInt64.self)
            offset += 8
        }
        while offset < MemoryLayout<Cell>.size, bytesEqual {
            bytesEqual = x.load(fromByteOffset: offset, as: UInt8.self) == y.load(fromByteOffset: offset, as: UInt8.self)
            offset += 1
        }
        return bytesEqual || a.pointee == b.pointee
    }

    /// The columns of row `y` to repaint: first to last changed cell, widened to whole wide
    /// characters; nil when the row is unchanged.
    static func changedSpan(row y: Int, from old: Buffer, to new: Buffer, columns: Int) -> Range<Int>? {
        // Most rows are unchanged: the same bytes say so at once (equal text has the same bytes
        // in a cell; bytes that differ are looked at cell by cell below).
        guard columns > 0 else { return nil }
        let rowStart = y * new.width
        return old.cells.withUnsafeBufferPointer { o in
            new.cells.withUnsafeBufferPointer { n in
                let o = o.baseAddress! + rowStart, n = n.baseAddress! + rowStart
                if memcmp(o, n, columns * MemoryLayout<Cell>.stride) == 0 { return nil }
                var start = 0
                while start < columns, Self.same(o + start, n + start) { start += 1 }
                guard start < columns else { return nil }
                var last = columns - 1
                while Self.same(o + last, n + last) { last -= 1 }
                if start > 0, o[start].isContinuation || n[start].isContinuation { start -= 1 }
                if last + 1 < columns, o[last + 1].isContinuation || n[last + 1].isContinuation { last += 1 }
                return start..<(last + 1)
            }
        }
    }
}
