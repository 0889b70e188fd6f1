import ConnectorKit

/// What `new --from` says about the description it read, before the save's own report: what was
/// imported (standard output) and each note (standard error, as the save's warnings are).
public enum ImportReport {
    public static func lines(_ imported: ImportedDescription, from path: String) -> [CommandReport.Line] {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return [.out("Imported \(name): \(imported.summary).")] + imported.notes.map { .errorLine("\(name): \($0)") }
    }

    /// The save of `new --from`: the import's lines, then the save's (its status is the save's).
    public static func save(_ imported: ImportedDescription, from path: String, draft: ConnectorDraft, secret: Secret?,
                            files: FileProbe = FileSystem.Probe()) -> CommandReport {
        var report = SaveReport.save(draft, into: imported.document, secret: secret, created: true, files: files)
        report.lines.insert(contentsOf: lines(imported, from: path), at: 0)
        return report
    }
}
