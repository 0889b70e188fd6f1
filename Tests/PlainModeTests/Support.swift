import ConnectorKit
import Foundation
import PlainMode
import Synchronization
import TestKit
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// A plain-mode console for tests: the answers come from a pipe written before the dialogue
/// starts (as a script piped into the command), or also while it runs (as a person answers),
/// and what is written to the output and error streams is recorded, in order.
final class RecordedConsole {
    private(set) var output = ""
    private(set) var errors = ""
    let console: PlainConsole
    /// Where the answers are written.
    let answers: AnswerPipe

    /// With `later`, the pipe stays open after the answers, for `answers.write` to add more while
    /// the dialogue runs (from any thread) until `answers.end()`.
    init(answers lines: [String], later: Bool = false) {
        answers = AnswerPipe()
        answers.write(lines)
        if !later { answers.end() }
        var sinkOut: ((String, PlainConsole.Stream) -> Void)!
        console = PlainConsole(input: LineReader(fd: answers.readEnd), outputIsTerminal: false) { sinkOut($0, $1) }
        sinkOut = { [unowned self] text, stream in
            if stream == .output { self.output += text } else { self.errors += text }
        }
    }

    var transcript: String { "--- output:\n\(output)\n--- errors:\n\(errors)" }
}

/// The pipe a `RecordedConsole` reads its answers from.
final class AnswerPipe: Sendable {
    let readEnd: Int32
    /// The write end while it is open.
    private let writeEnd: Mutex<Int32>

    init() {
        var fds: [Int32] = [0, 0]
        precondition(pipe(&fds) == 0, "pipe")
        readEnd = fds[0]
        writeEnd = Mutex(fds[1])
    }

    deinit {
        end()
        close(readEnd)
    }

    /// Answers, one a line, written now.
    func write(_ lines: [String]) {
        writeEnd.withLock { fd in
            precondition(fd >= 0, "the input was ended")
            let text = Array((lines.map { $0 + "\n" }.joined()).utf8)
            precondition(text.count < 60_000, "the answers fit the pipe's buffer")
            var done = 0
            while done < text.count {
                let n = text.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
                precondition(n > 0, "write to the pipe")
                done += n
            }
        }
    }

    /// Closes the write end: the dialogue reads end of input after what was written.
    func end() {
        writeEnd.withLock { fd in
            if fd >= 0 { close(fd) }
            fd = -1
        }
    }
}

extension XCTestCase {
    /// A fresh empty folder, removed when the test ends.
    func makeTempDir(_ name: String = #function) throws -> String {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("PlainModeTests-\(safe)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }
}
