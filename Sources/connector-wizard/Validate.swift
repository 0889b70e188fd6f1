import ArgumentParser
import ConnectorKit
import PlainMode
import Dispatch

/// `connector-wizard validate DIR… [--json]`: the wizard's rules over one folder or a whole
/// repository of connectors, in one process.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check one or many connector folders against the wizard's rules.",
        discussion: """
            Reads each folder as the wizard opens it and reports its errors and warnings: one line per \
            finding (`DIR: error: message` or `DIR: warning: message`; `DIR: ok` for none), then a summary. Values kept from \
            the files that break a rule are warnings, as in the wizard; a folder that cannot be read \
            (broken JSON, a missing file, no connector) is an error. Pass several folders, e.g. \
            `connector-wizard validate connectors/*/*`.

            Exit status: 0 no errors, 1 a folder has errors or cannot be read, 2 usage.
            """)

    @Argument(help: "The connector folders.", completion: .directory)
    var dirs: [String]

    @Flag(help: "Print a JSON object: folders (each with folder, readable, errors, warnings, findings) and a summary.")
    var json = false

    struct Finding {
        var severity: Diagnostic.Severity
        /// The key of the field; nil for a finding about the files.
        var field: FieldID?
        var message: String
    }

    struct Report {
        var folder: String
        var readable: Bool
        var findings: [Finding]
        var errors: Int { findings.count { $0.severity == .error } }
        var warnings: Int { findings.count { $0.severity == .warning } }
    }

    static func check(_ dir: String) -> Report {
        var doc: ConnectorDocument
        do {
            doc = try ConnectorDocument.open(dir)
        } catch {
            // The file named inside the folder, not the folder twice.
            var error = error
            let prefix = dir.hasSuffix("/") ? dir : dir + "/"
            if error.path.hasPrefix(prefix) { error.path.removeFirst(prefix.count) }
            return Report(folder: dir, readable: false, findings: [Finding(severity: .error, field: nil, message: Connectors.sentence(error))])
        }
        guard let original = doc.original else {
            return Report(folder: dir, readable: false, findings: [Finding(severity: .error, field: nil, message: Connectors.noConnector(dir))])
        }
        var findings = doc.warnings.map { Finding(severity: .warning, field: nil, message: $0) }
        if original.authKind == .oauth2, original.imported == nil { Connectors.loadStoredSecret(into: &doc) }
        let draft = doc.original!
        findings += Validator.validate(draft, original: draft, files: FileSystem.Probe())
            .map { Finding(severity: $0.severity, field: $0.field, message: $0.message) }
        return Report(folder: dir, readable: true, findings: findings)
    }

    /// Every folder, on every core: reading the JSON is the work, and folders are independent.
    static func checkAll(_ dirs: [String]) -> [Report] {
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

    func run() throws {
        let reports = Self.checkAll(dirs)
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
            writeOut(JSONWriter().string(["folders": .array(folders), "summary": summary]))
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
            writeOut(out)
        }
        if failing > 0 { throw Exit.invalid }
    }
}
