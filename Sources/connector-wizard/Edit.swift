import ArgumentParser
import ConnectorKit
import TerminalBackend
import WizardUI

#if canImport(Glibc)
import Glibc
#endif

/// `connector-wizard [edit] [DIR]`: the interactive wizard (§2).
struct Edit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the wizard on a connector folder (the default command).")

    @Argument(help: "The connector folder. Missing or empty: a new connector saved there.",
              completion: .directory)
    var dir: String?

    @Option(help: ArgumentHelp("A theme by name (see `connector-wizard themes`) or the path of a theme file.",
                               valueName: "name|path"))
    var theme: String = "default"

    @Flag(help: "Line prompts instead of the full-screen form, for screen readers, dumb terminals and scripts (also when ACCESSIBLE is set, TERM=dumb, or standard input or output is not a terminal).")
    var plain = false

    func run() throws {
        var document: ConnectorDocument
        do {
            document = try ConnectorDocument.open(dir ?? "")
        } catch {
            printError(error.description)
            throw ExitCode(3)
        }
        // A client secret stored with `set --client-secret-stdin` counts as given.
        Connectors.loadStoredSecret(into: &document)
        // Plain mode (§7): --plain, ACCESSIBLE, TERM=dumb, or no terminal.
        if PlainWizard.isWanted(flag: plain) { return try runPlain(document) }
        let noColor = !(SecretStore.environment("NO_COLOR") ?? "").isEmpty
        var (look, themeFailure) = ThemeCatalog.load(theme, environment: SecretStore.environment)
        if let themeFailure { printError("\(themeFailure); using the default theme") }
        let terminal: Terminal
        do {
            terminal = try Terminal(colorMode: noColor ? .none : .auto)
        } catch {
            // A terminal ncurses does not know (or no TERM at all): the same wizard as line prompts.
            if case .unknownTerminal? = error as? TerminalError {
                var reason = "\(error)"
                if reason.hasSuffix(".") { reason.removeLast() }
                printError("\(reason); using plain mode")
                return try runPlain(document)
            }
            printError("Cannot start the terminal: \(error).")
            throw ExitCode(2)
        }
        // NO_COLOR, or a terminal without colours: attributes alone mark focus and errors.
        if noColor || terminal.colorDepth == .none { look = look.withoutColor }
        let size = terminal.size
        var state = WizardState(document: document, folderFromTitle: dir == nil, width: size.width, height: size.height)
        if let themeFailure { state.flash = .init(kind: .error, text: "\(themeFailure); using the default theme.") }
        let status = EventLoop.run(&state, terminal: terminal, theme: look)
        terminal.restore()
        // Left in the scrollback on purpose: where the files went and the URL to register.
        if let saved = state.lastSave {
            print("Saved \(saved.folder)" + (saved.redirectURL.map { " — redirect URL: \($0)" } ?? ""))
        }
        if status != 0 { throw ExitCode(status) }
    }
}

extension Edit {
    /// The wizard as line prompts; the exit status is the dialogue's.
    func runPlain(_ document: ConnectorDocument) throws {
        var wizard = PlainWizard(document: document, folderFromTitle: dir == nil)
        let status = wizard.run()
        if status != 0 { throw ExitCode(status) }
    }
}

/// Prints one sentence to standard error.
func printError(_ message: String) {
    var text = "connector-wizard: " + message
    if !text.hasSuffix(".") { text += "." }
    text += "\n"
    _ = text.withCString { write(2, $0, strlen($0)) }
}
