import ConnectorKit

/// Draws the wizard's state into a buffer of cells: a pure function, so every screen can be
/// asserted in-process.
public enum Renderer {
    public static let minimumWidth = 60
    public static let minimumHeight = 16

    /// A tab of the wizard on `document` as the wizard draws it at `width`×`height`, with the
    /// title a picture of it gets (`prompt --screen TAB`).
    public static func picture(of tab: WizardTab, _ document: ConnectorDocument, width: Int, height: Int,
                               theme: Theme) -> (buffer: Buffer, title: String) {
        var state = WizardState(document: document, width: width, height: height)
        _ = state.apply(.goToTab(tab))
        let title = state.draft.general.title.isEmpty ? "New connector" : state.draft.general.title
        return (render(state, theme: theme), "\(title) — connector-wizard, \(tab.title)")
    }

    public static func render(_ s: WizardState, theme: Theme = .default) -> Buffer {
        render(s, theme: theme, memo: nil)
    }

    /// The frame for `s` in the memo's theme, drawing again only the rows whose inputs differ
    /// from the frame `memo` holds (the last one drawn with it), and keeping this one there:
    /// the same cells as a frame drawn from nothing.
    public static func render(_ s: WizardState, memo: FrameMemo) -> Buffer {
        render(s, theme: memo.theme, memo: memo)
    }

    /// `memo`, if any, holds frames of `theme`.
    static func render(_ s: WizardState, theme: Theme, memo: FrameMemo?) -> Buffer {
        let overlaid = s.width < minimumWidth || s.height < minimumHeight || s.tab == .test || s.popup != nil || s.dialog != nil
        var painter = RowPainter(width: s.width, height: s.height, page: theme.page, memo: overlaid ? nil : memo)
        drawRows(&painter, s, theme)
        if overlaid {
            memo?.clear()
            drawOverlaid(&painter.buffer, s, theme)
        } else if let memo {
            painter.markSameRows()
            painter.keep(in: memo)
        }
        return painter.buffer
    }

    /// The rows every frame of a form has: header, tabs, form, status line and key hints.
    static func drawRows(_ p: inout RowPainter, _ s: WizardState, _ t: Theme) {
        guard s.width >= minimumWidth, s.height >= minimumHeight else { return }
        drawHeader(&p, s, t)
        drawTabs(&p, s, t)
        guard s.tab != .test else { return }
        drawForm(&p, s, t)
        drawStatus(&p, s, t)
        drawHints(&p, s, t)
    }

    /// What is drawn over the rows or instead of them: too small a terminal, tab 3's prompt,
    /// a popup or a dialog.
    static func drawOverlaid(_ b: inout Buffer, _ s: WizardState, _ t: Theme) {
        guard s.width >= minimumWidth, s.height >= minimumHeight else {
            drawTooSmall(&b, s, t)
            return
        }
        if s.tab == .test {
            // A prompt made before the form last changed is out of date: draw a fresh one.
            let c = s.connect.flatMap { s.connectDraft == s.draft ? $0 : nil } ?? s.freshConnect(now: 0)
            // Tab 3: the live connection prompt, with its own status line and keys.
            ConnectRenderer.drawBody(&b, c, top: 3, bottom: b.height - 2, theme: t)
            if s.flash != nil { drawStatus(&b, s, t) } else { ConnectRenderer.drawStatus(&b, c, theme: t) }
            var hints = ConnectKeymap.hints(for: c)
            // The wizard keeps its tabs on tab 3: their hint stands before the prompt's last.
            if c.overlay == nil, c.popup == nil { hints.insert(contentsOf: Binding.hints([Keymap.tabs]), at: max(0, hints.count - 1)) }
            HintBar.draw(&b, hints, theme: t, dropFirst: ["Back", "Next", "List", "Help", "Tabs"])
            if let d = s.dialog { DialogRenderer.draw(&b, s, d, t) }
            return
        }
        if let p = s.popup { drawPopup(&b, s, p, t) }
        if let d = s.dialog { DialogRenderer.draw(&b, s, d, t) }
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

    static func drawHeader(_ p: inout RowPainter, _ s: WizardState, _ t: Theme) {
        let shown = s.titleInHeader ?? s.draft.general.title
        let isNew = s.document.isNew
        let dirty = s.isDirty
        let folder = s.saveFolder
        if p.needs(0, .header(title: shown, isNew: isNew, dirty: dirty, folder: folder)) {
            drawHeader(&p.buffer, title: shown, isNew: isNew, dirty: dirty, folder: folder, t)
            p.drawn(0)
        }
    }

    static func drawHeader(_ b: inout Buffer, title shown: String, isNew: Bool, dirty: Bool, folder: String, _ t: Theme) {
        b.fill(x: 0, y: 0, width: b.width, height: 1, style: t.header)
        let title = shown.isEmpty ? "New connector" : shown
        let mode = isNew ? "Create connector" : "Update connector"
        // A long title gives way before the mode does.
        var left = " \(TextWidth.truncate(title, to: max(10, b.width - 24))) · \(mode)"
        if dirty { left += " \(t.glyphs.dirty)" }
        // The title and the mode come first; the folder gets the room that is left, cut at its
        // start (its end names the connector).
        let leftText = TextWidth.truncate(left, to: max(10, b.width - 2))
        let used = b.put(leftText, x: 0, y: 0, style: t.header)
        let room = b.width - used - 3
        guard !folder.isEmpty, room >= 4 else { return }
        var right = folder
        if TextWidth.of(right) > room {
            right = "…" + String(right.suffix(room - 1))
            while TextWidth.of(right) > room { right = "…" + String(right.dropFirst(2)) }
        }
        var st = t.header
        st.attrs.remove(.bold)
        b.put(right, x: b.width - TextWidth.of(right) - 1, y: 0, style: st)
    }

    static func drawTabs(_ p: inout RowPainter, _ s: WizardState, _ t: Theme) {
        let errors = WizardTab.allCases.map { tab in
            s.showAllFindings ? s.diagnostics.count(where: { $0.severity == .error && ConnectorDraft.tab(of: $0.field) == tab }) : 0
        }
        if p.needs(1, .tabs(s.tab, errors: errors)) {
            var x = 1
            for (tab, errors) in zip(WizardTab.allCases, errors) {
                x += p.buffer.put(" \(tab.title) ", x: x, y: 1, style: tab == s.tab ? t.tabActive : t.tabInactive)
                if errors > 0 { x += p.buffer.put("\(t.glyphs.error)\(errors)", x: x, y: 1, style: t.errorText) }
                x += 2
            }
            p.drawn(1)
        }
        if p.needs(2, .rule) {
            p.buffer.fill(x: 0, y: 2, width: s.width, height: 1, style: t.rule, char: t.glyphs.rule)
            p.drawn(2)
        }
    }

    static func drawForm(_ p: inout RowPainter, _ s: WizardState, _ t: Theme) {
        let layout = FormLayout.of(s, tab: s.tab, width: s.width)
        let top = 3
        let h = s.formViewportHeight
        let scroll = s.scroll[s.tab] ?? 0
        let focused = s.focused
        let more = layout.rows.count - scroll > h
        for i in 0..<h {
            let y = top + i
            let index = scroll + i
            let inForm = index < layout.rows.count
            // Scroll marks: up on the first row, down on the last.
            let marks = (i == 0 && scroll > 0 ? 1 : 0) | (i == h - 1 && more ? 2 : 0)
            let inputs: RowInputs = if inForm, let field = layout.fieldRows[index] {
                .field(stamp: layout.stamps[index], .of(s, field, focused: field.id == focused), marks: marks)
            } else {
                .form(stamp: inForm ? layout.stamps[index] : 0, marks: marks)
            }
            guard p.needs(y, inputs) else { continue }
            if inForm { drawFormRow(&p.buffer, s, layout.rows[index], y: y, focused: focused, inputWidth: layout.inputWidth, t) }
            if marks & 1 != 0 { p.buffer.put("↑", x: s.width - 2, y: y, style: t.note) }
            if marks & 2 != 0 { p.buffer.put("↓", x: s.width - 2, y: y, style: t.note) }
            p.drawn(y)
        }
    }

    static func drawFormRow(_ b: inout Buffer, _ s: WizardState, _ row: FormLayout.Row, y: Int, focused: FieldID?,
                            inputWidth: Int, _ t: Theme) {
        switch row {
        case .blank: break
        case .heading(let text): b.put(text, x: 1, y: y, style: t.heading, maxWidth: b.width - 2)
        case .note(let text): b.put(text, x: FormLayout.labelX, y: y, style: t.note, maxWidth: b.width - 3)
        case .setting(let label, let text):
            if let label {
                b.put(TextWidth.truncate(label, to: FormLayout.labelWidth - 1), x: FormLayout.labelX, y: y, style: t.label)
            }
            let w = FormLayout.settingWidth(text, inputWidth: inputWidth, screenWidth: b.width)
            b.fill(x: FormLayout.inputX, y: y, width: w, height: 1, style: t.readOnlyValue)
            b.put(text, x: FormLayout.inputX + 1, y: y, style: t.readOnlyValue, maxWidth: w - 2)
        case .finding(_, let severity, let text, let first):
            let glyph = severity == .error ? t.glyphs.error : t.glyphs.warning
            let style = severity == .error ? t.errorText : t.warningText
            let x = FormLayout.inputX
            if first { b.put(glyph, x: x, y: y, style: style) }
            b.put(text, x: x + 2, y: y, style: style, maxWidth: b.width - x - 3)
        case .field(let spec, let part):
            FieldRenderer.draw(&b, s, spec, part: part, y: y, focused: spec.id == focused, inputWidth: inputWidth, theme: t)
        }
    }

    /// The status line's text and style: a one-off message, else the focused field's finding
    /// where it shows, else its help.
    static func status(_ s: WizardState, _ t: Theme) -> (String, CellStyle) {
        if let flash = s.flash { return (flash.text, flash.style(t)) }
        guard let f = s.focused else { return ("", t.statusBar) }
        let own = s.diagnostics.filter { $0.field == f }.sorted { $0.severity > $1.severity }
        if let d = own.first, s.showAllFindings || (f != .authSet && (s.touched.contains(f) || d.severity == .warning)) {
            return ("\(d.severity == .error ? t.glyphs.error : t.glyphs.warning) \(withoutCount(d.message))",
                    (d.severity == .error ? t.errorText : t.warningText).on(t.surface))
        }
        return (s.spec(of: f)?.help ?? "", t.statusBar)
    }

    static func drawStatus(_ p: inout RowPainter, _ s: WizardState, _ t: Theme) {
        let (text, style) = status(s, t)
        if p.needs(s.height - 2, .status(text, style)) {
            StatusLine.draw(&p.buffer, text, style: style, theme: t)
            p.drawn(s.height - 2)
        }
    }

    static func drawStatus(_ b: inout Buffer, _ s: WizardState, _ t: Theme) {
        let (text, style) = status(s, t)
        StatusLine.draw(&b, text, style: style, theme: t)
    }

    /// A finding as the status line gives it while its field is focused: the rule without the
    /// count ("… at least 30 characters."), which the field shows as it is typed; the line then
    /// stays put from key to key instead of being rewritten with each one.
    static func withoutCount(_ message: String) -> String {
        guard message.hasSuffix(").") else { return message }
        // The last " (it has ", found in the UTF-8 (the rules' messages are ours, their counts digits).
        let marker = Array(" (it has ".utf8)
        let bytes = Array(message.utf8)
        var at = bytes.count - marker.count
        while at >= 0 {
            if bytes[at..<(at + marker.count)].elementsEqual(marker) { return String(decoding: bytes[..<at], as: UTF8.self) + "." }
            at -= 1
        }
        return message
    }

    static func drawHints(_ p: inout RowPainter, _ s: WizardState, _ t: Theme) {
        // The form's hints are made once for each set of bindings; a popup's or a dialog's here.
        let hints: [(key: String, label: String)]
        let words: [String]
        if s.popup == nil, s.dialog == nil {
            let entry = Keymap.formEntry(s)
            (hints, words) = (entry.hints, entry.hintWords)
        } else {
            hints = Keymap.hints(for: s)
            words = hints.flatMap { [$0.key, $0.label] }
        }
        if p.needs(s.height - 1, .hints(words)) {
            HintBar.draw(&p.buffer, hints, theme: t, dropFirst: ["Tabs", "Back", "Next", "List"])
            p.drawn(s.height - 1)
        }
    }

    static func drawPopup(_ b: inout Buffer, _ s: WizardState, _ p: ChoicePopup, _ t: Theme) {
        let layout = FormLayout.of(s, tab: s.tab, width: s.width)
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

extension WizardState.Flash {
    /// How the status line shows it: errors and successes in their colours.
    func style(_ t: Theme) -> CellStyle {
        switch kind {
        case .error: t.errorText.on(t.surface)
        case .success: t.successText.on(t.surface)
        case .info: t.statusBar
        }
    }
}
