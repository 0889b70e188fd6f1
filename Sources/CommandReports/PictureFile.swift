import ConnectorKit

/// Where `prompt --svg FILE` puts its picture: standard output for `-`, else the file, written
/// atomically (a file that cannot be written is exit 3, in one sentence).
public enum PictureFile {
    public static func write(_ picture: String, to file: String) -> CommandReport {
        if file == "-" { return CommandReport(lines: [.out(picture)]) }
        do {
            try FileSystem.writeAtomically(Array(picture.utf8), to: FileSystem.expandingTilde(file))
            return CommandReport()
        } catch {
            return CommandReport(lines: [.error("\(file) cannot be written (\(error.reason))")], status: 3)
        }
    }
}
