/// Base64 (RFC 4648 §4) and base64url (§5), for PKCE, HTTP Basic credentials and random tokens.
public enum Base64 {
    private static let standard = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let url = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// The standard alphabet, padded with `=`.
    public static func encode(_ b: [UInt8]) -> String { encode(b, alphabet: standard, pad: true) }

    /// The URL- and file-name-safe alphabet (`-`, `_`) without padding, as PKCE and JWTs use it.
    public static func encodeURL(_ b: [UInt8]) -> String { encode(b, alphabet: url, pad: false) }

    /// Decodes either alphabet (they may even be mixed); padding is optional but, when present,
    /// must complete the last group. Nil for any other character or an impossible length.
    public static func decode(_ s: String) -> [UInt8]? {
        var chars = Array(s.utf8)
        var padding = 0
        while chars.last == UInt8(ascii: "=") {
            chars.removeLast()
            padding += 1
        }
        guard chars.count % 4 != 1, padding <= 2, padding == 0 || (chars.count + padding) % 4 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count * 3 / 4)
        var buffer: UInt32 = 0
        var bits = 0
        for c in chars {
            let v = values[Int(c)]
            guard v != 255 else { return nil }
            buffer = buffer << 6 | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        return out
    }

    /// Each character of either alphabet to its six bits; 255 for any other byte.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 255, count: 256)
        for alphabet in [standard, url] {
            for (i, c) in alphabet.enumerated() { table[Int(c)] = UInt8(i) }
        }
        return table
    }()

    private static func encode(_ b: [UInt8], alphabet: [UInt8], pad: Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((b.count + 2) / 3 * 4)
        var i = 0
        while i < b.count {
            let n = min(3, b.count - i)
            let chunk = UInt32(b[i]) << 16 | (n > 1 ? UInt32(b[i + 1]) << 8 : 0) | (n > 2 ? UInt32(b[i + 2]) : 0)
            for j in 0...n { out.append(alphabet[Int(chunk >> UInt32(18 - 6 * j)) & 63]) }
            if pad { out += Array(repeating: UInt8(ascii: "="), count: 3 - n) }
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
