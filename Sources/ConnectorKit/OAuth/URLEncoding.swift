/// Percent-encoding (RFC 3986 §2) for query strings and `application/x-www-form-urlencoded`
/// bodies: what an authorization URL, a token request and an API-key query parameter need.
public enum URLEncoding {
    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// The UTF-8 bytes of `s`, each percent-encoded (upper-case hex) unless it is an unreserved
    /// character: `ALPHA DIGIT - . _ ~`. A space becomes `%20`, never `+`.
    public static func component(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        for byte in s.utf8 {
            if isUnreserved(byte) {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A path and query as typed (`/a b/ü?q=x y`) made fit for a request line: every byte a URL
    /// cannot hold as it is — a space, a control character, non-ASCII, `"<>\^`{|}` — is
    /// percent-encoded; what gives the URL its shape (`/ ? & = : @ #`, `%XX` escapes) is kept.
    public static func target(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        for byte in s.utf8 {
            if isUnreserved(byte) || Array("!$&'()*+,;=:@/?#%[]".utf8).contains(byte) {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `name=value&…` in the order given, each side encoded with `component`.
    public static func form(_ pairs: [(String, String)]) -> String {
        pairs.map { component($0.0) + "=" + component($0.1) }.joined(separator: "&")
    }

    /// Undoes `%XX` (either case) and `+` (a space, as forms write it). An escape that is not
    /// two hex digits is kept as it is; bytes that are not UTF-8 are repaired.
    public static func decode(_ s: String) -> String {
        let bytes = Array(s.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "%"), i + 2 < bytes.count, let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2]) {
                out.append(hi << 4 | lo)
                i += 3
                continue
            }
            out.append(b == UInt8(ascii: "+") ? UInt8(ascii: " ") : b)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The name-value pairs of a query string or form body, decoded, in order (repeats kept).
    /// A leading `?` is skipped, empty parts are ignored, and a part without `=` has an empty value.
    public static func query(_ q: String) -> [(name: String, value: String)] {
        let text = q.hasPrefix("?") ? q.dropFirst() : Substring(q)
        return text.split(separator: "&", omittingEmptySubsequences: true).map { part in
            guard let eq = part.firstIndex(of: "=") else { return (decode(String(part)), "") }
            return (decode(String(part[..<eq])), decode(String(part[part.index(after: eq)...])))
        }
    }

    /// `url` with the pairs added to its query: after `?` when it has none, else after `&`
    /// (an existing query is kept). A `#fragment` stays at the end, after the query.
    public static func appending(_ pairs: [(String, String)], to url: String) -> String {
        guard !pairs.isEmpty else { return url }
        var base = Substring(url)
        var fragment = Substring("")
        if let hash = url.firstIndex(of: "#") {
            base = url[..<hash]
            fragment = url[hash...]
        }
        let separator: String
        if !base.contains("?") {
            separator = "?"
        } else if base.hasSuffix("?") || base.hasSuffix("&") {
            separator = ""
        } else {
            separator = "&"
        }
        return base + separator + form(pairs) + fragment
    }

    private static func isUnreserved(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
