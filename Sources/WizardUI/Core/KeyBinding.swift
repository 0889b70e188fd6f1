/// A key binding of the wizard or the connection prompt: its keys, what each does, the label
/// the hint bar shows and the line F1 help shows. Each program dispatches keys through its list
/// of these, and makes its hint bar and help from the same list, so they cannot disagree.
///
/// `Action` carries no protocol requirement the runtime would have to check: making the
/// metadata of a generic type whose parameter must conform to a protocol scans every
/// conformance in the program, once per type, on the way to the first frame.
public struct KeyBinding<Action: Sendable>: Sendable {
    public var keys: [Key]
    /// One action for every key, or one per key (↑ and ↓, Alt-1/2/3).
    public private(set) var actions: [Action]
    /// The hint bar's label; nil for keys that work but are not advertised there.
    public var hint: String?
    /// F1 help's description; nil for keys help does not list.
    public var help: String?
    /// How help names the keys, when not by listing them.
    public var helpKeys: String?
    private var label: String?

    /// `keys`, all doing `action`.
    public init(_ keys: [Key], _ action: Action, _ hint: String? = nil, help: String? = nil, helpKeys: String? = nil) {
        self.keys = keys
        self.actions = [action]
        self.hint = hint
        self.help = help
        self.helpKeys = helpKeys
    }

    /// Keys with an action each, shown as one hint (`↑↓ Select`) and one help line.
    public init(each pairs: [(Key, Action)], _ hint: String? = nil, keyLabel: String? = nil, help: String? = nil,
                helpKeys: String? = nil) {
        self.keys = pairs.map(\.0)
        self.actions = pairs.map(\.1)
        self.hint = hint
        self.help = help
        self.helpKeys = helpKeys
        self.label = keyLabel
    }

    /// What `key` does under this binding, if it is one of its keys.
    public func action(for key: Key) -> Action? {
        guard let i = keys.firstIndex(of: key) else { return nil }
        return actions.count == keys.count ? actions[i] : actions[0]
    }

    /// The keys as the hint bar shows them, e.g. `Tab`, `←→`, `^S`.
    public var keyLabel: String {
        if let label { return label }
        if keys.count == 2, keys.contains(.left), keys.contains(.right) { return "←→" }
        if keys.count == 2, keys.contains(.up), keys.contains(.down) { return "↑↓" }
        if keys == [.char("<"), .char(">")] { return "<>" }
        return keys.first?.name ?? ""
    }

    /// The first action a binding of `list` gives `key`.
    public static func action(for key: Key, in list: [KeyBinding]) -> Action? {
        for b in list {
            if let a = b.action(for: key) { return a }
        }
        return nil
    }

    /// The hint bar's entries: (keys, label), in the list's order.
    public static func hints(_ list: [KeyBinding]) -> [(key: String, label: String)] {
        list.compactMap { b in b.hint.map { (b.keyLabel, $0) } }
    }

    /// F1 help's lines: (keys, description), each once, in the list's order.
    public static func helpLines(_ list: [KeyBinding]) -> [(key: String, label: String)] {
        var seen: Set<String> = []
        var out: [(key: String, label: String)] = []
        for b in list {
            guard let help = b.help else { continue }
            let keys = b.helpKeys ?? b.keys.map(\.name).joined(separator: ", ")
            if seen.insert(keys + "\u{0}" + help).inserted { out.append((keys, help)) }
        }
        return out
    }
}
