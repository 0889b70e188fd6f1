#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Why a request, a listener or a browser could not do its work: one sentence for the person at
/// the terminal ("cannot connect to 127.0.0.1:5999 (connection refused)"). It names hosts and
/// ports, never a URL's path or query, a header or a body, so no secret can leak through it.
public struct NetFailure: Error, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// The system's reason for `code`, as the middle of a sentence: "connection refused".
func reason(_ code: Int32) -> String {
    let text = String(cString: strerror(code))
    guard let first = text.first else { return "error \(code)" }
    // "Connection refused" → "connection refused"; leave acronyms ("TLS …") alone.
    let second = text.dropFirst().first
    if first.isUppercase, second.map({ !$0.isUppercase }) ?? true {
        return first.lowercased() + text.dropFirst()
    }
    return text
}

/// "30", "0.5": seconds as a person writes them.
func seconds(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    return String(value)
}
