import ConnectorKit

/// What makes the prompt interactive: the focus, carets, the selected box, the fields marked
/// missing, and a note after `Sign in` (signed in, failed).
public struct PromptInteraction: Sendable {
    public var focus: ConnectFocus
    public var caret: [String: Int]
    /// The box whose whole value is selected (Tab into a filled box).
    public var selected: ConnectFocus?
    public var missing: Set<String>
    public var signInNote: (text: String, kind: WizardState.Flash.Kind)?

    public init(focus: ConnectFocus, caret: [String: Int] = [:], selected: ConnectFocus? = nil, missing: Set<String> = [],
                signInNote: (text: String, kind: WizardState.Flash.Kind)? = nil) {
        self.focus = focus
        self.caret = caret
        self.selected = selected
        self.missing = missing
        self.signInNote = signInNote
    }
}

/// Draws the end user's connection prompt (§5) into a buffer: a centred dialog titled with the
/// connector's title and a swatch in its icon colour, one field after another (label, input box,
/// description), `Sign in` for OAuth, and `Create` / `Cancel` at the bottom. Static: nothing has
/// the focus; the primary button (`Sign in`, else `Create`) is drawn as the default one.
public enum PromptRenderer {
    /// The dialog's widest width; narrower screens get a narrower dialog.
    public static let maxDialogWidth = 66
    /// Description lines shown under a field before they are cut with `…`.
    public static let maxDescriptionLines = 2

    /// One row of the dialog's body.
    enum Row {
        case blank(spacer: Bool)
        case label(ConnectionPrompt.Field)
        case input(ConnectionPrompt.Field)
        case note(String)
        case signIn(ConnectionPrompt.SignIn)
        case more(Int)

        /// The row that shows `focus`: a field's box, or the `Sign in` button.
        func holds(_ focus: ConnectFocus) -> Bool {
            switch (self, focus) {
            case (.input(let f), .field(let name)): return f.name == name
            case (.signIn, .signIn): return true
            default: return false
            }
        }

        var isSpacer: Bool {
            if case .blank(true) = self { return true }
            return false
        }
    }

    /// `values` are what the end user typed, by parameter name: a secure one is shown masked.
    public static func render(_ prompt: ConnectionPrompt, width: Int, height: Int, theme t: Theme = .default,
                              values: [String: String] = [:]) -> Buffer {
        var b = Buffer(width: width, height: height, fill: CellStyle(fg: t.text, bg: t.surface))
        draw(&b, prompt, theme: t, values: values)
        return b
    }

    public static func draw(_ b: inout Buffer, _ prompt: ConnectionPrompt, theme t: Theme, values: [String: String] = [:],
                            interaction: PromptInteraction? = nil) {
        let w = min(maxDialogWidth, b.width - 2)
        guard w >= 12, b.height >= 5 else {
            // Too small for a dialog: the title alone.
            b.put(TextWidth.truncate(prompt.title, to: b.width), x: 0, y: 0, style: t.heading)
            return
        }
        let inner = w - 6
        var rows = bodyRows(prompt, inner: inner)
        // Border (2) + blank above the buttons (1) + the buttons (1); one row of margin above and below.
        let maxRows = max(1, b.height - 2 - 4)
        if rows.count > maxRows { rows.removeAll { $0.isSpacer } }
        var cutAbove = false, cutBelow = false
        if rows.count > maxRows, let interaction {
            // Interactive: a window of rows that keeps the focused field (with its label) in view.
            let at = rows.firstIndex { $0.holds(interaction.focus) } ?? rows.count - 1
            let start = max(0, min(at - maxRows / 2, rows.count - maxRows))
            cutAbove = start > 0
            cutBelow = start + maxRows < rows.count
            rows = Array(rows[start..<(start + maxRows)])
        } else if rows.count > maxRows {
            let signIn = rows.last.flatMap { if case .signIn = $0 { return $0 } else { return nil } }
            let keep = max(0, maxRows - 1 - (signIn == nil ? 0 : 1))
            rows = Array(rows.prefix(keep))
            // A label without its box is of no use.
            if case .label? = rows.last { rows.removeLast() }
            let shown = rows.filter { if case .input = $0 { return true } else { return false } }.count
            rows.append(.more(prompt.fields.count - shown))
            if let signIn { rows.append(signIn) }
        }
        let h = rows.count + 4
        let x = (b.width - w) / 2
        let y = max(0, (b.height - h) / 2)
        let page = t.page
        let border = CellStyle(fg: t.primary, bg: t.background)
        Box.draw(&b, x: x, y: y, width: w, height: h, border: border, fill: page)
        drawTitle(&b, prompt, x: x, y: y, width: w, theme: t)
        let cx = x + 3
        for (i, row) in rows.enumerated() {
            draw(&b, row, x: cx, y: y + 1 + i, width: inner, theme: t, values: values, interaction: interaction)
        }
        if cutAbove { b.put("↑", x: x + w - 2, y: y + 1, style: border) }
        if cutBelow { b.put("↓", x: x + w - 2, y: y + h - 4, style: border) }
        let focus: Int? = interaction.map { ia in ia.focus == .create ? 0 : ia.focus == .cancel ? 1 : -1 }
        drawButtons(&b, prompt, right: x + w - 3, y: y + h - 2, focused: focus ?? (prompt.signIn == nil ? 0 : -1), theme: t)
    }

    /// ` ██ Title ` on the top border, the swatch in the connector's icon colour.
    static func drawTitle(_ b: inout Buffer, _ prompt: ConnectionPrompt, x: Int, y: Int, width w: Int, theme t: Theme) {
        let titleStyle = CellStyle(fg: t.primary, bg: t.background, attrs: .bold)
        var tx = x + 2
        tx += b.put(" ", x: tx, y: y, style: titleStyle)
        if let hex = prompt.iconBrandColor, let rgb = RGB(hex: hex), !t.isMonochrome {
            tx += b.put(t.glyphs.swatch, x: tx, y: y, style: CellStyle(fg: .rgb(rgb), bg: t.background))
            tx += b.put(" ", x: tx, y: y, style: titleStyle)
        }
        let room = x + w - 3 - tx
        tx += b.put(TextWidth.truncate(prompt.title, to: room - 1), x: tx, y: y, style: titleStyle)
        b.put(" ", x: tx, y: y, style: titleStyle)
    }

    static func bodyRows(_ prompt: ConnectionPrompt, inner: Int) -> [Row] {
        var rows: [Row] = [.blank(spacer: true)]
        for f in prompt.fields {
            if f.kind != .checkbox { rows.append(.label(f)) }
            rows.append(.input(f))
            if !f.description.isEmpty {
                var lines = Wrap.lines(f.description, width: inner)
                if lines.count > maxDescriptionLines {
                    let rest = lines[(maxDescriptionLines - 1)...].joined(separator: " ")
                    lines = Array(lines.prefix(maxDescriptionLines - 1)) + [TextWidth.truncate(rest, to: inner)]
                }
                rows += lines.map { .note($0) }
            }
            rows.append(.blank(spacer: true))
        }
        if let signIn = prompt.signIn { rows.append(.signIn(signIn)) }
        while rows.count > 1, rows.last?.isSpacer == true { rows.removeLast() }
        return rows
    }

    static func draw(_ b: inout Buffer, _ row: Row, x: Int, y: Int, width w: Int, theme t: Theme,
                     values: [String: String], interaction ia: PromptInteraction? = nil) {
        let muted = t.note
        switch row {
        case .blank:
            break
        case .label(let f):
            let star = f.required ? " *" : ""
            let focused = ia?.focus == .field(f.name)
            let missing = ia?.missing.contains(f.name) == true
            let style = missing ? t.errorText : focused ? t.labelFocused : t.label.with(.bold)
            if focused { b.put(t.glyphs.focusMarker, x: x - 2, y: y, style: t.labelFocused) }
            let used = b.put(TextWidth.truncate(f.label, to: w - TextWidth.of(star)), x: x, y: y, style: style)
            if f.required { b.put(star, x: x + used, y: y, style: CellStyle(fg: t.error, bg: t.background, attrs: .bold)) }
        case .input(let f):
            drawInput(&b, f, x: x, y: y, width: w, theme: t, value: values[f.name], interaction: ia)
        case .note(let text):
            b.put(text, x: x, y: y, style: muted, maxWidth: w)
        case .signIn(let s):
            let focused = ia.map { $0.focus == .signIn } ?? true
            if ia?.focus == .signIn { b.put(t.glyphs.focusMarker, x: x - 2, y: y, style: t.labelFocused) }
            let used = b.put(" \(s.label) ", x: x, y: y, style: focused ? t.buttonFocused : t.button)
            if let note = ia?.signInNote {
                let style = note.kind == .error ? t.errorText : note.kind == .success ? t.successText : muted
                b.put(TextWidth.truncate(" " + note.text, to: w - used), x: x + used, y: y, style: style)
            } else {
                b.put(TextWidth.truncate(" with \(s.providerName)", to: w - used), x: x + used, y: y, style: muted)
            }
        case .more(let n):
            let text = n > 0 ? "… \(n) more field\(n == 1 ? "" : "s") (a taller terminal shows them)" : "…"
            b.put(TextWidth.truncate(text, to: w), x: x, y: y, style: muted)
        }
    }

    static func drawInput(_ b: inout Buffer, _ f: ConnectionPrompt.Field, x: Int, y: Int, width w: Int, theme t: Theme,
                          value: String?, interaction ia: PromptInteraction? = nil) {
        let focused = ia?.focus == .field(f.name)
        let box = focused ? t.inputFocused : t.input
        let glyph = t.glyphs.dropdown
        switch f.kind {
        case .checkbox:
            let on = (value ?? f.defaultValue)?.lowercased() == "true"
            if focused { b.put(t.glyphs.focusMarker, x: x - 2, y: y, style: t.labelFocused) }
            let used = b.put((on ? t.glyphs.checkboxOn : t.glyphs.checkboxOff) + " ", x: x, y: y,
                             style: focused ? t.labelFocused.with(.underline) : t.label)
            let star = f.required ? " *" : ""
            let l = b.put(TextWidth.truncate(f.label, to: w - used - TextWidth.of(star)), x: x + used, y: y,
                          style: t.label.with(.bold))
            if f.required { b.put(star, x: x + used + l, y: y, style: CellStyle(fg: t.error, bg: t.background, attrs: .bold)) }
        case .text, .secure:
            b.fill(x: x, y: y, width: w, height: 1, style: box)
            if let ia {
                var masked = false
                if case .secure(let m) = f.kind { masked = m }
                let text = value ?? ""
                TextBox.drawLine(&b, text, caret: ia.caret[f.name] ?? text.count, masked: masked, x: x, y: y, width: w,
                                 style: box, focused: focused, selected: focused && ia.selected == ia.focus, theme: t)
                return
            }
            var shown = value ?? ""
            if case .secure(let masked) = f.kind {
                if masked { shown = String(repeating: t.glyphs.mask, count: shown.count) }
            } else if shown.isEmpty {
                shown = f.defaultValue ?? ""
            }
            b.put(TextWidth.truncate(shown, to: w - 2), x: x + 1, y: y, style: box)
        case .choice(let options):
            b.fill(x: x, y: y, width: w, height: 1, style: box)
            let chosen = value.flatMap { v in options.first { $0.id == v } } ?? f.selectedOption
            b.put(TextWidth.truncate(chosen?.label ?? "", to: w - 4), x: x + 1, y: y, style: box)
            b.put(glyph, x: x + w - 1 - TextWidth.of(glyph), y: y, style: box)
        case .gateway(let names):
            b.fill(x: x, y: y, width: w, height: 1, style: box)
            if let first = value ?? names.first {
                b.put(TextWidth.truncate(first, to: w - 4), x: x + 1, y: y, style: box)
            } else {
                b.put(TextWidth.truncate(ConnectionPrompt.noGatewayText, to: w - 4), x: x + 1, y: y, style: t.placeholder)
            }
            b.put(glyph, x: x + w - 1 - TextWidth.of(glyph), y: y, style: box)
        }
    }

    /// `Create` and `Cancel`, right-aligned, ending at `right`; `focused` is drawn as the default.
    static func drawButtons(_ b: inout Buffer, _ prompt: ConnectionPrompt, right: Int, y: Int, focused: Int, theme t: Theme) {
        Buttons.draw(&b, prompt.buttons, right: right, y: y, focused: focused, theme: t)
    }
}
