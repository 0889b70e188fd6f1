/// The General tab's settings.
public struct GeneralSettings: Equatable, Sendable {
    public var title = ""
    /// Path of the icon file the maker chose; empty for none.
    public var icon = ""
    public var iconBrandColor = "#007ee5"
    public var description = ""
    public var gateway = false
    public var scheme: URLScheme = .https
    public var host = ""
    /// nil when the connector's file has no `basePath` (40 real connectors): it stays absent
    /// unless the maker sets one. A new connector starts with `/`.
    public var basePath: String? = "/"

    public init() {}
}

public enum URLScheme: String, CaseIterable, Sendable {
    case https, http
    public var label: String { rawValue.uppercased() }
}

public enum AuthKind: String, CaseIterable, Sendable {
    case none, basic, apikey, oauth2, windows

    /// The label the Authentication type choice shows (the browser wizard's words).
    public var label: String {
        switch self {
        case .none: "No authentication"
        case .basic: "Basic authentication"
        case .apikey: "API Key"
        case .oauth2: "OAuth 2.0"
        case .windows: "Windows authentication"
        }
    }

    /// The types offered with or without the on-premises data gateway, in the SPEC's order.
    public static func offered(gateway: Bool) -> [AuthKind] {
        gateway ? [.none, .basic, .windows] : [.none, .basic, .apikey, .oauth2]
    }
}

public struct BasicAuth: Equatable, Sendable {
    public var usernameLabel = "Username"
    public var passwordLabel = "Password"
    public init() {}
}

public enum APIKeyLocation: String, CaseIterable, Sendable {
    case header, query
    public var label: String { self == .header ? "Header" : "Query" }
}

public struct APIKeyAuth: Equatable, Sendable {
    public var label = "API Key"
    public var name = "X-API-Key"
    public var location: APIKeyLocation = .header
    public init() {}
}

/// Where the connector's OAuth redirect URL stands (§3).
public enum RedirectURL: Equatable, Sendable {
    /// Not saved yet: the URL is made on the first save.
    case notGenerated
    /// `redirectMode: "GlobalPerConnector"` with its own URL, kept on every later save.
    case perConnector(String)
    /// The legacy shared URL (`redirectMode: "Global"`); `updateToUnique` switches it to a
    /// per-connector one at the next save.
    case legacyGlobal(String, updateToUnique: Bool)
    /// Any other mode found in a file (e.g. `Direct`), kept as it is.
    case other(mode: String, url: String?)

    public static let platformBase = "https://global.consent.azure-apim.net/redirect"

    /// What the read-only Redirect URL field shows.
    public var display: String {
        switch self {
        case .notGenerated: "Save the custom connector to generate the redirect URL"
        case .perConnector(let url): url
        case .legacyGlobal(let url, _): url
        case .other(_, let url): url ?? "(none)"
        }
    }

    public var url: String? {
        switch self {
        case .notGenerated: nil
        case .perConnector(let url): url
        case .legacyGlobal(let url, _): url
        case .other(_, let url): url
        }
    }
}

public struct OAuth2Auth: Equatable, Sendable {
    public var provider: String = OAuthProvider.generic.id
    public var clientId = ""
    /// Never written to the connector's files: the platform keeps it server-side.
    public var clientSecret = Secret.empty
    public var authorizationUrl = ""
    public var tokenUrl = ""
    public var refreshUrl = ""
    public var scope = ""
    public var loginUrl = "https://login.windows.net"
    public var tenantId = "common"
    public var resourceUrl = ""
    public var onBehalfOf = false
    /// Azure AD: end users may connect as a service principal (client ID, secret, tenant; the
    /// client-credentials grant) instead of signing in.
    public var servicePrincipal = false

    public init() {}

    public var template: OAuthProvider { OAuthProvider.named(provider) ?? .generic }

    /// The URLs that take effect: the template's for a named provider, the maker's for Generic.
    /// An empty Refresh URL means the Token URL.
    public var effectiveURLs: (authorization: String, token: String, refresh: String) {
        let t = template
        if t.isAAD {
            let base = loginUrl.hasSuffix("/") ? String(loginUrl.dropLast()) : loginUrl
            let tenant = tenantId.isEmpty ? "common" : tenantId
            return ("\(base)/\(tenant)/oauth2/authorize", "\(base)/\(tenant)/oauth2/token", "\(base)/\(tenant)/oauth2/token")
        }
        if !t.makerFillsURLs { return (t.authorizationURL, t.tokenURL, t.refreshURL) }
        return (authorizationUrl, tokenUrl, refreshUrl.isEmpty ? tokenUrl : refreshUrl)
    }

    /// Scopes as the files hold them: the Scope field split at white space.
    public var scopes: [String] {
        scope.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
    }
}

/// Authentication the wizard shows but does not edit (oauth2generic templates, aadcertificate,
/// DocuSign, unknown providers, secrets applied by a policy, several authentication types):
/// kept exactly as found.
public struct ImportedAuth: Equatable, Sendable {
    /// A one-line name for the Authentication type field, e.g. "OAuth 2.0 (aadcertificate)".
    public var summary: String
    /// Why the wizard leaves it alone, and what it holds, one line each.
    public var details: [String]
    /// What an imported identity provider's settings say (client ID, URLs or URL templates,
    /// scopes, custom parameters), to be shown read-only in the Security tab and by `show`;
    /// values of secret-looking parameters are never among them.
    public var settings: [Setting]

    /// One setting as the file has it.
    public struct Setting: Equatable, Sendable {
        /// Its name in the file (`clientId`, a custom parameter's name).
        public var name: String
        /// How the wizard labels it.
        public var label: String
        public var value: String

        public init(name: String, label: String, value: String) {
            self.name = name
            self.label = label
            self.value = value
        }
    }

    public init(summary: String, details: [String], settings: [Setting] = []) {
        self.summary = summary
        self.details = details
        self.settings = settings
    }
}

/// One authentication type's settings, keeping what was typed for the other types so that
/// switching back loses nothing until the connector is saved.
public struct AuthSettings: Equatable, Sendable {
    public var kind: AuthKind = .none
    public var basic = BasicAuth()
    public var apiKey = APIKeyAuth()
    public var oauth = OAuth2Auth()

    public init() {}
}

/// One of several authentication types a connector offers its end users
/// (`connectionParameterSets`), which the browser wizard cannot edit.
public struct AuthSet: Equatable, Sendable {
    /// The set's `name` in the file (and its security definition's key).
    public var name: String
    /// What the end user's "Authentication Type" choice shows.
    public var displayName: String
    public var description: String
    public var settings: AuthSettings

    public init(name: String, displayName: String, description: String = "", settings: AuthSettings) {
        self.name = name
        self.displayName = displayName
        self.description = description
        self.settings = settings
    }
}

/// What the wizard edits: every field of both tabs.
public struct ConnectorDraft: Equatable, Sendable {
    public var general = GeneralSettings()
    /// The connector's authentication when it offers one type.
    public var single = AuthSettings()
    /// The types, when it offers several; empty otherwise.
    public var sets: [AuthSet] = []
    /// Which of `sets` the Security form edits.
    public var selectedSet = 0
    public var redirect: RedirectURL = .notGenerated
    /// Set when the connector's authentication is one the wizard keeps but does not edit.
    public var imported: ImportedAuth?
    /// The solution publisher's prefix used in the API name of the redirect URL.
    public var publisherPrefix = "new"

    public init() {}

    /// The settings the Security form edits: the connector's one type, or the selected set's.
    public var current: AuthSettings {
        get { sets.indices.contains(selectedSet) ? sets[selectedSet].settings : single }
        set {
            if sets.indices.contains(selectedSet) { sets[selectedSet].settings = newValue } else { single = newValue }
        }
    }

    /// With several types, a type whose display name is still its kind's label (as F8 made it)
    /// takes the new kind's label too (numbered when another type has it); a name the maker gave
    /// is kept.
    public var authKind: AuthKind {
        // Each getter here reads the edited type where it stands: `current` returns a copy of
        // all its settings.
        get { sets.indices.contains(selectedSet) ? sets[selectedSet].settings.kind : single.kind }
        set {
            if sets.indices.contains(selectedSet), Self.isKindsOwnName(sets[selectedSet].displayName, of: current.kind),
               newValue != current.kind {
                let others = sets.indices.filter { $0 != selectedSet }.map { sets[$0].displayName }
                var name = newValue.label
                var n = 2
                while others.contains(name) {
                    name = "\(newValue.label) \(n)"
                    n += 1
                }
                sets[selectedSet].displayName = name
            }
            current.kind = newValue
        }
    }

    public var basic: BasicAuth {
        get { sets.indices.contains(selectedSet) ? sets[selectedSet].settings.basic : single.basic }
        set { current.basic = newValue }
    }

    public var apiKey: APIKeyAuth {
        get { sets.indices.contains(selectedSet) ? sets[selectedSet].settings.apiKey : single.apiKey }
        set { current.apiKey = newValue }
    }

    public var oauth: OAuth2Auth {
        get { sets.indices.contains(selectedSet) ? sets[selectedSet].settings.oauth : single.oauth }
        set { current.oauth = newValue }
    }

    /// Every authentication the connector offers: its one type, or each set's.
    public var allSettings: [AuthSettings] { sets.isEmpty ? [single] : sets.map(\.settings) }

    /// Whether any offered type signs in with OAuth 2.0 (the connector then has a redirect URL).
    public var usesOAuth: Bool { imported == nil && allSettings.contains { $0.kind == .oauth2 } }

    /// The authentication that will be written.
    public var authentication: Authentication {
        if let imported { return .imported(imported) }
        if !sets.isEmpty { return .several(sets) }
        switch authKind {
        case .none: return .none
        case .basic: return .basic(basic)
        case .apikey: return .apiKey(apiKey)
        case .oauth2: return .oauth2(oauth)
        case .windows: return .windows
        }
    }

    /// Whether the chosen type can be had with the current gateway setting.
    public var authKindIsOffered: Bool {
        imported != nil || AuthKind.offered(gateway: general.gateway).contains(authKind)
    }

    // MARK: several types

    /// Adds a type (the connector's one type becomes the first of several) and selects it.
    public mutating func addSet() {
        if sets.isEmpty {
            sets = [AuthSet(name: Self.setName(for: single.kind, taken: []), displayName: single.kind.label, settings: single)]
        }
        var fresh = AuthSettings()
        fresh.kind = AuthKind.offered(gateway: general.gateway).first { k in !sets.contains { $0.settings.kind == k } } ?? .basic
        sets.append(AuthSet(name: Self.setName(for: fresh.kind, taken: sets.map(\.name)), displayName: fresh.kind.label,
                            settings: fresh))
        selectedSet = sets.count - 1
    }

    /// Removes the selected type; with one left, the connector offers that one type again.
    public mutating func removeSelectedSet() {
        guard sets.indices.contains(selectedSet) else { return }
        sets.remove(at: selectedSet)
        if sets.count == 1 {
            single = sets[0].settings
            sets = []
            selectedSet = 0
        } else {
            selectedSet = min(selectedSet, sets.count - 1)
        }
    }

    /// Moves the selected type one place earlier (-1) or later (+1).
    public mutating func moveSelectedSet(by step: Int) {
        let target = selectedSet + step
        guard sets.indices.contains(selectedSet), sets.indices.contains(target) else { return }
        sets.swapAt(selectedSet, target)
        selectedSet = target
    }

    /// Whether `name` is the one a type gets from its kind: its label, maybe numbered (`API Key 2`).
    static func isKindsOwnName(_ name: String, of kind: AuthKind) -> Bool {
        guard name.hasPrefix(kind.label) else { return false }
        let rest = name.dropFirst(kind.label.count)
        return rest.isEmpty || (rest.first == " " && rest.count > 1 && rest.dropFirst().allSatisfy { $0.isASCII && $0.isNumber })
    }

    /// A set's name in the file, from its type, unique among `taken`.
    static func setName(for kind: AuthKind, taken: [String]) -> String {
        let base = switch kind {
        case .none: "no-auth"
        case .basic: "basic-auth"
        case .apikey: "api-key"
        case .oauth2: "oauth2-auth"
        case .windows: "windows-auth"
        }
        var name = base
        var n = 2
        while taken.contains(name) {
            name = "\(base)-\(n)"
            n += 1
        }
        return name
    }
}

/// The authentication that a connector's files express; exactly one type's settings.
public enum Authentication: Equatable, Sendable {
    case none
    case basic(BasicAuth)
    case apiKey(APIKeyAuth)
    case oauth2(OAuth2Auth)
    case windows
    /// Several types for the end user to choose from.
    case several([AuthSet])
    case imported(ImportedAuth)
}
