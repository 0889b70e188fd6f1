/// OAuth settings of a connector as the platform uses them at sign-in (§5.1), read from the files:
/// the `oauthSetting` connection parameter's `oAuthSettings`, with the swagger's `oauth2`
/// security definition and the identity-provider table filling what the parameter leaves out.
///
/// Holds no secret: the client secret is passed to the requests that need it.
public struct OAuthConfiguration: Equatable, Sendable {
    /// The `oauthSetting` parameter's name, usually `token`.
    public var parameter: String
    /// `identityProvider` as written (`aad`, `oauth2`, `oauth2generic`, `facebook`, …).
    public var identityProvider: String
    /// `aad` and `aadcertificate`: Azure Active Directory's v1 endpoints with `resource=`.
    public var isAAD: Bool
    /// `oAuthSettings.redirectUrl`; the legacy global URL when absent.
    public var platformRedirectURL: String
    /// `customParameters.authorizationUrlQueryStringTemplate` as written (`oauth2generic`), e.g.
    /// `?client_id={ClientId}&response_type=code&redirect_uri={RedirectUrl}&scope={Scopes}&state={State}&prompt=login`;
    /// nil when absent or empty. The platform opens `authorizationURL` + this, filled.
    public var authorizationQueryTemplate: String?
    /// `customParameters.tokenBodyTemplate` / `refreshBodyTemplate` as written: the form the
    /// platform posts to the token and refresh URLs instead of the standard one.
    public var tokenBodyTemplate: String?
    public var refreshBodyTemplate: String?
    /// `customParameters.scopeListDelimiter` (a space when absent): between the scopes in a template's `{Scopes}`.
    public var scopeListDelimiter: String

    // As the files give them, before the end user's `token:` values.
    var writtenClientId: String
    var writtenScopes: [String]
    /// The endpoints as written, `{placeholders}` and all (AAD: built from login and tenant).
    var writtenAuthorizationURL: String
    var writtenTokenURL: String
    var writtenRefreshURL: String?
    var aadLogin: String
    var aadTenant: String
    var writtenResource: String?
    /// `customParameters.resourceUri`, for a template's `{ResourceUri}` (any provider).
    var templateResource: String?
    /// `oAuthSettings.additionalParameters`: values the platform holds and fills in itself.
    var additionalParameters: [String]
    /// `customParameters.grantType` as written (`client_credentials` for a type that is a
    /// service principal only).
    var writtenGrantType: String?

    /// The end user's values of the connection's `token:<Name>` parameters (§5.1), by Name in
    /// lower case, empty ones left out: set with `filled(with:)`.
    public private(set) var connectionValues: [String: String] = [:]

    /// Why `authorizationQueryTemplate` is not used (it names a placeholder no value fills yet,
    /// such as `{customScopes}` before the end user gave `token:customScopes`): the authorization
    /// URLs then take the standard form. Nil when there is no template or it is used, and for
    /// values only the platform holds (`platformOnlyReason` says those).
    public var authorizationQueryTemplateNote: String? {
        guard let template = authorizationQueryTemplate else { return nil }
        let unknown = Self.placeholders(in: template).filter { placeholderValue($0, redirectURI: "", state: "") == nil }
            .filter { name in !additionalParameters.contains { $0.lowercased() == name.lowercased() } }
        guard !unknown.isEmpty else { return nil }
        let names = unknown.map { "{\($0)}" }.joined(separator: ", ")
        return "The connector's authorization query template uses \(names), which no value fills, "
            + "so the authorization URL shown takes the standard form and may differ from the platform's."
    }

    /// What AAD uses when `loginUri` or `tenantId` is absent or empty.
    public static let defaultAADLogin = "https://login.microsoftonline.com"
    public static let defaultAADTenant = "common"

    /// Nil when the connector (or the chosen set, `set` = index into
    /// `connectionParameterSets.values`, the first when nil) has no `oauthSetting` parameter.
    /// `properties` is apiProperties.json, `definition` the swagger.
    public init?(properties: JSONValue, definition: JSONValue, set: Int? = nil) {
        let chosen = ChosenAuthentication(properties: properties, definition: definition, set: set)
        guard let (name, p) = chosen.firstParameter(ofType: "oauthSetting") else { return nil }
        let settings = p[anyCase: "oAuthSettings"] ?? [:]
        let custom = settings[anyCase: "customParameters"]
        func nonEmpty(_ v: JSONValue?) -> String? {
            guard let s = v?.stringValue?.trimmingWhitespace, !s.isEmpty else { return nil }
            return s
        }
        /// The first of these custom parameters with a non-empty `value`.
        func customValue(_ names: String...) -> String? {
            names.lazy.compactMap { nonEmpty(custom?[anyCase: $0]?["value"]) }.first
        }
        parameter = name
        identityProvider = settings["identityProvider"]?.stringValue ?? ""
        writtenClientId = settings[anyCase: "clientId"]?.stringValue ?? ""
        let idp = identityProvider.lowercased()
        isAAD = idp == "aad" || idp == "aadcertificate"
        let swagger = chosen.definitions(ofType: "oauth2").first?.value

        var login = customValue("loginUri", "loginUriAAD") ?? Self.defaultAADLogin
        while login.hasSuffix("/") { login.removeLast() }
        aadLogin = login
        aadTenant = customValue("tenantId") ?? Self.defaultAADTenant
        if isAAD {
            writtenAuthorizationURL = ""
            writtenTokenURL = ""
            writtenRefreshURL = nil
            writtenResource = customValue("resourceUri")
        } else {
            // The platform's own providers (`facebook`, `github`, …) sign in at their own
            // endpoints, whatever the swagger says; so the table comes before the swagger here.
            let builtIn = Self.builtInProvider(idp)
            writtenAuthorizationURL = customValue("authorizationUrl", "authorizationUrlTemplate")
                ?? builtIn?.authorizationURL ?? nonEmpty(swagger?["authorizationUrl"]) ?? ""
            writtenTokenURL = customValue("tokenUrl", "tokenUrlTemplate") ?? builtIn?.tokenURL ?? nonEmpty(swagger?["tokenUrl"]) ?? ""
            writtenRefreshURL = customValue("refreshUrl", "refreshUrlTemplate") ?? builtIn?.refreshURL
            writtenResource = nil
        }
        if let written = settings["scopes"]?.arrayValue {
            writtenScopes = written.compactMap { nonEmpty($0) }
        } else {
            writtenScopes = swagger?["scopes"]?.objectValue?.keys ?? []
        }
        platformRedirectURL = nonEmpty(settings[anyCase: "redirectUrl"]) ?? customValue("redirectUrl") ?? RedirectURL.platformBase
        authorizationQueryTemplate = customValue("authorizationUrlQueryStringTemplate")
        tokenBodyTemplate = customValue("tokenBodyTemplate")
        refreshBodyTemplate = customValue("refreshBodyTemplate")
        scopeListDelimiter = custom?[anyCase: "scopeListDelimiter"]?["value"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? " "
        templateResource = customValue("resourceUri")
        additionalParameters = settings[anyCase: "additionalParameters"]?.objectValue?.keys ?? []
        writtenGrantType = customValue("grantType")
    }

    /// The same settings with the end user's values: `values` are the connection's, by
    /// parameter name; those named `token:<Name>` feed the sign-in.
    public func filled(with values: [String: String]) -> OAuthConfiguration {
        var c = self
        c.connectionValues = [:]
        for (name, value) in values where name.lowercased().hasPrefix("token:") {
            let v = value.trimmingWhitespace
            if !v.isEmpty { c.connectionValues[String(name.dropFirst(6)).lowercased()] = v }
        }
        return c
    }

    /// The end user's value for `token:<name>`, if any.
    func given(_ name: String) -> String? { connectionValues[name.lowercased()] }

    // MARK: The settings as signed in with

    public var clientId: String { given("clientId") ?? writtenClientId }

    /// A service principal (§2.3, §5.1): the end user chose `token:grantType=client_credentials`,
    /// or the type allows nothing else. Its token comes from the Token URL with the client
    /// ID and secret, no browser.
    public var usesClientCredentials: Bool {
        (given("grantType") ?? writtenGrantType)?.lowercased() == "client_credentials"
    }

    /// `token:scopes` (separated by spaces or commas) over the settings' scopes.
    public var scopes: [String] {
        guard let typed = given("scopes") else { return writtenScopes }
        return typed.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
    }

    /// The client secret the end user gave as `token:clientSecret` (a connector whose end users
    /// bring their own OAuth app); nil when the connection has none.
    public var connectionClientSecret: String? { given("clientSecret") }

    /// Resolved. AAD: `<loginUri>/<tenantId>/oauth2/authorize`; `oauth2generic`: the template with
    /// the end user's values in (a placeholder no value fills stays, and `canSignIn` is false).
    public var authorizationURL: String {
        if let typed = given("authorizationUrl") { return typed }
        if isAAD { return "\(given("loginUri") ?? aadLogin)/\(given("TenantId") ?? aadTenant)/oauth2/authorize" }
        return fillingURL(writtenAuthorizationURL)
    }

    /// AAD: `<loginUri>/<tenantId>/oauth2/token`.
    public var tokenURL: String {
        if let typed = given("tokenUrl") { return typed }
        if isAAD { return "\(given("loginUri") ?? aadLogin)/\(given("TenantId") ?? aadTenant)/oauth2/token" }
        return fillingURL(writtenTokenURL)
    }

    /// `refreshUrl`, else the token URL.
    public var refreshURL: String {
        if let typed = given("refreshUrl") { return typed }
        return writtenRefreshURL.map(fillingURL) ?? tokenURL
    }

    /// AAD's `resourceUri` (`token:resourceUri` first); nil for other providers or when empty.
    public var resource: String? {
        guard isAAD else { return nil }
        return given("resourceUri") ?? writtenResource
    }

    /// The placeholders of the endpoints that no value fills yet, as written (`CustomHost`):
    /// each names a `token:` parameter the end user has still to answer.
    public var missingValues: [String] {
        var names: [String] = []
        for template in [writtenAuthorizationURL, writtenTokenURL, writtenRefreshURL ?? ""] {
            for name in Self.placeholders(in: template) where urlValue(name) == nil && !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// Why no sign-in URL can be made from the files, in one sentence, when it is a value only
    /// the platform holds: its built-in DocuSign provider, or `additionalParameters`.
    public var platformOnlyReason: String? {
        if identityProvider.lowercased() == "docusign" {
            return "DocuSign is the platform's own identity provider: the sign-in URL and the OAuth app are the platform's, not in the connector's files."
        }
        var needed: [String] = []
        for template in [writtenAuthorizationURL, writtenTokenURL, writtenRefreshURL ?? "", authorizationQueryTemplate ?? "",
                         tokenBodyTemplate ?? "", refreshBodyTemplate ?? ""] {
            for name in Self.placeholders(in: template) where given(name) == nil && !needed.contains(name)
                && additionalParameters.contains(where: { $0.lowercased() == name.lowercased() }) {
                needed.append(name)
            }
        }
        guard !needed.isEmpty else { return nil }
        return "Signing in needs values only the platform holds: the additionalParameters "
            + needed.joined(separator: ", ") + " of the connector's OAuth settings."
    }

    /// An endpoint template with the end user's values in (as they are: they make up host
    /// names and paths); a placeholder without a value stays as written.
    func fillingURL(_ template: String) -> String {
        guard template.contains("{") else { return template }
        return Self.filling(template) { name in urlValue(name) ?? "{\(name)}" } ?? template
    }

    /// What fills a placeholder of an endpoint: a `token:` value, else the client ID, scopes or
    /// resource the platform would put there.
    func urlValue(_ name: String) -> String? {
        if let v = given(name) { return v }
        switch name.lowercased() {
        case "clientid": return clientId
        case "resourceuri": return resource ?? templateResource
        default: return nil
        }
    }

    /// The provider table's row for an `identityProvider` that names one of the platform's own
    /// providers (`github`, `microsoftaccount`, `linkedinV2`, …), when it has endpoints.
    static func builtInProvider(_ identityProvider: String) -> OAuthProvider? {
        let aliases = ["microsoftaccount": "microsoft", "linkedinv2": "linkedin"]
        let id = aliases[identityProvider] ?? identityProvider
        guard let p = OAuthProvider.named(id), !p.authorizationURL.isEmpty, !p.tokenURL.isEmpty else { return nil }
        return p
    }

    /// True when both endpoints are absolute http(s) URLs without `{placeholders}` (an
    /// `oauth2generic` template such as `https://accounts.zoho.{CustomHost}/…` is filled by the
    /// platform from connection values, so it cannot be signed into from here as written).
    public var canSignIn: Bool {
        [authorizationURL, tokenURL].allSatisfy { URLParts($0) != nil && !$0.contains("{") }
    }

    /// True when `authorizationURL` is an absolute http(s) URL without `{placeholders}`: the
    /// authorization URLs are then real addresses. False for DocuSign (the platform's own provider,
    /// no URL in the files) and for templates the platform fills from connection values.
    public var hasKnownAuthorizationURL: Bool {
        URLParts(authorizationURL) != nil && !authorizationURL.contains("{")
    }

    /// The URL the platform opens in the browser, exactly:
    /// `authorizationUrl?client_id=…&response_type=code&redirect_uri=<platform URL>&scope=…&state=…`,
    /// AAD adding `&resource=…`; `scope` is left out when there are none. With an
    /// `authorizationQueryTemplate` whose placeholders are all known, `authorizationUrl` + the
    /// template with `{ClientId}`, `{RedirectUrl}`, `{State}`, `{Scopes}` and `{ResourceUri}`
    /// (any case) replaced by their URL-encoded values, as the platform builds it.
    ///
    /// Built from whatever `authorizationURL` holds, so it is relative (`?client_id=…`) when that
    /// is empty and keeps `{placeholders}`: to show or open it, use
    /// `platformAuthorizationURLIfKnown(state:)`.
    public func platformAuthorizationURL(state: String) -> String {
        if let filled = filledQueryTemplate(redirectURI: platformRedirectURL, state: state) {
            return authorizationURL + filled
        }
        return URLEncoding.appending(authorizationPairs(redirectURI: platformRedirectURL, state: state), to: authorizationURL)
    }

    /// `platformAuthorizationURL(state:)` when `hasKnownAuthorizationURL`, else nil (DocuSign,
    /// an `oauth2generic` URL with `{placeholders}`).
    public func platformAuthorizationURLIfKnown(state: String) -> String? {
        hasKnownAuthorizationURL ? platformAuthorizationURL(state: state) : nil
    }

    /// The same for a live sign-in: the loopback redirect URI, then the PKCE challenge (RFC 7636
    /// §4.3). With a usable `authorizationQueryTemplate`, the template filled with the loopback
    /// redirect URI, then `redirect_uri` and `state` when the template has no place for them, then
    /// the challenge.
    public func loopbackAuthorizationURL(redirectURI: String, state: String, pkce: PKCE) -> String {
        let challenge = [("code_challenge", pkce.challenge), ("code_challenge_method", pkce.method)]
        if let template = authorizationQueryTemplate, let filled = filledQueryTemplate(redirectURI: redirectURI, state: state) {
            let named = Set(Self.placeholders(in: template).map { $0.lowercased() })
            var pairs: [(String, String)] = []
            if !named.contains("redirecturl") { pairs.append(("redirect_uri", redirectURI)) }
            if !named.contains("state") { pairs.append(("state", state)) }
            return URLEncoding.appending(pairs + challenge, to: authorizationURL + filled)
        }
        return URLEncoding.appending(authorizationPairs(redirectURI: redirectURI, state: state) + challenge, to: authorizationURL)
    }

    /// The query template with every placeholder replaced by its URL-encoded value; nil without
    /// a template or when a placeholder is unknown (`authorizationQueryTemplateNote`).
    private func filledQueryTemplate(redirectURI: String, state: String) -> String? {
        authorizationQueryTemplate.flatMap { template in
            Self.filling(template) { placeholderValue($0, redirectURI: redirectURI, state: state).map(URLEncoding.component) }
        }
    }

    /// The names between braces in a template, in order.
    static func placeholders(in template: String) -> [String] {
        var names: [String] = []
        _ = filling(template) { names.append($0); return "" }
        return names
    }

    /// `template` with each `{name}` replaced by `value(name)`; nil when that is nil for one.
    static func filling(_ template: String, _ value: (String) -> String?) -> String? {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            guard let filled = value(String(rest[rest.index(after: open)..<close])) else { return nil }
            out += rest[..<open] + filled
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// What a template placeholder stands for (§5.1): the end user's `token:` value of that name
    /// wins; else the values the platform fills in itself; nil when neither knows it.
    func placeholderValue(_ name: String, redirectURI: String, state: String, code: String? = nil,
                          refreshToken: String? = nil, clientSecret: String? = nil) -> String? {
        if let v = given(name) { return v }
        switch name.lowercased() {
        case "clientid": return clientId
        case "clientsecret": return clientSecret
        case "redirecturl": return redirectURI
        case "state": return state
        case "scopes": return scopes.joined(separator: scopeListDelimiter)
        case "code": return code
        case "refreshtoken": return refreshToken
        case "resourceuri": return resource ?? templateResource
        default: return nil
        }
    }

    private func authorizationPairs(redirectURI: String, state: String) -> [(String, String)] {
        var pairs = [("client_id", clientId), ("response_type", "code"), ("redirect_uri", redirectURI)]
        if !scopes.isEmpty { pairs.append(("scope", scopes.joined(separator: " "))) }
        pairs.append(("state", state))
        if isAAD, let resource { pairs.append(("resource", resource)) }
        return pairs
    }

    /// How a confidential client proves itself at the token endpoint (RFC 6749 §2.3.1).
    public enum ClientAuthentication: Sendable {
        /// `client_secret_post`: `client_id` and `client_secret` in the body.
        case post
        /// HTTP Basic: `Authorization: Basic base64(encode(id) ":" encode(secret))`.
        case basic
    }

    /// The authorization-code exchange (RFC 6749 §4.1.3) at the token URL. `verifier` is the
    /// PKCE verifier (left out when empty). Without a client secret this is a public client:
    /// `client_id` in the body and nothing else. A `token:clientSecret` the end user gave wins
    /// over `clientSecret`. With a `tokenBodyTemplate` the body is the template filled as the
    /// platform fills it (the verifier added when the template has no place for it).
    public func tokenRequest(code: String, redirectURI: String, verifier: String, clientSecret: String?,
                             authentication: ClientAuthentication = .post) -> HTTPRequest {
        let secret = connectionClientSecret ?? clientSecret
        if let body = filledBody(tokenBodyTemplate, redirectURI: redirectURI, code: code, refreshToken: nil, clientSecret: secret) {
            var pairs: [(String, String)] = []
            if !verifier.isEmpty, !body.contains("code_verifier=") { pairs.append(("code_verifier", verifier)) }
            return templateRequest(url: tokenURL, body: body, extra: pairs)
        }
        var pairs = [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI)]
        if !verifier.isEmpty { pairs.append(("code_verifier", verifier)) }
        return formRequest(url: tokenURL, pairs: pairs, clientSecret: secret, authentication: authentication)
    }

    /// A refresh (RFC 6749 §6) at the refresh URL; with a `refreshBodyTemplate`, that filled.
    public func refreshRequest(refreshToken: String, clientSecret: String?,
                               authentication: ClientAuthentication = .post) -> HTTPRequest {
        let secret = connectionClientSecret ?? clientSecret
        if let body = filledBody(refreshBodyTemplate, redirectURI: platformRedirectURL, code: "", refreshToken: refreshToken,
                                 clientSecret: secret) {
            return templateRequest(url: refreshURL, body: body, extra: [])
        }
        return formRequest(url: refreshURL, pairs: [("grant_type", "refresh_token"), ("refresh_token", refreshToken)],
                           clientSecret: secret, authentication: authentication)
    }

    /// The service principal's token (RFC 6749 §4.4, the client-credentials grant) at the token
    /// URL: client ID and secret, and AAD's `resource`.
    public func clientCredentialsRequest(clientSecret: String?, authentication: ClientAuthentication = .post) -> HTTPRequest {
        var pairs = [("grant_type", "client_credentials")]
        if !isAAD, !scopes.isEmpty { pairs.append(("scope", scopes.joined(separator: " "))) }
        return formRequest(url: tokenURL, pairs: pairs, clientSecret: connectionClientSecret ?? clientSecret,
                           authentication: authentication)
    }

    /// A body template with each placeholder replaced by its form-encoded value; nil without a
    /// template or when one cannot be filled (the standard form is sent then).
    private func filledBody(_ template: String?, redirectURI: String, code: String?, refreshToken: String?,
                            clientSecret: String?) -> String? {
        template.flatMap { t in
            Self.filling(t) { name in
                placeholderValue(name, redirectURI: redirectURI, state: "", code: code, refreshToken: refreshToken,
                                 clientSecret: clientSecret ?? "").map(URLEncoding.component)
            }
        }
    }

    private func templateRequest(url: String, body: String, extra: [(String, String)]) -> HTTPRequest {
        var request = HTTPRequest(method: "POST", url: url, headers: [
            HTTPHeader("Content-Type", "application/x-www-form-urlencoded"),
            HTTPHeader("Accept", "application/json"),
        ])
        let tail = extra.isEmpty ? "" : (body.isEmpty ? "" : "&") + URLEncoding.form(extra)
        request.body = Array((body + tail).utf8)
        return request
    }

    private func formRequest(url: String, pairs: [(String, String)], clientSecret: String?,
                             authentication: ClientAuthentication) -> HTTPRequest {
        var body = pairs
        var request = HTTPRequest(method: "POST", url: url, headers: [
            HTTPHeader("Content-Type", "application/x-www-form-urlencoded"),
            HTTPHeader("Accept", "application/json"),
        ])
        switch (clientSecret, authentication) {
        case (let secret?, .post) where !secret.isEmpty:
            body += [("client_id", clientId), ("client_secret", secret)]
        case (let secret?, .basic) where !secret.isEmpty:
            let credentials = URLEncoding.component(clientId) + ":" + URLEncoding.component(secret)
            request.setHeader("Authorization", "Basic " + Base64.encode(Array(credentials.utf8)))
        default:
            body.append(("client_id", clientId))
        }
        if isAAD, let resource { body.append(("resource", resource)) }
        request.body = Array(URLEncoding.form(body).utf8)
        return request
    }
}
