import ArgumentParser
import CommandReports
import ConnectorKit
import PlainMode

#if canImport(Glibc)
import Glibc
#endif

/// The exit statuses of §8.
enum Exit {
    /// Validation errors: nothing was written.
    static let invalid = ExitCode(1)
    /// The command line asked for something that cannot be done.
    static let usage = ExitCode(2)
    /// A file could not be read (or written).
    static let unreadable = ExitCode(3)
}

/// Prints lines to standard error as they are (no prefix), e.g. `title: Connector title is required.`
func printErrorLines(_ lines: [String]) {
    guard !lines.isEmpty else { return }
    PlainOutput.write(lines.joined(separator: "\n") + "\n", to: STDERR_FILENO)
}

/// Writes a command's report: its lines in order, each to its stream; a non-zero status is the
/// exit status.
func emit(_ report: CommandReport) throws {
    report.write()
    if report.status != 0 { throw ExitCode(report.status) }
}

/// Writes text to standard output in one go, ending its line (the report of `validate` over a
/// whole repository is one write, not one per line).
func writeOut(_ text: String) {
    PlainOutput.write(text.hasSuffix("\n") ? text : text + "\n", to: STDOUT_FILENO)
}

/// Opening a connector for the commands: an unreadable one is exit 3 with the reader's sentence
/// (naming the file, line and column).
enum Connectors {
    /// What the reader had to be lenient about goes to standard error, as `validate` says it
    /// (`show` reports it in its own output: `quiet`).
    static func open(_ dir: String, quiet: Bool = false) throws -> ConnectorDocument {
        do {
            let doc = try ConnectorDocument.open(dir)
            if !quiet { printErrorLines(doc.warnings.map { "\(dir): warning: \($0)" }) }
            return doc
        } catch {
            printError(ConnectorFolders.sentence(error))
            throw Exit.unreadable
        }
    }

    /// An existing connector: a missing or empty folder is exit 3 too.
    static func openExisting(_ dir: String, quiet: Bool = false) throws -> ConnectorDocument {
        let doc = try open(dir, quiet: quiet)
        if doc.isNew {
            printError(ConnectorFolders.noConnector(dir) + "; create one with `connector-wizard new \(dir)`")
            throw Exit.unreadable
        }
        return doc
    }
}
