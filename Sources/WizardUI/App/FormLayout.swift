import ConnectorKit
import Synchronization

/// The rows of a tab's form at a given width, one terminal row each. Rendering draws them and
/// the reducer scrolls with them, so both agree on where every field is.
public struct FormLayout: Equatable, Sendable {
    public enum Row: Equatable, Sendable {
        case blank
        case heading(String)
        case note(String)
        /// A field's row; `part` > 0 are its extra rows (Description's lines, a wrapped URL).
        case field(FieldSpec, part: Int)
        /// A finding at a field; `first` marks its first line (the one with the glyph).
        case finding(FieldID, Diagnostic.Severity, String, first: Bool)
        /// A line of a setting shown read-only (an imported identity provider's); the label on
        /// its first line only.
        case setting(label: String?, String)
    }

    public static let labelX = 2
    public static let labelWidth = 26
    public static var inputX: Int { labelX + labelWidth }

    public var rows: [Row]
    public var inputWidth: Int
    /// A number for each row: two rows with the same number, in this layout or any other, are
    /// the same (`FrameMemo` compares these rather than the rows). A row made again as it was in
    /// the last layout keeps its number there.
    private(set) var stamps: [Int] = []

    /// The rows and the input's width (not the stamps, which only name rows).
    public static func == (a: FormLayout, b: FormLayout) -> Bool {
        a.inputWidth == b.inputWidth && a.rows == b.rows
    }

    public static func inputWidth(for width: Int) -> Int {
        max(12, min(60, width - inputX - 3))
    }

    /// Where a read-only value is drawn: its box's column and width, its lines, and whether it
    /// stands on the row below its label.
    struct ReadOnlyPlacement: Equatable {
        var x: Int
        var width: Int
        var lines: [String]
        var below: Bool
        /// The field's rows: the label's, and the value's when below it.
        var rows: Int { lines.count + (below ? 1 : 0) }
    }

    /// The box of a setting shown read-only: the input's width, or as wide as the value needs up
    /// to the screen's edge (a URL template then stays on one line).
    static func settingWidth(_ value: String, inputWidth: Int, screenWidth: Int) -> Int {
        max(inputWidth, min(TextWidth.of(value) + 2, screenWidth - inputX - 1))
    }

    /// What the label's row says when the value stands whole on the row below.
    static let belowNote = "Register it with the identity provider:"

    /// A read-only value in the input's box, broken at its width — except a URL that is copied
    /// with the mouse (the redirect URL): it stays whole on one line where the screen has room,
    /// beside its label when it fits there, else on the row below from the label's column.
    static func readOnly(_ spec: FieldSpec, value: String, inputWidth: Int, screenWidth: Int) -> ReadOnlyPlacement {
        let isURL = value.hasPrefix("https://") || value.hasPrefix("http://")
        if spec.id == .redirectUrl, isURL {
            let need = TextWidth.of(value) + 2
            if need <= screenWidth - inputX - 1 {
                return ReadOnlyPlacement(x: inputX, width: max(inputWidth, need), lines: [value], below: false)
            }
            if need <= screenWidth - labelX {
                // The box's first cell is the margin, so the URL lines up with the labels.
                return ReadOnlyPlacement(x: labelX - 1, width: need, lines: [value], below: true)
            }
        }
        return ReadOnlyPlacement(x: inputX, width: inputWidth,
                                 lines: Wrap.lines(value, width: inputWidth - 2, break: isURL ? .anywhere : .words), below: false)
    }

    /// The field of each row that is a field's (nil for the others), and whether it is a secret:
    /// what a frame reads at every row, kept apart from the rows so that reading it copies no
    /// spec.
    private(set) var fieldRows: [FieldRow?]

    struct FieldRow {
        var id: FieldID
        var secret: Bool
        /// Which of the field's rows this is, and for a multi-line box its rows and its width.
        var part: Int
        var multiline: (rows: Int, width: Int)?
    }

    init(rows: [Row], inputWidth: Int) {
        self.rows = rows
        self.inputWidth = inputWidth
        fieldRows = rows.map { row in
            guard case .field(let spec, let part) = row else { return nil }
            var field = FieldRow(id: spec.id, secret: spec.kind == .secret, part: part)
            if case .multiline(let n) = spec.kind {
                field.multiline = (n, FieldRenderer.boxWidth(spec, part: part, inputWidth: inputWidth))
            }
            return field
        }
    }

    /// A tab's rows for `s` at `width`. (A static function, not an initializer: an
    /// initializer takes its arguments as its own, so the caller would copy the whole state.)
    /// A key lays the form out twice (to keep the focus in view, then to draw it), and most
    /// keys leave its inputs as they were: the last layout is kept with them.
    public static func of(_ s: WizardState, tab: WizardTab, width: Int) -> FormLayout {
        let inputs = Inputs.of(s, tab: tab, width: width)
        if let known = last.withLock({ $0.flatMap { $0.inputs == inputs ? $0.layout : nil } }) {
            assert(known == make(s, tab: tab, width: width), "a kept layout differs from the one its inputs make")
            return known
        }
        var layout = make(s, tab: tab, width: width)
        last.withLock { last in
            let before = last?.layout
            layout.stamps = layout.rows.indices.map { i in
                if let before, i < before.rows.count, before.rows[i] == layout.rows[i] { before.stamps[i] } else { newStamp() }
            }
            last = (inputs, layout)
        }
        return layout
    }

    private static let last = Mutex<(inputs: Inputs, layout: FormLayout)?>(nil)
    private static let stamped = Atomic<Int>(0)
    private static func newStamp() -> Int { stamped.add(1, ordering: .relaxed).newValue }

    /// Everything a layout is made from: the tab and width, its fields (by their form's
    /// number) and the values of the read-only ones, the findings that show, and on the Security
    /// tab the types, whether F8 can add one, an imported provider and the kind chosen.
    private struct Inputs: Equatable {
        let tab: WizardTab
        let width: Int
        let fields: Int
        let readOnly: [String]
        /// The findings that show at their fields (`WizardState.findings(for:)`): the others
        /// change no row.
        let shown: [Diagnostic]
        let sets: Int
        let canAdd: Bool
        let imported: ImportedAuth?
        let kind: AuthKind

        /// (Not an initializer, which would take a copy of the whole state.)
        static func of(_ s: WizardState, tab: WizardTab, width: Int) -> Inputs {
            Inputs(tab: tab, width: width, fields: s.fieldsNumber,
                   readOnly: s.fields(on: tab).compactMap { spec in
                       if case .readOnly = spec.kind { s.displayValue(spec) } else { nil }
                   },
                   shown: s.shownFindings, sets: s.draft.sets.count,
                   canAdd: tab == .security && s.addTypeUnavailableReason == nil, imported: s.draft.imported,
                   kind: s.draft.authKind)
        }
    }

    private static func make(_ s: WizardState, tab: WizardTab, width: Int) -> FormLayout {
        let inputWidth = Self.inputWidth(for: width)
        let wrapWidth = max(10, width - Self.inputX - 2)
        var rows: [Row] = []
        let fields = s.fields(on: tab)

        func add(_ spec: FieldSpec) {
            var parts = 1
            switch spec.kind {
            case .multiline(let n): parts = n
            case .readOnly:
                parts = Self.readOnly(spec, value: s.displayValue(spec), inputWidth: inputWidth, screenWidth: width).rows
            default: break
            }
            for p in 0..<parts { rows.append(.field(spec, part: p)) }
            for d in s.findings(for: spec.id) {
                for (i, line) in Wrap.lines(d.message, width: wrapWidth - 2).enumerated() {
                    rows.append(.finding(spec.id, d.severity, line, first: i == 0))
                }
            }
        }
        func note(_ text: String) {
            for line in Wrap.lines(text, width: max(10, width - Self.labelX - 2)) { rows.append(.note(line)) }
        }

        switch tab {
        case .general:
            rows.append(.heading("General information"))
            for spec in fields {
                if spec.id == .gateway || spec.id == .scheme { rows.append(.blank) }
                add(spec)
            }
        case .security:
            let several = s.draft.sets.count
            rows.append(.heading(several > 0 ? "Authentication types" : "Authentication type"))
            // F8 is named only where it adds a type.
            let more = s.addTypeUnavailableReason == nil ? " F8 adds another type for them to choose from." : ""
            if several > 0 {
                note("End users choose one of these \(several) types when they create a connection.")
            } else if s.draft.imported == nil {
                note("Choose how end users sign in." + more)
            }
            let head: Set<FieldID> = [.authSet, .authSetName, .auth]
            for spec in fields where head.contains(spec.id) { add(spec) }
            rows.append(.blank)
            if let imported = s.draft.imported {
                rows.append(.heading(imported.summary))
                for d in imported.details { note(d) }
                if !imported.settings.isEmpty { rows.append(.blank) }
                for setting in imported.settings {
                    // URLs and templates break anywhere, so none of them is lost.
                    let w = Self.settingWidth(setting.value, inputWidth: inputWidth, screenWidth: width)
                    let lines = Wrap.lines(setting.value, width: w - 2, break: setting.value.contains(" ") ? .words : .anywhere)
                    for (i, line) in lines.enumerated() { rows.append(.setting(label: i == 0 ? setting.label : nil, line)) }
                }
                break
            }
            let kind = s.draft.authKind
            rows.append(.heading(kind.label))
            switch kind {
            case .none: note("No authentication: any anonymous user can use the connector.")
            case .basic: note("Users give a user name and a password. Labels are what they see, not the values.")
            case .apikey: note("Users give an API key, sent with every request.")
            case .oauth2: note("Users sign in with the identity provider. Register the redirect URL with it.")
            case .windows: note("Users give Windows credentials and pick an on-premises data gateway.")
            }
            for spec in fields where !head.contains(spec.id) { add(spec) }
        case .test:
            break  // tab 3 is the connection prompt (ConnectRenderer), never a form
        }
        return FormLayout(rows: rows, inputWidth: inputWidth)
    }

    /// The rows that belong to a field (its own and its findings).
    public func span(of field: FieldID) -> Range<Int>? {
        var first: Int?
        var last = 0
        for (i, r) in rows.enumerated() {
            let mine: Bool
            switch r {
            case .field(let spec, _): mine = spec.id == field
            case .finding(let f, _, _, _): mine = f == field
            default: mine = false
            }
            if mine {
                if first == nil { first = i }
                last = i
            }
        }
        return first.map { $0..<(last + 1) }
    }
}

extension WizardState {
    /// The text a field shows (a read-only field's value, a choice's label).
    public func displayValue(_ spec: FieldSpec) -> String {
        let raw = draft.value(of: spec.id)
        if case .choice(let options) = spec.kind { return options.first { $0.id == raw }?.label ?? raw }
        return raw
    }

    /// The rows of the form that fit between the tab bar and the status line.
    public var formViewportHeight: Int { max(1, height - 5) }

    /// Scrolls the current tab so the focused field and its findings are in view; a form without
    /// a field to focus (authentication kept as found) keeps where PgUp and PgDn put it.
    mutating func ensureFocusVisible() {
        let layout = FormLayout.of(self, tab: tab, width: width)
        guard let f = focused else {
            scroll[tab] = max(0, min(scroll[tab] ?? 0, layout.rows.count - formViewportHeight))
            return
        }
        guard let span = layout.span(of: f) else { return }
        let h = formViewportHeight
        var top = scroll[tab] ?? 0
        // Keep a tab's heading in view when the first field has focus.
        let first = focusable(on: tab).first == f ? 0 : span.lowerBound
        if first < top { top = first }
        if span.upperBound > top + h { top = max(0, span.upperBound - h) }
        top = max(0, min(top, max(0, layout.rows.count - h)))
        if span.lowerBound < top { top = span.lowerBound }
        scroll[tab] = top
    }
}
