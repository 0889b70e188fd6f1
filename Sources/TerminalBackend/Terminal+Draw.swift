#if canImport(Glibc)
import Glibc
import CNCurses
import WizardUI

extension Terminal {
    /// Paints `buffer`: only what `ScreenDiff` finds changed since the previous frame (rows
    /// that differ, and in them the span of changed cells); after a resize or `invalidate()`
    /// everything. Then the cursor goes to `buffer.cursor` (or is hidden) and ncurses sends the
    /// difference in one update. Cells beyond the terminal's edge are clipped.
    public func draw(_ buffer: Buffer) {
        guard isActive else { return }
        let screen = cw_stdscr()
        let diff = ScreenDiff(from: previous, to: buffer, terminalColumns: Int(cw_cols()), terminalRows: Int(cw_lines()))
        if diff.clearsScreen { werase(screen) }
        if needsClear {
            clearok(screen, true)
            needsClear = false
        }

        var painter = CellPainter(screen: screen, columns: diff.columns)
        for span in diff.spans {
            for x in span.columns { painter.paint(buffer, x: x, y: span.row, colors: &colors) }
        }

        let wantCursor = buffer.cursor.flatMap { c in
            c.x >= 0 && c.y >= 0 && c.x < diff.columns && c.y < diff.rows ? c : nil
        }
        if let c = wantCursor {
            wmove(screen, Int32(c.y), Int32(c.x))
        } else {
            setCursorVisible(false)  // before the update, so it does not flicker across the screen
        }
        wnoutrefresh(screen)
        doupdate()
        if wantCursor != nil { setCursorVisible(true) }  // after, when it stands in its place
        previous = buffer
    }

    private func setCursorVisible(_ visible: Bool) {
        guard visible != cursorVisible else { return }
        curs_set(visible ? 1 : 0)
        cursorVisible = visible
    }
}

/// Writes cells into ncurses' window, remembering the last style's attributes and pair, since
/// neighbouring cells usually share one.
private struct CellPainter {
    let screen: UnsafeMutablePointer<WINDOW>?
    let columns: Int
    private var lastStyle: CellStyle?
    private var attrs: attr_t = 0
    private var pair: Int32 = 0

    init(screen: UnsafeMutablePointer<WINDOW>?, columns: Int) {
        self.screen = screen
        self.columns = columns
    }

    mutating func paint(_ buffer: Buffer, x: Int, y: Int, colors: inout ColorPairs) {
        let cell = buffer[x, y]
        var text = Substring(cell.text)
        if cell.isContinuation {
            // The right half of a wide character: ncurses filled it when it drew the left half.
            if x > 0, TextWidth.of(buffer[x - 1, y].text) == 2 { return }
            text = " "
        } else if x + 1 >= columns, TextWidth.of(cell.text) == 2 {
            text = " "  // a wide character cut by the terminal's edge
        }
        if cell.style != lastStyle {
            lastStyle = cell.style
            attrs = ColorPairs.attributes(cell.style.attrs)
            pair = colors.pair(fg: cell.style.fg, bg: cell.style.bg)
        }
        // A spacing character and up to four combining marks, as ncurses keeps in a cell.
        withUnsafeTemporaryAllocation(of: wchar_t.self, capacity: 6) { chars in
            var count = 0
            for scalar in text.unicodeScalars where count < 5 {
                chars[count] = wchar_t(bitPattern: scalar.value)
                count += 1
            }
            if count == 0 || unicodeScalar(chars[0]).map(Self.isControl) ?? true {
                chars[0] = wchar_t(0x20)  // never let a control character move the cursor
                count = 1
            }
            chars[count] = 0
            // At the bottom-right corner ncurses stores the cell but reports that the cursor
            // could not advance; that ERR is expected.
            _ = cw_put_cell(screen, Int32(y), Int32(x), chars.baseAddress, attrs, pair)
        }
    }

    private func unicodeScalar(_ c: wchar_t) -> Unicode.Scalar? { Unicode.Scalar(UInt32(bitPattern: c)) }

    private static func isControl(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (0x7F..<0xA0).contains(s.value)
    }
}
#endif
