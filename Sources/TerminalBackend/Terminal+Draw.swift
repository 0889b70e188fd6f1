#if canImport(Glibc)
import Glibc
import CNCurses
import WizardUI

extension Terminal {
    /// Paints `buffer`: only what `ScreenDiff` finds changed since the previous frame (rows
    /// that differ, and in them the span of changed cells); after a resize or `invalidate()`
    /// everything. `FrameWriter` makes the bytes, remembering the cursor and the attributes in
    /// force from frame to frame, and they go to the terminal in one write. Then the cursor
    /// stands at `buffer.cursor` (or is hidden). Cells beyond the terminal's edge are clipped.
    public func draw(_ buffer: Buffer) {
        guard isActive else { return }
        let diff = ScreenDiff(from: previous, to: buffer, terminalColumns: Int(cw_cols()), terminalRows: Int(cw_lines()))
        let wantCursor = buffer.cursor.flatMap { c in
            c.x >= 0 && c.y >= 0 && c.x < diff.columns && c.y < diff.rows ? c : nil
        }
        let bytes = writer.bytes(for: buffer, diff: diff, cursor: wantCursor)
        if writer.redefinedPalette { RestoreSequence.givesPaletteBack() }
        // Hidden before the update, so it does not flicker across the screen; shown after,
        // when it stands in its place.
        if wantCursor == nil { setCursorVisible(false) }
        writeAll(bytes)
        if wantCursor != nil { setCursorVisible(true) }
        previous = buffer
    }

    private func setCursorVisible(_ visible: Bool) {
        guard visible != cursorVisible else { return }
        curs_set(visible ? 1 : 0)  // ncurses writes it at once
        cursorVisible = visible
    }

    private func writeAll(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return
            }
            offset += n
        }
    }

    /// The terminal's control sequences from its terminfo entry (ncurses has loaded it).
    static func sequences() -> TerminalSequences? {
        func string(_ name: String) -> String? { cw_tigetstr(name).map { String(cString: $0) } }
        func bytes(_ s: UnsafePointer<CChar>?) -> [UInt8] {
            guard let s else { return [] }
            return Array(UnsafeBufferPointer(start: UnsafeRawPointer(s).assumingMemoryBound(to: UInt8.self), count: strlen(s)))
        }
        guard let cup = string("cup") else { return nil }
        let setaf = string("setaf") ?? string("setf")
        let setab = string("setab") ?? string("setb")
        let initc = string("initc")
        let clear = string("clear").map { Array($0.utf8) } ?? Array("\u{1B}[H\u{1B}[2J".utf8)
        let am = tigetflag("am") > 0
        let xenl = tigetflag("xenl") > 0
        return TerminalSequences(
            moveTo: { row, column in bytes(cw_tiparm2(cup, Int32(row), Int32(column))) },
            left: string("cub1").map { Array($0.utf8) } ?? [],
            clear: clear,
            reset: string("sgr0").map { Array($0.utf8) } ?? Array("\u{1B}[m".utf8),
            bold: string("bold").map { Array($0.utf8) } ?? [],
            underline: string("smul").map { Array($0.utf8) } ?? [],
            reverse: string("rev").map { Array($0.utf8) } ?? [],
            dim: string("dim").map { Array($0.utf8) } ?? [],
            foreground: { n in setaf.map { bytes(cw_tiparm1($0, n)) } ?? [] },
            background: { n in setab.map { bytes(cw_tiparm1($0, n)) } ?? [] },
            defaultColors: string("op").map { Array($0.utf8) } ?? [],
            setPaletteColor: initc.map { cap in { slot, r, g, b in bytes(cw_tiparm4(cap, slot, r, g, b)) } },
            writesBottomRightCell: !am || xenl)
    }
}
#endif
