import ConnectorKit

/// What a command has to say, in the order it says it, and its exit status. The executable
/// writes it out; tests read it.
public struct CommandReport: Equatable, Sendable {
    public enum Line: Equatable, Sendable {
        /// A line of standard output.
        case out(String)
        /// A line of standard error as it is, e.g. `title: Connector title is required.`
        case errorLine(String)
        /// A sentence for standard error, written as `connector-wizard: sentence.`
        case error(String)
    }

    public var lines: [Line] = []
    /// 0 done, 1 validation errors (nothing written), 3 a file could not be read or written.
    public var status: Int32 = 0

    public init(lines: [Line] = [], status: Int32 = 0) {
        self.lines = lines
        self.status = status
    }

    /// The standard output lines.
    public var output: [String] { lines.compactMap { if case .out(let s) = $0 { s } else { nil } } }
    /// The standard error lines, sentences without their prefix.
    public var errors: [String] {
        lines.compactMap {
            switch $0 {
            case .out: nil
            case .errorLine(let s), .error(let s): s
            }
        }
    }
}

/// The save of `new` and `set`: the wizard's Ctrl-S without the UI, and what it reports.
public enum SaveReport {
    /// The sentence for `--client-secret-stdin` on a connector that has no client secret, or
    /// nil when it has one.
    public static func clientSecretRefusal(_ draft: ConnectorDraft, _ doc: ConnectorDocument) -> String? {
        guard !ConnectorFolders.usesOAuth(draft, doc) else { return nil }
        return "--client-secret-stdin: the connector uses \(draft.imported?.summary ?? draft.authKind.label), which has no client secret (set auth=oauth2 for OAuth 2.0)"
    }

    /// `ConnectorWriter.save`, as the wizard's Ctrl-S. With `writeEveryFile` (a save into another
    /// folder) the files the writer left alone because nothing changed are written too, and
    /// `settings.json` is copied from `copyFrom`, so the new folder holds the whole connector.
    /// A `secret` given is kept in the user's secret store (`secrets` opens it) after the save.
    public static func save(_ draft: ConnectorDraft, into doc: ConnectorDocument, writeEveryFile: Bool = false,
                            copyFrom: String? = nil, secret: Secret? = nil, created: Bool,
                            files: FileProbe = FileSystem.Probe(),
                            secrets: () throws(SecretStore.Failure) -> SecretStore = { () throws(SecretStore.Failure) in try SecretStore.forCurrentUser() })
        -> CommandReport {
        var report = CommandReport()
        let saved: ConnectorWriter.Saved
        do {
            saved = try ConnectorWriter.save(draft, into: doc, files: files, everyFile: writeEveryFile)
        } catch {
            switch error {
            case .invalid(let errors):
                report.lines = errors.map { .errorLine("\($0.field.rawValue): \($0.message)") }
                report.lines.append(.error("nothing was written to \(doc.folder): " + "error".counted(errors.count) + " to correct"))
                report.status = 1
            case .io(let failure), .changed(let failure):
                report.lines = [.error("not saved: \(failure.path): \(failure.reason)")]
                report.status = 3
            }
            return report
        }
        var written = saved.filesWritten
        if writeEveryFile, let copyFrom {
            let settings = FileSystem.join(copyFrom, "settings.json")
            if FileSystem.isRegularFile(settings) {
                let target = FileSystem.join(saved.document.folder, "settings.json")
                do {
                    try FileSystem.writeAtomically(try FileSystem.read(settings), to: target)
                    written.append(target)
                } catch {
                    report.lines = [.error("not saved completely: \(error.path): \(error.reason)")]
                    report.status = 3
                    return report
                }
            }
        }

        // The same findings the writer checked; its errors would have stopped the save.
        let warnings = Validator.validate(draft, original: doc.original, files: files).filter { $0.severity == .warning }
        report.lines = warnings.map { .errorLine("\($0.field.rawValue): warning: \($0.message)") }

        let folder = saved.document.folder
        let names = written.map { $0.split(separator: "/").last.map(String.init) ?? $0 }
        if created {
            report.lines.append(.out("Created \(folder) (\(names.joined(separator: ", ")))."))
        } else if names.isEmpty {
            report.lines.append(.out("Saved \(folder): nothing changed, no file written."))
        } else {
            report.lines.append(.out("Saved \(folder) (\(names.joined(separator: ", ")))."))
        }
        if let url = saved.redirectURL {
            report.lines.append(.out("Redirect URL: \(url)"))
            report.lines.append(.out("Register it with the identity provider as the app's redirect (callback) URL."))
        }
        if let secret {
            do {
                let store = try secrets()
                let key = SecretStore.key(for: saved.document, draft: saved.draft)
                try store.save(secret, for: key)
                report.lines.append(.out("Client secret kept for this user in \(store.path(for: key)) (mode 0600)."))
            } catch {
                report.lines.append(.error("the connector was saved but the client secret was not kept: \(error.description)"))
                report.status = 3
            }
        }
        return report
    }
}
