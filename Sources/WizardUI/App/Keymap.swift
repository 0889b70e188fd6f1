import ConnectorKit
import Synchronization

/// What a key asks the wizard to do.
public enum Action: Equatable, Sendable {
    case nextField, previousField, goToTab(WizardTab)
    case save, help, quit
    case choiceNext, choicePrevious, openChoice, toggle
    case insert(String), paste(String), newline
    case backspace, deleteForward, caretLeft, caretRight, caretHome, caretEnd, clearField
    case resize(width: Int, height: Int)
    case dialogNext, dialogPrevious, dialogConfirm, dialogCancel, dialogChoose(Int)
    case scrollUp, scrollDown
    case addAuthType, removeAuthType, moveAuthType(Int)
    case popupUp, popupDown, popupPick, popupCancel
    case openImport, importConfirm
}

/// A binding of the wizard's keys.
public typealias Binding = KeyBinding<Action>

/// The active key bindings, derived from the state. The reducer dispatches keys through this
/// table and the key-hint bar and F1 help are generated from it, so they cannot disagree.
public enum Keymap {
    public static func bindings(for s: WizardState) -> [Binding] {
        if s.popup != nil {
            return [
                Binding(each: [(.up, .popupUp), (.down, .popupDown)], "Select"),
                Binding([.enter, .char(" ")], .popupPick, "Choose"),
                Binding([.escape, .ctrl("q")], .popupCancel, "Close"),
            ]
        }
        if let dialog = s.dialog {
            switch dialog {
            case .confirmQuit:
                return [
                    Binding([.char("S"), .char("s")], .dialogChoose(0), "Save"),
                    Binding([.char("D"), .char("d")], .dialogChoose(1), "Discard"),
                    Binding([.escape, .char("C"), .char("c")], .dialogCancel, "Cancel"),
                    Binding([.right, .tab], .dialogNext), Binding([.left, .backTab], .dialogPrevious),
                    Binding([.enter], .dialogConfirm, "Confirm"),
                    Binding([.ctrl("c"), .ctrl("q")], .dialogCancel),
                ]
            case .changedOnDisk:
                return [
                    Binding([.char("R"), .char("r")], .dialogChoose(0), "Reload"),
                    Binding([.char("O"), .char("o")], .dialogChoose(1), "Overwrite"),
                    Binding([.escape, .char("C"), .char("c")], .dialogCancel, "Cancel"),
                    Binding([.right, .tab], .dialogNext), Binding([.left, .backTab], .dialogPrevious),
                    Binding([.enter], .dialogConfirm, "Confirm"),
                ]
            case .gatewayConflict:
                return [
                    Binding([.char("C"), .char("c")], .dialogChoose(0), "Choose another type"),
                    Binding([.char("U"), .char("u"), .escape], .dialogChoose(1), "Undo"),
                    Binding([.right, .tab], .dialogNext), Binding([.left, .backTab], .dialogPrevious),
                    Binding([.enter], .dialogConfirm, "Confirm"),
                ]
            case .help:
                return [
                    Binding(each: [(.up, .scrollUp), (.down, .scrollDown)], "Scroll"),
                    Binding([.pageUp], .scrollUp), Binding([.pageDown], .scrollDown),
                    Binding([.escape, .function(1), .enter, .ctrl("q")], .dialogCancel, "Close"),
                ]
            case .saved(_, _, let url, _):
                return (url == nil ? [] : [Binding([.char("C"), .char("c")], .dialogChoose(0), "Copy redirect URL")]) + [
                    Binding([.enter, .escape, .char(" ")], .dialogCancel, "Close"),
                    Binding([.ctrl("q"), .ctrl("c")], .quit, "Quit"),
                ]
            case .confirmRemoveType:
                return [
                    Binding([.char("R"), .char("r")], .dialogChoose(0), "Remove"),
                    Binding([.escape, .char("C"), .char("c"), .ctrl("q")], .dialogCancel, "Cancel"),
                    Binding([.right, .tab], .dialogNext), Binding([.left, .backTab], .dialogPrevious),
                    Binding([.enter], .dialogConfirm, "Confirm"),
                ]
            case .saveFailed:
                return [
                    Binding([.enter, .escape, .char(" ")], .dialogCancel, "Close"),
                    Binding([.ctrl("q"), .ctrl("c")], .quit, "Quit"),
                ]
            case .importFile(let box):
                return ImportBox.bindings(box)
            }
        }
        return formEntry(s).bindings
    }

    /// The form's bindings (no popup or dialog open), with their hints.
    struct FormEntry {
        let bindings: [Binding]
        let hints: [(key: String, label: String)]
        /// Each hint's key and label in turn: what the hint bar is drawn from.
        let hintWords: [String]
    }

    static func formEntry(_ s: WizardState) -> FormEntry {
        let focused = s.focused
        let facts = FormFacts(
            kind: focused.flatMap { s.spec(of: $0)?.kind }, isNew: s.document.isNew,
            // Nothing to focus, and more than fits: the form scrolls (an imported provider's settings).
            scrolls: focused == nil && s.tab != .test
                && FormLayout.of(s, tab: s.tab, width: s.width).rows.count > s.formViewportHeight,
            offersImport: s.document.isNew && s.tab == .general,
            canAdd: s.addTypeUnavailableReason == nil, canRemove: s.removeTypeUnavailableReason == nil,
            onTypeChoice: s.tab == .security && focused == .authSet)
        return formLists.withLock { lists in
            if let entry = lists[facts.number] { return entry }
            let list = formList(facts)
            let hints = Binding.hints(list)
            let entry = FormEntry(bindings: list, hints: hints, hintWords: hints.flatMap { [$0.key, $0.label] })
            lists[facts.number] = entry
            return entry
        }
    }

    /// What the form's bindings depend on. A frame asks for them twice (the key, the hint bar),
    /// and there are few combinations: each list, and its hints, is made once.
    private struct FormFacts {
        var kind: FieldKind?
        var isNew, scrolls, offersImport, canAdd, canRemove, onTypeChoice: Bool

        var number: Int {
            let kindNumber = switch kind {
            case .choice?: 1
            case .checkbox?: 2
            case .multiline?: 3
            case .text?, .secret?, .color?, .file?: 4
            case .readOnly?, nil: 0
            }
            return kindNumber | (isNew ? 8 : 0) | (scrolls ? 16 : 0) | (offersImport ? 32 : 0) | (canAdd ? 64 : 0)
                | (canRemove ? 128 : 0) | (onTypeChoice ? 256 : 0)
        }
    }

    /// By `FormFacts.number`. (An array: a dictionary's metadata would have the runtime check
    /// that its key is Hashable, which scans every conformance in the program.)
    private static let formLists = Mutex<[FormEntry?]>(Array(repeating: nil, count: 512))

    private static func formList(_ facts: FormFacts) -> [Binding] {
        var list = formBindings(kind: facts.kind, isNew: facts.isNew)
        if facts.scrolls {
            list.insert(contentsOf: [Binding([.pageDown], .scrollDown, "Scroll", help: "scroll a form without fields"),
                                     Binding([.pageUp], .scrollUp)], at: 2)
        }
        if facts.offersImport { list.insert(ImportBox.binding, at: list.firstIndex { $0.actions == [.save] } ?? 0) }
        // Bindings come before typing, so on the type choice < and > move the type instead of
        // jumping to an option; in the hint bar they stand before Save. F8 and F9 work on every
        // tab, saying why where they can do nothing; the bar names them only where they act.
        let at = list.firstIndex { $0.actions == [.save] } ?? list.count
        list.insert(contentsOf: typeBindings(canAdd: facts.canAdd, canRemove: facts.canRemove,
                                             onTypeChoice: facts.onTypeChoice), at: at)
        return list
    }

    /// The keys for several authentication types (§2.4), on the Security tab: hinted where they
    /// act, bound everywhere.
    static func typeBindings(canAdd: Bool, canRemove: Bool, onTypeChoice: Bool) -> [Binding] {
        var list = [Binding([.function(8)], .addAuthType, canAdd ? "Add type" : nil, help: "add an authentication type (Security tab)"),
                    Binding([.function(9)], .removeAuthType, canRemove ? "Remove type" : nil,
                            help: "remove the type being edited (asks first)")]
        if onTypeChoice {
            list.append(Binding(each: [(.char("<"), .moveAuthType(-1)), (.char(">"), .moveAuthType(1))], "Move",
                                help: "move the type earlier or later"))
        }
        return list
    }

    /// The form's bindings when a field of `kind` has focus.
    public static func formBindings(kind: FieldKind?, isNew: Bool) -> [Binding] {
        var list: [Binding] = [
            Binding([.tab, .down], .nextField, "Next", help: "next field (past the last one, the next tab)"),
            Binding([.backTab, .up], .previousField, "Back", help: "previous field"),
        ]
        switch kind {
        case .choice?:
            list += [
                Binding(each: [(.left, .choicePrevious), (.right, .choiceNext)], "Change", help: "change the choice"),
                Binding([.enter], .openChoice, "List", help: "open the list of choices"),
                Binding([.char(" ")], .choiceNext, help: "next choice"),
            ]
        case .checkbox?:
            list.append(Binding([.char(" "), .enter], .toggle, "Toggle", help: "tick or clear the checkbox"))
        case .multiline?, .text?, .secret?, .color?, .file?:
            list += [
                Binding(each: [(.left, .caretLeft), (.right, .caretRight)], help: "move in the text"),
                Binding([.home, .ctrl("a")], .caretHome, help: "start of the text"),
                Binding([.end, .ctrl("e")], .caretEnd, help: "end of the text"),
                Binding([.backspace], .backspace, help: "erase before the caret"),
                Binding([.delete, .ctrl("d")], .deleteForward, help: "erase after the caret"),
                Binding([.ctrl("u")], .clearField, help: "clear the field"),
            ]
            if case .multiline? = kind {
                list.append(Binding([.enter], .newline, help: "a new line (in Description)"))
            } else {
                list.append(Binding([.enter], .nextField))
            }
        case .readOnly?, nil:
            break
        }
        list += [
            Binding([.ctrl("s")], .save, isNew ? "Create" : "Update",
                    help: "save (\(isNew ? "Create connector" : "Update connector"))"),
            tabs,
            Binding([.function(1)], .help, "Help", help: "help for the field and all keys"),
            Binding([.ctrl("q"), .ctrl("c"), .escape], .quit, "Quit", help: "quit (asks about unsaved changes)"),
        ]
        return list
    }

    /// The tabs: Alt-1/2/3 or F5/F6/F7, on every tab (tab 3's prompt leaves them to the wizard).
    public static let tabs = Binding(
        each: [(.alt("1"), .goToTab(.general)), (.alt("2"), .goToTab(.security)), (.alt("3"), .goToTab(.test)),
               (.function(5), .goToTab(.general)), (.function(6), .goToTab(.security)), (.function(7), .goToTab(.test))],
        "Tabs", keyLabel: "Alt-1/2/3", help: "tabs 1. General, 2. Security, 3. Test (F5, F6, F7 too)", helpKeys: "Alt-1/2/3")

    /// The action a key triggers in this state, if any binding takes it.
    public static func action(for key: Key, in s: WizardState) -> Action? {
        Binding.action(for: key, in: bindings(for: s))
    }

    /// The hint bar's entries: (keys, what they do), in binding order.
    public static func hints(for s: WizardState) -> [(key: String, label: String)] {
        Binding.hints(bindings(for: s))
    }

    /// Every key of the form, for F1 help, generated from the same bindings that do the work:
    /// the bindings of each kind of field, each key named once.
    public static func helpLines(isNew: Bool) -> [(key: String, label: String)] {
        Binding.helpLines([FieldKind?.some(.text), .multiline(lines: 3), .choice([]), .checkbox].flatMap { formBindings(kind: $0, isNew: isNew) }
            + typeBindings(canAdd: true, canRemove: true, onTypeChoice: true) + (isNew ? [ImportBox.binding] : []))
    }
}
