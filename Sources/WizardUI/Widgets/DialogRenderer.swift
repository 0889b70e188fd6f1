import ConnectorKit

/// Draws the modal dialogs: centred boxes with a title, wrapped text and buttons.
enum DialogRenderer {
    struct Content {
        var title: String
        var lines: [(String, CellStyle?)]
        var buttons: [String] = []
        var selected: Int = -1
        var width: Int = 64
        /// Text the box grows to hold on one line (a URL that is selected with the mouse to be
        /// copied), up to the screen's width less a margin.
        var whole: String?
        /// Said under the text when `whole` still does not fit and is broken.
        var cutNote: String?
    }

    static func draw(_ b: inout Buffer, _ s: WizardState, _ d: Dialog, _ t: Theme) {
        if case .importFile(let box) = d, box.report == nil { return ImportBox.draw(&b, box, t) }
        var c = content(s, d, t)
        let need = c.whole.map { TextWidth.of($0) + 4 } ?? 0
        let w = min(b.width - 4, max(c.width, need))
        if need > w, let note = c.cutNote { c.lines.append((note, CellStyle(fg: t.muted, bg: t.surface))) }
        var body: [(String, CellStyle?)] = []
        for (text, style) in c.lines {
            let mode: Wrap.Break = text == c.whole ? .anywhere : .words
            for line in Wrap.lines(text, width: w - 4, break: mode) { body.append((line, style)) }
        }
        let maxBody = b.height - 6 - (c.buttons.isEmpty ? 0 : 2)
        var scroll = 0
        if case .help(let sc) = d { scroll = min(sc, max(0, body.count - maxBody)) }
        let shown = Array(body.dropFirst(scroll).prefix(maxBody))
        let h = shown.count + 2 + (c.buttons.isEmpty ? 0 : 2)
        let x = (b.width - w) / 2
        let y = max(1, (b.height - h) / 2)
        Box.draw(&b, x: x, y: y, width: w, height: h, border: t.dialogBorder, fill: t.dialog, title: c.title,
                 titleStyle: t.dialogTitle)
        for (i, (line, style)) in shown.enumerated() {
            b.put(line, x: x + 2, y: y + 1 + i, style: style ?? t.dialog, maxWidth: w - 4)
        }
        if body.count > shown.count {
            if scroll > 0 { b.put("↑", x: x + w - 2, y: y + 1, style: t.dialogBorder) }
            if scroll + shown.count < body.count { b.put("↓", x: x + w - 2, y: y + shown.count, style: t.dialogBorder) }
        }
        if !c.buttons.isEmpty {
            let labels = c.buttons.map { " \($0) " }
            let total = labels.reduce(0) { $0 + TextWidth.of($1) } + 2 * (labels.count - 1)
            var bx = x + max(2, (w - total) / 2)
            let by = y + h - 2
            for (i, label) in labels.enumerated() {
                bx += b.put(label, x: bx, y: by, style: i == c.selected ? t.buttonFocused : t.button) + 2
            }
        }
    }

    static func content(_ s: WizardState, _ d: Dialog, _ t: Theme) -> Content {
        switch d {
        case .confirmQuit(let selected):
            return Content(title: "Unsaved changes",
                           lines: [("Save changes before quitting?", t.dialog.with(.bold))],
                           buttons: ["Save (S)", "Discard (D)", "Cancel (Esc)"], selected: selected, width: 50)
        case .changedOnDisk(let path, let selected):
            return Content(title: "Changed on disk",
                           lines: [("\(path) changed on disk since the wizard read it (another program saved there).", t.dialog.with(.bold)),
                                   ("Reload reads it again and drops the changes made here; Overwrite saves the form over it.", nil)],
                           buttons: ["Reload (R)", "Overwrite (O)", "Cancel (Esc)"], selected: selected, width: 72)
        case .gatewayConflict(let kind, let selected):
            let how = s.draft.general.gateway ? "through an on-premises data gateway" : "without an on-premises data gateway"
            return Content(title: "Authentication type",
                           lines: [("\(kind.label) is not available \(how).", t.dialog.with(.bold)),
                                   ("Choose another authentication type on the Security tab, or undo the gateway change.", nil)],
                           buttons: ["Choose another type (C)", "Undo (U)"], selected: selected, width: 72)
        case .saved(let folder, let files, let redirect, let created):
            var lines: [(String, CellStyle?)] = [
                (created ? "The connector was created." : "The connector was updated.", CellStyle(fg: t.success, bg: t.surface, attrs: .bold)),
                ("", nil),
                ("Folder: \(folder)", nil),
            ]
            if files.isEmpty {
                lines.append(("No file needed changing.", CellStyle(fg: t.muted, bg: t.surface)))
            } else {
                for f in files { lines.append(("  " + (f.split(separator: "/").last.map(String.init) ?? f), CellStyle(fg: t.muted, bg: t.surface))) }
            }
            if let redirect {
                lines.append(("", nil))
                lines.append(("Redirect URL — register it with your identity provider:", t.dialog.with(.bold)))
                lines.append((redirect, CellStyle(fg: t.primary, bg: t.surface)))
            }
            return Content(title: created ? "Create connector" : "Update connector", lines: lines,
                           buttons: (redirect == nil ? [] : ["Copy redirect URL (C)"]) + ["Close (Enter)"],
                           selected: redirect == nil ? 0 : 1, width: 76, whole: redirect,
                           cutNote: "It is printed in full when the wizard closes.")
        case .confirmRemoveType(let selected):
            let i = s.draft.selectedSet
            let set = s.draft.sets.indices.contains(i) ? s.draft.sets[i] : nil
            // The kind, where the name does not already say it.
            let kind = set.map { $0.displayName == $0.settings.kind.label ? "" : " (\($0.settings.kind.label))" } ?? ""
            var lines: [(String, CellStyle?)] = [
                ("Remove type \(i + 1), \"\(set?.displayName ?? "")\"" + kind + "?", t.dialog.with(.bold)),
                ("End users will no longer be offered it, and its settings go with it.", nil),
            ]
            if s.draft.sets.count == 2, let other = s.draft.sets.first(where: { $0 != set }) {
                lines.append(("The connector then offers one authentication type again: \"\(other.displayName)\".", nil))
            }
            return Content(title: "Remove authentication type", lines: lines,
                           buttons: ["Remove (R)", "Cancel (Esc)"], selected: selected, width: 64)
        case .saveFailed(let message):
            return Content(title: "Not saved", lines: [(message, CellStyle(fg: t.error, bg: t.surface, attrs: .bold)),
                                                       ("", nil), ("Every value is still in the form.", nil)],
                           buttons: ["Close (Enter)"], selected: 0, width: 64)
        case .importFile(let box):
            return ImportBox.content(box.report ?? [], t)
        case .help:
            var lines: [(String, CellStyle?)] = []
            if let f = s.focused, let spec = s.spec(of: f) {
                lines.append((spec.label + (spec.note.isEmpty ? "" : " (\(spec.note))"), t.dialogTitle))
                lines.append((spec.help, nil))
                for d in s.diagnostics where d.field == f {
                    lines.append(("\(d.severity == .error ? t.glyphs.error : t.glyphs.warning) \(d.message)",
                                  CellStyle(fg: d.severity == .error ? t.error : t.warning, bg: t.surface)))
                }
                lines.append(("", nil))
            }
            lines.append(("Keys", t.dialogTitle))
            let keys = Keymap.helpLines(isNew: s.document.isNew)
            let keyWidth = min(24, keys.map { TextWidth.of($0.key) }.max() ?? 10)
            for k in keys {
                let pad = String(repeating: " ", count: max(1, keyWidth - TextWidth.of(k.key) + 1))
                lines.append((k.key + pad + k.label, nil))
            }
            return Content(title: "Help", lines: lines, buttons: ["Close (Esc)"], selected: 0, width: 72)
        }
    }
}
