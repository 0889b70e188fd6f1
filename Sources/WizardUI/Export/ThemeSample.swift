import ConnectorKit

/// A few cells of the wizard in a theme, as text with colour escapes (24-bit where the terminal
/// says it has them, else the nearest of 256).
public enum ThemeSample {
    public static func buffer(_ t: Theme) -> Buffer {
        var b = Buffer(width: 60, height: 3, fill: t.page)
        b.fill(x: 0, y: 0, width: 60, height: 1, style: t.header)
        b.put(" Contoso Invoicing · Create connector \(t.glyphs.dirty)", x: 0, y: 0, style: t.header)
        b.put("\(t.glyphs.focusMarker)Host", x: 0, y: 1, style: t.labelFocused)
        b.fill(x: 14, y: 1, width: 22, height: 1, style: t.inputFocused)
        b.put("api.contoso.com", x: 15, y: 1, style: t.inputFocused)
        b.put("\(t.glyphs.checkboxOn) Gateway", x: 38, y: 1, style: t.label)
        b.put(" Scheme", x: 0, y: 2, style: t.label)
        b.fill(x: 14, y: 2, width: 22, height: 1, style: t.input)
        b.put("HTTPS", x: 16, y: 2, style: t.input)
        b.put("\(t.glyphs.error) Host is required.", x: 38, y: 2, style: t.errorText)
        return b
    }

    /// The sample's lines: plain text without `color`, else with SGR escapes, 24-bit with
    /// `direct` (COLORTERM=truecolor), else the nearest of the 256-colour palette.
    public static func lines(_ t: Theme, color: Bool, direct: Bool) -> [String] {
        let b = buffer(t)
        guard color else { return b.lines }
        return (0..<b.height).map { y in
            var line = ""
            var last: CellStyle?
            for x in 0..<b.width where !b[x, y].isContinuation {
                let style = b[x, y].style
                if style != last {
                    line += sgr(style, direct: direct)
                    last = style
                }
                line += Neutralised.text(b[x, y].text, keepingLines: false)
            }
            return line + "\u{1B}[0m"
        }
    }

    public static func sgr(_ s: CellStyle, direct: Bool) -> String {
        var codes = ["0"]
        if s.attrs.contains(.bold) { codes.append("1") }
        if s.attrs.contains(.dim) { codes.append("2") }
        if s.attrs.contains(.underline) { codes.append("4") }
        if s.attrs.contains(.reverse) { codes.append("7") }
        func color(_ c: TermColor, _ base: Int) -> String? {
            switch c {
            case .terminalDefault: return nil
            case .ansi(let n): return n < 8 ? "\(base + Int(n))" : "\(base + 60 + Int(n) - 8)"
            case .rgb(let rgb):
                return direct ? "\(base + 8);2;\(rgb.r);\(rgb.g);\(rgb.b)" : "\(base + 8);5;\(Palette.nearest256(rgb))"
            }
        }
        if let f = color(s.fg, 30) { codes.append(f) }
        if let b = color(s.bg, 40) { codes.append(b) }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }
}
