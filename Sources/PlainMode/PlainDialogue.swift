import ConnectorKit
import WizardUI

#if canImport(Glibc)
import Glibc
#endif

/// Why a plain-mode dialogue stopped before its end.
enum PlainStop: Error {
    /// End of input (Ctrl-D).
    case cancelled
    case unreadable(String)
}

/// Plain mode's line dialogue (§7): prompts written, answers read one line at a time, secrets
/// without echo. The wizard and the connection prompt both speak through it.
protocol PlainDialogue {
    var console: PlainConsole { get }
}

extension PlainDialogue {
    /// One answer. Without a terminal echoing what is typed, the answer (never a secret) is
    /// written after its prompt, so the transcript reads one prompt and answer per line.
    mutating func readAnswer(_ prompt: String, secret: Bool = false) throws(PlainStop) -> String {
        let line: String?
        do throws(LineReader.ReadFailure) {
            if secret {
                line = try console.input.readSecretLine { console.write(prompt) }
            } else {
                console.write(prompt)
                line = try console.input.readLine()
            }
        } catch {
            throw .unreadable(error.reason)
        }
        guard let line else { throw .cancelled }
        if secret {
            console.write("\n")
        } else if console.input.isTerminal && console.outputIsTerminal {
            console.lineEchoed()
        } else {
            console.write(printable(line) + "\n")
        }
        return line
    }

    func say(_ line: String) {
        console.write(line + "\n")
    }

    /// Writes `text` in lines of at most `width` cells (a word longer than that, such as a
    /// URL, gets a line of its own, whole).
    func sayWrapped(_ text: String, first: String, rest: String, width: Int = 78, to stream: PlainConsole.Stream = .output) {
        let lines = Wrap.lines(text, width: width, first: first, rest: rest, break: .wordsKeepingLong)
        console.write(lines.joined(separator: "\n") + "\n", to: stream)
    }
}

/// The one writer of messages to standard error: `connector-wizard: ` and one sentence.
public func printError(_ message: String) {
    PlainOutput.write(errorSentence(message), to: STDERR_FILENO)
}

/// `connector-wizard: message.` and a line break: how every message on standard error reads.
func errorSentence(_ message: String) -> String {
    var text = "connector-wizard: " + message
    if !text.hasSuffix(".") { text += "." }
    return text + "\n"
}

/// Text as plain output may show it: control characters (escape sequences, tabs, line breaks
/// inside a value) become spaces.
func printable(_ text: String) -> String {
    Neutralised.text(text, keepingLines: false)
}

