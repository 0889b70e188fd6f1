import WizardUI

/// Turns what the terminal reads into `Key`s: characters (control characters to Ctrl keys, Esc
/// then a character to Alt), the escape sequences ncurses left undecoded (CSI and SS3, see
/// `EscapeSequence`) and bracketed paste; keys ncurses decoded itself pass through. Fed one
/// input at a time, and told when none came within `waitMilliseconds`: a lone Esc differs from
/// the start of a sequence only by the pause after it. No terminal is needed to run it.
struct KeyDecoder {
    /// One read from the terminal.
    enum Input: Hashable, Sendable {
        /// A character as `get_wch` gives it: a Unicode scalar value, though not always a valid one.
        case char(UInt32)
        /// A key ncurses decoded itself (KEY_UP…, a resize).
        case key(Key)
        /// A key code that means nothing to the wizard.
        case otherCode
    }

    /// How long to wait for the rest of an escape sequence after ESC; ncurses has already
    /// waited `set_escdelay` (25 ms) for the ones it knows.
    static let sequenceMilliseconds: Int32 = 25
    /// How long one wait for more pasted text lasts.
    static let pasteMilliseconds: Int32 = 100
    /// After this many waits without input a paste ends, keeping what came (about a second).
    static let pasteIdleWaits = 10
    /// Parameter and intermediate bytes after `ESC [` beyond which the sequence is dropped.
    static let maxParameters = 32

    private enum State {
        case ground
        /// After ESC.
        case escape
        /// After `ESC O`.
        case ss3
        /// After `ESC [` and `parameters`.
        case csi
        /// After `ESC [200~`, until `ESC [201~`.
        case paste
    }

    private var state = State.ground
    private var parameters = String.UnicodeScalarView()
    private var pasted: [Unicode.Scalar] = []
    private var idleWaits = 0
    /// Resizes that arrived during a paste, to follow it.
    private var afterPaste: [Key] = []

    private static let pasteEnd: [Unicode.Scalar] = ["\u{1B}", "[", "2", "0", "1", "~"]

    /// Whether nothing is pending: no sequence or paste begun.
    var isIdle: Bool { state == .ground }

    /// Whether a bracketed paste is being read.
    var isPasting: Bool { state == .paste }

    /// How long to wait for the next input before `feed(nil)`; nil when nothing is pending, so
    /// however long it takes changes nothing.
    var waitMilliseconds: Int32? {
        switch state {
        case .ground: nil
        case .escape, .ss3, .csi: Self.sequenceMilliseconds
        case .paste: Self.pasteMilliseconds
        }
    }

    /// The keys `input` completes, usually none or one; nil means none came within
    /// `waitMilliseconds`. Input that means nothing to the wizard gives none.
    mutating func feed(_ input: Input?) -> [Key] {
        switch state {
        case .ground:
            return input.map { ground($0) } ?? []
        case .escape:
            state = .ground
            return afterEscape(input)
        case .ss3:
            state = .ground
            guard let input else { return [.alt("O")] }
            guard case .char(let c) = input, let s = Unicode.Scalar(c) else { return ground(input) }
            return EscapeSequence.ss3(final: s).map { [$0] } ?? []
        case .csi:
            state = .ground
            return controlSequence(input)
        case .paste:
            return paste(input)
        }
    }

    /// Ends a paste being read with what came so far (a signal arrived); the keys that gives.
    mutating func interrupt() -> [Key] {
        isPasting ? endPaste() : []
    }

    private mutating func ground(_ input: Input) -> [Key] {
        switch input {
        case .key(let key): return [key]
        case .otherCode: return []
        case .char(let c):
            switch c {
            case 13, 10: return [.enter]
            case 9: return [.tab]
            case 8, 127: return [.backspace]
            case 27:
                state = .escape
                return []
            case 0: return [.ctrl(" ")]
            case 1...26: return [.ctrl(Character(Unicode.Scalar(UInt8(c + 96))))]
            case 28...31: return [.ctrl(Character(Unicode.Scalar(UInt8(c + 64))))]  // \ ] ^ _
            case 0x80..<0xA0: return []
            default: return Unicode.Scalar(c).map { [.char(Character($0))] } ?? []
            }
        }
    }

    /// After ESC: nothing more is Esc itself; a character is Alt plus it; `[` and `O` begin a
    /// sequence; a special key is that key (Alt plus it).
    private mutating func afterEscape(_ input: Input?) -> [Key] {
        guard let input else { return [.escape] }
        switch input {
        case .key(let key):
            return [key]
        case .otherCode:
            return []
        case .char(0x5B):  // [
            state = .csi
            parameters = String.UnicodeScalarView()
            return []
        case .char(0x4F):  // O
            state = .ss3
            return []
        case .char(let c) where c >= 0x20 && c != 0x7F && !(0x80..<0xA0).contains(c):
            return Unicode.Scalar(c).map { [.alt(Character($0))] } ?? []
        case .char:
            // Esc then Esc, Enter, Backspace…: Esc, then that key.
            return [.escape] + ground(input)
        }
    }

    /// After `ESC [` and `parameters`: more parameter and intermediate bytes, then a final
    /// byte. `[200~` begins a bracketed paste; other sequences are decoded if known and
    /// dropped if not.
    private mutating func controlSequence(_ input: Input?) -> [Key] {
        guard let input else { return parameters.isEmpty ? [.alt("[")] : [] }
        guard case .char(let c) = input, let s = Unicode.Scalar(c) else { return ground(input) }
        switch c {
        case 0x20...0x3F:
            parameters.append(s)
            if parameters.count < Self.maxParameters { state = .csi }
            return []
        case 0x40...0x7E:
            let p = String(parameters)
            if p == "200", s == "~" {
                state = .paste
                pasted = []
                idleWaits = 0
                afterPaste = []
                return []
            }
            return EscapeSequence.csi(parameters: p, final: s).map { [$0] } ?? []
        default:
            return []  // not a control sequence after all: drop it
        }
    }

    /// Pasted text up to `ESC [201~`, as one `.paste`; it also ends after `pasteIdleWaits`
    /// waits without input. Keys ncurses found in the text are dropped, except resizes, which
    /// follow the paste.
    private mutating func paste(_ input: Input?) -> [Key] {
        guard let input else {
            idleWaits += 1
            return idleWaits >= Self.pasteIdleWaits ? endPaste() : []
        }
        idleWaits = 0
        switch input {
        case .char(let c):
            guard let s = Unicode.Scalar(c) else { return [] }
            pasted.append(s)
            let end = Self.pasteEnd
            if pasted.count >= end.count, pasted.suffix(end.count).elementsEqual(end) {
                pasted.removeLast(end.count)
                return endPaste()
            }
        case .key(let key):
            if case .resize = key { afterPaste.append(key) }
        case .otherCode:
            break
        }
        return []
    }

    private mutating func endPaste() -> [Key] {
        let keys = [Key.paste(EscapeSequence.normalizePaste(pasted))] + afterPaste
        state = .ground
        pasted = []
        afterPaste = []
        idleWaits = 0
        return keys
    }
}
