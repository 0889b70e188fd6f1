/// One line of editable text in a box: the value scrolled so the caret stays in view, `…` where
/// it is cut, a secret masked one glyph per character, a selected value in the theme's selection
/// style, and the terminal's cursor at the caret when focused.
enum TextBox {
    static func drawLine(_ b: inout Buffer, _ text: String, caret: Int, masked: Bool, x: Int, y: Int, width w: Int,
                         style: CellStyle, focused: Bool, selected: Bool = false, theme t: Theme) {
        if !masked, let count = printableASCIICount(text) {
            drawASCIILine(&b, text, count: count, caret: caret, x: x, y: y, width: w, style: style, focused: focused,
                          selected: selected, theme: t)
        } else {
            drawCharacterLine(&b, text, caret: caret, masked: masked, x: x, y: y, width: w, style: style, focused: focused,
                              selected: selected, theme: t)
        }
    }

    /// `drawLine` for text of `count` printable ASCII characters: a character a byte and a cell,
    /// so the same cells are found in bytes.
    static func drawASCIILine(_ b: inout Buffer, _ text: String, count: Int, caret: Int, x: Int, y: Int, width w: Int,
                              style: CellStyle, focused: Bool, selected: Bool, theme t: Theme) {
        let inner = w - 2
        let caret = min(max(0, caret), count)
        var start = 0
        if caret >= inner {
            start = caret
            while start > 0, caret - start + 1 < inner { start -= 1 }
        }
        let shown = start == 0 ? text : String(decoding: text.utf8.dropFirst(start), as: UTF8.self)
        b.put(shown, x: x + 1, y: y, style: selected && count > start ? t.textSelected : style, maxWidth: inner)
        if start > 0 { b.put("…", x: x, y: y, style: style) }
        if count - start > inner { b.put("…", x: x + w - 1, y: y, style: style) }
        if focused { b.cursor = (x + 1 + caret - start, y) }
    }

    /// `drawLine` for any text, a character at a time.
    static func drawCharacterLine(_ b: inout Buffer, _ text: String, caret: Int, masked: Bool, x: Int, y: Int, width w: Int,
                                  style: CellStyle, focused: Bool, selected: Bool, theme t: Theme) {
        let value = masked ? String(repeating: t.glyphs.mask, count: text.count) : text
        let inner = w - 2
        // Worked in the string's own indices: a String made from an array of Characters goes
        // through the standard library's unspecialized generic code.
        let caretIndex = value.index(value.startIndex, offsetBy: min(max(0, caret), value.count))
        var start = value.startIndex
        if TextWidth.of(value[..<caretIndex]) >= inner {
            var width = 0
            start = caretIndex
            while start > value.startIndex {
                let before = value.index(before: start)
                let cells = TextWidth.of(value[before])
                guard width + cells < inner else { break }
                start = before
                width += cells
            }
        }
        let shown = String(value[start...])
        b.put(shown, x: x + 1, y: y, style: selected && !shown.isEmpty ? t.textSelected : style, maxWidth: inner)
        if start > value.startIndex { b.put("…", x: x, y: y, style: style) }
        if TextWidth.of(shown) > inner { b.put("…", x: x + w - 1, y: y, style: style) }
        if focused { b.cursor = (x + 1 + TextWidth.of(value[start..<caretIndex]), y) }
    }

    /// The characters of text made only of printable ASCII (its bytes), else nil.
    static func printableASCIICount(_ text: String) -> Int? {
        var n = 0
        for b in text.utf8 {
            guard b >= 0x20, b < 0x7F else { return nil }
            n += 1
        }
        return n
    }
}
