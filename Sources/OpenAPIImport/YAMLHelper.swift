#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import ConnectorKit
import ConnectorNet

/// Turns a YAML file into JSON by running `connector-wizard-yaml`, the small program that links
/// Yams. Yams needs Foundation, whose libraries take about 6 ms to load on every start: in a
/// process of its own it costs nothing until a YAML description is imported, and a document
/// that brings the parser down takes only that process with it.
public struct YAMLHelper: Sendable {
    public enum Failure: Error, Equatable {
        /// Not YAML: where and why, as `line L, column C: problem`.
        case notYAML(String)
        /// The helper cannot be run: why, as the end of a sentence.
        case unavailable(String)
    }

    /// The helper's path; nil when it was not found.
    public var program: String?

    public init(program: String?) {
        self.program = program
    }

    public static let name = "connector-wizard-yaml"

    /// The helper beside the running executable (the build folder, or where both were installed).
    public static var besideExecutable: YAMLHelper {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return YAMLHelper(program: nil) }
        let exe = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let candidate = FileSystem.join(FileSystem.directory(of: exe), name)
        return YAMLHelper(program: FileSystem.isRegularFile(candidate) ? candidate : nil)
    }

    /// The JSON text of the YAML document in `path`.
    public func json(_ path: String) throws(Failure) -> [UInt8] {
        guard let program else {
            throw .unavailable("needs \(Self.name) beside connector-wizard (build the whole package, or convert the file to JSON)")
        }
        var template = Array((FileSystem.join(Self.temporaryFolder, "connector-wizard-yaml.XXXXXX")).utf8CString)
        guard let folder = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }).map({ String(cString: $0) }) else {
            throw .unavailable("cannot be converted: no temporary folder (\(String(cString: strerror(errno))))")
        }
        let out = FileSystem.join(folder, "out.json")
        let err = FileSystem.join(folder, "err.txt")
        defer {
            unlink(out)
            unlink(err)
            rmdir(folder)
        }
        let pid: pid_t
        do {
            pid = try Subprocess.spawn([program, path, out], stdout: "/dev/null", stderr: err)
        } catch {
            throw .unavailable("cannot be converted: \(error)")
        }
        let status = Subprocess.wait(pid)
        let message = ((try? FileSystem.read(err, limit: 4096)).map { String(decoding: $0, as: UTF8.self) } ?? "")
            .trimmingWhitespace
        switch status {
        case 0:
            do {
                return try FileSystem.read(out)
            } catch {
                throw .unavailable("cannot be converted: \(error.reason)")
            }
        case 1:
            throw .notYAML(message.isEmpty ? "the YAML reader gave no reason" : message)
        case 128...:
            throw .notYAML("the YAML reader stopped on it (signal \(status - 128))")
        default:
            throw .unavailable("cannot be converted: \(Self.name) answered \(message.isEmpty ? "exit status \(status)" : message)")
        }
    }

    static var temporaryFolder: String {
        if let t = getenv("TMPDIR"), t.pointee != 0 { return String(cString: t) }
        return "/tmp"
    }
}
