#if canImport(Glibc)
import Glibc
import CNCurses
import WizardUI

extension Terminal {
    /// The next key, or nil when none arrives within about 100 ms (then look at
    /// `pendingSignal`). Input that means nothing to the wizard is skipped. ncurses' reads feed
    /// `decoder`, waiting as long as it asks for the rest of a sequence or paste.
    public func readKey() -> Key? {
        guard isActive else { return nil }
        while true {
            if !queued.isEmpty { return queued.removeFirst() }
            if decoder.isPasting, pendingSignalNumber.load(ordering: .relaxed) != 0 {
                queued += decoder.interrupt()  // a signal ends a paste with what came
                continue
            }
            let input = read(decoder.waitMilliseconds ?? Self.pollMilliseconds)
            if input == nil, decoder.isIdle { return nil }
            queued += decoder.feed(input)
            if queued.isEmpty, decoder.isIdle, pendingSignalNumber.load(ordering: .relaxed) != 0 { return nil }
        }
    }

    /// What `get_wch` returns within `milliseconds`: a character, or a key code ncurses decoded
    /// (KEY_UP…) as its key. A resize also makes the next `draw` paint everything.
    func read(_ milliseconds: Int32) -> KeyDecoder.Input? {
        setReadTimeout(milliseconds)
        var c: wint_t = 0
        switch wget_wch(cw_stdscr(), &c) {
        case OK:
            return .char(UInt32(c))
        case KEY_CODE_YES:
            let code = Int32(bitPattern: UInt32(c))
            if code == KEY_RESIZE {
                // ncurses has resized its window, which makes its next read repaint it (blank):
                // that happens now, before the new frame, not over it.
                wrefresh(cw_stdscr())
                invalidate()
                return .key(.resize(width: Int(cw_cols()), height: Int(cw_lines())))
            }
            return Self.key(code: code).map { .key($0) } ?? .otherCode
        default:
            return nil
        }
    }

    /// The key an ncurses key code stands for (not KEY_RESIZE, which `read` handles); nil for
    /// one that means nothing to the wizard.
    static func key(code: Int32) -> Key? {
        switch code {
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_HOME, KEY_A1: .home
        case KEY_END, KEY_C1: .end
        case KEY_PPAGE, KEY_A3: .pageUp
        case KEY_NPAGE, KEY_C3: .pageDown
        case KEY_BTAB: .backTab
        case KEY_ENTER: .enter
        case KEY_BACKSPACE: .backspace
        case KEY_DC: .delete
        case cw_key_f(1)...cw_key_f(12): .function(Int(code - cw_key_f(0)))
        default: nil
        }
    }
}
#endif
