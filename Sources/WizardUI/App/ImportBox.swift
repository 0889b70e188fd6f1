import ConnectorKit

/// "Import an OpenAPI file" (§9), on a new connector: a box that takes the path of an API
/// description. Enter asks the program to import it (`Effect.importDescription`); what came of
/// it returns through `WizardState.finishImport`: the form filled from the description and
/// what it had to say, or the sentence why not, with the path kept to correct it.
public struct ImportBox: Equatable, Sendable {
    public var path = TextField("")
    /// Why the last import failed.
    public var error: String?
    /// After an import: what was read and the notes, shown until the box is closed.
    public var report: [String]?

    public init() {}

    /// Ctrl-O on the General tab of a new connector.
    static let binding = Binding([.ctrl("o")], .openImport, "Import", help: "import an OpenAPI file (new connector, General tab)")

    static func bindings(_ box: ImportBox) -> [Binding] {
        if box.report != nil {
            return [Binding([.enter, .escape, .char(" "), .ctrl("q"), .ctrl("c")], .dialogCancel, "Close")]
        }
        return [
            Binding([.enter], .importConfirm, "Import"),
            Binding([.escape, .ctrl("q"), .ctrl("c")], .dialogCancel, "Cancel"),
            Binding(each: [(.left, .caretLeft), (.right, .caretRight)]),
            Binding([.home, .ctrl("a")], .caretHome), Binding([.end, .ctrl("e")], .caretEnd),
            Binding([.backspace], .backspace), Binding([.delete, .ctrl("d")], .deleteForward),
            Binding([.ctrl("u")], .clearField, "Clear"),
        ]
    }

    /// The box's lines once an import is done (drawn as the other dialogs are).
    static func content(_ report: [String], _ t: Theme) -> DialogRenderer.Content {
        var lines: [(String, CellStyle?)] = [(report.first ?? "", CellStyle(fg: t.success, bg: t.surface, attrs: .bold))]
        if report.count > 1 {
            lines.append(("", nil))
            for note in report.dropFirst() { lines.append(("\(t.glyphs.warning) \(note)", CellStyle(fg: t.warning, bg: t.surface))) }
        }
        lines.append(("", nil))
        lines.append(("Check the General and Security tabs; Ctrl-S creates the connector.", nil))
        return DialogRenderer.Content(title: "Import an OpenAPI file", lines: lines, buttons: ["Close (Enter)"], selected: 0, width: 76)
    }

    /// The box while a path is typed: what it does, the path field, and why the last try failed.
    static func draw(_ b: inout Buffer, _ box: ImportBox, _ t: Theme) {
        let w = min(b.width - 4, 72)
        let about = Wrap.lines("An OpenAPI 2.0, 3.0 or 3.1 description, JSON or YAML: its title, description, host, "
                               + "security and operations make the connector.", width: w - 4)
        let error = box.error.map { Wrap.lines($0, width: w - 4) } ?? []
        let h = about.count + 4 + (error.isEmpty ? 0 : error.count + 1) + 2
        let x = (b.width - w) / 2
        let y = max(1, (b.height - h) / 2)
        Box.draw(&b, x: x, y: y, width: w, height: h, border: t.dialogBorder, fill: t.dialog, title: "Import an OpenAPI file",
                 titleStyle: t.dialogTitle)
        var row = y + 1
        for line in about {
            b.put(line, x: x + 2, y: row, style: t.dialog, maxWidth: w - 4)
            row += 1
        }
        row += 1
        let label = "File "
        b.put(label, x: x + 2, y: row, style: t.dialog.with(.bold))
        let fieldX = x + 2 + TextWidth.of(label)
        let fieldWidth = w - 4 - TextWidth.of(label)
        b.fill(x: fieldX, y: row, width: fieldWidth, height: 1, style: t.inputFocused)
        TextBox.drawLine(&b, box.path.text, caret: box.path.caret, masked: false, x: fieldX, y: row, width: fieldWidth,
                         style: t.inputFocused, focused: true, theme: t)
        row += 2
        for line in error {
            b.put(line, x: x + 2, y: row, style: CellStyle(fg: t.error, bg: t.surface, attrs: .bold), maxWidth: w - 4)
            row += 1
        }
        let cursor = b.cursor
        Buttons.draw(&b, ["Import (Enter)", "Cancel (Esc)"], right: x + w - 2, y: y + h - 2, focused: 0, theme: t)
        b.cursor = cursor
    }
}

extension WizardState {
    /// Keys while the import box is open: its bindings, and typed or pasted text into the path.
    mutating func handleImportBox(_ key: Key, _ box: ImportBox) -> [Effect]? {
        if let action = Binding.action(for: key, in: ImportBox.bindings(box)) { return apply(action) }
        guard box.report == nil else { return [] }
        switch key {
        case .char(let c): return apply(.insert(String(c)))
        case .paste(let text): return apply(.insert(text))
        default: return []
        }
    }

    /// Edits the path of the open import box; false when none is open.
    mutating func editImportPath(_ change: (inout TextField) -> Void) -> Bool {
        guard case .importFile(var box)? = dialog, box.report == nil else { return false }
        change(&box.path)
        box.error = nil
        dialog = .importFile(box)
        return true
    }

    mutating func confirmImport() -> [Effect] {
        guard case .importFile(var box)? = dialog else { return [] }
        let path = FileSystem.expandingTilde(box.path.text.trimmingWhitespace)
        guard !path.isEmpty else {
            box.error = "Give the path of an OpenAPI file."
            dialog = .importFile(box)
            return []
        }
        return [.importDescription(path: path)]
    }

    /// Takes in what the import it asked for gave: the connector becomes the one described (to
    /// be saved where this one would be), or the box says why not.
    public mutating func finishImport(_ outcome: Result<ImportedDescription, ImportFailure>, from path: String) -> [Effect] {
        guard case .importFile(var box)? = dialog else { return [] }
        switch outcome {
        case .success(let imported):
            var doc = imported.document
            doc.folder = document.folder
            document = doc
            draft = imported.draft
            touched = []
            showAllFindings = true
            tab = .general
            focus[.general] = nil
            let name = path.split(separator: "/").last.map(String.init) ?? path
            box.report = ["Imported \(name): \(imported.summary)."] + imported.notes
            flash = Flash(kind: .success, text: "Imported \(name): \(imported.summary).")
        case .failure(let failure):
            box.error = failure.sentence
        }
        dialog = .importFile(box)
        return []
    }
}
