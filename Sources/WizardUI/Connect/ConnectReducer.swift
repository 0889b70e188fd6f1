import ConnectorKit

extension ConnectState {
    /// Handles one key: through the bindings, or as typed text in a text box.
    public mutating func handle(_ key: Key) -> [ConnectEffect] {
        if case .resize(let w, let h) = key {
            width = w
            height = h
            return []
        }
        flash = nil
        if let action = ConnectKeymap.action(for: key, in: self) { return apply(action) }
        switch key {
        case .char(let c):
            type(String(c))
        case .paste(let text):
            // While a sign-in waits, a paste is the address the browser ended on, given whole.
            if case .waiting? = overlay { return giveAddress(text) }
            type(text)
        default:
            break
        }
        return []
    }

    public mutating func apply(_ action: ConnectAction) -> [ConnectEffect] {
        switch action {
        case .next: move(by: 1)
        case .previous: move(by: -1)
        case .press: return press()
        case .create: return create()
        case .cancel:
            if stage == .form { outcome = .cancelled } else { outcome = .created }
            return [.quit]
        case .help: overlay = .help
        case .choiceNext: cycle(by: 1)
        case .choicePrevious: cycle(by: -1)
        case .openChoice:
            if let f = focusedField {
                let labels = f.optionLabels
                let current = options(of: f).firstIndex { $0 == values[f.name] } ?? 0
                if !labels.isEmpty { popup = ConnectPopup(field: f.name, labels: labels, selected: current) }
            }
        case .toggle:
            if let f = focusedField { values[f.name] = values[f.name]?.lowercased() == "true" ? "false" : "true" }
        case .caretLeft, .caretRight, .caretHome, .caretEnd, .backspace, .deleteForward, .clear:
            edit(action)
        case .popupUp:
            if var p = popup { p.selected = ListStep.moved(p.selected, by: -1, count: p.labels.count); popup = p }
        case .popupDown:
            if var p = popup { p.selected = ListStep.moved(p.selected, by: 1, count: p.labels.count); popup = p }
        case .popupPick:
            if let p = popup, let f = field(p.field) {
                popup = nil
                pick(options(of: f)[p.selected], for: f)
            }
        case .popupCancel: popup = nil
        case .copyURL:
            let url: String?
            switch overlay {
            case .authorizationURL(let u)?: url = u
            case .waiting(let w)?: url = w.url
            default: url = nil
            }
            if let url {
                flash = .init(kind: .success, text: "The sign-in URL is on the clipboard.")
                return [.copy(url)]
            }
        case .giveAddress:
            if case .waiting(let w)? = overlay { return giveAddress(w.address) }
        case .printURL:
            if case .authorizationURL(let url)? = overlay {
                printed.append(url)
                flash = .init(kind: .info, text: "The sign-in URL will be printed when the prompt closes.")
            }
        case .closeOverlay:
            let wasWaiting: Bool
            if case .waiting? = overlay { wasWaiting = true } else { wasWaiting = false }
            // The reason stays on the status line after its box is closed.
            if case .failed(let why)? = overlay { flash = .init(kind: .error, text: why) }
            overlay = nil
            if wasWaiting {
                flash = .init(kind: .info, text: ConnectState.cancelledText)
                return [.cancelSignIn]
            }
        case .confirmSecret:
            if case .clientSecret(let text)? = overlay {
                overlay = nil
                signIn = .signingIn
                return [.signIn(clientSecret: text)]
            }
        case .refresh:
            guard signIn != .refreshing else { return [] }
            signIn = .refreshing
            return [.refresh]
        case .test:
            guard stage == .created else { return [] }
            focus = .test
            return press()
        }
        return []
    }

    /// Reports from the host: the sign-in and test call as they go.
    public mutating func receive(_ event: ConnectEvent) {
        switch event {
        case .tick(let t):
            now = t
        case .signInWaiting(let url, let opened, let deadline):
            overlay = .waiting(SignInWait(url: url, browserOpened: opened, deadline: deadline))
        case .signInAddressTaken:
            if case .waiting(var w)? = overlay {
                w.answer = .taken
                overlay = .waiting(w)
            }
        case .signInAddressRefused(let why):
            if case .waiting(var w)? = overlay {
                w.answer = .refused(why)
                overlay = .waiting(w)
            }
        case .signedIn(let expiresAt, let refreshable):
            if case .waiting? = overlay { overlay = nil }
            signIn = .signedIn(expiresAt: expiresAt, refreshable: refreshable)
            flash = .init(kind: .success, text: "Signed in" + expiry(expiresAt) + ".")
            if focus == .signIn { focus = .create }
        case .signInFailed(let message):
            signIn = .failed(message)
            flash = .init(kind: .error, text: message)
            // A failure the end user did not cause gets a box that shows all of it.
            if message == ConnectState.cancelledText {
                if case .waiting? = overlay { overlay = nil }
            } else {
                overlay = .failed(message)
            }
        case .refreshed(let expiresAt, let refreshable):
            signIn = .signedIn(expiresAt: expiresAt, refreshable: refreshable)
            flash = .init(kind: .success, text: "Token refreshed" + expiry(expiresAt) + ".")
        case .testFinished(let report):
            test = .done(report)
        case .testFailed(let message):
            test = .failed(message)
        case .connectionNotSaved(let why):
            flash = .init(kind: .error, text: why)
        }
    }

    public static let cancelledText = "Sign-in cancelled."
    /// What the sign-in box of tab 3 says before the connector's first save.
    public static let redirectNotMadeYetText = "Not saved yet: this URL has the platform's shared redirect URL (…/redirect). The connector's own redirect URL is made when it is saved (Ctrl-S on the General or Security tab); the sign-in URL then has it."
    /// Short enough for the status line at 80 columns.
    public static let noGatewayHint = "No gateway is installed: give --gateway NAME, or list it in the gateways file."

    func expiry(_ expiresAt: Int?) -> String {
        guard let expiresAt else { return "" }
        return "; the token expires in " + ConnectState.duration(ConnectState.seconds(from: now, to: expiresAt))
    }

    /// `59 s`, `4 min 10 s`, `2 h 5 min`.
    public static func duration(_ seconds: Int) -> String {
        let s = max(0, seconds)
        if s < 60 { return "\(s) s" }
        if s < 3600 { return "\(s / 60) min" + (s % 60 == 0 ? "" : " \(s % 60) s") }
        return "\(s / 3600) h" + (s % 3600 / 60 == 0 ? "" : " \(s % 3600 / 60) min")
    }

    // MARK: Focus and buttons

    mutating func move(by step: Int) {
        let order = focusOrder
        guard !order.isEmpty else { return }
        let i = order.firstIndex(of: focus) ?? 0
        focus = order[(i + step + order.count) % order.count]
        selected = nil
        if overlay == nil, let text = editedText, !text.isEmpty {
            selected = focus
            editedCaret = text.count
        }
    }

    mutating func press() -> [ConnectEffect] {
        switch focus {
        case .field: move(by: 1)
        case .signIn: return startSignIn()
        case .create: return create()
        case .cancel:
            outcome = .cancelled
            return [.quit]
        case .testPath, .test:
            if case .running = test { return [] }
            if let reason = testUnavailableReason {
                flash = .init(kind: .error, text: reason)
                return []
            }
            test = .running
            return [.test(path: testPath)]
        case .refresh:
            return apply(.refresh)
        case .close:
            outcome = .created
            return [.quit]
        }
        return []
    }

    /// Why a test call cannot be made, or nil.
    public var testUnavailableReason: String? {
        if case .windows = scheme {
            return "A gateway connection is called by its gateway, not from here."
        }
        if case .failure(let why) = testRequest(path: testPath) { return why.description }
        return nil
    }

    /// The test call to `path` before credentials are applied: at the host the platform would
    /// use (a `dynamichosturl` policy filled from the connection's values), or why there is none.
    public func testRequest(path: String) -> Result<HTTPRequest, TestCall.Unavailable> {
        TestCall.request(properties: properties, definition: definition, path: path, values: connectionValues,
                         set: prompt.chosenSet)
    }

    /// The prompt's fields whose values the sign-in URLs are made from (`token:customHost` for
    /// `{CustomHost}`) that are still empty.
    /// A service principal's: its client ID, secret and tenant, when empty.
    public var missingSignInFields: [ConnectionPrompt.Field] {
        guard let oauth else { return [] }
        if oauth.usesClientCredentials {
            return prompt.fields.filter { f in
                ["token:clientid", "token:clientsecret", "token:tenantid"].contains(f.name.lowercased()) && (values[f.name] ?? "").isEmpty
            }
        }
        return oauth.missingValues.compactMap { name in
            prompt.fields.first { $0.name.lowercased() == "token:" + name.lowercased() }
        }
    }

    /// An address pasted or typed while the sign-in waits: handed to the host, which says whether
    /// it was the answer (`signInAddressTaken`, `signInAddressRefused`). The box is emptied; what
    /// it held is never shown again.
    mutating func giveAddress(_ text: String) -> [ConnectEffect] {
        guard case .waiting(var w)? = overlay, w.answer != .taken else { return [] }
        w.address = ""
        overlay = .waiting(w)
        guard text.contains(where: { !$0.isWhitespace }) else { return [] }
        return [.signInAddress(text)]
    }

    mutating func startSignIn() -> [ConnectEffect] {
        if signIn == .signingIn {
            flash = .init(kind: .info, text: "A sign-in is already under way.")
            return []
        }
        guard let oauth else {
            flash = .init(kind: .error, text: "This authentication type has no OAuth settings to sign in with.")
            return []
        }
        if let reason = oauth.platformOnlyReason {
            flash = .init(kind: .error, text: reason)
            return []
        }
        let missing = missingSignInFields
        if !missing.isEmpty {
            showMissing = true
            focus = .field(missing[0].name)
            let what = oauth.usesClientCredentials ? "the service principal's token needs" : "the sign-in URL is made from"
            flash = .init(kind: .error, text: "Fill in \(missing.map(\.label).joined(separator: ", ")) first: \(what) \(missing.count == 1 ? "it" : "them").")
            return []
        }
        if oauth.usesClientCredentials {
            // A service principal: a token from the Token URL with its client ID and secret, no
            // browser, in either sign-in mode.
            signIn = .signingIn
            return [.signIn(clientSecret: nil)]
        }
        guard let url = platformAuthorizationURL else {
            flash = .init(kind: .error, text: "The connector's files do not say which URL the platform opens to sign in.")
            return []
        }
        guard liveSignIn else {
            overlay = .authorizationURL(url)
            return []
        }
        if !oauth.canSignIn {
            flash = .init(kind: .error, text: "The connector's files do not give a complete authorization and token URL to sign in with.")
            return []
        }
        // A client secret kept for this user, or given as the connection's own (`token:clientSecret`).
        if hasStoredClientSecret || oauth.connectionClientSecret != nil {
            signIn = .signingIn
            return [.signIn(clientSecret: nil)]
        }
        overlay = .clientSecret(text: "")
        return []
    }

    /// `Create` (§5): required fields, then a signed-in OAuth connection, then a gateway.
    mutating func create() -> [ConnectEffect] {
        guard stage == .form else { return [] }
        for f in prompt.fields {
            if case .gateway(let names) = f.kind, names.isEmpty {
                focus = .field(f.name)
                flash = .init(kind: .error, text: ConnectState.noGatewayHint)
                return []
            }
        }
        let missing = missingFields
        if !missing.isEmpty {
            showMissing = true
            focus = .field(missing[0].name)
            let names = missing.map(\.label).joined(separator: ", ")
            flash = .init(kind: .error, text: "Fill in the required field\(missing.count == 1 ? "" : "s"): \(names).")
            return []
        }
        if prompt.signIn != nil {
            switch signIn {
            case .signedIn, .refreshing:
                break
            default:
                focus = .signIn
                flash = .init(kind: .error, text: liveSignIn
                    ? "Sign in before creating the connection."
                    : "Sign in before creating the connection (connect --sign-in loopback signs in from this terminal).")
                return []
            }
        }
        stage = .created
        focus = .test
        flash = .init(kind: .success, text: "Connection created.")
        // With `--test`, the call follows at once (a reason it cannot be made is said instead).
        return [.created] + (testAtOnce ? press() : [])
    }

    // MARK: Choices

    /// The values a choice field's options stand for, in order.
    public func options(of f: ConnectionPrompt.Field) -> [String] {
        switch f.kind {
        case .choice(let options): options.map(\.id)
        case .gateway(let names): names
        default: []
        }
    }

    mutating func cycle(by step: Int) {
        guard let f = focusedField else { return }
        let all = options(of: f)
        guard !all.isEmpty else { return }
        let i = all.firstIndex { $0 == values[f.name] } ?? 0
        pick(all[ListStep.moved(i, by: step, count: all.count)], for: f)
    }

    public mutating func pick(_ value: String, for f: ConnectionPrompt.Field) {
        values[f.name] = value
        if f.isSetChoice, case .choice(let options) = f.kind, let i = options.firstIndex(where: { $0.id == value }) {
            choose(set: i)
        } else if f.name.lowercased() == ConnectionPrompt.grantTypeName.lowercased() {
            // Signing in or a service principal: the fields that follow change.
            prompt = ConnectionPrompt(properties: properties, definition: definition, gateways: gateways, set: prompt.chosenSet ?? 0,
                                      values: values)
            fillDefaults()
            signIn = .notSignedIn
        }
    }

    // MARK: Text

    /// The text box with the focus: a field's value, the client secret, or the test path.
    var editedText: String? {
        get {
            if case .clientSecret(let text)? = overlay { return text }
            if case .waiting(let w)? = overlay { return w.answer == .taken ? nil : w.address }
            switch focus {
            case .testPath: return testPath
            case .field(let name):
                switch field(name)?.kind {
                case .text?, .secure?: return values[name] ?? ""
                default: return nil
                }
            default: return nil
            }
        }
        set {
            guard let newValue else { return }
            if case .clientSecret? = overlay {
                overlay = .clientSecret(text: newValue)
                return
            }
            if case .waiting(var w)? = overlay {
                w.address = newValue
                overlay = .waiting(w)
                return
            }
            switch focus {
            case .testPath: testPath = newValue
            case .field(let name): values[name] = newValue
            default: break
            }
        }
    }

    var editedCaret: Int {
        get {
            let count = editedText?.count ?? 0
            if case .clientSecret? = overlay { return count }
            if case .waiting? = overlay { return count }
            switch focus {
            case .testPath: return min(testCaret, count)
            case .field(let name): return min(caret[name] ?? count, count)
            default: return 0
            }
        }
        set {
            if case .clientSecret? = overlay { return }
            if case .waiting? = overlay { return }
            switch focus {
            case .testPath: testCaret = newValue
            case .field(let name): caret[name] = newValue
            default: break
            }
        }
    }

    /// Edits the focused text box's value and caret together, as a `TextField` (one line).
    mutating func editText(_ change: (inout TextField) -> Void) {
        guard let value = editedText else { return }
        // Only the form's boxes are ever selected; the boxes of the sign-in's overlays are not.
        let isSelected = overlay == nil && selected == focus
        var field = TextField(value, caret: editedCaret, selected: isSelected)
        change(&field)
        if field.text != value { editedText = field.text }
        editedCaret = field.caret
        if isSelected, !field.selected { selected = nil }
    }

    mutating func type(_ text: String) {
        editText { $0.insert(text) }
    }

    mutating func edit(_ action: ConnectAction) {
        let edit: TextField.Edit
        switch action {
        case .caretLeft: edit = .left
        case .caretRight: edit = .right
        case .caretHome: edit = .home
        case .caretEnd: edit = .end
        case .backspace: edit = .backspace
        case .deleteForward: edit = .deleteForward
        case .clear: edit = .clear
        default: return
        }
        editText { $0.apply(edit) }
    }
}
