import Foundation

/// Starts a program the way a shell would, for the tests: every signal at its default
/// disposition (Foundation's `Process` leaves SIGPIPE ignored, and tmux's client then waits for
/// ever) and the standard streams from and to files (a pipe would be inherited and held open by
/// the tmux server that `new-session` starts).
enum Spawn {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `argv` (argv[0] a path) and returns its exit status (128 + the signal if killed).
    /// `stdin` nil reads /dev/null; `stderr` nil goes where stdout goes; `environment` nil is
    /// this process's own.
    static func run(_ argv: [String], stdin: String?, stdout: String, stderr: String?,
                    environment: [String: String]?) throws -> Int32 {
        wait(try start(argv, stdin: .file(stdin ?? "/dev/null"), stdout: stdout, stderr: stderr, environment: environment))
    }

    /// Where a child's standard input comes from: a file, or a descriptor of this process (the
    /// read end of a pipe, say) that becomes the child's descriptor 0.
    enum Input {
        case file(String)
        case descriptor(Int32)
    }

    /// Starts `argv` like `run` and returns at once with its pid; `wait` or `exitStatus` reaps it.
    static func start(_ argv: [String], stdin: Input, stdout: String, stderr: String?,
                      environment: [String: String]?) throws -> pid_t {
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attr, &none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attr, &all)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
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
        let rc = cEnv.map { e in e.withUnsafeBufferPointer { posix_spawn(&pid, argv[0], &actions, &attr, cArgs, UnsafeMutablePointer(mutating: $0.baseAddress)) } }
            ?? posix_spawn(&pid, argv[0], &actions, &attr, cArgs, environ)
        guard rc == 0 else { throw Failure(description: "cannot start \(argv[0]): \(String(cString: strerror(rc)))") }
        return pid
    }

    /// Waits for `pid` to end and returns its exit status (128 + the signal if killed).
    static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return exitCode(status)
    }

    /// The exit status of `pid` if it has ended (reaping it), nil while it runs; -1 when it is
    /// not a child to wait for (already reaped).
    static func exitStatus(_ pid: pid_t) -> Int32? {
        var status: Int32 = 0
        var rc: pid_t
        repeat { rc = waitpid(pid, &status, WNOHANG) } while rc < 0 && errno == EINTR
        if rc == pid { return exitCode(status) }
        return rc < 0 ? -1 : nil
    }

    private static func exitCode(_ status: Int32) -> Int32 {
        (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}
