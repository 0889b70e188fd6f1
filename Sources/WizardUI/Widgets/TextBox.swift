/// One line of editable text in a box: the value scrolled so the caret stays in view, `…` where
/// it is cut, a secret masked one glyph per character, a selected value in the theme's selection
/// style, and the terminal's cursor at the caret when focused.
enum TextBox {
    static func drawLine(_ b: inout Buffer, _ text: String, caret: Int, masked: Bool, x: Int, y: Int, width w: Int,
                         style: CellStyle, focused: Bool, selected: Bool = false, theme t: Theme) {
        let value = masked ? String(repeating: t.glyphs.mask, count: text.count) : text
        let chars = Array(value)
        let caret = min(max(0, caret), chars.count)
        let inner = w - 2
        let caretWidth = TextWidth.of(String(chars[0..<caret]))
        var start = 0
        if caretWidth >= inner {
            var width = 0
            start = caret
            while start > 0, width + TextWidth.of(chars[start - 1]) < inner { start -= 1; width += TextWidth.of(chars[start]) }
        }
        let shown = String(chars[start...])
        b.put(shown, x: x + 1, y: y, style: selected && !shown.isEmpty ? t.textSelected : style, maxWidth: inner)
        if start > 0 { b.put("…", x: x, y: y, style: style) }
        if TextWidth.of(shown) > inner { b.put("…", x: x + w - 1, y: y, style: style) }
        if focused { b.cursor = (x + 1 + TextWidth.of(String(chars[start..<caret])), y) }
    }
}
