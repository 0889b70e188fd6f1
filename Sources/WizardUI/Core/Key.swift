/// A key press (or pasted text, or a resize) as the UI sees it; the backend turns the
/// terminal's input into these.
public enum Key: Hashable, Sendable {
    case char(Character)
    /// Ctrl plus a letter, lower-case: `.ctrl("s")`.
    case ctrl(Character)
    /// Alt (or Esc then the key): `.alt("1")`.
    case alt(Character)
    case function(Int)
    case enter, tab, backTab, escape, backspace, delete
    case up, down, left, right, home, end, pageUp, pageDown
    /// Text that arrived as one paste (bracketed paste).
    case paste(String)
    /// The terminal changed size.
    case resize(width: Int, height: Int)

    /// How the key-hint bar and help name it.
    public var name: String {
        switch self {
        case .char(" "): "Space"
        case .char(let c): String(c)
        case .ctrl(let c): "^" + c.uppercased()
        case .alt(let c): "Alt-" + String(c)
        case .function(let n): "F\(n)"
        case .enter: "Enter"
        case .tab: "Tab"
        case .backTab: "Shift-Tab"
        case .escape: "Esc"
        case .backspace: "Backspace"
        case .delete: "Del"
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .home: "Home"
        case .end: "End"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .paste: "paste"
        case .resize: "resize"
        }
    }
}
