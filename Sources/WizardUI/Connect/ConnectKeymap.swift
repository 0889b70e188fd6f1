/// What a key asks the connection prompt to do.
public enum ConnectAction: Equatable, Sendable {
    case next, previous
    case press, create, cancel, help
    case choiceNext, choicePrevious, openChoice, toggle
    case caretLeft, caretRight, caretHome, caretEnd, backspace, deleteForward, clear
    case popupUp, popupDown, popupPick, popupCancel
    case copyURL, printURL, closeOverlay, confirmSecret
    case refresh
    /// The created connection's test call, from anywhere on its screen.
    case test
}

/// The connection prompt's key bindings (§5: keys as in §2.5), derived from the state. The
/// reducer dispatches through them and the hint bar is made from them.
public enum ConnectKeymap {
    public typealias Entry = (keys: [Key], action: ConnectAction, hint: String?)

    public static func bindings(for s: ConnectState) -> [Entry] {
        if s.popup != nil {
            return [([.up], .popupUp, nil), ([.down], .popupDown, "Select"),
                    ([.enter, .char(" ")], .popupPick, "Choose"), ([.escape, .ctrl("q")], .popupCancel, "Close")]
        }
        switch s.overlay {
        case .authorizationURL?:
            return [([.char("C"), .char("c")], .copyURL, "Copy URL"), ([.char("P"), .char("p")], .printURL, "Print on exit"),
                    ([.escape, .enter, .char(" "), .ctrl("q")], .closeOverlay, "Close")]
        case .waiting?:
            return [([.char("C"), .char("c")], .copyURL, "Copy URL"), ([.escape, .ctrl("c"), .ctrl("q")], .closeOverlay, "Cancel sign-in")]
        case .clientSecret?:
            return textKeys + [([.enter], .confirmSecret, "Sign in"), ([.escape, .ctrl("q")], .closeOverlay, "Cancel")]
        case .help?, .failed?:
            return [([.escape, .enter, .char(" "), .function(1), .ctrl("q")], .closeOverlay, "Close")]
        case nil:
            break
        }
        var list: [Entry] = [([.tab, .down], .next, "Next"), ([.backTab, .up], .previous, "Back")]
        switch s.focus {
        case .field(let name):
            switch s.field(name)?.kind {
            case .choice?, .gateway?:
                list += [([.right, .char(" ")], .choiceNext, "Change"), ([.left], .choicePrevious, nil),
                         ([.enter], .openChoice, "List")]
            case .checkbox?:
                list.append(([.char(" "), .enter], .toggle, "Toggle"))
            case .text?, .secure?, nil:
                list += textKeys + [([.enter], .next, nil)]
            }
        case .testPath:
            list += textKeys + [([.enter], .press, "Test")]
        case .signIn, .create, .cancel, .test, .refresh, .close:
            list.append(([.enter, .char(" ")], .press, "Press"))
        }
        switch s.stage {
        case .form:
            list += [([.ctrl("s")], .create, "Create"), ([.function(1)], .help, "Help"),
                     ([.escape, .ctrl("q"), .ctrl("c")], .cancel, "Cancel")]
        case .created:
            if s.focus != .testPath { list.append(([.char("t"), .char("T")], .test, nil)) }
            if case .signedIn(_, true) = s.signIn, s.liveSignIn { list.append(([.ctrl("r")], .refresh, "Refresh token")) }
            list += [([.function(1)], .help, "Help"), ([.escape, .ctrl("q"), .ctrl("c")], .cancel, "Close")]
        }
        return list
    }

    /// Editing keys of a text box.
    static let textKeys: [Entry] = [
        ([.left], .caretLeft, nil), ([.right], .caretRight, nil), ([.home, .ctrl("a")], .caretHome, nil),
        ([.end, .ctrl("e")], .caretEnd, nil), ([.backspace], .backspace, nil), ([.delete, .ctrl("d")], .deleteForward, nil),
        ([.ctrl("u")], .clear, nil),
    ]

    public static func action(for key: Key, in s: ConnectState) -> ConnectAction? {
        bindings(for: s).first { $0.keys.contains(key) }?.action
    }

    /// The hint bar: (key, what it does).
    public static func hints(for s: ConnectState) -> [(key: String, label: String)] {
        bindings(for: s).compactMap { e in
            guard let hint = e.hint, let key = e.keys.first else { return nil }
            let name = e.keys.contains(.tab) ? "Tab" : e.keys.contains(.backTab) ? "Shift-Tab" : key.name
            return (name, hint)
        }
    }
}
