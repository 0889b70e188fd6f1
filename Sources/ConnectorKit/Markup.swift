/// Text for XML and HTML (the SVG pictures, the browser's sign-in page): markup characters as
/// entities; characters XML cannot hold as U+FFFD.
public enum Markup {
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for s in text.unicodeScalars {
            switch s {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                let v = s.value
                let allowed = v == 0x9 || v == 0xA || v == 0xD || (0x20...0xD7FF).contains(v)
                    || (0xE000...0xFFFD).contains(v) || v >= 0x10000
                out.unicodeScalars.append(allowed ? s : "\u{FFFD}")
            }
        }
        return out
    }
}
