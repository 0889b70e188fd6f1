import ArgumentParser
import ConnectionSession
import CommandReports
import ConnectorKit
import OpenAPIImport
import PlainMode
import ScreenPrograms
import TerminalBackend
import WizardUI

/// `connector-wizard [edit] [DIR]`: the interactive wizard (§2).
struct Edit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Open the wizard on a connector folder (the default command).")

    @Argument(help: "The connector folder. Missing or empty: a new connector saved there.",
              completion: .directory)
    var dir: String?

    @Option(help: ArgumentHelp("A theme by name (see `connector-wizard themes`) or the path of a theme file.",
                               valueName: "name|path"))
    var theme: String = "default"

    /// Tab 3 (Test): how it signs in and the gateways it offers.
    @OptionGroup(title: "Tab 3 (Test)") var signIn: SignInOptions

    @Flag(help: "Line prompts instead of the full-screen form, for screen readers, dumb terminals and scripts (also when ACCESSIBLE is set, TERM=dumb, or standard input or output is not a terminal).")
    var plain = false

    func run() throws {
        try openWizard(WizardArguments(dir: dir, theme: theme, plain: plain), signIn: signIn.settings)
    }
}

/// The wizard on `arguments.dir` (§2), full screen or as line prompts: what `edit` runs, reached
/// without the argument parser for the plain command lines (`WizardArguments.quick`).
func openWizard(_ arguments: WizardArguments, signIn: SignInSettings) throws {
    let dir = arguments.dir
    // `connector-wizard conect`: a mistyped command, not a new connector in ./conect/.
    if let dir, !FileSystem.exists(dir), let command = CommandSuggestion.closest(to: dir, among: WizardArguments.commandNames) {
        printErrorLines(["connector-wizard: \(dir) is neither a command nor a folder. Did you mean \(command)?"])
        throw Exit.usage
    }
    let folder = dir ?? ""
    // Plain mode (§7): --plain, ACCESSIBLE, TERM=dumb, or no terminal.
    if PlainWizard.isWanted(flag: arguments.plain) { return try runPlainWizard(try fullReading(folder), dir: dir) }
    // The first frame is made from a first look at the connector (its swagger's `paths` and
    // `definitions` skipped by their brackets, not checked), and the connector is read in full
    // right after it is drawn, before the first key is taken; a full reading that fails closes
    // the screen with its error, as an open that fails does.
    var document: ConnectorDocument
    var readInFull = true
    if let firstLook = try? ConnectorDocument.open(folder, firstLook: true) {
        document = firstLook
        ConnectorFolders.loadStoredSecret(into: &document)
        // A new connector (no files) is read whole at a first look.
        readInFull = firstLook.isNew
    } else {
        document = try fullReading(folder)
    }
    guard let screen = try startFullScreen(theme: arguments.theme) else {
        return try runPlainWizard(readInFull ? document : try fullReading(folder), dir: dir)
    }
    let (terminal, look, themeFailure) = (screen.terminal, screen.theme, screen.themeFailure)
    let size = terminal.size
    var state = WizardState(document: document, folderFromTitle: dir == nil, width: size.width, height: size.height)
    if let themeFailure { state.flash = .init(kind: .error, text: "\(themeFailure); using the default theme.") }
    state.liveSignIn = signIn.live
    state.testGateways = GatewaysFile.merged(signIn.gateways, environment: SecretStore.environment)
    let session = ConnectSession(options: signIn.session, clientSecret: nil)
    let host = ConnectHost(session: session, saver: nil, copy: { terminal.copyToClipboard($0) })
    var program = WizardProgram(state: state, theme: look, host: host, importer: OpenAPIImporter.result)
    terminal.draw(program.render())
    if !readInFull {
        do {
            program.state.takeFullReading(try openInFull(folder))
        } catch {
            session.cancel()
            terminal.restore()
            throw fullReadingFailed(error)
        }
        terminal.draw(program.render())
    }
    let status = ProgramLoop.run(&program, on: terminal, firstFrameDrawn: true)
    session.cancel()
    terminal.restore()
    state = program.state
    // Left in the scrollback on purpose: the sign-in URLs asked for, where the files went and
    // the URL to register.
    for url in state.printedURLs { writeOut(url) }
    if let saved = state.lastSave {
        writeOut("Saved \(saved.folder)" + (saved.redirectURL.map { " — redirect URL: \($0)" } ?? ""))
    }
    if status != 0 { throw ExitCode(status) }
}

/// The connector in `folder` read in full, with the client secret stored for it.
private func fullReading(_ folder: String) throws -> ConnectorDocument {
    do {
        return try openInFull(folder)
    } catch {
        throw fullReadingFailed(error)
    }
}

private func openInFull(_ folder: String) throws(ConnectorReadError) -> ConnectorDocument {
    var document = try ConnectorDocument.open(folder)
    // A client secret stored with `set --client-secret-stdin` counts as given.
    ConnectorFolders.loadStoredSecret(into: &document)
    return document
}

/// A folder that cannot be read is said, and ends the program (status 3).
private func fullReadingFailed(_ error: ConnectorReadError) -> ExitCode {
    printError(error.description)
    return ExitCode(3)
}

/// The wizard as line prompts; the exit status is the dialogue's.
private func runPlainWizard(_ document: ConnectorDocument, dir: String?) throws {
    var wizard = PlainWizard(document: document, folderFromTitle: dir == nil)
    let status = wizard.run()
    if status != 0 { throw ExitCode(status) }
}

/// The full-screen terminal, or nil when ncurses does not know the terminal (then plain mode
/// goes on, as said on standard error). A theme that cannot be loaded is said too.
func startFullScreen(theme: String) throws -> FullScreen? {
    let started = FullScreen.start(theme: theme, environment: SecretStore.environment) { failure in
        if let failure { printError("\(failure); using the default theme") }
    }
    switch started {
    case .success(let screen):
        return screen
    case .failure(.unknownTerminal(let reason)):
        printError("\(reason); using plain mode")
        return nil
    case .failure(.cannotStart(let reason)):
        printError("Cannot start the terminal: \(reason).")
        throw ExitCode(2)
    }
}
