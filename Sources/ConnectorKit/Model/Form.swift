/// Every field of the wizard. The raw value is the key of `set DIR key=value` (§8), so the
/// terminal form, plain mode and the command line name fields the same way.
public enum FieldID: String, CaseIterable, Sendable, Hashable {
    case title, icon, iconBrandColor, description, gateway, scheme, host, basePath
    /// With several authentication types: which one the form edits, and its display name.
    case authSet = "auth.set"
    case authSetName = "auth.setName"
    case auth
    case basicUsernameLabel = "basic.usernameLabel"
    case basicPasswordLabel = "basic.passwordLabel"
    case apiKeyLabel = "apikey.label"
    case apiKeyName = "apikey.name"
    case apiKeyLocation = "apikey.location"
    case oauthProvider = "oauth.provider"
    case oauthClientId = "oauth.clientId"
    case oauthClientSecret = "oauth.clientSecret"
    case oauthAuthorizationUrl = "oauth.authorizationUrl"
    case oauthTokenUrl = "oauth.tokenUrl"
    case oauthRefreshUrl = "oauth.refreshUrl"
    case oauthScope = "oauth.scope"
    case oauthLoginUrl = "oauth.loginUrl"
    case oauthTenantId = "oauth.tenantId"
    case oauthResourceUrl = "oauth.resourceUrl"
    case oauthOnBehalfOf = "oauth.onBehalfOf"
    case oauthServicePrincipal = "oauth.servicePrincipal"
    case redirectUrl = "oauth.redirectUrl"
    case updateRedirect = "oauth.updateRedirectUrl"

    /// The case's place in the declaration (`allCases`' order): what a field is compared and
    /// hashed by. (A raw-value enum otherwise hashes its raw string, at every lookup of the
    /// wizard's carets and touched fields.) A case without payload is stored as that number.
    @inlinable
    public var ordinal: Int { Int(unsafeBitCast(self, to: UInt8.self)) }

    @inlinable
    public static func == (a: FieldID, b: FieldID) -> Bool { a.ordinal == b.ordinal }

    @inlinable
    public func hash(into hasher: inout Hasher) { hasher.combine(UInt8(truncatingIfNeeded: ordinal)) }
}

public enum WizardTab: Int, CaseIterable, Sendable {
    case general = 0, security, test

    public var title: String {
        switch self {
        case .general: "1. General"
        case .security: "2. Security"
        case .test: "3. Test"
        }
    }
}

/// How a field is edited.
public enum FieldKind: Equatable, Sendable {
    case text
    /// Several lines; Enter adds a line.
    case multiline(lines: Int)
    /// Typed like text, shown one mask glyph per character.
    case secret
    case checkbox
    /// One of a list; Left/Right, Space and Enter change it.
    case choice([ChoiceOption])
    /// Shown, never focused.
    case readOnly
    /// A `#rrggbb` colour, drawn with a swatch.
    case color
    /// A path to a file.
    case file
}

public struct ChoiceOption: Equatable, Sendable {
    public var id: String
    public var label: String
    public init(id: String, label: String) {
        self.id = id
        self.label = label
    }
}

/// A field as the form shows it: its label, kind, placeholder and help. A placeholder is an
/// example (`e.g. …`) or a sentence, never something that reads like a value.
public struct FieldSpec: Equatable, Sendable {
    public var id: FieldID
    public var label: String
    public var kind: FieldKind
    public var placeholder: String
    /// Shown in the status line when the field has focus and no error, and in F1 help.
    public var help: String
    /// What a Parameter label names (the browser wizard's "Parameter name" column).
    public var note: String

    public init(_ id: FieldID, _ label: String, _ kind: FieldKind, placeholder: String = "", help: String,
                note: String = "") {
        self.id = id
        self.label = label
        self.kind = kind
        self.placeholder = placeholder
        self.help = help
        self.note = note
    }

    public var takesFocus: Bool { kind != .readOnly }
}

extension ConnectorDraft {
    /// The fields of a tab for the current draft, in focus order. The Security tab's list
    /// depends on the chosen authentication type and identity provider: this is the form
    /// that reshapes itself.
    public func fields(on tab: WizardTab) -> [FieldSpec] {
        switch tab {
        case .general: return Self.generalFields
        case .security: return securityFields
        case .test: return []
        }
    }

    static let generalFields: [FieldSpec] = [
        FieldSpec(.title, "Connector title", .text, placeholder: "e.g. Contoso Invoicing",
                  help: "The name end users see. At most 30 characters."),
        FieldSpec(.icon, "Icon", .file, placeholder: "path to a PNG or JPEG, at most 1 MB",
                  help: "Optional. A PNG or JPEG file of at most 1 MB, saved as icon.png."),
        FieldSpec(.iconBrandColor, "Icon background color", .color, placeholder: "#rrggbb",
                  help: "The icon's background, as #rrggbb."),
        FieldSpec(.description, "Description", .multiline(lines: 3), placeholder: "What the connector does",
                  help: "Between 30 and 500 characters. Enter adds a line; Tab moves on."),
        FieldSpec(.gateway, "Connect via on-premises data gateway", .checkbox,
                  help: "For APIs inside a company network. Changes which authentication types exist."),
        FieldSpec(.scheme, "Scheme", .choice(URLScheme.allCases.map { ChoiceOption(id: $0.rawValue, label: $0.label) }),
                  help: "HTTPS unless the API only speaks HTTP."),
        FieldSpec(.host, "Host", .text, placeholder: "e.g. api.contoso.com",
                  help: "The API's host name, with a port if it needs one. Paste a whole URL to fill Scheme and Base URL too."),
        FieldSpec(.basePath, "Base URL", .text, placeholder: "e.g. /v1",
                  help: "The path every operation's path follows, starting with /."),
    ]

    /// What `fields(on:)` is made from: drafts of the same shape have the same fields. It lists
    /// everything `securityFields` reads (the General tab's fields never change): whoever makes
    /// the form read something more adds it here.
    public struct FormShape: Equatable, Sendable {
        let imported: ImportedAuth?
        let setNames: [String]
        let gateway: Bool
        let kind: AuthKind
        let provider: String
        let legacyRedirect: Bool
    }

    public var formShape: FormShape {
        let legacy = if case .legacyGlobal = redirect { true } else { false }
        // The provider read where it stands (`oauth` copies the type's OAuth settings, and this
        // is asked twice at every key).
        let provider = sets.indices.contains(selectedSet) ? sets[selectedSet].settings.oauth.provider : single.oauth.provider
        return FormShape(imported: imported, setNames: sets.isEmpty ? [] : sets.map(\.displayName), gateway: general.gateway,
                         kind: authKind, provider: provider, legacyRedirect: legacy)
    }

    var securityFields: [FieldSpec] {
        var list: [FieldSpec] = []
        if let imported {
            list.append(FieldSpec(.auth, "Authentication type", .readOnly, help: imported.details.first ?? ""))
            return list
        }
        if !sets.isEmpty {
            // Numbered from 1, here, in `show` and in `auth.set=` alike.
            list.append(FieldSpec(.authSet, "Type to edit",
                                  .choice(sets.enumerated().map { ChoiceOption(id: String($0.offset + 1), label: "\($0.offset + 1). \($0.element.displayName)") }),
                                  help: "End users choose one of these types. F8 adds a type, F9 removes this one, < and > move it."))
            list.append(FieldSpec(.authSetName, "Display name", .text, placeholder: "e.g. API Key",
                                  help: "What end users see for this type in their Authentication Type choice."))
        }
        var kinds = AuthKind.offered(gateway: general.gateway)
        if !kinds.contains(authKind) { kinds.append(authKind) }
        list.append(FieldSpec(.auth, "Authentication type", .choice(kinds.map { ChoiceOption(id: $0.rawValue, label: $0.label) }),
                              help: "How end users sign in when they create a connection."))
        switch authKind {
        case .none, .windows:
            break
        case .basic:
            list.append(FieldSpec(.basicUsernameLabel, "Parameter label", .text, placeholder: "e.g. Username",
                                  help: "The label end users see above the user-name box (not the user name itself).",
                                  note: "username"))
            list.append(FieldSpec(.basicPasswordLabel, "Parameter label", .text, placeholder: "e.g. Password",
                                  help: "The label end users see above the password box (not the password itself).",
                                  note: "password"))
        case .apikey:
            list.append(FieldSpec(.apiKeyLabel, "Parameter label", .text, placeholder: "e.g. API Key",
                                  help: "The label end users see when asked for their key."))
            list.append(FieldSpec(.apiKeyName, "Parameter name", .text, placeholder: "e.g. X-API-Key",
                                  help: "The header or query parameter that carries the key on every request."))
            list.append(FieldSpec(.apiKeyLocation, "Parameter location",
                                  .choice(APIKeyLocation.allCases.map { ChoiceOption(id: $0.rawValue, label: $0.label) }),
                                  help: "Send the key in a request header or in the query string."))
        case .oauth2:
            list.append(FieldSpec(.oauthProvider, "Identity provider",
                                  .choice(OAuthProvider.all.map { ChoiceOption(id: $0.id, label: $0.displayName) }),
                                  help: "A template fills the URLs of well-known providers."))
            list.append(FieldSpec(.oauthClientId, "Client ID", .text,
                                  help: "The app's identifier, from its registration with the identity provider."))
            list.append(FieldSpec(.oauthClientSecret, "Client secret", .secret,
                                  help: "The app's secret. Never written into the connector's files."))
            let t = oauth.template
            if t.isAAD {
                list.append(FieldSpec(.oauthLoginUrl, "Login URL", .text, placeholder: "e.g. https://login.windows.net",
                                      help: "The Azure AD sign-in host."))
                list.append(FieldSpec(.oauthTenantId, "Tenant ID", .text, placeholder: "e.g. common",
                                      help: "common, organizations, or a tenant's ID or domain."))
                list.append(FieldSpec(.oauthResourceUrl, "Resource URL", .text, placeholder: "e.g. https://api.contoso.com",
                                      help: "The App ID URI of the API the token is for."))
                list.append(FieldSpec(.oauthOnBehalfOf, "Enable on-behalf-of login", .checkbox,
                                      help: "Let the connector call the API on behalf of the signed-in user."))
                list.append(FieldSpec(.oauthServicePrincipal, "Enable Service Principal support", .checkbox,
                                      help: "Let end users connect as a service principal (client ID, secret and tenant) instead of signing in."))
            } else if t.makerFillsURLs {
                list.append(FieldSpec(.oauthAuthorizationUrl, "Authorization URL", .text,
                                      placeholder: "e.g. https://login.contoso.com/oauth2/authorize",
                                      help: "Where end users sign in and grant access."))
                list.append(FieldSpec(.oauthTokenUrl, "Token URL", .text, placeholder: "e.g. https://login.contoso.com/oauth2/token",
                                      help: "Where the authorization code is exchanged for a token."))
                list.append(FieldSpec(.oauthRefreshUrl, "Refresh URL", .text, placeholder: "same as the Token URL",
                                      help: "Where an expired token is renewed; empty means the Token URL."))
            }
            list.append(FieldSpec(.oauthScope, "Scope", .text, placeholder: "e.g. openid offline_access",
                                  help: "Permissions to ask for, separated by spaces. May stay empty."))
            list.append(FieldSpec(.redirectUrl, "Redirect URL", .readOnly,
                                  help: "Register this URL with the identity provider."))
            if case .legacyGlobal = redirect {
                list.append(FieldSpec(.updateRedirect, "Update to unique redirect URL", .checkbox,
                                      help: "Make a per-connector redirect URL at the next save."))
            }
        }
        return list
    }

    /// Where a field lives.
    public static func tab(of field: FieldID) -> WizardTab {
        switch field {
        case .title, .icon, .iconBrandColor, .description, .gateway, .scheme, .host, .basePath: .general
        default: .security
        }
    }

    /// The field's value as text: choices give their option id, checkboxes `true`/`false`.
    public func value(of field: FieldID) -> String {
        switch field {
        case .title: general.title
        case .icon: general.icon
        case .iconBrandColor: general.iconBrandColor
        case .description: general.description
        case .gateway: general.gateway ? "true" : "false"
        case .scheme: general.scheme.rawValue
        case .host: general.host
        case .basePath: general.basePath ?? ""
        case .authSet: String(selectedSet + 1)
        case .authSetName: sets.indices.contains(selectedSet) ? sets[selectedSet].displayName : ""
        case .auth: imported?.summary ?? authKind.rawValue
        case .redirectUrl: redirect.display
        case .updateRedirect:
            if case .legacyGlobal(_, let update) = redirect { update ? "true" : "false" } else { "false" }
        default:
            // A field of the edited type's settings, read where they stand: `current` (and
            // `basic`, `apiKey`, `oauth`) return a copy of them, and a frame asks for every value.
            sets.indices.contains(selectedSet) ? sets[selectedSet].settings.value(of: field) : single.value(of: field)
        }
    }

    public enum SetError: Error, Equatable, CustomStringConvertible {
        case notOneOf(field: FieldID, value: String, allowed: [String])
        case readOnly(FieldID)

        public var description: String {
            switch self {
            case .notOneOf(let f, let v, let allowed):
                "\(f.rawValue): \"\(v)\" is not one of \(allowed.joined(separator: ", "))."
            case .readOnly(let f):
                "\(f.rawValue) is read-only."
            }
        }
    }

    /// Sets a field from text: the inverse of `value(of:)`. Choices take the option id or its
    /// label (any case); checkboxes take true/false, yes/no, on/off, 1/0.
    public mutating func setValue(_ text: String, of field: FieldID) throws(SetError) {
        func flag() throws(SetError) -> Bool {
            switch text.lowercased() {
            case "true", "yes", "y", "on", "1": return true
            case "false", "no", "n", "off", "0": return false
            default: throw .notOneOf(field: field, value: text, allowed: ["true", "false"])
            }
        }
        func pick<T>(_ cases: [T], id: (T) -> String, label: (T) -> String) throws(SetError) -> T {
            let t = text.lowercased()
            if let c = cases.first(where: { id($0).lowercased() == t || label($0).lowercased() == t }) { return c }
            throw .notOneOf(field: field, value: text, allowed: cases.map(id))
        }
        switch field {
        case .title: general.title = text
        case .icon: general.icon = text
        case .iconBrandColor: general.iconBrandColor = text
        case .description: general.description = text
        case .gateway: general.gateway = try flag()
        case .scheme: general.scheme = try pick(URLScheme.allCases, id: \.rawValue, label: \.label)
        case .host: general.host = text
        case .basePath: general.basePath = text
        case .authSet:
            guard !sets.isEmpty else { throw .readOnly(field) }
            let labels = sets.enumerated().map { (String($0.offset + 1), $0.element.displayName) }
            selectedSet = try Int(pick(labels, id: { $0.0 }, label: { $0.1 }).0)! - 1
        case .authSetName:
            guard sets.indices.contains(selectedSet) else { throw .readOnly(field) }
            sets[selectedSet].displayName = text
        case .auth:
            if imported != nil { throw .readOnly(field) }
            authKind = try pick(AuthKind.allCases, id: \.rawValue, label: \.label)
        case .basicUsernameLabel: basic.usernameLabel = text
        case .basicPasswordLabel: basic.passwordLabel = text
        case .apiKeyLabel: apiKey.label = text
        case .apiKeyName: apiKey.name = text
        case .apiKeyLocation: apiKey.location = try pick(APIKeyLocation.allCases, id: \.rawValue, label: \.label)
        case .oauthProvider: oauth.provider = try pick(OAuthProvider.all, id: \.id, label: \.displayName).id
        case .oauthClientId: oauth.clientId = text
        case .oauthClientSecret: oauth.clientSecret = Secret(text)
        case .oauthAuthorizationUrl: oauth.authorizationUrl = text
        case .oauthTokenUrl: oauth.tokenUrl = text
        case .oauthRefreshUrl: oauth.refreshUrl = text
        case .oauthScope: oauth.scope = text
        case .oauthLoginUrl: oauth.loginUrl = text
        case .oauthTenantId: oauth.tenantId = text
        case .oauthResourceUrl: oauth.resourceUrl = text
        case .oauthOnBehalfOf: oauth.onBehalfOf = try flag()
        case .oauthServicePrincipal: oauth.servicePrincipal = try flag()
        case .redirectUrl: throw .readOnly(field)
        case .updateRedirect:
            guard case .legacyGlobal(let url, _) = redirect else { throw .readOnly(field) }
            redirect = .legacyGlobal(url, updateToUnique: try flag())
        }
    }

    /// Pasting a whole URL into Host fills Scheme, Host and Base URL. Returns false (and changes
    /// nothing) when the text is not such a URL.
    @discardableResult
    public mutating func splitURLIntoHost(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: " \t\r\n")
        let lower = trimmed.lowercased()
        let scheme: URLScheme
        let rest: Substring
        if lower.hasPrefix("https://") {
            scheme = .https
            rest = trimmed.dropFirst(8)
        } else if lower.hasPrefix("http://") {
            scheme = .http
            rest = trimmed.dropFirst(7)
        } else {
            return false
        }
        var hostPart = rest
        var path = "/"
        if let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) {
            hostPart = rest[..<slash]
            var p = rest[slash...]
            if let q = p.firstIndex(where: { $0 == "?" || $0 == "#" }) { p = p[..<q] }
            path = p.isEmpty ? "/" : String(p)
        }
        if let at = hostPart.lastIndex(of: "@") { hostPart = hostPart[hostPart.index(after: at)...] }
        guard !hostPart.isEmpty else { return false }
        general.scheme = scheme
        general.host = String(hostPart)
        general.basePath = path
        return true
    }
}

extension AuthSettings {
    /// The value of one of the type's own fields, for `ConnectorDraft.value(of:)`, which asks
    /// here for every field it does not read itself; "" for any other.
    func value(of field: FieldID) -> String {
        switch field {
        case .basicUsernameLabel: basic.usernameLabel
        case .basicPasswordLabel: basic.passwordLabel
        case .apiKeyLabel: apiKey.label
        case .apiKeyName: apiKey.name
        case .apiKeyLocation: apiKey.location.rawValue
        case .oauthProvider: oauth.provider
        case .oauthClientId: oauth.clientId
        case .oauthClientSecret: oauth.clientSecret.reveal()
        case .oauthAuthorizationUrl: oauth.template.makerFillsURLs ? oauth.authorizationUrl : oauth.effectiveURLs.authorization
        case .oauthTokenUrl: oauth.template.makerFillsURLs ? oauth.tokenUrl : oauth.effectiveURLs.token
        case .oauthRefreshUrl: oauth.template.makerFillsURLs ? oauth.refreshUrl : oauth.effectiveURLs.refresh
        case .oauthScope: oauth.scope
        case .oauthLoginUrl: oauth.loginUrl
        case .oauthTenantId: oauth.tenantId
        case .oauthResourceUrl: oauth.resourceUrl
        case .oauthOnBehalfOf: oauth.onBehalfOf ? "true" : "false"
        case .oauthServicePrincipal: oauth.servicePrincipal ? "true" : "false"
        default: ""
        }
    }
}
