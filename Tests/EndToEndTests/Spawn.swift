import ConnectorNet
#if canImport(Glibc)
import Glibc
#endif

/// Starts a program the way a shell would, for the tests: every signal at its default
/// disposition (Foundation's `Process` leaves SIGPIPE ignored, and tmux's client then waits for
/// ever) and the standard streams from and to files (a pipe would be inherited and held open by
/// the tmux server that `new-session` starts).
enum Spawn {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    typealias Input = Subprocess.Input

    /// Runs `argv` (argv[0] a path) and returns its exit status (128 + the signal if killed).
    /// `stdin` nil reads /dev/null; `stderr` nil goes where stdout goes; `environment` nil is
    /// this process's own.
    static func run(_ argv: [String], stdin: String?, stdout: String, stderr: String?,
                    environment: [String: String]?) throws -> Int32 {
        wait(try start(argv, stdin: .file(stdin ?? "/dev/null"), stdout: stdout, stderr: stderr, environment: environment))
    }

    /// Starts `argv` like `run` and returns at once with its pid; `wait` or `exitStatus` reaps it.
    static func start(_ argv: [String], stdin: Input, stdout: String, stderr: String?,
                      environment: [String: String]?) throws -> pid_t {
        do {
            return try Subprocess.spawn(argv, stdin: stdin, stdout: stdout, stderr: stderr, environment: environment)
        } catch {
            throw Failure(description: error.description)
        }
    }

    static func wait(_ pid: pid_t) -> Int32 { Subprocess.wait(pid) }

    static func exitStatus(_ pid: pid_t) -> Int32? { Subprocess.exitStatus(pid) }
}
