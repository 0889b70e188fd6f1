import ConnectorKit
import Dispatch

/// `validate`'s report: the wizard's rules over one folder or a whole repository of connectors,
/// each folder read as the wizard opens it, as text lines or one JSON object.
public enum ValidationReport {
    public struct Finding {
        public var severity: Diagnostic.Severity
        /// The key of the field; nil for a finding about the files.
        public var field: FieldID?
        public var message: String
    }

    public struct Report {
        public var folder: String
        public var readable: Bool
        public var findings: [Finding]
        public var errors: Int { findings.count { $0.severity == .error } }
        public var warnings: Int { findings.count { $0.severity == .warning } }
    }

    public static func check(_ dir: String) -> Report {
        var doc: ConnectorDocument
        do {
            doc = try ConnectorDocument.open(dir)
        } catch {
            // The file named inside the folder, not the folder twice.
            var error = error
            let prefix = dir.hasSuffix("/") ? dir : dir + "/"
            if error.path.hasPrefix(prefix) { error.path.removeFirst(prefix.count) }
            return Report(folder: dir, readable: false, findings: [Finding(severity: .error, field: nil, message: ConnectorFolders.sentence(error))])
        }
        guard let original = doc.original else {
            return Report(folder: dir, readable: false, findings: [Finding(severity: .error, field: nil, message: ConnectorFolders.noConnector(dir))])
        }
        var findings = doc.warnings.map { Finding(severity: .warning, field: nil, message: $0) }
        if original.authKind == .oauth2, original.imported == nil { ConnectorFolders.loadStoredSecret(into: &doc) }
        let draft = doc.original!
        findings += Validator.validate(draft, original: draft, files: FileSystem.Probe())
            .map { Finding(severity: $0.severity, field: $0.field, message: $0.message) }
        return Report(folder: dir, readable: true, findings: findings)
    }

    /// Every folder, on every core: reading the JSON is the work, and folders are independent.
    public static func checkAll(_ dirs: [String]) -> [Report] {
        guard dirs.count > 1 else { return dirs.map(check) }
        let results = Results(count: dirs.count)
        DispatchQueue.concurrentPerform(iterations: dirs.count) { i in
            results.set(i, check(dirs[i]))
        }
        return results.all(dirs)
    }

    /// One slot per folder, each written by exactly one iteration.
    final class Results: @unchecked Sendable {
        private var slots: UnsafeMutableBufferPointer<Report?>
        init(count: Int) {
            slots = .allocate(capacity: count)
            slots.initialize(repeating: nil)
        }
        deinit {
            slots.deinitialize()
            slots.deallocate()
        }
        func set(_ i: Int, _ report: Report) { slots[i] = report }
        func all(_ dirs: [String]) -> [Report] {
            dirs.indices.map { slots[$0] ?? check(dirs[$0]) }
        }
    }

    /// The report as `validate` prints it: `DIR: ok`, `DIR: error: …`, `DIR: warning: …`, then
    /// the summary; with `json`, one object of folders and summary.
    public static func render(_ reports: [Report], json: Bool) -> String {
        let errors = reports.reduce(0) { $0 + $1.errors }
        let warnings = reports.reduce(0) { $0 + $1.warnings }
        let failing = reports.count { $0.errors > 0 }
        let warned = reports.count { $0.warnings > 0 }
        if json {
            let folders: [JSONValue] = reports.map { r in
                [
                    "folder": .string(r.folder),
                    "readable": .bool(r.readable),
                    "errors": .number(String(r.errors)),
                    "warnings": .number(String(r.warnings)),
                    "findings": .array(r.findings.map { f in
                        ["severity": .string(f.severity.rawValue), "field": f.field.map { .string($0.rawValue) } ?? .null,
                         "message": .string(f.message)]
                    }),
                ]
            }
            let summary: JSONValue = [
                "folders": .number(String(reports.count)),
                "foldersWithErrors": .number(String(failing)),
                "errors": .number(String(errors)),
                "warnings": .number(String(warnings)),
            ]
            return JSONWriter(escapingEveryControl: true).string(["folders": .array(folders), "summary": summary])
        } else {
            var out = ""
            for r in reports {
                if r.findings.isEmpty { out += "\(r.folder): ok\n" }
                for f in r.findings {
                    out += "\(r.folder): \(f.severity.rawValue): \(f.message)\n"
                }
            }
            out += "\("folder".counted(reports.count)) checked: \("error".counted(errors)) in \("folder".counted(failing)), "
                + "\("warning".counted(warnings)) in \("folder".counted(warned)).\n"
            return out
        }
    }
}
