import ConnectorKit
import Synchronization

/// Everything the wizard's screen is drawn from. `reduce` is the only thing that changes it.
public struct WizardState: Sendable {
    /// Every change is validated at once, so the findings on screen are never stale.
    public var draft: ConnectorDraft {
        get { storedDraft }
        set {
            let oldValue = storedDraft
            storedDraft = newValue
            if storedDraft.formShape != oldValue.formShape {
                // A change of shape seldom changes the fields either (a type renamed to the
                // same name): the form, and its number (which tells the frame its field rows
                // are as they were), stay where the fields are the same.
                let fresh = FormFields(storedDraft)
                if !fresh.sameFields(as: form) { form = fresh }
            } else {
                assert(FormFields(storedDraft).sameFields(as: form), "the draft's form changed with its shape the same")
            }
            revalidate(after: oldValue)
        }
    }
    private var storedDraft: ConnectorDraft

    /// A text field's new value as typed: changed in place, and only the rules that read the
    /// field are checked again. (Through `draft`, a key would copy the whole draft to compare
    /// the old with the new.) A type's display name, which names it in the form, goes through
    /// `draft`.
    mutating func setText(_ text: String, of field: FieldID) {
        guard field != .authSetName, !findingsNeedFullCheck else {
            try? draft.setValue(text, of: field)
            return
        }
        try? storedDraft.setValue(text, of: field)
        assert(FormFields(storedDraft).sameFields(as: form), "typing into \(field.rawValue) changed the form")
        diagnostics = Validator.validate(storedDraft, changed: field, findings: diagnostics, original: document.original,
                                         files: files)
        assert(diagnostics == Validator.validate(storedDraft, original: document.original, files: files),
               "the findings after typing into \(field.rawValue) differ from the draft's own")
    }
    /// The draft's form, made once a change: a frame asks for the fields many times.
    private var form: FormFields
    public var document: ConnectorDocument {
        didSet { findingsNeedFullCheck = true }
    }
    /// The draft as last saved (or as opened): unsaved changes are the difference.
    public var savedDraft: ConnectorDraft
    /// No folder was named: the first save goes to `./<slug-of-title>/`.
    public var folderFromTitle: Bool

    public var tab: WizardTab = .general
    /// The title the header shows while the title field is being typed in: the one before the
    /// first key (nil: the draft's own).
    public var titleInHeader: String?
    /// The focused field of each tab, so coming back to a tab returns to where the maker was.
    public var focus: [WizardTab: FieldID] = [:]
    /// The caret of each text field, in characters.
    public var caret = FieldMap<Int>()
    /// The text field whose whole value is selected: Tab or Shift-Tab into a field that holds a
    /// value selects it, as in a browser form (§2.1), so typing replaces it.
    public var selectedField: FieldID?
    /// The first visible row of each tab's form.
    public var scroll: [WizardTab: Int] = [:]
    /// Fields the maker has left after editing: their findings show at the field.
    public var touched: FieldSet = []
    /// After a save was tried, every finding shows.
    public var showAllFindings = false
    public var diagnostics: [Diagnostic] = []

    public var dialog: Dialog?
    public var popup: ChoicePopup?
    /// A one-off message for the status line, cleared by the next key.
    public var flash: Flash?
    public var quitAfterSave = false
    /// The last save of this session, for the summary printed after the wizard closes.
    public var lastSave: (folder: String, redirectURL: String?)?
    public var width: Int
    public var height: Int

    public var files: FileProbe {
        didSet { findingsNeedFullCheck = true }
    }
    /// The document or the files changed since the findings were made: the next change to the
    /// draft checks all of it.
    private var findingsNeedFullCheck = false

    /// Tab 3's live connection prompt, and the form it was made from.
    public var connect: ConnectState?
    var connectDraft: ConnectorDraft?
    /// Tab 3 signs in for real (`--sign-in loopback`) rather than showing the platform's URL.
    public var liveSignIn = false
    /// The gateways tab 3 offers (`--gateway`, the gateways file).
    public var testGateways: [String] = []
    /// Sign-in URLs tab 3 was asked to print when the wizard closes (from prompts since replaced).
    var printedBefore: [String] = []
    /// Every sign-in URL tab 3 was asked to print, for after the wizard closes.
    public var printedURLs: [String] { printedBefore + (connect?.printed ?? []) }

    public struct Flash: Equatable, Sendable {
        public enum Kind: Sendable { case info, success, error }
        public var kind: Kind
        public var text: String

        public init(kind: Kind, text: String) {
            self.kind = kind
            self.text = text
        }
    }

    public init(document: ConnectorDocument, folderFromTitle: Bool = false, width: Int = 80, height: Int = 24,
                files: FileProbe = FileSystem.Probe()) {
        self.document = document
        let draft = document.original ?? ConnectorDraft()
        storedDraft = draft
        form = FormFields(draft)
        self.savedDraft = draft
        self.folderFromTitle = folderFromTitle
        self.width = width
        self.height = height
        self.files = files
        revalidate()
        if !document.warnings.isEmpty { flash = Self.readWarnings(document.warnings) }
    }

    private static func readWarnings(_ warnings: [String]) -> Flash {
        Flash(kind: .info, text: "Read with warnings: " + warnings.joined(separator: "; "))
    }

    /// Takes the full reading of the connector this state was made from at a first look
    /// (`ConnectorDocument.open(_:firstLook:)`), before any key: the same values, now checked
    /// throughout, with the fingerprints a save compares and every warning.
    public mutating func takeFullReading(_ full: ConnectorDocument) {
        let firstLook = document
        document = full
        if full.original != firstLook.original {
            // The files changed between the two readings: the later one is what is on disk.
            draft = full.original ?? ConnectorDraft()
            savedDraft = draft
        }
        if full.warnings != firstLook.warnings, flash == nil || flash?.kind == .info {
            flash = full.warnings.isEmpty ? nil : Self.readWarnings(full.warnings)
        }
    }

    public var isDirty: Bool { draft != savedDraft }

    /// The fields of the current tab that take focus, in order.
    public func focusable(on tab: WizardTab) -> [FieldID] {
        switch tab {
        case .general: form.focusableGeneral
        case .security: form.focusableSecurity
        case .test: []
        }
    }

    /// The fields of a tab for the current draft, in focus order (`ConnectorDraft.fields(on:)`).
    public func fields(on tab: WizardTab) -> [FieldSpec] {
        switch tab {
        case .general: form.general
        case .security: form.security
        case .test: []
        }
    }

    /// A number for the fields `fields(on:)` gives: while it stays the same, so do they (each
    /// field's spec; its value is the draft's).
    var fieldsNumber: Int { form.number }

    /// The focused field: the remembered one if it is still on the form, else the first.
    public func focusedField(on tab: WizardTab) -> FieldID? {
        let list = focusable(on: tab)
        if let f = focus[tab], list.contains(f) { return f }
        return list.first
    }

    public var focused: FieldID? { focusedField(on: tab) }

    public func spec(of field: FieldID) -> FieldSpec? {
        fields(on: ConnectorDraft.tab(of: field)).first { $0.id == field }
    }

    /// The findings shown at a field: all of them after a save was tried, else only for fields
    /// the maker has touched (and never another type's before a save).
    public func findings(for field: FieldID) -> [Diagnostic] {
        guard showsFindings(for: field) else { return [] }
        return diagnostics.filter { $0.field == field }
    }

    /// Every finding that shows at its field (`findings(for:)` of each field).
    var shownFindings: [Diagnostic] {
        if showAllFindings { return diagnostics }
        if touched.isEmpty { return [] }
        return diagnostics.filter { showsFindings(for: $0.field) }
    }

    /// Whether an error shows at the field (`findings(for:)` has one), without making the list.
    public func showsError(at field: FieldID) -> Bool {
        showsFindings(for: field) && diagnostics.contains { $0.field == field && $0.severity == .error }
    }

    private func showsFindings(for field: FieldID) -> Bool {
        // The other types' findings (on Type to edit) wait for a save, so that editing one type
        // does not show another's.
        if field == .authSet, !showAllFindings { return false }
        return showAllFindings || touched.contains(field)
    }

    mutating func revalidate() {
        diagnostics = Validator.validate(draft, original: document.original, files: files)
        findingsNeedFullCheck = false
    }

    /// The findings after a change from `before`: only the rules that read a changed value are
    /// checked again (a key typed in the title checks the title's).
    private mutating func revalidate(after before: ConnectorDraft) {
        guard !findingsNeedFullCheck else { return revalidate() }
        diagnostics = Validator.validate(draft, after: before, findings: diagnostics, original: document.original, files: files)
        assert(diagnostics == Validator.validate(draft, original: document.original, files: files),
               "the findings kept from the last change differ from the draft's own")
    }

    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }

    /// Why F8 cannot add an authentication type here, or nil when it can.
    public var addTypeUnavailableReason: String? {
        if tab != .security { return "F8 adds an authentication type on the Security tab (Alt-2)." }
        if let imported = draft.imported {
            // Short enough for the status line at 80 columns, as the others are.
            return "This authentication (\(imported.summary)) is kept exactly as found: no type can be added to it."
        }
        if draft.general.gateway {
            return "Gateway connectors offer one authentication type; clear the gateway for more."
        }
        return nil
    }

    /// Why F9 cannot remove the type being edited, or nil when it can.
    public var removeTypeUnavailableReason: String? {
        if tab != .security { return "F9 removes an authentication type on the Security tab (Alt-2)." }
        if draft.sets.isEmpty {
            return draft.imported == nil ? "F9 removes one of several types; this connector has one (F8 adds another)."
                : "This authentication is kept exactly as found: no type can be removed from it."
        }
        return nil
    }
}

/// Both tabs' fields for a draft, and those that take focus.
private struct FormFields: Sendable {
    let general: [FieldSpec]
    let security: [FieldSpec]
    /// Different for each form made: two frames with the same number have the same fields.
    let number: Int
    let focusableGeneral: [FieldID]
    let focusableSecurity: [FieldID]

    func sameFields(as other: FormFields) -> Bool {
        general == other.general && security == other.security
    }

    private static let made = Atomic<Int>(0)

    init(_ draft: ConnectorDraft) {
        general = draft.fields(on: .general)
        security = draft.fields(on: .security)
        number = Self.made.add(1, ordering: .relaxed).newValue
        focusableGeneral = general.filter(\.takesFocus).map(\.id)
        focusableSecurity = security.filter(\.takesFocus).map(\.id)
    }
}

/// A modal box over the form.
public enum Dialog: Equatable, Sendable {
    /// Unsaved changes on quit: Save, Discard, Cancel.
    case confirmQuit(selected: Int)
    /// After a save: the folder, the files and the redirect URL.
    case saved(folder: String, files: [String], redirectURL: String?, created: Bool)
    case saveFailed(message: String)
    /// F1: help for the focused field and all keys.
    case help(scroll: Int)
    /// The gateway checkbox made the chosen type unavailable: choose another, or undo.
    case gatewayConflict(kind: AuthKind, selected: Int)
    /// Ctrl-S found the files changed on disk since they were read: reload them (the edits
    /// here are dropped), overwrite them with the form, or cancel.
    case changedOnDisk(path: String, selected: Int)
    /// F9: remove the type being edited (Remove, Cancel), asked first as its settings go with it.
    case confirmRemoveType(selected: Int)
    /// Import an OpenAPI file: its path, then what the import said.
    case importFile(ImportBox)
}

/// An open choice list (Enter on a choice field).
public struct ChoicePopup: Equatable, Sendable {
    public var field: FieldID
    public var options: [ChoiceOption]
    public var selected: Int
}
