import Foundation
import XCTest

/// Drives the real `connector-wizard` binary in a real terminal: a private tmux server, keys
/// sent with `send-keys`, the screen read with `capture-pane`, waiting by polling the screen
/// with a timeout (never a bare sleep). On a timeout the failure shows the last screen.
final class TmuxTerminal {
    let socket: String
    let workDir: String
    private static let counter = Counter()

    /// The built binary, beside the test bundle in `.build/<triple>/debug`.
    static var binary: String {
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        // On Linux the tests run from `<...>.xctest` in the build folder.
        if dir.lastPathComponent.hasSuffix(".xctest") { dir = dir.deletingLastPathComponent() }
        return dir.appendingPathComponent("connector-wizard").path
    }

    /// Starts `script` (a shell command) in a new tmux server of `width`×`height`.
    init(_ script: String, width: Int = 80, height: Int = 24, env: [String: String] = [:],
         file: StaticString = #filePath, line: UInt = #line) throws {
        guard let tmux = Self.which("tmux") else {
            XCTFail("tmux is not installed: the end-to-end tests need it (scripts/test installs it).", file: file, line: line)
            throw Failure.missingTmux
        }
        _ = tmux
        socket = "cw-e2e-\(getpid())-\(Self.counter.next())"
        workDir = NSTemporaryDirectory() + socket
        try FileManager.default.createDirectory(atPath: workDir, withIntermediateDirectories: true)
        var vars = ["TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "NCURSES_NO_UTF8_ACS": "1",
                    "HOME": workDir, "XDG_CONFIG_HOME": workDir + "/config", "XDG_STATE_HOME": workDir + "/state"]
        for (k, v) in env { vars[k] = v }
        // The full-screen tests must not fall into plain mode because the runner's own
        // environment asks for it; a test that wants plain mode sets it in `env`.
        let unset = ["ACCESSIBLE", "NO_COLOR", "COLORTERM"].filter { env[$0] == nil }.map { "unset \($0);" }.joined(separator: " ")
        let exports = vars.sorted { $0.key < $1.key }.map { "export \($0.key)=\(Self.quote($0.value));" }.joined(separator: " ")
        try run(["-f", "/dev/null", "new-session", "-d", "-s", "main", "-x", "\(width)", "-y", "\(height)", "-c", workDir,
                 "sh", "-c", "\(unset) \(exports) cd \(Self.quote(workDir)) && \(script)"])
        try run(["set-option", "-g", "remain-on-exit", "on"])
    }

    deinit {
        _ = try? run(["kill-server"])
        try? FileManager.default.removeItem(atPath: workDir)
    }

    enum Failure: Error { case missingTmux, command(String) }

    /// Keys by tmux's names: "C-s", "Tab", "BTab", "M-1", "F5", "Escape", "Enter", "Left", "Space".
    func send(_ keys: String...) throws {
        try run(["send-keys", "-t", "main"] + keys)
    }

    /// Text typed as it is, character by character.
    func type(_ text: String) throws {
        try run(["send-keys", "-t", "main", "-l", text])
    }

    /// Text pasted the way a terminal pastes it (bracketed paste).
    func paste(_ text: String) throws {
        try run(["set-buffer", "-b", "e2e", text])
        try run(["paste-buffer", "-p", "-d", "-b", "e2e", "-t", "main"])
    }

    func resize(width: Int, height: Int) throws {
        try run(["resize-window", "-t", "main", "-x", "\(width)", "-y", "\(height)"])
    }

    /// The screen as text, one line per row.
    func screen(escapes: Bool = false) throws -> String {
        try run(["capture-pane", "-p", "-t", "main"] + (escapes ? ["-e"] : []))
    }

    /// Waits until the screen contains `text` (polling every 20 ms), and returns the screen.
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 10, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try waitUntil("the screen to show \"\(text)\"", timeout: timeout, file: file, line: line) { $0.contains(text) }
    }

    @discardableResult
    func waitUntil(_ what: String, timeout: Double = 10, file: StaticString = #filePath, line: UInt = #line,
                   _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if condition(last) { return last }
            usleep(20_000)
        }
        XCTFail("Timed out after \(timeout) s waiting for \(what). The screen was:\n\(last)", file: file, line: line)
        throw Failure.command("timeout")
    }

    /// Waits for a file the script writes (e.g. an exit status) and returns its text.
    func waitForFile(_ name: String, timeout: Double = 10, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let path = workDir + "/" + name
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let s = try? String(contentsOfFile: path, encoding: .utf8), s.hasSuffix("\n") { return s }
            usleep(20_000)
        }
        XCTFail("Timed out after \(timeout) s waiting for \(name). The screen was:\n\((try? screen()) ?? "")", file: file, line: line)
        throw Failure.command("timeout")
    }

    /// Runs one tmux command. It is spawned with every signal at its default disposition
    /// (Foundation's `Process` leaves SIGPIPE ignored, and tmux's client then waits for ever),
    /// and its output goes to a file, not a pipe the tmux server would inherit and hold open.
    @discardableResult
    func run(_ args: [String]) throws -> String {
        let outPath = NSTemporaryDirectory() + "\(socket)-\(Self.counter.next()).out"
        defer { unlink(outPath) }
        let status = try Self.spawn([Self.which("tmux") ?? "/usr/bin/tmux", "-L", socket] + args, output: outPath)
        let text = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        if status != 0 {
            throw Failure.command("tmux \(args.joined(separator: " ")): \(text)")
        }
        return text
    }

    /// posix_spawn with default signal dispositions, stdin from /dev/null and stdout and stderr
    /// into `output`; returns the exit status.
    static func spawn(_ argv: [String], output: String) throws -> Int32 {
        try Spawn.run(argv, stdin: nil, stdout: output, stderr: nil, environment: nil)
    }

    static func which(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    static func quote(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    final class Counter: @unchecked Sendable {
        private var n = 0
        private let lock = NSLock()
        func next() -> Int {
            lock.lock()
            defer { lock.unlock() }
            n += 1
            return n
        }
    }
}

/// A shell script around the wizard that records what a test checks afterwards: `stty -g`
/// before and after, the exit status, and the wizard's pid (the inner `exec` keeps it).
func wizardScript(_ args: String) -> String {
    let bin = TmuxTerminal.quote(TmuxTerminal.binary)
    return "stty -g > stty.before; sh -c 'echo $$ > wizard.pid; exec \"$0\" \"$@\"' \(bin) \(args); "
        + "echo $? > exit.status; stty -g > stty.after; exec sleep 600"
}
