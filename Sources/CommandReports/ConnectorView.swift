import ConnectorKit

/// A connector as the form shows it: rows of label and value, in focus order.
public struct ConnectorView {
    struct Row {
        var spec: FieldSpec
        var tab: WizardTab
        /// The draft the value is read from: with several types, each type's rows read the
        /// draft with that type selected.
        var draft: ConnectorDraft
        /// The heading of a type's rows (several types), on its first row.
        var typeHeading: String?
    }

    let document: ConnectorDocument
    let draft: ConnectorDraft
    let rows: [Row]
    let secretStored: Bool
    let findings: [Diagnostic]
    /// Imported authentication that signs in with OAuth: its client secret can be stored too.
    let importedOAuth: Bool

    public init(_ doc: ConnectorDocument) {
        document = doc
        let draft = doc.original ?? ConnectorDraft()
        self.draft = draft
        var rows = draft.fields(on: .general).map { Row(spec: $0, tab: .general, draft: draft) }
        if draft.sets.isEmpty {
            rows += draft.fields(on: .security).map { Row(spec: $0, tab: .security, draft: draft) }
        } else {
            for i in draft.sets.indices {
                var one = draft
                one.selectedSet = i
                let specs = one.fields(on: .security).filter { $0.id != .authSet }
                rows += specs.enumerated().map { n, spec in
                    Row(spec: spec, tab: .security, draft: one, typeHeading: n == 0 ? "Type \(i + 1) of \(draft.sets.count)" : nil)
                }
            }
        }
        self.rows = rows
        importedOAuth = draft.imported != nil && ConnectorFolders.usesOAuth(draft, doc)
        if draft.imported == nil, draft.authKind == .oauth2 {
            secretStored = !draft.oauth.clientSecret.isEmpty
        } else {
            secretStored = importedOAuth && ConnectorFolders.secretIsStored(doc)
        }
        findings = Validator.validate(draft, original: doc.original, files: FileSystem.Probe())
    }

    var secretStatus: String { secretStored ? "stored for this user" : "not stored" }

    // MARK: Text

    public func text(folder: String) -> String {
        var out: [String] = []
        let title = draft.general.title.isEmpty ? "(untitled connector)" : draft.general.title
        out.append("\(title) — \(folder)")
        // (section heading or nil, label, value)
        var lines: [(WizardTab?, String, String)] = []
        var section: WizardTab?
        for row in rows {
            let spec = row.spec
            var label = spec.label
            if !spec.note.isEmpty { label += " → \(spec.note)" }
            if let heading = row.typeHeading {
                if section == row.tab { lines.append((nil, "", "")) }
                lines.append((section != row.tab ? row.tab : nil, heading, ""))
                section = row.tab
            }
            lines.append((section != row.tab ? row.tab : nil, label, textValue(spec, in: row.draft)))
            section = row.tab
            if spec.id == .auth, let imported = draft.imported {
                for detail in imported.details { lines.append((nil, "", detail)) }
                for setting in imported.settings { lines.append((nil, setting.label, setting.value)) }
                if importedOAuth { lines.append((nil, "Client secret", "(\(secretStatus))")) }
            }
        }
        let width = lines.map { $0.1.count }.max() ?? 0
        for (heading, label, value) in lines {
            if let heading {
                out.append("")
                out.append(heading == .general ? "General" : "Security")
            }
            let pad = String(repeating: " ", count: width - label.count + 2)
            let valueLines = value.split(separator: "\n", omittingEmptySubsequences: false)
            out.append("  " + label + pad + (valueLines.first.map(String.init) ?? ""))
            for more in valueLines.dropFirst() {
                out.append("  " + String(repeating: " ", count: width + 2) + more)
            }
        }
        if !document.warnings.isEmpty {
            out.append("")
            out.append("Read warnings (the files were read leniently)")
            out += document.warnings.map { "  " + $0 }
        }
        if !findings.isEmpty {
            out.append("")
            out.append("Findings")
            out += findings.map { "  \($0.severity.rawValue): \($0.field.rawValue): \($0.message)" }
        }
        return out.map(\.droppingTrailingSpaces).joined(separator: "\n")
    }

    func textValue(_ spec: FieldSpec, in draft: ConnectorDraft) -> String {
        let value = draft.value(of: spec.id)
        switch spec.kind {
        case .secret:
            return "(\(secretStatus))"
        case .checkbox:
            return value == "true" ? "yes" : "no"
        case .choice(let options):
            return options.first { $0.id == value }?.label ?? value
        case .readOnly:
            if spec.id == .auth, let imported = draft.imported { return "\(imported.summary) (read-only)" }
            return value
        case .text, .multiline, .color, .file:
            if spec.id == .basePath, draft.general.basePath == nil { return "(none: no basePath in the file)" }
            if spec.id == .icon, value.isEmpty { return "(none)" }
            return value.isEmpty ? "(empty)" : value
        }
    }

    // MARK: JSON

    public func json(folder: String) -> String {
        var o = JSONObject()
        o["folder"] = .string(folder)
        var types: [JSONValue] = []
        for row in rows {
            if row.typeHeading != nil { types.append([:]) }
            if row.tab == .security, !types.isEmpty {
                types[types.count - 1][row.spec.id.rawValue] = jsonValue(row.spec, in: row.draft)
            } else {
                o[row.spec.id.rawValue] = jsonValue(row.spec, in: row.draft)
            }
        }
        if !types.isEmpty { o["types"] = .array(types) }
        if importedOAuth { o[FieldID.oauthClientSecret.rawValue] = .string(secretStatus) }
        if let imported = draft.imported {
            o["imported"] = ["summary": .string(imported.summary), "details": .array(imported.details.map { .string($0) }),
                             "settings": .array(imported.settings.map {
                                 ["name": .string($0.name), "label": .string($0.label), "value": .string($0.value)]
                             })]
        } else {
            o["imported"] = .null
        }
        o["readWarnings"] = .array(document.warnings.map { .string($0) })
        o["findings"] = .array(findings.map(Self.json))
        return JSONWriter(escapingEveryControl: true).string(.object(o))
    }

    func jsonValue(_ spec: FieldSpec, in draft: ConnectorDraft) -> JSONValue {
        let value = draft.value(of: spec.id)
        switch spec.kind {
        case .secret:
            return .string(secretStatus)
        case .checkbox:
            return .bool(value == "true")
        case .readOnly:
            if spec.id == .auth, draft.imported != nil { return "imported" }
            if spec.id == .redirectUrl { return draft.redirect.url.map { .string($0) } ?? .null }
            return .string(value)
        default:
            if spec.id == .basePath, draft.general.basePath == nil { return .null }
            return .string(value)
        }
    }

    static func json(_ d: Diagnostic) -> JSONValue {
        ["severity": .string(d.severity.rawValue), "field": .string(d.field.rawValue), "message": .string(d.message)]
    }
}
