import ConnectorKit
import Foundation
import PlainMode
import TestKit
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// A plain-mode console for tests: the answers come from a pipe written before the dialogue
/// starts (as a script piped into the command), and what is written to the output and error
/// streams is recorded, in order.
final class RecordedConsole {
    private(set) var output = ""
    private(set) var errors = ""
    let console: PlainConsole
    private let readEnd: Int32

    init(answers: [String]) {
        var fds: [Int32] = [0, 0]
        precondition(pipe(&fds) == 0, "pipe")
        let text = Array((answers.map { $0 + "\n" }.joined()).utf8)
        precondition(text.count < 60_000, "the answers fit the pipe's buffer")
        var done = 0
        while done < text.count {
            let n = text.withUnsafeBytes { write(fds[1], $0.baseAddress! + done, $0.count - done) }
            precondition(n > 0, "write to the pipe")
            done += n
        }
        close(fds[1])
        readEnd = fds[0]
        var sinkOut: ((String, PlainConsole.Stream) -> Void)!
        console = PlainConsole(input: LineReader(fd: fds[0]), outputIsTerminal: false) { sinkOut($0, $1) }
        sinkOut = { [unowned self] text, stream in
            if stream == .output { self.output += text } else { self.errors += text }
        }
    }

    deinit { close(readEnd) }

    var transcript: String { "--- output:\n\(output)\n--- errors:\n\(errors)" }
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
