import ConnectorKit

/// Work the wizard asks its host to do; the reducer itself does no I/O. What the work gives
/// comes back as an event (`finishSave`), never by the work changing the state.
public enum Effect: Equatable, Sendable {
    /// Write the connector's files: `SaveRequest.perform` does it, and its outcome goes to
    /// `WizardState.finishSave`.
    case save(SaveRequest)
    case quit
    /// Put text on the terminal's clipboard (OSC 52).
    case copy(String)
    /// Work for tab 3's connection prompt (sign-in, test call).
    case connect(ConnectEffect)
    /// Read the connector in this folder again: `ConnectorDocument.open`, its outcome to
    /// `WizardState.finishReload`.
    case reload(String)
    /// Import the API description at this path: its outcome goes to `WizardState.finishImport`.
    case importDescription(path: String)
}

extension WizardState {
    /// Handles one key: through the active bindings, or as typed text in a text field.
    public mutating func handle(_ key: Key) -> [Effect] {
        let titleBefore = draft.general.title
        let effects = handleKey(key)
        // While the title is typed, the header keeps it as it stood, so that a key changes the
        // field alone on screen (a few bytes to the terminal, not the header's whole line); the
        // header catches up as the field is left.
        if tab == .general, focused == .title, dialog == nil, popup == nil {
            if draft.general.title != titleBefore, titleInHeader == nil { titleInHeader = titleBefore }
        } else {
            titleInHeader = nil
        }
        return effects
    }

    private mutating func handleKey(_ key: Key) -> [Effect] {
        if case .resize(let w, let h) = key { return apply(.resize(width: w, height: h)) }
        flash = nil
        if case .importFile(let box)? = dialog, let effects = handleImportBox(key, box) { return effects }
        if let effects = handleOnTestTab(key) { return effects }
        if let action = Keymap.action(for: key, in: self) { return apply(action) }
        switch key {
        case .char(let c):
            if popup == nil, dialog == nil, let f = focused, let kind = spec(of: f)?.kind {
                if case .choice(let options) = kind { return typeAhead(c, in: options, field: f) }
                return apply(.insert(String(c)))
            }
        case .paste(let text):
            return apply(.paste(text))
        default:
            break
        }
        return []
    }

    public mutating func apply(_ action: Action) -> [Effect] {
        var effects: [Effect] = []
        switch action {
        case .resize(let w, let h):
            width = w
            height = h
        case .nextField: moveFocus(by: 1)
        case .previousField: moveFocus(by: -1)
        case .goToTab(let t):
            leaveField()
            tab = t
            focus[t] = focusable(on: t).first
            if t == .test { prepareTestTab(now: connect?.now ?? 0) }
        case .save:
            effects += trySave()
        case .help:
            dialog = .help(scroll: 0)
        case .quit:
            if isDirty {
                dialog = .confirmQuit(selected: 0)
            } else {
                effects.append(.quit)
            }
        case .choiceNext: cycleChoice(by: 1)
        case .choicePrevious: cycleChoice(by: -1)
        case .openChoice:
            if let f = focused, case .choice(let options)? = spec(of: f)?.kind {
                popup = ChoicePopup(field: f, options: options,
                                    selected: options.firstIndex { $0.id == draft.value(of: f) } ?? 0)
            }
        case .toggle:
            if let f = focused { toggle(f) }
        case .insert(let text): edit { $0.insert(text) }
        case .paste(let text): paste(text)
        case .newline: edit { $0.apply(.newline) }
        case .backspace: edit { $0.apply(.backspace) }
        case .deleteForward: edit { $0.apply(.deleteForward) }
        case .caretLeft: edit { $0.apply(.left) }
        case .caretRight: edit { $0.apply(.right) }
        case .caretHome: edit { $0.apply(.home) }
        case .caretEnd: edit { $0.apply(.end) }
        case .clearField: edit { $0.apply(.clear) }
        case .dialogNext, .dialogPrevious:
            let step = action == .dialogNext ? 1 : -1
            switch dialog {
            case .confirmQuit(let i)?: dialog = .confirmQuit(selected: (i + step + 3) % 3)
            case .gatewayConflict(let k, let i)?: dialog = .gatewayConflict(kind: k, selected: (i + step + 2) % 2)
            case .changedOnDisk(let p, let i)?: dialog = .changedOnDisk(path: p, selected: ListStep.moved(i, by: step, count: 3))
            case .confirmRemoveType(let i)?: dialog = .confirmRemoveType(selected: (i + step + 2) % 2)
            default: break
            }
        case .dialogConfirm:
            switch dialog {
            case .confirmQuit(let i)?: effects += apply(i == 2 ? .dialogCancel : .dialogChoose(i))
            case .gatewayConflict(_, let i)?: effects += apply(.dialogChoose(i))
            case .changedOnDisk(_, let i)?: effects += apply(i == 2 ? .dialogCancel : .dialogChoose(i))
            case .confirmRemoveType(let i)?: effects += apply(i == 0 ? .dialogChoose(0) : .dialogCancel)
            default: dialog = nil
            }
        case .dialogChoose(let i):
            effects += choose(i)
        case .dialogCancel:
            dialog = nil
        case .scrollUp, .scrollDown:
            let step = action == .scrollDown ? 1 : -1
            if case .help(let s)? = dialog {
                dialog = .help(scroll: max(0, s + step))
            } else if dialog == nil {
                // A form without a field to focus scrolls by a page.
                scroll[tab] = max(0, (scroll[tab] ?? 0) + step * max(1, formViewportHeight - 1))
            }
        case .popupUp, .popupDown:
            if var p = popup {
                p.selected = ListStep.moved(p.selected, by: action == .popupDown ? 1 : -1, count: p.options.count)
                popup = p
            }
        case .popupPick:
            if let p = popup {
                popup = nil
                setChoice(p.options[p.selected].id, of: p.field)
            }
        case .popupCancel:
            popup = nil
        case .addAuthType:
            if let why = addTypeUnavailableReason {
                flash = Flash(kind: .info, text: why)
                break
            }
            leaveField()
            draft.addSet()
            focusField(.authSetName)
            forgetTouchedTypeFields()
            // Selected, so the name the type came with is replaced by typing.
            selectOnEntry()
            flash = Flash(kind: .info, text: "Added type \(draft.sets.count). End users choose among \(draft.sets.count) authentication types.")
        case .removeAuthType:
            if let why = removeTypeUnavailableReason {
                flash = Flash(kind: .info, text: why)
                break
            }
            dialog = .confirmRemoveType(selected: 1)
        case .moveAuthType(let step):
            draft.moveSelectedSet(by: step)
        case .openImport:
            dialog = .importFile(ImportBox())
        case .importConfirm:
            effects += confirmImport()
        }
        ensureFocusVisible()
        return effects
    }

    // MARK: focus

    mutating func moveFocus(by step: Int) {
        let list = focusable(on: tab)
        leaveField()
        guard let current = focused, let i = list.firstIndex(of: current) else {
            // A tab without fields: Tab moves on to the next tab.
            switchTab(by: step)
            selectOnEntry()
            return
        }
        let j = i + step
        if j >= 0 && j < list.count {
            focus[tab] = list[j]
        } else {
            switchTab(by: step)
        }
        selectOnEntry()
    }

    /// Tab or Shift-Tab into a one-line text field that holds a value selects the value, as in
    /// a browser form; Description, like a browser's text area, keeps its caret.
    mutating func selectOnEntry() {
        selectedField = nil
        guard let f = focused, let kind = spec(of: f)?.kind, !draft.value(of: f).isEmpty else { return }
        switch kind {
        case .text, .secret, .color, .file:
            selectedField = f
            caret[f] = nil
        default:
            break
        }
    }

    mutating func switchTab(by step: Int) {
        let all = WizardTab.allCases
        tab = all[(tab.rawValue + step + all.count) % all.count]
        let list = focusable(on: tab)
        focus[tab] = step > 0 ? list.first : list.last
        if tab == .test { prepareTestTab(now: connect?.now ?? 0) }
    }

    /// The maker leaves the focused field: its findings show from now on (a required field
    /// passed by empty says so), and a URL typed into
    /// Host is split into Scheme, Host and Base URL.
    mutating func leaveField() {
        selectedField = nil
        guard let f = focused else { return }
        if f == .host, draft.general.host.contains("://") {
            draft.splitURLIntoHost(draft.general.host)
            touched.formUnion([.scheme, .basePath])
            caret[.host] = nil
        }
        touched.insert(f)
    }

    /// Focuses `field`, on whichever tab it lives.
    mutating func focusField(_ field: FieldID) {
        tab = ConnectorDraft.tab(of: field)
        focus[tab] = field
    }

    // MARK: editing

    /// Edits the focused text field's value and caret together, as a `TextField`.
    mutating func edit(_ change: (inout TextField) -> Void) {
        if editImportPath(change) { return }
        guard let f = focused, let kind = spec(of: f)?.kind else { return }
        let multiline: Bool
        switch kind {
        case .multiline: multiline = true
        case .text, .secret, .color, .file: multiline = false
        default: return
        }
        let before = draft.value(of: f)
        var field = TextField(before, caret: caret[f], multiline: multiline, selected: selectedField == f)
        change(&field)
        caret[f] = field.caret
        selectedField = field.selected ? f : nil
        // Findings show once the maker leaves the field, not at every half-typed character.
        if field.text != before { setText(field.text, of: f) }
    }

    mutating func paste(_ text: String) {
        guard let f = focused else { return }
        if f == .host, draft.splitURLIntoHost(text) {
            selectedField = nil
            touched.formUnion([.host, .scheme, .basePath])
            caret[.host] = draft.general.host.count
            flash = Flash(kind: .info, text: "Split the URL into Scheme \(draft.general.scheme.label), Host and Base URL \(draft.general.basePath ?? "/").")
            return
        }
        edit { $0.insert(text) }
    }

    // MARK: choices and checkboxes

    mutating func cycleChoice(by step: Int) {
        guard let f = focused, case .choice(let options)? = spec(of: f)?.kind, !options.isEmpty else { return }
        let i = options.firstIndex { $0.id == draft.value(of: f) } ?? 0
        setChoice(options[ListStep.moved(i, by: step, count: options.count)].id, of: f)
    }

    mutating func typeAhead(_ c: Character, in options: [ChoiceOption], field: FieldID) -> [Effect] {
        let lower = c.lowercased()
        let current = options.firstIndex { $0.id == draft.value(of: field) } ?? 0
        let order = (1...options.count).map { (current + $0) % options.count }
        if let i = order.first(where: { options[$0].label.lowercased().hasPrefix(lower) }) {
            setChoice(options[i].id, of: field)
        }
        return []
    }

    mutating func setChoice(_ id: String, of field: FieldID) {
        let before = draft.selectedSet
        try? draft.setValue(id, of: field)
        touched.insert(field)
        // Another type is edited: its fields start untouched, as a new form's do.
        if field == .authSet, draft.selectedSet != before { forgetTouchedTypeFields() }
    }

    /// Forgets which fields of the type being edited were touched (all but the type choice).
    mutating func forgetTouchedTypeFields() {
        touched = FieldSet(touched.fields.filter { ConnectorDraft.tab(of: $0) != .security || $0 == .authSet })
    }

    /// Removes the type being edited, after the maker said so.
    mutating func removeType() {
        let number = draft.selectedSet + 1
        let name = draft.sets.indices.contains(draft.selectedSet) ? draft.sets[draft.selectedSet].displayName : ""
        draft.removeSelectedSet()
        forgetTouchedTypeFields()
        focusField(draft.sets.isEmpty ? .auth : .authSet)
        flash = Flash(kind: .info, text: "Removed type \(number), \"\(name)\"." + (draft.sets.isEmpty ? " The connector offers one authentication type again." : ""))
    }

    mutating func toggle(_ field: FieldID) {
        let on = draft.value(of: field) == "true"
        try? draft.setValue(on ? "false" : "true", of: field)
        touched.insert(field)
        if field == .gateway, !draft.authKindIsOffered {
            // Never change the type silently: say so and ask.
            dialog = .gatewayConflict(kind: draft.authKind, selected: 0)
        } else if field == .gateway,
                  let bad = draft.sets.firstIndex(where: { !AuthKind.offered(gateway: draft.general.gateway).contains($0.settings.kind) }) {
            // Several types: the same question for the first type the gateway rules out, shown.
            draft.selectedSet = bad
            dialog = .gatewayConflict(kind: draft.sets[bad].settings.kind, selected: 0)
        }
    }

    mutating func choose(_ i: Int) -> [Effect] {
        switch dialog {
        case .confirmQuit?:
            dialog = nil
            if i == 0 {
                quitAfterSave = true
                return trySave()
            }
            return [.quit]
        case .saved(_, _, let url?, _)?:
            dialog = nil
            flash = Flash(kind: .success, text: "Copied the redirect URL to the clipboard (where the terminal supports OSC 52).")
            return [.copy(url)]
        case .changedOnDisk?:
            dialog = nil
            if i == 0 { return [.reload(document.folder)] }
            var doc = document
            doc.folder = saveFolder
            var request = SaveRequest(draft: draft, document: doc)
            request.overwrite = true
            return [.save(request)]
        case .confirmRemoveType?:
            dialog = nil
            if i == 0 { removeType() }
        case .gatewayConflict?:
            dialog = nil
            if i == 0 {
                focusField(.auth)
                flash = Flash(kind: .info, text: "Choose an authentication type offered \(draft.general.gateway ? "through" : "without") the gateway.")
            } else {
                draft.general.gateway.toggle()
            }
        default:
            dialog = nil
        }
        return []
    }

    // MARK: saving

    mutating func trySave() -> [Effect] {
        leaveField()
        showAllFindings = true
        let errors = diagnostics.filter { $0.severity == .error }
        if let first = errors.first {
            quitAfterSave = false
            focusField(first.field)
            // Another type's error (named on Type to edit): that type is opened at its field.
            if first.field == .authSet, let (set, field) = typeInError() {
                draft.selectedSet = set
                focusField(field)
            }
            let more = errors.count > 1 ? " (\(errors.count) errors)" : ""
            flash = Flash(kind: .error, text: "Not saved\(more): \(first.message)")
            return []
        }
        var doc = document
        doc.folder = saveFolder
        return [.save(SaveRequest(draft: draft, document: doc))]
    }

    /// The first type other than the one being edited with an error, and the field it is at
    /// when that type is edited.
    func typeInError() -> (set: Int, field: FieldID)? {
        for i in draft.sets.indices where i != draft.selectedSet {
            var other = draft
            other.selectedSet = i
            let found = Validator.validate(other, original: document.original, files: files)
            if let e = found.first(where: { $0.severity == .error && $0.field != .authSet && ConnectorDraft.tab(of: $0.field) == .security }) {
                return (i, e.field)
            }
        }
        return nil
    }

    /// Where the next save writes: the named folder, or `./<slug-of-title>` when none was named.
    public var saveFolder: String {
        folderFromTitle && document.isNew ? "./" + Slug.make(draft.general.title) : document.folder
    }

    /// Takes in the connector read again (`Effect.reload`): the form shows the files as they are
    /// now, or the reason they cannot be read.
    public mutating func finishReload(_ outcome: Result<ConnectorDocument, ConnectorReadError>) {
        switch outcome {
        case .success(let fresh):
            document = fresh
            draft = fresh.original ?? ConnectorDraft()
            savedDraft = draft
            touched = []
            showAllFindings = false
            revalidate()
            flash = Flash(kind: .info, text: "Read the connector again from disk; the changes made here were dropped.")
        case .failure(let why):
            dialog = .saveFailed(message: "Cannot read the connector again: \(why.description)")
        }
    }

    /// Takes in the outcome of a save it asked for: the saved connector becomes the one being
    /// edited and the saved dialog opens, or the failure is shown.
    public mutating func finishSave(_ outcome: SaveOutcome) -> [Effect] {
        do {
            let saved = try outcome.get()
            let created = document.isNew
            document = saved.document
            draft = saved.draft
            savedDraft = saved.draft
            folderFromTitle = false
            touched = []
            showAllFindings = false
            dialog = .saved(folder: saved.document.folder, files: saved.filesWritten, redirectURL: saved.redirectURL,
                            created: created)
            flash = Flash(kind: .success, text: "Saved to \(saved.document.folder).")
            lastSave = (saved.document.folder, saved.redirectURL)
            if quitAfterSave { return [.quit] }
        } catch {
            quitAfterSave = false
            if case .invalid(let findings) = error, let first = findings.first { focusField(first.field) }
            if case .changed(let failure) = error {
                dialog = .changedOnDisk(path: failure.path, selected: 0)
                return []
            }
            dialog = .saveFailed(message: error.description)
        }
        return []
    }
}

/// A save the wizard asks for: the draft, and the document it is written into (its folder is
/// where the files go).
public struct SaveRequest: Equatable, Sendable {
    public var draft: ConnectorDraft
    public var document: ConnectorDocument
    /// Write over files changed on disk since they were read (the maker chose Overwrite).
    public var overwrite = false

    /// The same save: the same draft into the same folder.
    public static func == (a: SaveRequest, b: SaveRequest) -> Bool {
        a.draft == b.draft && a.document.folder == b.document.folder && a.overwrite == b.overwrite
    }

    /// Writes the files (`ConnectorWriter.save`): the work of `Effect.save`, for the program
    /// that runs the wizard.
    public func perform(files: FileProbe, newID: () -> String = { RedirectURLMaker.randomID() }) -> SaveOutcome {
        Result { () throws(ConnectorWriter.SaveError) in
            try ConnectorWriter.save(draft, into: document, files: files, newID: newID, checkingChanges: !overwrite)
        }
    }
}

public typealias SaveOutcome = Result<ConnectorWriter.Saved, ConnectorWriter.SaveError>


/// The folder name a title gives when no folder was named: lower case, letters and digits kept
/// (in any script), every other run of characters one `-`.
public enum Slug {
    public static func make(_ title: String) -> String {
        var out = ""
        var dash = false
        for c in title.lowercased() {
            if c.isLetter || c.isNumber {
                if dash, !out.isEmpty { out.append("-") }
                out.append(c)
                dash = false
            } else {
                dash = true
            }
        }
        return out.isEmpty ? "connector" : out
    }
}
