#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import ConnectorKit

enum Executable {
    /// The first executable regular file called `name` in PATH's folders (empty entries skipped;
    /// an unset PATH is the usual /usr/local/bin:/usr/bin:/bin).
    static func find(_ name: String) -> String? {
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = folder.hasSuffix("/") ? String(folder) + name : folder + "/" + name
            if FileSystem.isRegularFile(candidate), access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }
}

/// Child processes started the way a shell would start them. Foundation's `Process` leaves
/// SIGPIPE ignored in the child (tmux's client then waits for ever) and costs start-up time.
public enum Subprocess {
    /// Where a child's standard input comes from: a file, or a descriptor of this process (the
    /// read end of a pipe, say) that becomes the child's descriptor 0.
    public enum Input: Sendable {
        case file(String)
        case descriptor(Int32)
    }

    /// Starts `argv` (argv[0] a path) with every signal at its default disposition and none
    /// blocked, standard input from `stdin`, output into `stdout` and `stderr` (created or
    /// truncated; `stderr` nil goes where stdout goes; never pipes, which a grandchild could
    /// hold open). `environment` nil is this process's own; `newSession` puts the child in a
    /// session of its own, out of reach of the terminal's Ctrl-C and hang-up. Returns its pid:
    /// the caller reaps it (`wait`).
    public static func spawn(_ argv: [String], stdin: Input = .file("/dev/null"), stdout: String, stderr: String?,
                             environment: [String: String]? = nil, newSession: Bool = false) throws(NetFailure) -> pid_t {
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attr, &none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attr, &all)
        let setsid: Int32 = 0x80  // POSIX_SPAWN_SETSID (glibc 2.26), not exported to Swift
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | (newSession ? setsid : 0)))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        switch stdin {
        case .file(let path): posix_spawn_file_actions_addopen(&actions, 0, path, O_RDONLY, 0)
        case .descriptor(let fd): posix_spawn_file_actions_adddup2(&actions, fd, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if let stderr {
            posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        let cArgs = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        let cEnv = environment.map { env in env.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer { cEnv?.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = cEnv.map { e in
            e.withUnsafeBufferPointer { posix_spawn(&pid, argv[0], &actions, &attr, cArgs, UnsafeMutablePointer(mutating: $0.baseAddress)) }
        } ?? posix_spawn(&pid, argv[0], &actions, &attr, cArgs, environ)
        guard rc == 0 else { throw NetFailure("cannot start \(argv[0]) (\(reason(rc)))") }
        return pid
    }

    /// Waits for the child to end; its exit status, or 128 + the signal that killed it.
    @discardableResult
    public static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        return exitCode(status)
    }

    /// The child's exit status if it has ended (reaping it), nil while it runs; -1 when it is
    /// not a child to wait for (already reaped).
    public static func exitStatus(_ pid: pid_t) -> Int32? {
        var status: Int32 = 0
        var rc: pid_t
        repeat { rc = waitpid(pid, &status, WNOHANG) } while rc < 0 && errno == EINTR
        if rc == pid { return exitCode(status) }
        return rc < 0 ? -1 : nil
    }

    static func exitCode(_ status: Int32) -> Int32 {
        (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}
