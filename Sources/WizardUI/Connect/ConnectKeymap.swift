/// What a key asks the connection prompt to do.
public enum ConnectAction: Equatable, Sendable {
    case next, previous
    case press, create, cancel, help
    case choiceNext, choicePrevious, openChoice, toggle
    case caretLeft, caretRight, caretHome, caretEnd, backspace, deleteForward, clear
    case popupUp, popupDown, popupPick, popupCancel
    case copyURL, printURL, closeOverlay, confirmSecret
    /// The address typed into the waiting box, given as the sign-in's answer.
    case giveAddress
    case refresh
    /// The created connection's test call, from anywhere on its screen.
    case test
}

/// The connection prompt's key bindings (§5: keys as in §2.5), derived from the state. The
/// reducer dispatches through them, and the hint bar and F1 help are made from them.
public enum ConnectKeymap {
    public typealias Binding = KeyBinding<ConnectAction>

    public static func bindings(for s: ConnectState) -> [Binding] {
        if s.popup != nil {
            return [Binding([.up], .popupUp), Binding([.down], .popupDown, "Select"),
                    Binding([.enter, .char(" ")], .popupPick, "Choose"), Binding([.escape, .ctrl("q")], .popupCancel, "Close")]
        }
        switch s.overlay {
        case .authorizationURL?:
            return [Binding([.char("C"), .char("c")], .copyURL, "Copy URL"), Binding([.char("P"), .char("p")], .printURL, "Print on exit"),
                    Binding([.escape, .enter, .char(" "), .ctrl("q")], .closeOverlay, "Close")]
        case .waiting(let w)?:
            let cancel = Binding([.escape, .ctrl("c"), .ctrl("q")], .closeOverlay, "Cancel sign-in")
            // An address is being typed: C is one of its letters, no longer Copy URL.
            if w.answer == .taken || w.address.isEmpty { return [Binding([.char("C"), .char("c")], .copyURL, "Copy URL"), cancel] }
            return [giveAddress, Binding([.backspace], .backspace), Binding([.ctrl("u")], .clear), cancel]
        case .clientSecret?:
            return textKeys + [Binding([.enter], .confirmSecret, "Sign in"), Binding([.escape, .ctrl("q")], .closeOverlay, "Cancel")]
        case .help?, .failed?:
            return [Binding([.escape, .enter, .char(" "), .function(1), .ctrl("q")], .closeOverlay, "Close")]
        case nil:
            break
        }
        var list = [next, Binding([.backTab, .up], .previous, "Back")]
        switch s.focus {
        case .field(let name):
            switch s.field(name)?.kind {
            case .choice?, .gateway?:
                list += choiceKeys
            case .checkbox?:
                list.append(Binding([.char(" "), .enter], .toggle, "Toggle"))
            case .text?, .secure?, nil:
                list += textKeys + [Binding([.enter], .next)]
            }
        case .testPath:
            list += textKeys + [Binding([.enter], .press, "Test")]
        case .signIn, .create, .cancel, .test, .refresh, .close:
            list.append(press)
        }
        switch s.stage {
        case .form:
            list += [create, help, cancel]
        case .created:
            if s.focus != .testPath { list.append(Binding([.char("t"), .char("T")], .test)) }
            if case .signedIn(_, true) = s.signIn, s.liveSignIn { list.append(Binding([.ctrl("r")], .refresh, "Refresh token")) }
            list += [help, Binding([.escape, .ctrl("q"), .ctrl("c")], .cancel, "Close")]
        }
        return list
    }

    static let next = Binding([.tab, .down], .next, "Next", help: "move between fields and buttons", helpKeys: "Tab, Shift-Tab")
    static let press = Binding([.enter, .char(" ")], .press, "Press", help: "press a button; open a list", helpKeys: "Enter")
    static let choiceKeys = [
        Binding([.right, .char(" ")], .choiceNext, "Change", help: "change a choice; tick a checkbox", helpKeys: "←, →, Space"),
        Binding([.left], .choicePrevious), Binding([.enter], .openChoice, "List"),
    ]
    static let create = Binding([.ctrl("s")], .create, "Create", help: "Create")
    /// A paste is given at once; typed, the address goes with Enter.
    static let giveAddress = Binding([.enter], .giveAddress, "Use address", help: "signing in over SSH: the address the browser ended on",
                                     helpKeys: "Paste, Enter")
    static let help = Binding([.function(1)], .help, "Help")
    static let cancel = Binding([.escape, .ctrl("q"), .ctrl("c")], .cancel, "Cancel", help: "Cancel", helpKeys: "Esc")

    /// Editing keys of a text box.
    static let textKeys = [
        Binding([.left], .caretLeft), Binding([.right], .caretRight), Binding([.home, .ctrl("a")], .caretHome),
        Binding([.end, .ctrl("e")], .caretEnd), Binding([.backspace], .backspace), Binding([.delete, .ctrl("d")], .deleteForward),
        Binding([.ctrl("u")], .clear),
    ]

    public static func action(for key: Key, in s: ConnectState) -> ConnectAction? {
        Binding.action(for: key, in: bindings(for: s))
    }

    /// The hint bar: (key, what it does).
    public static func hints(for s: ConnectState) -> [(key: String, label: String)] {
        Binding.hints(bindings(for: s))
    }

    /// F1 help's keys, from the bindings of the form; with a live sign-in, the address the waiting
    /// box takes; inside the wizard (tab 3), the wizard's tabs too.
    public static func helpLines(embedded: Bool, liveSignIn: Bool = false) -> [(key: String, label: String)] {
        Binding.helpLines([next, press] + choiceKeys + [create, cancel] + (liveSignIn ? [giveAddress] : []))
            + (embedded ? KeyBinding.helpLines([Keymap.tabs]) : [])
    }
}
