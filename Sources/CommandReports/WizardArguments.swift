/// The command lines that only open the wizard — `connector-wizard`, `connector-wizard DIR`,
/// `connector-wizard edit DIR --theme dark`, `--plain` — read without the full argument parser,
/// whose reflection over every command's options costs more than the rest of start-up together.
/// Anything else (another command, an option of tab 3, `--help`, `--`, a repeated option, a
/// value that looks like an option) is nil: the full parser reads it, with its own messages.
public struct WizardArguments: Equatable, Sendable {
    public var dir: String?
    public var theme = "default"
    public var plain = false

    public init(dir: String? = nil, theme: String = "default", plain: Bool = false) {
        self.dir = dir
        self.theme = theme
        self.plain = plain
    }

    /// The commands of the command line, as typed (`edit` is the default one).
    public static let commandNames = ["edit", "new", "set", "show", "validate", "connect", "prompt", "themes"]

    public static func quick(_ arguments: [String]) -> WizardArguments? {
        var result = WizardArguments()
        var rest = arguments[...]
        if rest.first == "edit" { rest = rest.dropFirst() }
        var sawTheme = false
        var sawPlain = false
        while let word = rest.popFirst() {
            if word == "--plain" {
                guard !sawPlain else { return nil }
                sawPlain = true
                result.plain = true
            } else if word == "--theme" || word.hasPrefix("--theme=") {
                guard !sawTheme else { return nil }
                sawTheme = true
                let value: String
                if word == "--theme" {
                    guard let next = rest.popFirst() else { return nil }
                    value = next
                } else {
                    value = String(word.dropFirst("--theme=".count))
                }
                guard !value.isEmpty, !value.hasPrefix("-") else { return nil }
                result.theme = value
            } else {
                // A folder: not an option, not a command or `help` (the parser's), given once.
                guard result.dir == nil, !word.isEmpty, !word.hasPrefix("-"), word != "help",
                      !commandNames.contains(word) else { return nil }
                result.dir = word
            }
        }
        return result
    }
}
