/// The one neutraliser for text that came from a file or a server on its way to a terminal:
/// control characters (C0 but the line break, DEL, C1, and so ESC and every escape sequence)
/// become spaces, so a connector's title cannot set the window title, write the clipboard or
/// clear the screen.
public enum Neutralised {
    public static func isControl(_ u: Unicode.Scalar) -> Bool {
        (u.value < 0x20 && u != "\n") || (0x7F...0x9F).contains(u.value)
    }

    /// `text` with each control character (a line break too, unless `keepingLines`) a space.
    public static func text(_ text: String, keepingLines: Bool = true) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0) || (!keepingLines && $0 == "\n") }) else { return text }
        var out = String.UnicodeScalarView()
        for u in text.unicodeScalars {
            out.append(isControl(u) || (!keepingLines && u == "\n") ? " " : u)
        }
        return String(out)
    }
}
