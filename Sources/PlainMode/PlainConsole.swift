#if canImport(Glibc)
import Glibc
#endif
import CommandReports
import ConnectorKit

/// Where a plain-mode dialogue reads its answers and writes its prompts and messages: standard
/// input, output and error for the commands (`standard()`), a pipe and a recorder in tests.
public final class PlainConsole {
    public enum Stream: Sendable { case output, error }

    /// The answers, one line each.
    public var input: LineReader
    /// Whether the output is a terminal (which then echoes what is typed).
    public let outputIsTerminal: Bool
    private let sink: (String, Stream) -> Void
    /// Whether the last thing written to the output ended a line.
    public private(set) var atLineStart = true

    public init(input: LineReader, outputIsTerminal: Bool, write: @escaping (String, Stream) -> Void) {
        self.input = input
        self.outputIsTerminal = outputIsTerminal
        self.sink = write
    }

    /// Standard input, output and error, written with write(2) as they come.
    public static func standard() -> PlainConsole {
        PlainConsole(input: LineReader(), outputIsTerminal: isatty(STDOUT_FILENO) == 1) { text, stream in
            PlainOutput.write(text, to: stream == .output ? STDOUT_FILENO : STDERR_FILENO)
        }
    }

    public func write(_ text: String, to stream: Stream = .output) {
        guard !text.isEmpty else { return }
        sink(text, stream)
        if stream == .output { atLineStart = text.hasSuffix("\n") }
    }

    /// The terminal echoed the line break of an answer.
    func lineEchoed() { atLineStart = true }

    /// Ends the current line if a prompt left it open.
    public func endLine() {
        if !atLineStart { write("\n") }
    }

    /// `connector-wizard: message.` on the error stream, as `printError` writes it.
    public func printError(_ message: String) {
        write(errorSentence(message), to: .error)
    }
}

/// `--client-secret-stdin`: one line from standard input, never echoed, never printed. Read with
/// plain mode's no-echo reader, so echo comes back on every way out, Ctrl-C and signals included.
public enum SecretInput {
    public enum Failure: Error, Equatable {
        /// Standard input could not be read: the sentence to say.
        case unreadable(String)
        /// Standard input held no line: the sentence to say.
        case empty(String)
    }

    /// The longest client secret taken (real ones are well under 1 KiB).
    public static let maximumSecret = 64 << 10

    public static func readLine(_ console: PlainConsole = .standard()) throws(Failure) -> Secret {
        PlainSignals.install()
        defer { PlainSignals.uninstall() }
        let tty = console.input.isTerminal
        let line: String?
        do throws(LineReader.ReadFailure) {
            line = try console.input.readSecretLine { if tty { console.write("Client secret (not shown): ", to: .error) } }
        } catch {
            throw .unreadable("Cannot read the client secret from standard input: \(error.reason)")
        }
        if tty { console.write("\n", to: .error) }
        guard (line?.utf8.count ?? 0) <= maximumSecret else {
            throw .empty("--client-secret-stdin: the client secret is longer than \(maximumSecret >> 10) KiB; nothing was kept")
        }
        guard let line, !line.isEmpty else {
            throw .empty("--client-secret-stdin: standard input held no client secret (expected one line, e.g. `printf '%s\\n' \"$SECRET\" | connector-wizard set DIR --client-secret-stdin`)")
        }
        return Secret(line)
    }
}

/// Standard error as a `TextOutputStream` (for the argument parser's messages), through the
/// one writer.
public struct StandardError: TextOutputStream {
    public init() {}

    public mutating func write(_ string: String) {
        PlainOutput.write(string, to: STDERR_FILENO)
    }
}

extension CommandReport {
    /// Writes the report's lines in order, each to its stream (standard output in runs, so a
    /// long report is few writes).
    public func write() {
        var out: [String] = []
        func flush() {
            if !out.isEmpty { PlainOutput.write(out.joined(separator: "\n") + "\n", to: STDOUT_FILENO); out = [] }
        }
        for line in lines {
            switch line {
            case .out(let text): out.append(text)
            case .errorLine(let text): flush(); PlainOutput.write(text + "\n", to: STDERR_FILENO)
            case .error(let text): flush(); printError(text)
            }
        }
        flush()
    }
}

extension SecretInput.Failure {
    /// The sentence to say, and the exit status (3 unreadable input, 2 a usage error).
    public var sentence: String {
        switch self {
        case .unreadable(let s), .empty(let s): s
        }
    }

    public var status: Int32 {
        if case .unreadable = self { return 3 }
        return 2
    }
}
