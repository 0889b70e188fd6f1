import ConnectorKit

/// Draws the wizard's state into a buffer of cells: a pure function, so every screen can be
/// asserted in-process.
public enum Renderer {
    public static let minimumWidth = 60
    public static let minimumHeight = 16

    public static func render(_ s: WizardState, theme: Theme = .default) -> Buffer {
        var b = Buffer(width: s.width, height: s.height, fill: theme.page)
        guard s.width >= minimumWidth, s.height >= minimumHeight else {
            drawTooSmall(&b, s, theme)
            return b
        }
        drawHeader(&b, s, theme)
        drawTabs(&b, s, theme)
        drawForm(&b, s, theme)
        drawStatus(&b, s, theme)
        drawHints(&b, s, theme)
        if let p = s.popup { drawPopup(&b, s, p, theme) }
        if let d = s.dialog { DialogRenderer.draw(&b, s, d, theme) }
        return b
    }

    static func drawTooSmall(_ b: inout Buffer, _ s: WizardState, _ t: Theme) {
        let msg = "The terminal is \(s.width)×\(s.height). connector-wizard needs at least \(minimumWidth)×\(minimumHeight): enlarge the window. (^Q quits)"
        let lines = Wrap.lines(msg, width: max(1, s.width - 2))
        let top = max(0, (s.height - lines.count) / 2)
        for (i, line) in lines.enumerated() where top + i < s.height {
            let x = max(0, (s.width - TextWidth.of(line)) / 2)
            b.put(line, x: x, y: top + i, style: t.heading)
        }
    }

    static func drawHeader(_ b: inout Buffer, _ s: WizardState, _ t: Theme) {
        b.fill(x: 0, y: 0, width: b.width, height: 1, style: t.header)
        let title = s.draft.general.title.isEmpty ? "New connector" : s.draft.general.title
        let mode = s.document.isNew ? "Create connector" : "Update connector"
        // A long title gives way before the mode does.
        var left = " \(TextWidth.truncate(title, to: max(10, b.width - 24))) · \(mode)"
        if s.isDirty { left += " \(t.glyphs.dirty)" }
        let folder = s.saveFolder
        // The title and the mode come first; the folder gets the room that is left, cut at its
        // start (its end names the connector).
        let leftText = TextWidth.truncate(left, to: max(10, b.width - 2))
        let used = b.put(leftText, x: 0, y: 0, style: t.header)
        let room = b.width - used - 3
        guard !folder.isEmpty, room >= 4 else { return }
        var right = folder
        if TextWidth.of(right) > room {
            right = "…" + String(right.reversed().prefix(room - 1).reversed())
            while TextWidth.of(right) > room { right = "…" + String(right.dropFirst(2)) }
        }
        var st = t.header
        st.attrs.remove(.bold)
        b.put(right, x: b.width - TextWidth.of(right) - 1, y: 0, style: st)
    }

    static func drawTabs(_ b: inout Buffer, _ s: WizardState, _ t: Theme) {
        var x = 1
        for tab in WizardTab.allCases {
            let errors = s.showAllFindings
                ? s.diagnostics.filter { $0.severity == .error && ConnectorDraft.tab(of: $0.field) == tab }.count : 0
            let active = tab == s.tab
            x += b.put(" \(tab.title) ", x: x, y: 1, style: active ? t.tabActive : t.tabInactive)
            if errors > 0 { x += b.put("\(t.glyphs.error)\(errors)", x: x, y: 1, style: t.errorText) }
            x += 2
        }
        b.fill(x: 0, y: 2, width: b.width, height: 1, style: t.rule, char: t.glyphs.rule)
    }

    static func drawForm(_ b: inout Buffer, _ s: WizardState, _ t: Theme) {
        let layout = FormLayout(state: s, tab: s.tab, width: s.width)
        let top = 3
        let h = s.formViewportHeight
        let scroll = s.scroll[s.tab] ?? 0
        let focused = s.focused
        for (i, row) in layout.rows.enumerated().dropFirst(scroll).prefix(h) {
            let y = top + i - scroll
            switch row {
            case .blank: break
            case .heading(let text): b.put(text, x: 1, y: y, style: t.heading, maxWidth: b.width - 2)
            case .note(let text): b.put(text, x: FormLayout.labelX, y: y, style: t.note, maxWidth: b.width - 3)
            case .finding(_, let severity, let text, let first):
                let glyph = severity == .error ? t.glyphs.error : t.glyphs.warning
                let style = severity == .error ? t.errorText : t.warningText
                let x = FormLayout.inputX
                if first { b.put(glyph, x: x, y: y, style: style) }
                b.put(text, x: x + 2, y: y, style: style, maxWidth: b.width - x - 3)
            case .field(let spec, let part):
                FieldRenderer.draw(&b, s, spec, part: part, y: y, focused: spec.id == focused,
                                   inputWidth: layout.inputWidth, theme: t)
            }
        }
        if s.tab == .test { drawPromptPreview(&b, s, top: top + layout.rows.count, theme: t) }
        // Scroll marks.
        if scroll > 0 { b.put("↑", x: b.width - 2, y: top, style: t.note) }
        if layout.rows.count - scroll > h { b.put("↓", x: b.width - 2, y: top + h - 1, style: t.note) }
    }

    /// Tab 3: the connection prompt built from the connector's files with the form applied, so
    /// it shows what end users would meet if the connector were saved now.
    static func drawPromptPreview(_ b: inout Buffer, _ s: WizardState, top: Int, theme t: Theme) {
        let height = b.height - 2 - top
        guard height >= 5 else { return }
        var doc = s.document
        ConnectorWriter.apply(s.draft, to: &doc)
        let prompt = ConnectionPrompt(properties: doc.apiProperties, definition: doc.definition)
        var area = Buffer(width: b.width, height: height, fill: t.page)
        PromptRenderer.draw(&area, prompt, theme: t)
        for y in 0..<height {
            for x in 0..<b.width { b[x, top + y] = area[x, y] }
        }
    }

    static func drawStatus(_ b: inout Buffer, _ s: WizardState, _ t: Theme) {
        let y = b.height - 2
        b.fill(x: 0, y: y, width: b.width, height: 1, style: t.statusBar)
        var text = ""
        var style = t.statusBar
        if let flash = s.flash {
            text = flash.text
            style = flash.kind == .error ? t.errorText.on(t.surface) : flash.kind == .success ? t.successText.on(t.surface) : t.statusBar
        } else if let f = s.focused {
            let own = s.diagnostics.filter { $0.field == f }.sorted { $0.severity > $1.severity }
            if let d = own.first, s.showAllFindings || s.touched.contains(f) || d.severity == .warning {
                text = "\(d.severity == .error ? t.glyphs.error : t.glyphs.warning) \(d.message)"
                style = (d.severity == .error ? t.errorText : t.warningText).on(t.surface)
            } else if let spec = s.spec(of: f) {
                text = spec.help
            }
        } else if s.tab == .test {
            text = "A preview of the connection prompt; nothing to fill in here."
        }
        b.put(TextWidth.truncate(" " + text, to: b.width), x: 0, y: y, style: style)
    }

    static func drawHints(_ b: inout Buffer, _ s: WizardState, _ t: Theme) {
        let y = b.height - 1
        b.fill(x: 0, y: y, width: b.width, height: 1, style: t.statusBar)
        var hints = Keymap.hints(for: s)
        func width(_ h: [(key: String, label: String)]) -> Int {
            h.reduce(1) { $0 + TextWidth.of($1.key) + 1 + TextWidth.of($1.label) + 2 }
        }
        // Drop the least needed hints first when the bar is too narrow.
        for drop in ["Tabs", "Back", "Next", "List"] where width(hints) > b.width {
            hints.removeAll { $0.label == drop }
        }
        var x = 1
        for h in hints {
            let need = TextWidth.of(h.key) + 1 + TextWidth.of(h.label)
            if x + need > b.width { break }
            x += b.put(h.key, x: x, y: y, style: t.hintKey)
            x += 1
            x += b.put(h.label, x: x, y: y, style: t.hintText)
            x += 2
        }
    }

    static func drawPopup(_ b: inout Buffer, _ s: WizardState, _ p: ChoicePopup, _ t: Theme) {
        let layout = FormLayout(state: s, tab: s.tab, width: s.width)
        guard let span = layout.span(of: p.field) else { return }
        let scroll = s.scroll[s.tab] ?? 0
        let fieldY = 3 + span.lowerBound - scroll
        let w = min(b.width - FormLayout.inputX - 1, max(20, (p.options.map { TextWidth.of($0.label) }.max() ?? 0) + 6))
        let h = p.options.count + 2
        var y = fieldY + 1
        if y + h > b.height - 2 { y = max(3, fieldY - h) }
        let x = FormLayout.inputX
        Box.draw(&b, x: x, y: y, width: w, height: min(h, b.height - y - 2), border: t.dialogBorder, fill: t.dialog)
        for (i, option) in p.options.enumerated() where y + 1 + i < min(y + h - 1, b.height - 2) {
            let selected = i == p.selected
            let style = selected ? t.buttonFocused : t.dialog
            b.fill(x: x + 1, y: y + 1 + i, width: w - 2, height: 1, style: style)
            b.put((selected ? t.glyphs.focusMarker : " ") + " " + option.label, x: x + 1, y: y + 1 + i, style: style,
                  maxWidth: w - 2)
        }
    }
}

/// A bordered box.
enum Box {
    static func draw(_ b: inout Buffer, x: Int, y: Int, width w: Int, height h: Int, border: CellStyle, fill: CellStyle,
                     title: String? = nil, titleStyle: CellStyle? = nil) {
        guard w >= 2, h >= 2 else { return }
        b.fill(x: x, y: y, width: w, height: h, style: fill)
        b.put("╭" + String(repeating: "─", count: w - 2) + "╮", x: x, y: y, style: border)
        for yy in (y + 1)..<(y + h - 1) {
            b.put("│", x: x, y: yy, style: border)
            b.put("│", x: x + w - 1, y: yy, style: border)
        }
        b.put("╰" + String(repeating: "─", count: w - 2) + "╯", x: x, y: y + h - 1, style: border)
        if let title {
            b.put(" \(title) ", x: x + 2, y: y, style: titleStyle ?? border, maxWidth: w - 4)
        }
    }
}
