import ConnectorKit
import ConnectionSession
import WizardUI

#if canImport(Glibc)
import Glibc
#endif

/// Plain mode (§7): the maker's wizard as sequential line prompts, for screen readers, dumb
/// terminals and scripts. The same fields, labels, defaults, rules and save as the terminal UI:
/// the order and labels come from `ConnectorDraft.fields(on:)`, values go through
/// `value(of:)`/`setValue(_:of:)`, every answer is checked with `Validator` and the save is
/// `ConnectorWriter.save`. Output is plain text, one short line at a time.
public struct PlainWizard: PlainDialogue {
    var document: ConnectorDocument
    var draft: ConnectorDraft
    /// No folder was named: a new connector is saved to `./<slug-of-title>/`.
    let folderFromTitle: Bool
    /// Where answers are read and prompts and messages written.
    let console: PlainConsole
    let files = FileSystem.Probe()
    /// The fields answered so far (for the type being edited): what a later answer changes in
    /// them is said.
    var answered: Set<FieldID> = []

    public init(document: ConnectorDocument, folderFromTitle: Bool, console: PlainConsole = .standard()) {
        self.console = console
        self.document = document
        self.draft = document.original ?? ConnectorDraft()
        self.folderFromTitle = folderFromTitle
    }

    /// `--plain`, `ACCESSIBLE` (non-empty), `TERM=dumb`, or standard input or output not a terminal.
    public static func isWanted(flag: Bool, environment: (String) -> String? = SecretStore.environment) -> Bool {
        if flag { return true }
        if let accessible = environment("ACCESSIBLE"), !accessible.isEmpty { return true }
        if environment("TERM") == "dumb" { return true }
        return isatty(STDIN_FILENO) != 1 || isatty(STDOUT_FILENO) != 1
    }

    typealias Stop = PlainStop

    /// Runs the whole dialogue; returns the exit status (0 saved or not saved on request,
    /// 1 cancelled or validation errors, 3 unreadable input or a failed write).
    public mutating func run() -> Int32 {
        PlainSignals.install()
        defer { PlainSignals.uninstall() }
        do throws(Stop) {
            introduce()
            try askGeneral()
            try askSecurity()
            return try askToSave()
        } catch {
            console.endLine()
            switch error {
            case .cancelled:
                console.write("Cancelled; nothing was written.\n", to: .error)
                return 1
            case .unreadable(let reason):
                console.printError("cannot read standard input: \(reason); nothing was written")
                return 3
            }
        }
    }

    // MARK: The parts of the dialogue

    /// The folder the save goes to.
    var saveFolder: String {
        folderFromTitle && document.isNew ? "./" + Slug.make(draft.general.title) : document.folder
    }

    func introduce() {
        if document.isNew {
            say(folderFromTitle
                ? "Create connector (plain mode), saved to a new folder named after the title."
                : "Create connector (plain mode), saved to \(printable(document.folder)).")
        } else {
            say("Update connector (plain mode): \(printable(document.folder)).")
        }
        say("Enter keeps [the value shown]; ? explains a field; Ctrl-D cancels.")
        for warning in document.warnings {
            sayWrapped(printable(warning), first: "warning: ", rest: "  ")
        }
    }

    mutating func askGeneral() throws(Stop) {
        say("")
        say(WizardTab.general.title)
        for spec in draft.fields(on: .general) {
            try ask(spec)
        }
    }

    mutating func askSecurity() throws(Stop) {
        say("")
        say(WizardTab.security.title)
        if let imported = draft.imported {
            // Kept exactly as found: shown, not asked.
            say("Authentication type: \(printable(imported.summary))")
            for line in imported.details { sayWrapped(printable(line), first: "  ", rest: "  ") }
            for setting in imported.settings { sayWrapped(printable(setting.value), first: "  \(printable(setting.label)): ", rest: "    ") }
            return
        }
        if draft.sets.isEmpty {
            try askAuthentication()
            return
        }
        let count = draft.sets.count
        for i in 0..<count {
            draft.selectedSet = i
            if i > 0 { say("") }
            say("Type \(i + 1) of \(count): \(printable(draft.sets[i].displayName))")
            try askAuthentication()
        }
        draft.selectedSet = document.original?.selectedSet ?? 0
    }

    /// The Security fields of the type being edited. The list depends on the answers (type,
    /// identity provider), so it is worked out again after each one.
    mutating func askAuthentication() throws(Stop) {
        var done: Set<FieldID> = [.authSet]
        answered = answered.filter { ConnectorDraft.tab(of: $0) == .general }
        while let spec = draft.fields(on: .security).first(where: { !done.contains($0.id) }) {
            done.insert(spec.id)
            try ask(spec)
            if spec.id == .auth, let note = Self.note(for: draft.authKind) { sayWrapped(note, first: "  ", rest: "  ") }
        }
    }

    /// What the form says under the type's heading.
    static func note(for kind: AuthKind) -> String? {
        switch kind {
        case .none: "No authentication: any anonymous user can use the connector."
        case .basic: "Users give a user name and a password. Labels are what they see, not the values."
        case .apikey: "Users give an API key, sent with every request."
        case .oauth2: "Users sign in with the identity provider. Register the redirect URL with it."
        case .windows: "Users give Windows credentials and pick an on-premises data gateway."
        }
    }

    mutating func askToSave() throws(Stop) -> Int32 {
        say("")
        say("Folder: \(printable(saveFolder))")
        while true {
            let answer = try readAnswer("Save? [Y/n] ").trimmedSpaces
            switch answer.lowercased() {
            case "", "y", "yes":
                return save()
            case "n", "no":
                say("Not saved.")
                return 0
            case "?":
                sayWrapped("y (or Enter) writes the connector's files to \(printable(saveFolder)); n quits without writing anything.",
                           first: "  ", rest: "  ")
            default:
                say("  error: Answer y or n.")
            }
        }
    }

    /// The save of the UI's Ctrl-S (`Effect.save` and `WizardState.finishSave`): into the named folder, or
    /// `./<slug-of-title>` when none was named.
    mutating func save() -> Int32 {
        var doc = document
        doc.folder = saveFolder
        let saved: ConnectorWriter.Saved
        do throws(ConnectorWriter.SaveError) {
            // Ctrl-C waits until the files are written: never half a connector.
            saved = try PlainSignals.deferred { () throws(ConnectorWriter.SaveError) -> ConnectorWriter.Saved in
                try ConnectorWriter.save(draft, into: doc, files: files)
            }
        } catch {
            switch error {
            case .invalid(let errors):
                for e in errors {
                    sayWrapped(printable("\(label(of: e.field)): \(e.message)"), first: "  error: ", rest: "    ",
                               to: .error)
                }
                console.printError("nothing was written to \(doc.folder): " + "error".counted(errors.count) + " to correct")
                return 1
            case .io(let failure), .changed(let failure):
                console.printError("not saved: \(failure.path): \(failure.reason)")
                return 3
            }
        }
        let names = saved.filesWritten.map { $0.split(separator: "/").last.map(String.init) ?? $0 }
        let folder = printable(saved.document.folder)
        if names.isEmpty {
            say("Saved \(folder): nothing changed, no file written.")
        } else {
            say("\(document.isNew ? "Created" : "Saved") \(folder):")
            for name in names { say("  \(printable(name))") }
        }
        if let url = saved.redirectURL {
            say("Redirect URL: \(printable(url))")
            say("Register it with the identity provider as the app's redirect (callback) URL.")
        }
        let typedSecret = saved.draft.allSettings.contains { !$0.oauth.clientSecret.isEmpty && $0.kind == .oauth2 }
        let originalSecret = document.original?.allSettings.map(\.oauth.clientSecret) ?? []
        if typedSecret, saved.draft.allSettings.map(\.oauth.clientSecret) != originalSecret {
            say("The client secret is not in the connector's files and was not kept.")
            say("To keep it for this user:")
            say("  connector-wizard set \(shellQuoted(saved.document.folder)) --client-secret-stdin")
        }
        return 0
    }

    // MARK: One field

    /// Asks one field until the answer passes its rules (a warning passes), or shows it when
    /// it is read-only.
    mutating func ask(_ spec: FieldSpec) throws(Stop) {
        if spec.kind == .readOnly {
            say("\(spec.label): \(printable(draft.value(of: spec.id)))")
            return
        }
        if case .choice(let options) = spec.kind { listChoices(spec, options) }
        while true {
            let before = draft
            let findingsBefore = findings()
            let secret = spec.kind == .secret
            let raw = try readAnswer(prompt(for: spec), secret: secret)
            let answer = secret ? raw : raw.trimmedSpaces
            if answer == "?" {
                explain(spec)
                continue
            }
            if !answer.isEmpty, let problem = apply(answer, to: spec) {
                sayWrapped(problem, first: "  error: ", rest: "    ")
                draft = before
                continue
            }
            let after = findings()
            let mine = after.filter { $0.field == spec.id }
            let errors = mine.filter { $0.severity == .error }
            if !errors.isEmpty || folderTaken(spec) {
                for e in errors { sayWrapped(printable(e.message), first: "  error: ", rest: "    ") }
                if errors.isEmpty {
                    sayWrapped("\(saveFolder) is not empty: choose another title, or name a folder (connector-wizard --plain DIR).",
                               first: "  error: ", rest: "    ")
                }
                draft = before
                continue
            }
            for w in mine { sayWrapped(printable(w.message), first: "  warning: ", rest: "    ") }
            answered.insert(spec.id)
            // What this answer changed in the fields answered before (HTTP with Basic), and a
            // type the gateway rules out; the fields still to come say theirs when asked.
            let known = Set(findingsBefore.map { "\($0.field.rawValue)|\($0.message)" })
            for f in after where f.field != spec.id && (answered.contains(f.field) || f.field == .auth)
                && !known.contains("\(f.field.rawValue)|\(f.message)") {
                sayWrapped(printable(f.message), first: f.severity == .error ? "  note: " : "  warning: ", rest: "    ")
            }
            return
        }
    }

    /// A new connector saved to `./<slug-of-title>` must not land on files that are there.
    func folderTaken(_ spec: FieldSpec) -> Bool {
        guard spec.id == .title, folderFromTitle, document.isNew else { return false }
        let folder = saveFolder
        return FileSystem.exists(folder) && (!FileSystem.isDirectory(folder) || !FileSystem.list(folder).isEmpty)
    }

    /// Sets the field from a non-empty answer; returns why the answer cannot be taken.
    mutating func apply(_ answer: String, to spec: FieldSpec) -> String? {
        var text = answer
        switch spec.kind {
        case .choice(let options):
            let lower = answer.lowercased()
            if let n = Int(answer), options.indices.contains(n - 1) {
                text = options[n - 1].id
            } else if let option = options.first(where: { $0.label.lowercased() == lower || $0.id.lowercased() == lower }) {
                text = option.id
            } else {
                return "Answer a number from 1 to \(options.count), or an option as listed."
            }
        case .checkbox:
            switch answer.lowercased() {
            case "y", "yes": text = "true"
            case "n", "no": text = "false"
            default: return "Answer y or n."
            }
        case .secret:
            if answer == "-" { text = "" }
        default:
            if answer == "-" { text = "" }
            if spec.id == .host, draft.splitURLIntoHost(answer) {
                let g = draft.general
                say("  Split the URL into Scheme \(g.scheme.label), Host \(printable(g.host)) and Base URL \(printable(g.basePath ?? "/")).")
                return nil
            }
        }
        do throws(ConnectorDraft.SetError) {
            try draft.setValue(text, of: spec.id)
        } catch {
            return printable(error.description)
        }
        return nil
    }

    /// Every finding, with the original draft looking at the same authentication type as the
    /// draft (so a value kept from the file is compared with itself).
    func findings() -> [Diagnostic] {
        var original = document.original
        if let o = original, o.sets.indices.contains(draft.selectedSet) { original?.selectedSet = draft.selectedSet }
        return Validator.validate(draft, original: original, files: files)
    }

    /// `Label [default]: `; the two Basic labels say what they name.
    func prompt(for spec: FieldSpec) -> String {
        var label = spec.label
        if !spec.note.isEmpty { label += " (\(spec.note))" }
        let value = draft.value(of: spec.id)
        let shown: String
        switch spec.kind {
        case .secret:
            shown = draft.oauth.clientSecret.isEmpty ? "none" : "kept"
        case .checkbox:
            shown = value == "true" ? "Y/n" : "y/N"
        case .choice(let options):
            shown = options.first { $0.id == value }?.label ?? value
        default:
            shown = Self.shortened(value)
        }
        return shown.isEmpty ? "\(label): " : "\(label) [\(printable(shown))]: "
    }

    /// A default fit for one short prompt line: its first line, at most 48 characters.
    static func shortened(_ value: String) -> String {
        let firstLine = value.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" }).first.map(String.init) ?? ""
        if firstLine.count <= 48 && firstLine.count == value.count { return value }
        var cut = firstLine.prefix(45)
        // At a word's end when there is one not too far back.
        if let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) >= 24 { cut = cut[..<space] }
        return String(cut) + "..."
    }

    func listChoices(_ spec: FieldSpec, _ options: [ChoiceOption]) {
        say("\(spec.label), one of:")
        for (i, option) in options.enumerated() { say("  \(i + 1)) \(printable(option.label))") }
    }

    /// `?`: the field's help as it applies here, what to answer, the whole value when the
    /// prompt shortened it, and the field's findings now.
    func explain(_ spec: FieldSpec) {
        sayWrapped(Self.plainHelp(spec.help), first: "  ", rest: "  ")
        let value = draft.value(of: spec.id)
        switch spec.kind {
        case .choice(let options):
            listChoices(spec, options)
            say("  Answer a number or an option as listed.")
        case .checkbox:
            say("  Answer y or n.")
        case .secret:
            say(console.input.isTerminal ? "  What you type is not shown. - clears it." : "  - clears it.")
        case .multiline:
            if Self.shortened(value) != value {
                say("  Now:")
                for line in value.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" }) {
                    sayWrapped(printable(String(line)), first: "    ", rest: "    ")
                }
            }
            say("  The answer is one line; Enter keeps the value as it is. - clears it.")
        default:
            if !spec.placeholder.isEmpty, value.isEmpty { sayWrapped(printable(spec.placeholder), first: "  Hint: ", rest: "    ") }
            if Self.shortened(value) != value { sayWrapped(printable(value), first: "  Now: ", rest: "    ") }
            say("  Enter keeps the value in brackets; - clears it.")
        }
        for f in findings() where f.field == spec.id {
            sayWrapped(printable(f.message), first: "  \(f.severity.rawValue): ", rest: "    ")
        }
    }

    /// The form's help without the sentences about the form's keys.
    static func plainHelp(_ help: String) -> String {
        let keyWords = ["Enter adds", "Tab moves", "F8", "F9"]
        var sentences: [String] = []
        var current = ""
        for c in help {
            current.append(c)
            if c == "." {
                sentences.append(current)
                current = ""
            }
        }
        if !current.isEmpty { sentences.append(current) }
        return sentences.map { $0.trimmedSpaces }
            .filter { s in !keyWords.contains { s.contains($0) } }
            .joined(separator: " ")
    }

    /// The form's label of a field (for findings at the save).
    func label(of field: FieldID) -> String {
        for tab in [WizardTab.general, .security] {
            if let spec = draft.fields(on: tab).first(where: { $0.id == field }) {
                return spec.note.isEmpty ? spec.label : "\(spec.label) (\(spec.note))"
            }
        }
        return field.rawValue
    }
}

/// A path as a shell reads it back: quoted when it has anything but safe characters.
fileprivate func shellQuoted(_ s: String) -> String {
    let safe = s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "/._-+,:@%=".contains($0)) }
    return safe && !s.isEmpty ? s : "'" + s.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
}

extension String {
    /// Without spaces and tabs at either end.
    var trimmedSpaces: String { trimmingCharacters(in: " \t") }
}
