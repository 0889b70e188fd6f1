import ArgumentParser
import CommandReports
import ConnectorKit

/// `connector-wizard show DIR [--json]`: the General and Security settings as the wizard
/// understands them — the same fields, labels and values as its form.
struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a connector's General and Security settings as the wizard understands them.",
        discussion: """
            Every field of the form for the connector's authentication type with its value (the client secret is \
            never shown, only whether one is stored for this user), the redirect URL, authentication the wizard \
            keeps read-only with the reason, what the reader had to be lenient about, and the rules' findings. \
            --json prints one object whose keys are the keys of `set DIR key=value`.

            Exit status: 0 shown, 2 usage, 3 unreadable input.
            """)

    @Argument(help: "The connector folder.", completion: .directory)
    var dir: String

    @Flag(help: "Print a JSON object (keys: folder, the key=value keys, imported, readWarnings, findings).")
    var json = false

    func run() throws {
        var doc = try Connectors.openExisting(dir, quiet: true)
        ConnectorFolders.loadStoredSecret(into: &doc)
        let view = ConnectorView(doc)
        writeOut(json ? view.json(folder: dir) : view.text(folder: dir))
    }
}
