import ArgumentParser
import CommandReports
import ConnectorKit
import OpenAPIImport
import PlainMode

/// `connector-wizard new DIR [--from FILE] [key=value …]`: a connector made without the UI.
struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create a new connector in a folder, without the UI.",
        discussion: """
            DIR must be missing or empty (it never replaces a connector: use `set` for that). The new connector \
            starts with the wizard's defaults, takes the settings given, is validated like Ctrl-S in the wizard and \
            is saved there. For OAuth 2.0 it prints the redirect URL to register with the identity provider.

            --from FILE starts from the API's own description (OpenAPI 2.0, 3.0 or 3.1, JSON or YAML): its title, \
            host, security and operations; the settings given win, and what is left out is said.

            Example: connector-wizard new contoso title="Contoso Invoicing" host=api.contoso.com auth=oauth2 \
            oauth.provider=github oauth.clientId=abc123 --client-secret-stdin < secret.txt

            Exit status: 0 saved, 1 validation errors (nothing written), 2 usage, 3 unreadable input.
            """)

    @Argument(help: "The folder for the new connector (created when missing).", completion: .directory)
    var dir: String

    @Argument(help: ArgumentHelp(Assignments.help, valueName: "key=value"))
    var assignments: [String] = []

    @Option(help: ArgumentHelp("Start from this API description: OpenAPI 2.0, 3.0 or 3.1, JSON or YAML.", valueName: "file"), completion: .file())
    var from: String?

    @Flag(help: "Read the OAuth client secret from one line of standard input and keep it for this user (mode 0600, under $XDG_CONFIG_HOME/connector-wizard/secrets, never in the connector's files).")
    var clientSecretStdin = false

    func run() throws {
        let list = try Saving.parse(assignments)
        var doc = try Connectors.open(dir)
        guard doc.isNew else {
            printError("\(dir) already holds a connector; change it with `connector-wizard set \(dir) key=value …`")
            throw Exit.usage
        }
        let imported = try from.map { (path) throws in
            do { return try OpenAPIImporter.load(path, folder: dir) } catch { printError("\(error)"); throw Exit.unreadable }
        }
        var draft = imported?.draft ?? doc.original ?? ConnectorDraft()
        doc = imported?.document ?? doc
        try Saving.apply(list, to: &draft)
        let secret = try Saving.clientSecret(clientSecretStdin, draft: draft, doc: doc)
        if let secret { draft.oauth.clientSecret = secret }
        if let imported, let from { return try emit(ImportReport.save(imported, from: from, draft: draft, secret: secret)) }
        try Saving.save(draft, into: doc, writeEveryFile: false, copyFrom: nil, secret: secret, created: true)
    }
}

/// `connector-wizard set DIR [key=value …] [--out DIR2]`: the wizard's save without the UI.
struct SetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Change a connector's settings and save them, through the wizard's validation and save.",
        discussion: """
            Opens DIR, applies the settings in order, validates like Ctrl-S in the wizard and saves: only what \
            changed is written, and everything the wizard does not own (paths, policies, unknown keys, key order, \
            line endings) stays as it was. Values read from the files that break a rule are kept and warned about. \
            With no settings it re-saves (a round trip).

            Exit status: 0 saved, 1 validation errors (nothing written), 2 usage, 3 unreadable input.
            """)

    @Argument(help: "The connector folder.", completion: .directory)
    var dir: String

    @Argument(help: ArgumentHelp(Assignments.help, valueName: "key=value"))
    var assignments: [String] = []

    @Option(name: .customLong("out"),
            help: ArgumentHelp("Save into this folder instead (created when missing; both files are written there, and icon.png and settings.json copied).",
                               valueName: "dir2"),
            completion: .directory)
    var out: String?

    @Flag(help: "Read the OAuth client secret from one line of standard input and keep it for this user (mode 0600, under $XDG_CONFIG_HOME/connector-wizard/secrets, never in the connector's files).")
    var clientSecretStdin = false

    func run() throws {
        let list = try Saving.parse(assignments)
        var doc = try Connectors.openExisting(dir)
        ConnectorFolders.loadStoredSecret(into: &doc)
        var draft = doc.original!
        try Saving.apply(list, to: &draft)
        let secret = try Saving.clientSecret(clientSecretStdin, draft: draft, doc: doc)
        if let secret, draft.imported == nil { draft.oauth.clientSecret = secret }
        var copyFrom: String?
        if let out {
            if FileSystem.exists(out) && !FileSystem.isDirectory(out) {
                printError("--out \(out) is a file, not a folder")
                throw Exit.usage
            }
            copyFrom = doc.folder
            doc.folder = out
        }
        try Saving.save(draft, into: doc, writeEveryFile: out != nil, copyFrom: copyFrom, secret: secret, created: false)
    }
}

/// What `new` and `set` share: parsing and applying the settings, the secret, the save.
enum Saving {
    static func parse(_ arguments: [String]) throws -> [Assignment] {
        do {
            return try Assignments.parse(arguments)
        } catch {
            printError(error.message)
            throw Exit.usage
        }
    }

    static func apply(_ list: [Assignment], to draft: inout ConnectorDraft) throws {
        do {
            try Assignments.apply(list, to: &draft)
        } catch {
            printError(error.message)
            throw Exit.usage
        }
    }

    /// Reads the secret when asked, after checking that the connector has a client secret at all.
    static func clientSecret(_ asked: Bool, draft: ConnectorDraft, doc: ConnectorDocument) throws -> Secret? {
        guard asked else { return nil }
        if let refusal = SaveReport.clientSecretRefusal(draft, doc) {
            printError(refusal)
            throw Exit.usage
        }
        do throws(SecretInput.Failure) {
            return try SecretInput.readLine()
        } catch {
            printError(error.sentence)
            throw ExitCode(error.status)
        }
    }

    static func save(_ draft: ConnectorDraft, into doc: ConnectorDocument, writeEveryFile: Bool, copyFrom: String?,
                     secret: Secret?, created: Bool) throws {
        try emit(SaveReport.save(draft, into: doc, writeEveryFile: writeEveryFile, copyFrom: copyFrom,
                                 secret: secret, created: created))
    }
}
