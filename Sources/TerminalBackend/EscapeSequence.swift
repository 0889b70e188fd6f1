import WizardUI

/// Keys from escape sequences that ncurses' terminfo did not decode, e.g. when `TERM` names a
/// slightly different terminal. Only unmodified keys: ncurses reports modified ones (Ctrl-Up…)
/// as codes the wizard ignores, and these should behave the same.
enum EscapeSequence {
    /// `ESC [ parameters final`.
    static func csi(parameters: String, final: Unicode.Scalar) -> Key? {
        if parameters.contains(";") { return nil }
        switch final {
        case "A": return parameters.isEmpty ? .up : nil
        case "B": return parameters.isEmpty ? .down : nil
        case "C": return parameters.isEmpty ? .right : nil
        case "D": return parameters.isEmpty ? .left : nil
        case "H": return parameters.isEmpty ? .home : nil
        case "F": return parameters.isEmpty ? .end : nil
        case "Z": return parameters.isEmpty ? .backTab : nil
        case "~":
            switch Int(parameters) {
            case 1, 7: return .home
            case 4, 8: return .end
            case 3: return .delete
            case 5: return .pageUp
            case 6: return .pageDown
            case let n? where (11...15).contains(n): return .function(n - 10)
            case let n? where (17...21).contains(n): return .function(n - 11)
            case let n? where (23...24).contains(n): return .function(n - 12)
            default: return nil
            }
        default: return nil
        }
    }

    /// `ESC O final` (keypad-transmit mode).
    static func ss3(final: Unicode.Scalar) -> Key? {
        switch final {
        case "A": .up
        case "B": .down
        case "C": .right
        case "D": .left
        case "H": .home
        case "F": .end
        case "M": .enter
        case "P": .function(1)
        case "Q": .function(2)
        case "R": .function(3)
        case "S": .function(4)
        default: nil
        }
    }

    /// Pasted text with line ends made `\n` (terminals send `\r` for Enter and paste) and
    /// control characters other than tab and newline dropped.
    static func normalizePaste(_ scalars: [Unicode.Scalar]) -> String {
        var out = String.UnicodeScalarView()
        var afterCR = false
        for s in scalars {
            defer { afterCR = s == "\r" }
            switch s {
            case "\r": out.append("\n")
            case "\n": if !afterCR { out.append("\n") }
            case "\t": out.append(s)
            case _ where s.value < 0x20 || (0x7F..<0xA0).contains(s.value): continue
            default: out.append(s)
            }
        }
        return String(out)
    }
}
