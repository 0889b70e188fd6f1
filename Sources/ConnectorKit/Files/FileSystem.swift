#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file operations the wizard needs, on POSIX directly: errors carry the system's own
/// reason (`Permission denied`, `No space left on device`) and nothing pulls in Foundation.
public enum FileSystem {
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    static func failure(_ path: String, _ err: Int32 = errno) -> Failure {
        Failure(path: path, reason: String(cString: strerror(err)))
    }

    public static func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }

    public static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    public static func isRegularFile(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
    }

    public static func size(_ path: String) -> Int? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return Int(st.st_size)
    }

    /// Names in a directory, without `.` and `..`; empty when it cannot be read.
    public static func list(_ path: String) -> [String] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    public static func read(_ path: String, limit: Int = Int.max) throws(Failure) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(path) }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR { throw Failure(path: path, reason: "is a folder, not a file") }
        var out: [UInt8] = []
        out.reserveCapacity(st.st_size > 0 ? min(Int(st.st_size), limit) : 4096)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while out.count < limit {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, min($0.count, limit - out.count)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(path)
            }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
        }
        return out
    }

    /// Creates a folder and its parents.
    public static func makeDirectories(_ path: String) throws(Failure) {
        if isDirectory(path) { return }
        var partial = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            partial += (partial.isEmpty || partial.hasSuffix("/") ? "" : "/") + part
            if isDirectory(partial) { continue }
            if mkdir(partial, 0o755) != 0 && errno != EEXIST { throw failure(partial) }
        }
    }

    /// The user's folder of a kind, with `connector-wizard/` and `sub` under it: `$<variable>`
    /// when that is an absolute path (as the XDG spec asks), else `$HOME/<fallback>`; nil when
    /// neither says. `variable` is `XDG_CONFIG_HOME` (fallback `.config`) or `XDG_STATE_HOME`
    /// (`.local/state`).
    public static func userFolder(_ variable: String, fallback: String, sub: String,
                                  environment: (String) -> String?) -> String? {
        if let xdg = environment(variable), xdg.hasPrefix("/") { return join(join(xdg, "connector-wizard"), sub) }
        guard let home = environment("HOME"), !home.isEmpty else { return nil }
        return join(join(join(home, fallback), "connector-wizard"), sub)
    }

    /// Like `makeDirectories`, with mode 0700 for every folder it creates: for what only the
    /// user may read (client secrets, saved connections).
    public static func makePrivateDirectories(_ path: String) throws(Failure) {
        if isDirectory(path) { return }
        var partial = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            partial += (partial.isEmpty || partial.hasSuffix("/") ? "" : "/") + part
            if isDirectory(partial) { continue }
            if mkdir(partial, 0o700) != 0 && errno != EEXIST { throw failure(partial) }
        }
    }

    /// Writes a file atomically: a temporary file in the same folder, flushed, then renamed over
    /// the target, so a reader sees the old file or the new one and never half of one.
    public static func writeAtomically(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws(Failure) {
        let dir = directory(of: path)
        let name = String(path.split(separator: "/").last ?? "file")
        var template = Array("\(dir)/.\(name).XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw failure(dir) }
        let tmp = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var ok = false
        defer {
            if !ok { unlink(tmp) }
        }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, $0.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                let e = errno
                close(fd)
                throw failure(path, e)
            }
            written += n
        }
        if fchmod(fd, mode) != 0 || fsync(fd) != 0 {
            let e = errno
            close(fd)
            throw failure(path, e)
        }
        if close(fd) != 0 { throw failure(path) }
        if rename(tmp, path) != 0 { throw failure(path) }
        ok = true
    }

    /// `~/x` as the user's home folder, as a shell would read it; anything else as it is.
    public static func expandingTilde(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/"), let home = getenv("HOME").map({ String(cString: $0) }) else { return path }
        return home + path.dropFirst()
    }

    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let d = String(path[..<slash])
        return d.isEmpty ? "/" : d
    }

    public static func join(_ a: String, _ b: String) -> String {
        a.hasSuffix("/") ? a + b : a + "/" + b
    }

    /// The probe the icon rule uses.
    public struct Probe: FileProbe {
        public init() {}
        public func probe(_ path: String) -> (size: Int, head: [UInt8])? {
            let path = FileSystem.expandingTilde(path)
            guard FileSystem.isRegularFile(path), let size = FileSystem.size(path),
                  let head = try? FileSystem.read(path, limit: 16) else { return nil }
            return (size, head)
        }
    }
}
