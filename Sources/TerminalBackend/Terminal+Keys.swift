#if canImport(Glibc)
import Glibc
import CNCurses
import WizardUI

extension Terminal {
    /// The next key, or nil when none arrives within about 100 ms (then look at
    /// `pendingSignal`). Input that means nothing to the wizard is skipped.
    public func readKey() -> Key? {
        guard isActive else { return nil }
        if !queued.isEmpty { return queued.removeFirst() }
        while let input = read(Self.pollMilliseconds) {
            if let key = decode(input) { return key }
            if pendingSignalNumber.load(ordering: .relaxed) != 0 { return nil }
        }
        return nil
    }

    /// What `get_wch` returns: a character, or a key code ncurses decoded (KEY_UP…).
    enum Input {
        case char(UInt32)
        case code(Int32)
    }

    /// How long to wait for the rest of an escape sequence after ESC; ncurses has already
    /// waited `set_escdelay` (25 ms) for the ones it knows.
    static let sequenceMilliseconds: Int32 = 25

    func read(_ milliseconds: Int32) -> Input? {
        setReadTimeout(milliseconds)
        var c: wint_t = 0
        switch wget_wch(cw_stdscr(), &c) {
        case OK: return .char(UInt32(c))
        case KEY_CODE_YES: return .code(Int32(bitPattern: UInt32(c)))
        default: return nil
        }
    }

    func decode(_ input: Input) -> Key? {
        switch input {
        case .code(let code): decode(code: code)
        case .char(let c): decode(char: c)
        }
    }

    private func decode(code: Int32) -> Key? {
        switch code {
        case KEY_RESIZE:
            invalidate()
            return .resize(width: Int(cw_cols()), height: Int(cw_lines()))
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME, KEY_A1: return .home
        case KEY_END, KEY_C1: return .end
        case KEY_PPAGE, KEY_A3: return .pageUp
        case KEY_NPAGE, KEY_C3: return .pageDown
        case KEY_BTAB: return .backTab
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case cw_key_f(1)...cw_key_f(12): return .function(Int(code - cw_key_f(0)))
        default: return nil
        }
    }

    private func decode(char c: UInt32) -> Key? {
        switch c {
        case 13, 10: return .enter
        case 9: return .tab
        case 8, 127: return .backspace
        case 27: return escape()
        case 0: return .ctrl(" ")
        case 1...26: return .ctrl(Character(Unicode.Scalar(UInt8(c + 96))))
        case 28...31: return .ctrl(Character(Unicode.Scalar(UInt8(c + 64))))  // \ ] ^ _
        case 0x80..<0xA0: return nil
        default: return Unicode.Scalar(c).map { .char(Character($0)) }
        }
    }

    /// After ESC: nothing more is Esc itself; a character is Alt plus it; `[200~` starts a
    /// bracketed paste; other sequences are decoded if known and skipped if not.
    private func escape() -> Key? {
        guard let next = read(Self.sequenceMilliseconds) else { return .escape }
        switch next {
        case .code(let code):
            return decode(code: code)  // Alt plus a special key: the key
        case .char(0x5B):  // [
            return controlSequence()
        case .char(0x4F):  // O
            guard let final = read(Self.sequenceMilliseconds) else { return .alt("O") }
            guard case .char(let f) = final, let s = Unicode.Scalar(f) else { return decode(final) }
            return EscapeSequence.ss3(final: s)
        case .char(let c) where c >= 0x20 && c != 0x7F && !(0x80..<0xA0).contains(c):
            return Unicode.Scalar(c).map { .alt(Character($0)) }
        case .char(let c):
            // Esc then Esc, Enter, Backspace…: Esc now, the other key next time.
            unget_wch(wchar_t(bitPattern: c))
            return .escape
        }
    }

    /// After `ESC [`: parameter and intermediate bytes, then a final byte.
    private func controlSequence() -> Key? {
        var parameters = String.UnicodeScalarView()
        while parameters.count < 32 {
            guard let input = read(Self.sequenceMilliseconds) else {
                return parameters.isEmpty ? .alt("[") : nil
            }
            guard case .char(let c) = input, let s = Unicode.Scalar(c) else { return decode(input) }
            switch c {
            case 0x20...0x3F:
                parameters.append(s)
            case 0x40...0x7E:
                let p = String(parameters)
                if p == "200", s == "~" { return readPaste() }
                return EscapeSequence.csi(parameters: p, final: s)
            default:
                return nil  // not a control sequence after all: drop it
            }
        }
        return nil
    }

    /// Everything up to `ESC [201~`, as one `.paste`. Gives up (keeping what came) after a
    /// second without input, or on a signal.
    private func readPaste() -> Key {
        let end: [Unicode.Scalar] = ["\u{1B}", "[", "2", "0", "1", "~"]
        var text: [Unicode.Scalar] = []
        var idle = 0
        while idle < 10, pendingSignalNumber.load(ordering: .relaxed) == 0 {
            guard let input = read(Self.pollMilliseconds) else {
                idle += 1
                continue
            }
            idle = 0
            switch input {
            case .char(let c):
                guard let s = Unicode.Scalar(c) else { continue }
                text.append(s)
                if text.count >= end.count, Array(text.suffix(end.count)) == end {
                    text.removeLast(end.count)
                    return .paste(EscapeSequence.normalizePaste(text))
                }
            case .code(KEY_RESIZE):
                if let key = decode(input) { queued.append(key) }
            case .code:
                continue  // a sequence in the pasted text that ncurses took for a key
            }
        }
        return .paste(EscapeSequence.normalizePaste(text))
    }
}
#endif
