/// Removes secrets from anything shown (a request, a response body, an error): each secret as it
/// is, percent-encoded (either hex case, spaces as `%20` or `+`, as query strings and form
/// bodies carry it), JSON-escaped (also with `/` as `\/`, as PHP writes it, and with every
/// non-ASCII character as `\uXXXX` in either hex case, as PHP and Python write it), and the base64 of each `user:password` pair given (as an
/// `Authorization: Basic` header carries it). Longest first, so a secret containing another is
/// removed whole. Prints without its secrets.
public struct Redactor: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public static let mask = "••••••"
    /// Every form to remove, as UTF-8, longest first.
    private let patterns: [[UInt8]]

    /// Empty secrets are ignored.
    public init(secrets: [String], basicPairs: [(String, String)] = []) {
        var forms: [String] = []
        for s in secrets where !s.isEmpty {
            let encoded = URLEncoding.component(s)
            let plus = encoded.replacing("%20", with: "+")
            forms += [s, encoded, plus, Self.lowerHex(encoded), Self.lowerHex(plus)]
            let json = Self.jsonEscaped(s)
            for escaped in [json, json.replacing("/", with: "\\/")] {
                forms += [escaped, Self.asciiEscaped(escaped, upper: false), Self.asciiEscaped(escaped, upper: true)]
            }
        }
        for (user, password) in basicPairs where !(user.isEmpty && password.isEmpty) {
            forms.append(Base64.encode(Array((user + ":" + password).utf8)))
            forms.append(Base64.encode(Array((URLEncoding.component(user) + ":" + URLEncoding.component(password)).utf8)))
        }
        var seen = Set<[UInt8]>()
        patterns = forms.map { Array($0.utf8) }.filter { seen.insert($0).inserted }.sorted { $0.count > $1.count }
    }

    public func redact(_ text: String) -> String {
        guard !patterns.isEmpty else { return text }
        let bytes = Array(text.utf8)
        let mask = Array(Self.mask.utf8)
        let starts = Set(patterns.map { $0[0] })
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        scan: while i < bytes.count {
            if starts.contains(bytes[i]) {
                for p in patterns where p.count <= bytes.count - i && bytes[i] == p[0] {
                    if bytes[i..<(i + p.count)].elementsEqual(p) {
                        out += mask
                        i += p.count
                        continue scan
                    }
                }
            }
            out.append(bytes[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `%2F` → `%2f`: some servers echo what they received re-encoded in lower case.
    static func lowerHex(_ encoded: String) -> String {
        var out = ""
        var afterPercent = 0
        for c in encoded {
            if c == "%" {
                afterPercent = 2
                out.append(c)
            } else if afterPercent > 0 {
                afterPercent -= 1
                out += c.lowercased()
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// As a JSON string carries it: `"` and `\` escaped, control characters as `\u00XX`.
    static func jsonEscaped(_ s: String) -> String {
        String(decoding: JSONWriter(indent: "", lineEnding: "").string(.string(s)).utf8.dropFirst().dropLast(), as: UTF8.self)
    }

    /// Every non-ASCII character as `\uXXXX` (UTF-16, a surrogate pair beyond the BMP).
    static func asciiEscaped(_ s: String, upper: Bool) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            guard !scalar.isASCII else {
                out.unicodeScalars.append(scalar)
                continue
            }
            for unit in String(scalar).utf16 {
                let hex = String(unit, radix: 16, uppercase: upper)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
        }
        return out
    }

    public var description: String { "Redactor(\(patterns.count) forms of secrets)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
