/// Makes the per-connector redirect URL of §3:
/// `https://global.consent.azure-apim.net/redirect/` + the encoded API name
/// `<prefix>_<title>_<id>`, where every UTF-8 byte outside `[a-z0-9]` becomes `-` and two
/// lowercase hex digits.
public enum RedirectURLMaker {
    public static func apiName(prefix: String, title: String, id: String) -> String {
        "\(prefix)_\(title.lowercased())_\(id)"
    }

    public static func encode(_ apiName: String) -> String {
        var out = ""
        out.reserveCapacity(apiName.utf8.count * 2)
        let hex = Array("0123456789abcdef")
        for b in apiName.utf8 {
            if (0x61...0x7A).contains(b) || (0x30...0x39).contains(b) {
                out.unicodeScalars.append(Unicode.Scalar(b))
            } else {
                out.append("-")
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0xF)])
            }
        }
        return out
    }

    public static func url(prefix: String, title: String, id: String) -> String {
        "\(RedirectURL.platformBase)/\(encode(apiName(prefix: prefix, title: title, id: id)))"
    }

    /// 16 random lowercase hex digits.
    public static func randomID<G: RandomNumberGenerator>(using g: inout G) -> String {
        let hex = Array("0123456789abcdef")
        return String((0..<16).map { _ in hex[Int.random(in: 0..<16, using: &g)] })
    }

    public static func randomID() -> String {
        var g = SystemRandomNumberGenerator()
        return randomID(using: &g)
    }
}
