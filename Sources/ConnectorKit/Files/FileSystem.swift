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
        (try? listing(path)) ?? []
    }

    /// Names in a directory, without `.` and `..`, sorted; a folder that cannot be listed is
    /// an error with the system's reason (`Permission denied`), never an empty folder.
    public static func listing(_ path: String) throws(Failure) -> [String] {
        guard let dir = opendir(path) else { throw failure(path) }
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

    /// The most a connector file may hold: far above the largest real one (1.1 MB).
    public static let readLimit = 256 << 20

    /// A regular file's bytes, at most `limit` of them (`prefix` reads the start of a larger
    /// file; otherwise a larger file is an error saying so). A FIFO, a device or a socket is
    /// an error too: it is opened without blocking and never read.
    public static func read(_ path: String, limit: Int = readLimit, prefix: Bool = false) throws(Failure) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw failure(path) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw failure(path) }
        switch st.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw Failure(path: path, reason: "is a folder, not a file")
        case S_IFIFO: throw Failure(path: path, reason: "is a FIFO (a named pipe), not a file")
        case S_IFCHR, S_IFBLK: throw Failure(path: path, reason: "is a device, not a file")
        case S_IFSOCK: throw Failure(path: path, reason: "is a socket, not a file")
        default: throw Failure(path: path, reason: "is not a regular file")
        }
        if !prefix, Int(st.st_size) > limit {
            throw Failure(path: path, reason: "is larger than \(limit >> 20) MB, the most the wizard reads")
        }
        // The size the file says it has, read straight into the array, with room for one byte
        // more: a byte there tells a file that grew while it was read.
        let most = prefix ? limit : limit + 1
        var readError: Int32 = 0
        let room = min(max(Int(st.st_size), 0) + 1, most)
        var out = [UInt8](unsafeUninitializedCapacity: room) { buffer, initialized in
            while initialized < buffer.count {
                let n = Glibc.read(fd, buffer.baseAddress! + initialized, buffer.count - initialized)
                if n < 0 {
                    if errno == EINTR { continue }
                    readError = errno
                    return
                }
                if n == 0 { return }
                initialized += n
            }
        }
        if readError != 0 {
            errno = readError
            throw failure(path)
        }
        if !prefix, out.count > limit {
            throw Failure(path: path, reason: "is larger than \(limit >> 20) MB, the most the wizard reads")
        }
        // Short of the room: the end of the file was read.
        guard out.count == room else { return out }
        // It grew (or says no size, as some special files do): the rest a chunk at a time.
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            // One byte past the limit tells a file that grew while it was read.
            let want = prefix ? limit - out.count : limit + 1 - out.count
            if want <= 0 { break }
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, min($0.count, want)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(path)
            }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
            if !prefix, out.count > limit {
                throw Failure(path: path, reason: "is larger than \(limit >> 20) MB, the most the wizard reads")
            }
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
    /// the target, so a reader sees the old file or the new one and never half of one. An
    /// existing file keeps its mode, and a symbolic link is written through (its target changes).
    public static func writeAtomically(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws(Failure) {
        try writeTogether([(path, bytes)], mode: mode)
    }

    /// Writes several files as one: every new file is written to a temporary file beside its
    /// target and flushed first; only then are they renamed over the targets, and if a rename
    /// fails the files already renamed are put back as they were. On any failure no target
    /// changes and no temporary file is left. Existing files keep their mode (a new one gets
    /// `mode`); a symbolic link is written through to the file it names.
    public static func writeTogether(_ files: [(path: String, bytes: [UInt8])], mode: mode_t = 0o644) throws(Failure) {
        struct Pending { var target: String; var temporary: String; var backup: String? }
        var pending: [Pending] = []
        var renamed = 0
        var done = false
        defer {
            if !done {
                // Put back what was renamed, newest first; remove every temporary file.
                for p in pending.prefix(renamed).reversed() {
                    if let backup = p.backup { rename(backup, p.target) } else { unlink(p.target) }
                }
                for p in pending.dropFirst(renamed) {
                    unlink(p.temporary)
                    if let backup = p.backup { unlink(backup) }
                }
            }
        }
        for (path, bytes) in files {
            let target = resolvingLink(path)
            var st = stat()
            let existing = stat(target, &st) == 0
            let fileMode = existing ? st.st_mode & 0o7777 : mode
            let temporary = try temporaryFile(beside: target)
            pending.append(Pending(target: target, temporary: temporary.path, backup: nil))
            try writeAll(bytes, fd: temporary.fd, path: path, mode: fileMode)
        }
        // A second name for each file about to be replaced, so that it can be put back.
        for i in pending.indices {
            var st = stat()
            guard lstat(pending[i].target, &st) == 0 else { continue }
            let backup = pending[i].temporary + ".old"
            if link(pending[i].target, backup) != 0 { throw failure(pending[i].target) }
            pending[i].backup = backup
        }
        for p in pending {
            if let e = Faults.current?.renameFails(p.target) { throw failure(p.target, e) }
            if rename(p.temporary, p.target) != 0 { throw failure(p.target) }
            renamed += 1
        }
        done = true
        for p in pending { if let backup = p.backup { unlink(backup) } }
        for dir in Set(pending.map { directory(of: $0.target) }) {
            let fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if fd >= 0 { fsync(fd); close(fd) }
        }
    }

    /// The file a path names after following symbolic links (the path itself when it is not one).
    static func resolvingLink(_ path: String) -> String {
        var st = stat()
        guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFLNK, let real = realpath(path, nil) else { return path }
        defer { free(real) }
        return String(cString: real)
    }

    static func temporaryFile(beside target: String) throws(Failure) -> (path: String, fd: Int32) {
        let dir = directory(of: target)
        let name = String(target.split(separator: "/").last ?? "file")
        var template = Array("\(dir)/.\(name).XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw failure(dir) }
        return (String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self), fd)
    }

    /// Writes, sets the mode, flushes and closes; closes on failure too.
    static func writeAll(_ bytes: [UInt8], fd: Int32, path: String, mode: mode_t) throws(Failure) {
        var written = 0
        while written < bytes.count {
            var count = bytes.count - written
            if let faults = Faults.current, let after = faults.failWritesAfter {
                let left = after - Faults.totalWritten
                if left <= 0 { close(fd); throw failure(path, faults.writeErrno) }
                count = min(count, left)
            }
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, count) }
            if n < 0 {
                if errno == EINTR { continue }
                let e = errno
                close(fd)
                throw failure(path, e)
            }
            written += n
            if Faults.current != nil { Faults.totalWritten += n }
        }
        if fchmod(fd, mode) != 0 || fsync(fd) != 0 {
            let e = errno
            close(fd)
            throw failure(path, e)
        }
        if close(fd) != 0 { throw failure(path) }
    }

    /// Failures a test makes the file system have: a write that fails once so many bytes have
    /// been written (a full disk), a rename that fails (a file replaced by another program).
    public struct Faults: Sendable {
        /// Bytes written in all before writes fail, with this error.
        public var failWritesAfter: Int?
        public var writeErrno: Int32 = ENOSPC
        /// The rename onto a target whose name ends like this fails, with EIO.
        public var failRenameOf: String?

        public init(failWritesAfter: Int? = nil, writeErrno: Int32 = ENOSPC, failRenameOf: String? = nil) {
            self.failWritesAfter = failWritesAfter
            self.writeErrno = writeErrno
            self.failRenameOf = failRenameOf
        }

        /// In effect for the code `body` runs (tests only; saves are never concurrent there).
        nonisolated(unsafe) public static var current: Faults?
        nonisolated(unsafe) static var totalWritten = 0

        public static func during<T, E: Error>(_ faults: Faults, _ body: () throws(E) -> T) throws(E) -> T {
            current = faults
            totalWritten = 0
            defer { current = nil }
            return try body()
        }

        func renameFails(_ target: String) -> Int32? {
            guard let failRenameOf, target.hasSuffix(failRenameOf) else { return nil }
            return EIO
        }
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
                  let head = try? FileSystem.read(path, limit: 16, prefix: true) else { return nil }
            return (size, head)
        }
    }
}
