import ArgumentParser
import CommandReports
import ConnectorKit
import PlainMode
import WizardUI

/// `connector-wizard prompt DIR [--screen general|security|test] [--svg FILE]`: the end user's
/// connection prompt (§5) or a screen of the wizard, with no interaction, as text or as an SVG
/// picture in a theme's colours (§6, §8).
struct Prompt: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prompt",
        abstract: "Draw the connection prompt or a screen of the wizard as text or as an SVG picture, without interaction.",
        discussion: """
            Opens DIR read-only and draws the dialog an end user sees when creating a connection to the connector \
            (built only from its files): as text on standard output (the fields in the order the end user meets \
            them, `*` marking required ones, then the buttons), or with --svg as an SVG picture in the theme's \
            colours drawn at --width×--height. --gateway NAME (repeatable) and the gateways file \
            ($XDG_CONFIG_HOME/connector-wizard/gateways) fill the `Choose a gateway` choice.

            With --screen general|security|test it draws that tab of the wizard instead, exactly as the wizard would \
            at that size (a missing or empty folder is a new connector there): as plain text, or with --svg as a \
            picture (for documentation and demos). `--svg -` writes the picture to standard output; a file is \
            written atomically.

            Exit status: 0 drawn, 2 usage, 3 unreadable input or unwritable FILE.
            """)

    enum Screen: String, CaseIterable, ExpressibleByArgument {
        case general, security, test

        var tab: WizardTab {
            switch self {
            case .general: .general
            case .security: .security
            case .test: .test
            }
        }
    }

    @Argument(help: "The connector folder (with --screen, a missing or empty one is a new connector).", completion: .directory)
    var dir: String

    @Option(help: ArgumentHelp("The wizard's tab to draw instead of the connection prompt.", valueName: "general|security|test"))
    var screen: Screen?

    @Option(name: .customLong("gateway"),
            help: ArgumentHelp("An installed on-premises data gateway offered by `Choose a gateway` (repeatable).",
                               valueName: "name"))
    var gateways: [String] = []

    @Option(help: ArgumentHelp("Write an SVG picture to this file (- for standard output) instead of text.",
                               valueName: "file"),
            completion: .file(extensions: ["svg"]))
    var svg: String?

    @Option(help: ArgumentHelp("A theme by name (see `connector-wizard themes`) or the path of a theme file.",
                               valueName: "name|path"))
    var theme: String = "default"

    @Option(help: "Columns of the screen.")
    var width = 80

    @Option(help: "Rows of the screen.")
    var height = 24

    func run() throws {
        guard (1...1000).contains(width), (1...1000).contains(height) else {
            printError("--width and --height must be between 1 and 1000 (got \(width)×\(height))")
            throw Exit.usage
        }
        guard let screen else {
            try drawPrompt()
            return
        }
        let look = try loadTheme()
        // The client secret kept for this user is left out: a picture must not depend on (or
        // hint at) what is stored on the machine that drew it.
        let picture = Renderer.picture(of: screen.tab, try Connectors.open(dir), width: width, height: height, theme: look)
        guard let svg else {
            writeOut(picture.buffer.text)
            return
        }
        try write(SVGRenderer.render(picture.buffer, theme: look, title: picture.title), to: svg)
    }

    /// The end user's connection prompt (§5): text, or with --svg a picture.
    func drawPrompt() throws {
        let look = try loadTheme()
        let document = try Connectors.openExisting(dir)
        let prompt = ConnectionPrompt(document: document, gateways: GatewaysFile.merged(gateways, environment: SecretStore.environment))
        guard let svg else {
            writeOut(prompt.text)
            return
        }
        let buffer = PromptRenderer.render(prompt, width: width, height: height, theme: look)
        try write(SVGRenderer.render(buffer, theme: look, title: "\(prompt.title) — connector-wizard, connection prompt"), to: svg)
    }

    /// Writes a picture to `svg` (`-`: standard output), atomically.
    func write(_ picture: String, to svg: String) throws {
        try emit(PictureFile.write(picture, to: svg))
    }

    /// The theme asked for: an unknown name is a usage error, a theme file that cannot be read
    /// or parsed is unreadable input.
    func loadTheme() throws -> Theme {
        do {
            return try ThemeCatalog.find(theme, environment: SecretStore.environment)
        } catch {
            printError(error.description)
            throw ThemeCatalog.namesAFile(theme, environment: SecretStore.environment) ? Exit.unreadable : Exit.usage
        }
    }
}
