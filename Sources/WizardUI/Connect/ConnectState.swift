import ConnectorKit

/// Everything the interactive connection prompt (§5) is drawn from: the end user's answers, the
/// focus, the sign-in and the test call as far as they have come. `handle` and `receive` are the
/// only things that change it; sign-in and HTTP happen in the host, which reports back events.
public struct ConnectState: Sendable {
    /// The connector's two files, kept to rebuild the prompt when another authentication type is
    /// chosen.
    public let properties: JSONValue
    public let definition: JSONValue
    public let gateways: [String]
    public var prompt: ConnectionPrompt

    /// What the end user typed or chose, by parameter name (the set choice under
    /// `ConnectionPrompt.setChoiceName`). In memory only.
    public var values: [String: String] = [:]
    /// The caret of each text field, in characters.
    public var caret: [String: Int] = [:]
    /// The text box whose whole value is selected: Tab or Shift-Tab into a box that holds a
    /// value selects it, as in a browser form, so typing replaces it.
    public var selected: ConnectFocus?
    public var focus: ConnectFocus
    public var popup: ConnectPopup?
    public var overlay: ConnectOverlay?

    /// `--sign-in loopback`: sign in for real from the terminal; otherwise `Sign in` shows the URL
    /// the platform would open.
    public var liveSignIn: Bool
    /// A client secret is stored for this connector (`set --client-secret-stdin`), so a live
    /// sign-in does not ask for one.
    public var hasStoredClientSecret: Bool
    public var signIn: SignInStatus = .notSignedIn
    /// The OAuth settings of the chosen authentication type, if it signs in.
    /// The chosen type's OAuth settings as the files give them (`oauth` has the end user's values in).
    private(set) var oauthSettings: OAuthConfiguration?
    /// The OAuth settings as signed in with: the files' settings with the `token:` values the end
    /// user has given so far (§5.1).
    public var oauth: OAuthConfiguration? { oauthSettings?.filled(with: connectionValues) }
    /// How the chosen type's credentials are applied to a test call.
    public private(set) var scheme: CredentialScheme
    /// The `state` of the platform's authorization URL: random, made once.
    public let platformState: String

    public var stage: Stage = .form
    /// After `Create` was pressed with fields missing: they are marked.
    public var showMissing = false
    /// The path a test call goes to (under the swagger's host and base path).
    public var testPath: String
    public var testCaret: Int
    public var test: TestStatus = .none
    /// `connect --test PATH`: the test call is made as soon as the connection is created, as
    /// plain mode makes it (§5.2), not when `Test` is pressed.
    public var testAtOnce: Bool

    public var flash: WizardState.Flash?
    /// Seconds since the epoch, kept current by the host's ticks (for the token's expiry).
    public var now: Int
    public var width: Int
    public var height: Int
    /// Set when the prompt is over.
    public var outcome: Outcome?
    /// Shown in the wizard's tab 3 rather than on a screen of its own.
    public var embedded = false
    /// Tab 3 of a connector not saved yet: its redirect URL is made by the first save, so the
    /// platform's sign-in URL has the shared `…/redirect` meanwhile; the sign-in box says so.
    public var redirectNotMadeYet = false
    /// Text the end user asked to print (an authorization URL): written out when the screen closes.
    public var printed: [String] = []

    public enum Stage: Equatable, Sendable {
        case form
        /// `Create` succeeded: the connection, every secret redacted, and the test call.
        case created
    }

    public enum Outcome: Equatable, Sendable { case created, cancelled }

    public init(properties: JSONValue, definition: JSONValue, gateways: [String] = [], liveSignIn: Bool = false,
                hasStoredClientSecret: Bool = false, testPath: String? = nil, testAtOnce: Bool = false, now: Int = 0,
                width: Int = 80, height: Int = 24, platformState: String = RandomText.token()) {
        self.properties = properties
        self.definition = definition
        self.gateways = gateways
        self.liveSignIn = liveSignIn
        self.hasStoredClientSecret = hasStoredClientSecret
        self.now = now
        self.width = width
        self.height = height
        self.platformState = platformState
        prompt = ConnectionPrompt(properties: properties, definition: definition, gateways: gateways)
        oauthSettings = OAuthConfiguration(properties: properties, definition: definition, set: prompt.chosenSet)
        scheme = CredentialScheme(properties: properties, definition: definition, set: prompt.chosenSet)
        self.testPath = testPath ?? TestCall.suggestedPath(definition: definition)
        testCaret = self.testPath.count
        self.testAtOnce = testAtOnce
        focus = .create
        fillDefaults()
        focus = initialFocus
    }

    /// `Sign in` first for an OAuth connector (§5), else the first field.
    var initialFocus: ConnectFocus {
        if prompt.signIn != nil { return .signIn }
        return focusOrder.first ?? .create
    }

    /// The focus chain of the current stage.
    public var focusOrder: [ConnectFocus] {
        switch stage {
        case .form:
            var order = prompt.fields.map { ConnectFocus.field($0.name) }
            if prompt.signIn != nil { order.append(.signIn) }
            return order + [.create, .cancel]
        case .created:
            var order: [ConnectFocus] = [.testPath, .test]
            if case .signedIn(_, true) = signIn, liveSignIn { order.append(.refresh) }
            return order + [.close]
        }
    }

    public func field(_ name: String) -> ConnectionPrompt.Field? {
        prompt.fields.first { $0.name == name }
    }

    public var focusedField: ConnectionPrompt.Field? {
        if case .field(let name) = focus { return field(name) }
        return nil
    }

    /// Required fields left empty (checkboxes count as answered).
    public var missingFields: [ConnectionPrompt.Field] {
        prompt.fields.filter { f in
            guard f.required, f.kind != .checkbox else { return false }
            return (values[f.name] ?? "").isEmpty
        }
    }

    /// The label a `Test` button has: `Test again` once a call was made.
    public var testLabel: String {
        switch test {
        case .none: "Test"
        default: "Test again"
        }
    }

    /// The token's remaining lifetime, when signed in with one that says.
    public var secondsLeft: Int? {
        if case .signedIn(let expiresAt?, _) = signIn { return Self.seconds(from: now, to: expiresAt) }
        return nil
    }

    /// `to - from`, pinned at Int's ends rather than trapping (a server may send any lifetime).
    public static func seconds(from: Int, to: Int) -> Int {
        let (d, overflow) = to.subtractingReportingOverflow(from)
        return overflow ? (to < from ? Int.min : Int.max) : d
    }

    /// Rebuilds the prompt for another authentication type, keeping what was typed.
    mutating func choose(set index: Int) {
        prompt = ConnectionPrompt(properties: properties, definition: definition, gateways: gateways, set: index, values: values)
        oauthSettings = OAuthConfiguration(properties: properties, definition: definition, set: prompt.chosenSet)
        scheme = CredentialScheme(properties: properties, definition: definition, set: prompt.chosenSet)
        fillDefaults()
        signIn = .notSignedIn
    }

    /// What the prompt shows before the end user answers: defaults, a choice's shown option, the
    /// first gateway. Answers already given are kept.
    mutating func fillDefaults() {
        for f in prompt.fields where values[f.name] == nil {
            switch f.kind {
            case .choice: values[f.name] = f.selectedOption?.id
            case .gateway(let names): values[f.name] = names.first
            default: values[f.name] = f.defaultValue
            }
        }
    }

    /// The authorization URL the platform opens (§5.1), for the chosen type.
    public var platformAuthorizationURL: String? {
        oauth?.platformAuthorizationURLIfKnown(state: platformState)
    }

    /// The values of the chosen type's fields, as the connection gets them.
    public var connectionValues: [String: String] {
        var out: [String: String] = [:]
        for f in prompt.fields where !f.isSetChoice {
            if let v = values[f.name] { out[f.name] = v }
        }
        return out
    }

    /// The secrets typed by the end user — masked parameters, and whatever the credential scheme
    /// sends as a credential even when shown in clear: what every shown text is redacted of.
    public var typedSecrets: [String] {
        let names = Set(prompt.fields.compactMap { f -> String? in
            if case .secure(masked: true) = f.kind { return f.name }
            return nil
        }).union(scheme.secretParameters)
        return names.sorted().compactMap { values[$0] }.filter { !$0.isEmpty }
    }

    /// The created connection as shown: (label, value), every secret redacted.
    public var summary: [(label: String, value: String)] {
        var rows: [(String, String)] = []
        for f in prompt.fields {
            let v = values[f.name] ?? ""
            switch f.kind {
            case .secure(let masked):
                // A `clearText` parameter (a user name) is shown as the dialog showed it.
                rows.append((f.label, v.isEmpty ? "(empty)" : masked ? ConnectState.redacted : v))
            case .choice(let options):
                rows.append((f.label, options.first { $0.id == v }?.label ?? v))
            case .checkbox:
                rows.append((f.label, v.lowercased() == "true" ? "Yes" : "No"))
            case .gateway:
                rows.append((f.label, v))
            case .text:
                rows.append((f.label, v.isEmpty ? "(empty)" : v))
            }
        }
        if let s = prompt.signIn {
            rows.append(("Signed in with", s.providerName + (oauth.map { " (client ID \($0.clientId))" } ?? "")))
        }
        if rows.isEmpty { rows.append(("Credentials", "none: the connector asks for nothing")) }
        return rows
    }

    public static let redacted = "••••••"
}

/// What has the focus in the connection prompt.
public enum ConnectFocus: Hashable, Sendable {
    case field(String)
    case signIn, create, cancel
    case testPath, test, refresh, close
}

/// An open list of a choice field's options.
public struct ConnectPopup: Equatable, Sendable {
    public var field: String
    public var labels: [String]
    public var selected: Int
}

/// A box over the prompt.
public enum ConnectOverlay: Equatable, Sendable {
    /// `Sign in` without a live sign-in: the exact URL the platform would open.
    case authorizationURL(String)
    /// A live sign-in waiting for the browser's redirect, or for the address it ended on.
    case waiting(SignInWait)
    /// A live sign-in needs the OAuth client secret: typed here, masked.
    case clientSecret(text: String)
    /// F1: the focused field's tooltip and description, and the keys.
    case help
    /// A sign-in or refresh failed: the whole reason, which the status line may have to cut.
    case failed(String)
}

/// A live sign-in waiting for the browser to come back to the loopback listener — or, when the
/// browser runs on another machine (the maker works over SSH) and its redirect to 127.0.0.1 goes
/// nowhere, for the address it ended on, pasted (or typed into the box) in the terminal.
public struct SignInWait: Equatable, Sendable {
    /// The authorization URL the browser was sent to.
    public var url: String
    public var browserOpened: Bool
    /// When the wait ends, in the session clock's seconds.
    public var deadline: Int
    /// An address being typed (a paste is given whole, at once). Shown only redacted.
    public var address = ""
    /// What became of the last address given.
    public var answer: Answer?

    public enum Answer: Equatable, Sendable {
        /// It was this sign-in's answer: its code is being exchanged.
        case taken
        /// It was not: why, in one sentence. The wait goes on.
        case refused(String)
    }

    public init(url: String, browserOpened: Bool, deadline: Int) {
        self.url = url
        self.browserOpened = browserOpened
        self.deadline = deadline
    }

    /// The loopback listener's port, from the URL's redirect URI: the one `ssh -L` forwards.
    public var listenerPort: Int? { PastedRedirect.listenerPort(inAuthorizationURL: url) }

    /// What the waiting box says of signing in with the browser on another machine.
    public static let pasteHint = "Browser on another machine? Paste the address it ended on here."

    /// The forward that lets a browser on another machine reach the listener, on the listener's
    /// own port (run there before signing in); nil when the URL names no port.
    public var forwardHint: String? { forwardCommand.map { Self.forwardLead + " " + $0 } }

    /// What the forward command follows.
    public static let forwardLead = "Or run there first:"

    /// `ssh -L PORT:127.0.0.1:PORT <this machine>`, with the listener's port.
    public var forwardCommand: String? { listenerPort.map { "ssh -L \($0):127.0.0.1:\($0) <this machine>" } }

    /// What an address looks like, for the empty box.
    public var addressExample: String {
        "e.g. http://127.0.0.1:\(listenerPort.map(String.init) ?? "PORT")/callback?code=…&state=…"
    }

    /// Said once an address given was the sign-in's answer.
    public static let takenText = "Address taken: exchanging the code…"
}

public enum SignInStatus: Equatable, Sendable {
    case notSignedIn
    /// A live sign-in is under way (waiting for the browser, or exchanging the code).
    case signingIn
    case signedIn(expiresAt: Int?, refreshable: Bool)
    case refreshing
    /// The sign-in or refresh failed: the reason, as the token endpoint gave it.
    case failed(String)
}

public enum TestStatus: Equatable, Sendable {
    case none
    case running
    case done(TestReport)
    case failed(String)
}

/// A test call as shown: everything already redacted of credentials.
public struct TestReport: Equatable, Sendable {
    public var method: String
    public var url: String
    public var status: Int
    public var reason: String
    public var milliseconds: Int
    /// The start of the body.
    public var body: String
    /// The token was refreshed first, because it had expired.
    public var refreshedFirst: Bool

    public init(method: String, url: String, status: Int, reason: String, milliseconds: Int, body: String,
                refreshedFirst: Bool = false) {
        self.method = method
        self.url = url
        self.status = status
        self.reason = reason
        self.milliseconds = milliseconds
        self.body = body
        self.refreshedFirst = refreshedFirst
    }
}

/// Work the prompt asks its host to do.
public enum ConnectEffect: Equatable, Sendable {
    /// Start a live sign-in; the secret typed in the prompt, or nil to use the stored one (or none).
    case signIn(clientSecret: String?)
    case cancelSignIn
    /// The address the browser ended on, pasted or typed while the sign-in waits: the host checks
    /// it as the listener checks a redirect, and answers with `signInAddressTaken` or
    /// `signInAddressRefused`.
    case signInAddress(String)
    case copy(String)
    /// `Create` passed its checks: the host may save the connection (`--save-connection`).
    case created
    /// A test call to this path; the host refreshes an expired token first.
    case test(path: String)
    case refresh
    case quit
}

/// What the host reports back.
public enum ConnectEvent: Equatable, Sendable {
    case signInWaiting(url: String, browserOpened: Bool, deadline: Int)
    /// The address given while the sign-in waits was its answer: the code is being exchanged.
    case signInAddressTaken
    /// The address given was not its answer: why, in one sentence; the wait goes on.
    case signInAddressRefused(String)
    case signedIn(expiresAt: Int?, refreshable: Bool)
    case signInFailed(String)
    case refreshed(expiresAt: Int?, refreshable: Bool)
    case testFinished(TestReport)
    case testFailed(String)
    /// `--save-connection` could not write the connection: why, in one sentence.
    case connectionNotSaved(String)
    case tick(now: Int)
}
