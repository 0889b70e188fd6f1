import Synchronization
import ConnectorKit

/// Draws one row of a field: its label and its input (text box, masked secret, choice,
/// checkbox, colour with swatch, read-only value), and places the caret of a focused text field.
enum FieldRenderer {
    static func draw(_ b: inout Buffer, _ s: WizardState, _ spec: FieldSpec, part: Int, y: Int, focused: Bool,
                     inputWidth: Int, theme t: Theme) {
        let x = FormLayout.inputX
        let labelStyle = focused ? t.labelFocused : t.label
        let hasError = s.showsError(at: spec.id)
        if part == 0 {
            if focused { b.put(t.glyphs.focusMarker, x: FormLayout.labelX - 1, y: y, style: t.labelFocused) }
            if spec.kind != .checkbox {
                b.put(TextWidth.truncate(spec.label, to: FormLayout.labelWidth - 1), x: FormLayout.labelX, y: y,
                      style: hasError ? t.errorText : labelStyle)
            }
        }
        var boxStyle = focused ? t.inputFocused : t.input
        let w = boxWidth(spec, part: part, inputWidth: inputWidth)
        if w < inputWidth { b.put("→ " + spec.note, x: x + w + 2, y: y, style: t.note) }
        switch spec.kind {
        case .checkbox:
            let on = s.draft.value(of: spec.id) == "true"
            let glyph = on ? t.glyphs.checkboxOn : t.glyphs.checkboxOff
            let style = focused ? t.labelFocused.with(.underline) : t.label
            let used = b.put(glyph, x: FormLayout.labelX, y: y, style: style)
            b.put(" " + spec.label, x: FormLayout.labelX + used, y: y, style: focused ? t.labelFocused : t.label,
                  maxWidth: b.width - FormLayout.labelX - used - 2)
        case .choice:
            b.fill(x: x, y: y, width: w, height: 1, style: boxStyle)
            let label = s.displayValue(spec)
            if focused {
                b.put(t.glyphs.choiceLeft, x: x, y: y, style: boxStyle)
                b.put(label, x: x + 2, y: y, style: boxStyle.with(.bold), maxWidth: w - 5)
                b.put(t.glyphs.choiceRight, x: x + w - 3, y: y, style: boxStyle)
            } else {
                b.put(label, x: x + 2, y: y, style: boxStyle, maxWidth: w - 5)
            }
            b.put(t.glyphs.dropdown, x: x + w - 1, y: y, style: boxStyle)
        case .readOnly:
            let place = FormLayout.readOnly(spec, value: s.displayValue(spec), inputWidth: w, screenWidth: b.width)
            if place.below, part == 0 {
                b.put(FormLayout.belowNote, x: x + 1, y: y, style: t.note, maxWidth: b.width - x - 2)
                return
            }
            let line = part - (place.below ? 1 : 0)
            guard line < place.lines.count else { return }
            let notYet = spec.id == .redirectUrl && s.draft.redirect.url == nil
            let style = notYet ? CellStyle(fg: t.muted, bg: t.readOnly) : t.readOnlyValue
            b.fill(x: place.x, y: y, width: place.width, height: 1, style: style)
            b.put(place.lines[line], x: place.x + 1, y: y, style: style, maxWidth: place.width - 2)
        case .color:
            let fieldWidth = min(w, 12)
            drawText(&b, s, spec, x: x, y: y, width: fieldWidth, part: 0, focused: focused, style: &boxStyle, theme: t)
            // The swatch is the connector's own colour; without colour there is nothing to show.
            if !t.isMonochrome, let rgb = RGB(hex: s.draft.general.iconBrandColor) {
                b.put(t.glyphs.swatch, x: x + fieldWidth + 1, y: y, style: CellStyle(fg: .rgb(rgb), bg: t.background))
            }
        case .text, .secret, .file, .multiline:
            drawText(&b, s, spec, x: x, y: y, width: w, part: part, focused: focused, style: &boxStyle, theme: t)
        }
    }

    /// The width of the field's box on row `part`: the input's, less the note beside it on the
    /// first row.
    static func boxWidth(_ spec: FieldSpec, part: Int, inputWidth: Int) -> Int {
        spec.note.isEmpty || part != 0 ? inputWidth : inputWidth - TextWidth.of(spec.note) - 3
    }

    /// A text field's value, its length in characters and its caret (at the end where none is
    /// kept), as its box draws them.
    static func textAndCaret(_ s: WizardState, _ field: FieldID) -> (text: String, count: Int, caret: Int) {
        let text = s.draft.value(of: field)
        let count = TextBox.printableASCIICount(text) ?? text.count
        return (text, count, min(s.caret[field] ?? count, count))
    }

    /// A text box: value (or placeholder), scrolled so the caret stays in view; secrets masked,
    /// one glyph per character; Description over several rows.
    static func drawText(_ b: inout Buffer, _ s: WizardState, _ spec: FieldSpec, x: Int, y: Int, width w: Int, part: Int,
                         focused: Bool, style: inout CellStyle, theme t: Theme) {
        b.fill(x: x, y: y, width: w, height: 1, style: style)
        let (text, count, caret) = textAndCaret(s, spec.id)
        let value = spec.kind == .secret ? String(repeating: t.glyphs.mask, count: count) : text
        if value.isEmpty {
            if part == 0, !spec.placeholder.isEmpty {
                // Faint as well as muted, so it reads as a hint even without colour.
                b.put(spec.placeholder, x: x + 1, y: y, style: CellStyle(fg: t.muted, bg: style.bg, attrs: style.attrs.union(.dim)),
                      maxWidth: w - 2)
            }
            if focused, part == 0 { b.cursor = (x + 1, y) }
            return
        }
        if case .multiline(let rows) = spec.kind {
            let row = MultilineLayout.row(value, caret: caret, focused: focused, width: w, rows: rows, part: part)
            b.put(row.text, x: x + 1, y: y, style: style, maxWidth: w - 2)
            if let col = row.caretColumn { b.cursor = (x + 1 + col, y) }
            if row.cutAbove { b.put("…", x: x, y: y, style: style) }
            if row.cutBelow { b.put("…", x: x + w - 1, y: y, style: style) }
            return
        }
        // One line: show the part that holds the caret.
        TextBox.drawLine(&b, text, caret: caret, masked: spec.kind == .secret, x: x, y: y, width: w,
                         style: style, focused: focused, selected: focused && s.selectedField == spec.id, theme: t)
    }
}

/// Description's text broken into display lines (at line breaks, and between words at the
/// box's width), with the caret's row and column.
enum MultilineLayout {
    typealias Layout = (lines: [String], row: Int, col: Int)

    /// What one row of a box of `rows` rows and `width` cells shows of a non-empty text.
    struct Row: Equatable {
        var text: String
        /// The caret's column in the text, when it stands on this row.
        var caretColumn: Int?
        /// `…` at the first row's start: text cut off above.
        var cutAbove: Bool
        /// `…` at the last row's end: text cut off below.
        var cutBelow: Bool
    }

    /// Row `part` of the box: focused, the rows around the caret; otherwise the text from its
    /// start.
    static func row(_ text: String, caret: Int, focused: Bool, width: Int, rows: Int, part: Int) -> Row {
        let (lines, caretRow, caretCol) = lines(text, caret: focused ? caret : 0, width: width - 2)
        let top = focused ? max(0, min(caretRow - rows + 1, lines.count - rows)) : 0
        let row = top + part
        return Row(text: row < lines.count ? lines[row] : "", caretColumn: focused && row == caretRow ? caretCol : nil,
                   cutAbove: part == 0 && top > 0, cutBelow: part == rows - 1 && lines.count > top + rows)
    }

    static func lines(_ text: String, caret: Int, width: Int) -> Layout {
        // Each of the field's rows asks in turn, with the same text.
        if let known = last.withLock({ $0.flatMap { $0.text == text && $0.caret == caret && $0.width == width ? $0.layout : nil } }) {
            return known
        }
        let layout = asciiLines(text, caret: caret, width: width) ?? characterLines(text, caret: caret, width: width)
        last.withLock { $0 = (text, caret, width, layout) }
        return layout
    }

    private static let last = Mutex<(text: String, caret: Int, width: Int, layout: Layout)?>(nil)

    /// Any text, a character at a time.
    static func characterLines(_ text: String, caret: Int, width: Int) -> Layout {
        let width = max(1, width)
        let chars = Array(text)
        let ranges = Wrap.ranges(chars, width: { _ in width })
        let (row, line) = caretLine(ranges, caret: caret)
        let col = TextWidth.of(String(characters: chars[line.lowerBound..<max(line.lowerBound, min(caret, line.upperBound))]))
        return withCaretRoom(ranges.map { String(characters: chars[$0.range]) }, row: row, col: col, width: width)
    }

    /// Text of printable ASCII and line breaks, a byte a character of one cell: the same lines
    /// as `characterLines`; nil for any other text.
    static func asciiLines(_ text: String, caret: Int, width: Int) -> Layout? {
        let width = max(1, width)
        guard let ranges = Wrap.ranges(ascii: text, width: width) else { return nil }
        let bytes = Array(text.utf8)
        let (row, line) = caretLine(ranges, caret: caret)
        let col = max(line.lowerBound, min(caret, line.upperBound)) - line.lowerBound
        return withCaretRoom(ranges.map { String(decoding: bytes[$0.range], as: UTF8.self) }, row: row, col: col, width: width)
    }

    /// The caret's line: the last line starting at or before it (a caret on the space or line
    /// break a line ends with stands at that line's end).
    private static func caretLine(_ ranges: [Wrap.Line], caret: Int) -> (Int, Wrap.Line) {
        var row = 0
        for (i, r) in ranges.enumerated() where r.lowerBound <= caret { row = i }
        return (row, ranges[row])
    }

    /// A caret past a full line gets a line of its own.
    private static func withCaretRoom(_ lines: [String], row: Int, col: Int, width: Int) -> Layout {
        guard col >= width else { return (lines, row, col) }
        var out = lines
        out.insert("", at: row + 1)
        return (out, row + 1, 0)
    }
}
