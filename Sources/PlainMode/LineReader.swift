#if canImport(Glibc)
import ConnectorKit
import Glibc
import Synchronization

/// Lines from a file descriptor (standard input), read with read(2) one byte at a time: nothing
/// past the line asked for is consumed, so what follows stays for whoever reads next, and a
/// script piping a whole file of answers is read exactly one answer per prompt.
///
/// End of input is sticky: after it every read returns nil. From a pipe or file a last line
/// without a line break still counts as a line; from a terminal, end of input (Ctrl-D) is always
/// the end, even with something typed before it.
public struct LineReader {
    public let fd: Int32
    /// Whether the descriptor is a terminal (its driver echoes and edits the line).
    public let isTerminal: Bool
    public private(set) var atEnd = false
    /// The start of a line that a wait (`readLine(until:)`) gave up on, kept for the next read.
    private var partial: [UInt8] = []
    /// Lines read but left for whoever reads next (`putBack`).
    private var keptLines: [String] = []

    /// A line longer than this is cut (a binary file piped in by mistake must not eat memory).
    static let maximumLine = 1 << 20

    public init(fd: Int32 = STDIN_FILENO) {
        self.fd = fd
        isTerminal = isatty(fd) == 1
    }

    public struct ReadFailure: Error {
        public var errorNumber: Int32
        public var reason: String { String(cString: strerror(errorNumber)) }
    }

    /// The next line without its line break (or the CR of a CR LF); nil at end of input.
    public mutating func readLine() throws(ReadFailure) -> String? {
        switch try nextLine(polling: false, until: { false }) {
        case .line(let line): return line
        case .end, .stopped: return nil
        }
    }

    /// What a wait for a line came to.
    public enum Waited: Equatable, Sendable {
        case line(String)
        /// End of input.
        case end
        /// `stop` said so before a whole line came; what came of it is kept for the next read.
        case stopped
    }

    /// The next line, as `readLine`, unless `stop` (asked every 100 ms or so while nothing comes)
    /// says to give up waiting first. With `echo` false and a terminal, what is typed meanwhile
    /// is not echoed (echo is back on when this returns or throws, and `PlainSignals` puts it
    /// back if the process is interrupted meanwhile).
    public mutating func readLine(until stop: () -> Bool, echo: Bool = true) throws(ReadFailure) -> Waited {
        guard !echo, keptLines.isEmpty, !atEnd, isTerminal, tcgetattr(fd, savedTerminalModes) == 0 else {
            return try nextLine(polling: true, until: stop)
        }
        return try Self.withoutEcho(fd) { () throws(ReadFailure) -> Waited in try nextLine(polling: true, until: stop) }
    }

    /// Leaves `line` for the next read, before anything not yet read.
    public mutating func putBack(_ line: String) {
        keptLines.insert(line, at: 0)
    }

    /// The next line; `polling`, giving up when `stop` says so (else `stop` is never asked).
    private mutating func nextLine(polling: Bool, until stop: () -> Bool) throws(ReadFailure) -> Waited {
        if !keptLines.isEmpty { return .line(keptLines.removeFirst()) }
        if atEnd { return .end }
        var bytes = partial
        partial = []
        var byte: UInt8 = 0
        while true {
            if polling {
                var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                if stop() {
                    partial = bytes
                    return .stopped
                }
                let ready = poll(&p, 1, 100)
                if ready < 0 && errno != EINTR { throw ReadFailure(errorNumber: errno) }
                if ready <= 0 { continue }
            }
            let n = read(fd, &byte, 1)
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK {
                    // A non-blocking descriptor handed to us: wait until there is something
                    // (with `stop`, its poll above waits).
                    var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                    if !polling { _ = poll(&p, 1, -1) }
                    continue
                }
                throw ReadFailure(errorNumber: errno)
            }
            if n == 0 {
                atEnd = true
                if bytes.isEmpty || isTerminal { return .end }
                break
            }
            if byte == 0x0A { break }
            if bytes.count < Self.maximumLine { bytes.append(byte) }
        }
        if bytes.last == 0x0D { bytes.removeLast() }
        return .line(String(decoding: bytes, as: UTF8.self))
    }

    /// A line read with the terminal's echo off when the descriptor is a terminal: `prompt` is
    /// written once echo is off (so nothing typed after it can show). Echo is back on when this
    /// returns or throws, and `PlainSignals` puts it back if the process is interrupted meanwhile.
    /// The line break the terminal did not echo is the caller's to write.
    public mutating func readSecretLine(prompt: () -> Void) throws(ReadFailure) -> String? {
        guard isTerminal, tcgetattr(fd, savedTerminalModes) == 0 else {
            prompt()
            return try readLine()
        }
        return try Self.withoutEcho(fd) { () throws(ReadFailure) -> String? in
            prompt()
            return try readLine()
        }
    }

    /// Runs `body` with the terminal's echo off; the modes to go back to are those
    /// `savedTerminalModes` holds (the caller has just read them with tcgetattr).
    private static func withoutEcho<T>(_ fd: Int32, _ body: () throws(ReadFailure) -> T) throws(ReadFailure) -> T {
        var quiet = savedTerminalModes.pointee
        quiet.c_lflag &= ~tcflag_t(ECHO | ECHOE | ECHOK | ECHONL)
        echoIsOff.store(true, ordering: .sequentiallyConsistent)
        // TCSADRAIN, not TCSAFLUSH: what was typed ahead is kept.
        tcsetattr(fd, TCSADRAIN, &quiet)
        defer {
            tcsetattr(fd, TCSADRAIN, savedTerminalModes)
            echoIsOff.store(false, ordering: .sequentiallyConsistent)
        }
        return try body()
    }
}

/// The terminal modes to put back, in fixed storage a signal handler can read.
nonisolated(unsafe) let savedTerminalModes: UnsafeMutablePointer<termios> = {
    let p = UnsafeMutablePointer<termios>.allocate(capacity: 1)
    p.initialize(to: termios())
    return p
}()

/// True while a secret is being read with echo off.
let echoIsOff = Atomic<Bool>(false)

/// Ctrl-C (and SIGTERM, SIGHUP, SIGQUIT) during plain mode: the terminal's echo is put back if a
/// secret was being read, `Cancelled; nothing was written.` goes to standard error, and the
/// signal then does what it does by default. While the files are written the signals wait.
public enum PlainSignals {
    static let interrupting: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]
    /// Crashes: echo back on, then the signal's default action (the status says which).
    static let fatal: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE]

    nonisolated(unsafe) private static var previous: [Int32: sigaction] = [:]

    public static func install() {
        // Initialise the globals now: a signal handler must not be the first to touch them.
        _ = savedTerminalModes
        _ = echoIsOff.load(ordering: .relaxed)
        for signal in interrupting + fatal {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = fatal.contains(signal) ? onPlainCrash : onPlainInterrupt
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            var old = sigaction()
            sigaction(signal, &action, &old)
            previous[signal] = old
        }
    }

    public static func uninstall() {
        for (signal, var old) in previous { sigaction(signal, &old, nil) }
        previous = [:]
    }

    /// Runs `body` with the interrupting signals held back (delivered after it).
    public static func deferred<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        var set = sigset_t(), old = sigset_t()
        sigemptyset(&set)
        for s in interrupting { sigaddset(&set, s) }
        sigprocmask(SIG_BLOCK, &set, &old)
        defer { sigprocmask(SIG_SETMASK, &old, nil) }
        return try body()
    }
}

private let onPlainCrash: @convention(c) (Int32) -> Void = { signal in
    if echoIsOff.load(ordering: .sequentiallyConsistent) {
        tcsetattr(STDIN_FILENO, TCSANOW, savedTerminalModes)
    }
    var action = sigaction()
    action.__sigaction_handler.sa_handler = SIG_DFL
    sigemptyset(&action.sa_mask)
    sigaction(signal, &action, nil)
    raise(signal)
}

private let onPlainInterrupt: @convention(c) (Int32) -> Void = { signal in
    if echoIsOff.load(ordering: .sequentiallyConsistent) {
        tcsetattr(STDIN_FILENO, TCSANOW, savedTerminalModes)
    }
    let message: StaticString = "\nCancelled; nothing was written.\n"
    _ = write(STDERR_FILENO, message.utf8Start, message.utf8CodeUnitCount)
    var action = sigaction()
    action.__sigaction_handler.sa_handler = SIG_DFL
    sigemptyset(&action.sa_mask)
    sigaction(signal, &action, nil)
    raise(signal)
}

/// Writing to a file descriptor with write(2), whole, no buffering, no escapes: what the
/// standard console and the one stderr writer write through.
public enum PlainOutput {
    /// Every text reaches the terminal through here, neutralised: whatever a connector file or a
    /// server put in it, no control character gets through (line breaks do).
    /// `neutralising` false is for the wizard's own escapes only (the colours of `themes`).
    public static func write(_ text: String, to fd: Int32 = STDOUT_FILENO, neutralising: Bool = true) {
        guard !text.isEmpty else { return }
        let bytes = Array((neutralising ? Neutralised.text(text) : text).utf8)
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                return
            }
            done += n
        }
    }
}
#endif
