import ArgumentParser
import CommandReports
import ConnectorKit

/// `connector-wizard validate DIR… [--json]`: the wizard's rules over one folder or a whole
/// repository of connectors, in one process.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check one or many connector folders against the wizard's rules.",
        discussion: """
            Reads each folder as the wizard opens it and reports its errors and warnings: one line per finding \
            (`DIR: error: message` or `DIR: warning: message`; `DIR: ok` for none), then a summary. Values kept from \
            the files that break a rule are warnings, as in the wizard; a folder that cannot be read (broken JSON, a \
            missing file, no connector) is an error. Pass several folders, e.g. `connector-wizard validate \
            connectors/*/*`.

            Exit status: 0 no errors, 1 a folder has errors or cannot be read, 2 usage.
            """)

    @Argument(help: "The connector folders.", completion: .directory)
    var dirs: [String]

    @Flag(help: "Print a JSON object: folders (each with folder, readable, errors, warnings, findings) and a summary.")
    var json = false

    func run() throws {
        let reports = ValidationReport.checkAll(dirs)
        writeOut(ValidationReport.render(reports, json: json))
        if reports.contains(where: { $0.errors > 0 }) { throw Exit.invalid }
    }
}
