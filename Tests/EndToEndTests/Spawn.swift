import ConnectorNet

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
        do {
            let pid = try Subprocess.spawn(argv, stdin: stdin ?? "/dev/null", stdout: stdout, stderr: stderr,
                                           environment: environment)
            return Subprocess.wait(pid)
        } catch {
            throw Failure(description: error.description)
        }
    }
}
