import ConnectorKit
import XCTest

/// The forms of §2.1–§2.3: which fields, in which order, with which labels; defaults; setting
/// fields by their `key=value` names (§8).
final class FormTests: XCTestCase {
    private func labels(_ d: ConnectorDraft, _ tab: WizardTab) -> [String] { d.fields(on: tab).map(\.label) }
    private func ids(_ d: ConnectorDraft, _ tab: WizardTab) -> [FieldID] { d.fields(on: tab).map(\.id) }

    private func draft(_ kind: AuthKind, gateway: Bool = false, provider: String? = nil) -> ConnectorDraft {
        var d = ConnectorDraft()
        d.general.gateway = gateway
        d.authKind = kind
        if let provider { d.oauth.provider = provider }
        return d
    }

    private func choiceOptions(_ spec: FieldSpec?) -> [ChoiceOption] {
        if case .choice(let options)? = spec?.kind { return options }
        XCTFail("\(spec?.id.rawValue ?? "nil") is not a choice")
        return []
    }

    // MARK: General

    func testGeneralFieldsInTableOrder() {
        XCTAssertEqual(labels(ConnectorDraft(), .general), [
            "Connector title", "Icon", "Icon background color", "Description",
            "Connect via on-premises data gateway", "Scheme", "Host", "Base URL",
        ])
        XCTAssertEqual(ids(ConnectorDraft(), .general),
                       [.title, .icon, .iconBrandColor, .description, .gateway, .scheme, .host, .basePath])
        let fields = ConnectorDraft().fields(on: .general)
        XCTAssertEqual(fields.first?.id, .title, "a new connector starts with focus on the title")
        XCTAssertEqual(fields.first { $0.id == .host }?.placeholder, "e.g. api.contoso.com")
        XCTAssertEqual(fields.first { $0.id == .gateway }?.kind, .checkbox)
        XCTAssertEqual(fields.first { $0.id == .iconBrandColor }?.kind, .color)
        XCTAssertEqual(choiceOptions(fields.first { $0.id == .scheme }).map(\.label), ["HTTPS", "HTTP"])
        XCTAssertTrue(fields.allSatisfy(\.takesFocus))
        XCTAssertEqual(ConnectorDraft().fields(on: .test), [])
    }

    func testGeneralDefaults() {
        let g = ConnectorDraft().general
        XCTAssertEqual(g.title, "")
        XCTAssertEqual(g.icon, "")
        XCTAssertEqual(g.iconBrandColor, "#007ee5")
        XCTAssertEqual(g.description, "")
        XCTAssertFalse(g.gateway)
        XCTAssertEqual(g.scheme, .https)
        XCTAssertEqual(g.host, "")
        XCTAssertEqual(g.basePath, "/")
    }

    func testTabTitles() {
        XCTAssertEqual(WizardTab.allCases.map(\.title), ["1. General", "2. Security", "3. Test"])
        XCTAssertEqual(ConnectorDraft.tab(of: .host), .general)
        XCTAssertEqual(ConnectorDraft.tab(of: .basePath), .general)
        XCTAssertEqual(ConnectorDraft.tab(of: .auth), .security)
        XCTAssertEqual(ConnectorDraft.tab(of: .oauthScope), .security)
    }

    // MARK: Security

    func testAuthenticationTypesOfferedPerGateway() {
        XCTAssertEqual(AuthKind.offered(gateway: false), [.none, .basic, .apikey, .oauth2])
        XCTAssertEqual(AuthKind.offered(gateway: true), [.none, .basic, .windows])
        let off = choiceOptions(draft(.none).fields(on: .security).first)
        XCTAssertEqual(off.map(\.label), ["No authentication", "Basic authentication", "API Key", "OAuth 2.0"])
        XCTAssertEqual(off.map(\.id), ["none", "basic", "apikey", "oauth2"])
        let on = choiceOptions(draft(.none, gateway: true).fields(on: .security).first)
        XCTAssertEqual(on.map(\.label), ["No authentication", "Basic authentication", "Windows authentication"])
        XCTAssertEqual(on.map(\.id), ["none", "basic", "windows"])
    }

    func testTypeNotOfferedStaysVisibleInTheChoice() {
        // The gateway was switched on with API Key chosen: the wizard asks, it does not change the type silently.
        let d = draft(.apikey, gateway: true)
        XCTAssertEqual(d.authKind, .apikey)
        XCTAssertTrue(choiceOptions(d.fields(on: .security).first).map(\.id).contains("apikey"))
    }

    func testSecurityFieldsPerType() {
        XCTAssertEqual(labels(draft(.none), .security), ["Authentication type"])
        XCTAssertEqual(labels(draft(.basic), .security), ["Authentication type", "Parameter label", "Parameter label"])
        XCTAssertEqual(ids(draft(.basic), .security), [.auth, .basicUsernameLabel, .basicPasswordLabel])
        XCTAssertEqual(labels(draft(.apikey), .security),
                       ["Authentication type", "Parameter label", "Parameter name", "Parameter location"])
        XCTAssertEqual(ids(draft(.apikey), .security), [.auth, .apiKeyLabel, .apiKeyName, .apiKeyLocation])
        XCTAssertEqual(choiceOptions(draft(.apikey).fields(on: .security).last).map(\.label), ["Header", "Query"])
        XCTAssertEqual(labels(draft(.windows, gateway: true), .security), ["Authentication type"])
        XCTAssertEqual(labels(draft(.basic, gateway: true), .security), ["Authentication type", "Parameter label", "Parameter label"])
        XCTAssertEqual(labels(draft(.none, gateway: true), .security), ["Authentication type"])
    }

    func testOAuthFieldsPerProvider() {
        let head = ["Authentication type", "Identity provider", "Client ID", "Client secret"]
        let expected: [String: [String]] = [
            "generic": head + ["Authorization URL", "Token URL", "Refresh URL", "Scope", "Redirect URL"],
            "aad": head + ["Login URL", "Tenant ID", "Resource URL", "Enable on-behalf-of login", "Enable Service Principal support",
                           "Scope", "Redirect URL"],
        ]
        let simple = head + ["Scope", "Redirect URL"]
        for p in OAuthProvider.all {
            let d = draft(.oauth2, provider: p.id)
            XCTAssertEqual(labels(d, .security), expected[p.id] ?? simple, p.id)
            let fields = d.fields(on: .security)
            XCTAssertEqual(fields.last?.id, .redirectUrl, p.id)
            XCTAssertEqual(fields.last?.kind, .readOnly, p.id)
            XCTAssertFalse(fields.last?.takesFocus ?? true, "a read-only field takes no focus")
            XCTAssertEqual(fields.first { $0.id == .oauthClientSecret }?.kind, .secret, p.id)
        }
        let aad = draft(.oauth2, provider: "aad").fields(on: .security)
        XCTAssertEqual(aad.first { $0.id == .oauthOnBehalfOf }?.kind, .checkbox)
        XCTAssertEqual(ids(draft(.oauth2, provider: "github"), .security),
                       [.auth, .oauthProvider, .oauthClientId, .oauthClientSecret, .oauthScope, .redirectUrl])
    }

    func testIdentityProviders() {
        XCTAssertEqual(OAuthProvider.all.map(\.id),
                       ["generic", "aad", "github", "google", "microsoft", "dropbox", "salesforce", "linkedin", "slack", "facebook"])
        XCTAssertEqual(OAuthProvider.all.map(\.displayName),
                       ["Generic OAuth 2", "Azure Active Directory", "GitHub", "Google", "Microsoft Account", "Dropbox",
                        "Salesforce", "LinkedIn", "Slack", "Facebook"])
        let written = Dictionary(uniqueKeysWithValues: OAuthProvider.all.map { ($0.id, $0.identityProvider) })
        XCTAssertEqual(written["generic"], "oauth2")
        XCTAssertEqual(written["aad"], "aad")
        XCTAssertEqual(written["facebook"], "facebook")
        for id in ["github", "google", "microsoft", "dropbox", "salesforce", "linkedin", "slack"] {
            XCTAssertEqual(written[id], "oauth2", id)
        }
        for p in OAuthProvider.all where p.id != "generic" && p.id != "aad" {
            for url in [p.authorizationURL, p.tokenURL, p.refreshURL] {
                XCTAssertTrue(url.hasPrefix("https://") && url.count > 12, "\(p.id): \(url)")
            }
        }
        XCTAssertEqual(OAuthProvider.generic.id, "generic")
        XCTAssertEqual(OAuthProvider.named("GitHub")?.id, "github")
        XCTAssertNil(OAuthProvider.named("docusign"))
        let choice = choiceOptions(draft(.oauth2).fields(on: .security).first { $0.id == .oauthProvider })
        XCTAssertEqual(choice.map(\.id), OAuthProvider.all.map(\.id))
    }

    func testSecurityDefaults() {
        let d = ConnectorDraft()
        XCTAssertEqual(d.authKind, .none)
        XCTAssertEqual(d.basic.usernameLabel, "Username")
        XCTAssertEqual(d.basic.passwordLabel, "Password")
        XCTAssertEqual(d.apiKey.label, "API Key")
        XCTAssertEqual(d.apiKey.name, "X-API-Key")
        XCTAssertEqual(d.apiKey.location, .header)
        XCTAssertEqual(d.apiKey.location.label, "Header")
        XCTAssertEqual(d.oauth.provider, "generic")
        XCTAssertEqual(d.oauth.loginUrl, "https://login.windows.net")
        XCTAssertEqual(d.oauth.tenantId, "common")
        XCTAssertFalse(d.oauth.onBehalfOf)
        XCTAssertEqual(d.redirect, .notGenerated)
        XCTAssertEqual(d.value(of: .redirectUrl), "Save the custom connector to generate the redirect URL")
    }

    func testRefreshURLDefaultsToTokenURL() {
        var o = OAuth2Auth()
        o.authorizationUrl = "https://a.example/authorize"
        o.tokenUrl = "https://a.example/token"
        XCTAssertEqual(o.effectiveURLs.refresh, "https://a.example/token")
        o.refreshUrl = "https://a.example/refresh"
        XCTAssertEqual(o.effectiveURLs.refresh, "https://a.example/refresh")
    }

    func testAADURLsComeFromLoginURLAndTenant() {
        var o = OAuth2Auth()
        o.provider = "aad"
        o.tenantId = "contoso.onmicrosoft.com"
        XCTAssertEqual(o.effectiveURLs.authorization, "https://login.windows.net/contoso.onmicrosoft.com/oauth2/authorize")
        XCTAssertEqual(o.effectiveURLs.token, "https://login.windows.net/contoso.onmicrosoft.com/oauth2/token")
    }

    func testScopesSplitAtWhiteSpace() {
        var o = OAuth2Auth()
        o.scope = "openid  offline_access\tUser.Read"
        XCTAssertEqual(o.scopes, ["openid", "offline_access", "User.Read"])
        o.scope = ""
        XCTAssertEqual(o.scopes, [])
    }

    func testLegacyRedirectOffersTheUpdateCheckbox() {
        var d = draft(.oauth2)
        d.redirect = .legacyGlobal(RedirectURL.platformBase, updateToUnique: false)
        let fields = d.fields(on: .security)
        XCTAssertEqual(fields.suffix(2).map(\.label), ["Redirect URL", "Update to unique redirect URL"])
        XCTAssertEqual(fields.last?.kind, .checkbox)
        XCTAssertEqual(d.value(of: .redirectUrl), RedirectURL.platformBase)
        // Not offered for a per-connector URL.
        d.redirect = .perConnector("https://global.consent.azure-apim.net/redirect/new-5fx-5f0123456789abcdef")
        XCTAssertFalse(d.fields(on: .security).contains { $0.id == .updateRedirect })
        XCTAssertEqual(d.value(of: .redirectUrl), "https://global.consent.azure-apim.net/redirect/new-5fx-5f0123456789abcdef")
    }

    func testImportedAuthIsReadOnly() throws {
        var d = ConnectorDraft()
        d.imported = ImportedAuth(summary: "OAuth 2.0 (aadcertificate)", details: ["kept"])
        let fields = d.fields(on: .security)
        XCTAssertEqual(fields.map(\.id), [.auth])
        XCTAssertEqual(fields.first?.kind, .readOnly)
        XCTAssertEqual(d.value(of: .auth), "OAuth 2.0 (aadcertificate)")
        XCTAssertThrowsError(try d.setValue("basic", of: .auth)) {
            XCTAssertEqual($0 as? ConnectorDraft.SetError, .readOnly(.auth))
        }
    }

    // MARK: key=value (§8)

    func testEveryCommandLineKeyIsAField() {
        let keys = ["title", "description", "icon", "iconBrandColor", "gateway", "scheme", "host", "basePath", "auth",
                    "basic.usernameLabel", "basic.passwordLabel", "apikey.label", "apikey.name", "apikey.location",
                    "oauth.provider", "oauth.clientId", "oauth.authorizationUrl", "oauth.tokenUrl", "oauth.refreshUrl",
                    "oauth.scope", "oauth.loginUrl", "oauth.tenantId", "oauth.resourceUrl", "oauth.onBehalfOf"]
        for k in keys { XCTAssertNotNil(FieldID(rawValue: k), k) }
    }

    func testSetValueThenValueRoundTripsForEverySettableField() throws {
        // A sample for each field; choices by id, checkboxes true/false.
        let samples: [FieldID: String] = [
            .title: "Contoso Billing", .icon: "/tmp/icon.png", .iconBrandColor: "#123abc", .description: "Line one\nline two",
            .gateway: "true", .scheme: "http", .host: "api.contoso.com:8443", .basePath: "/v2", .auth: "apikey",
            .basicUsernameLabel: "E-mail", .basicPasswordLabel: "PIN", .apiKeyLabel: "Token", .apiKeyName: "X-Token",
            .apiKeyLocation: "query", .oauthProvider: "generic", .oauthClientId: "abc123", .oauthClientSecret: "s3cret!",
            .oauthAuthorizationUrl: "https://a.example/auth", .oauthTokenUrl: "https://a.example/token",
            .oauthRefreshUrl: "https://a.example/refresh", .oauthScope: "a b c", .oauthLoginUrl: "https://login.microsoftonline.com",
            .oauthTenantId: "contoso.com", .oauthResourceUrl: "https://api.contoso.com", .oauthOnBehalfOf: "true", .oauthServicePrincipal: "true",
            .updateRedirect: "true", .authSet: "1", .authSetName: "Sign in with GitHub",
        ]
        for field in FieldID.allCases {
            var d = ConnectorDraft()
            d.redirect = .legacyGlobal(RedirectURL.platformBase, updateToUnique: false)
            if field == .authSet || field == .authSetName {
                // These exist with several authentication types only.
                XCTAssertThrowsError(try d.setValue("x", of: field))
                d.addSet()
            }
            if field == .redirectUrl {
                XCTAssertThrowsError(try d.setValue("https://x.example", of: field)) {
                    XCTAssertEqual($0 as? ConnectorDraft.SetError, .readOnly(.redirectUrl))
                }
                continue
            }
            guard let sample = samples[field] else { XCTFail("no sample for \(field.rawValue)"); continue }
            try d.setValue(sample, of: field)
            XCTAssertEqual(d.value(of: field), sample, field.rawValue)
            // And the opposite value for choices and checkboxes, so a setter stuck on one value is caught.
            let other: [FieldID: String] = [.gateway: "false", .scheme: "https", .auth: "oauth2", .apiKeyLocation: "header",
                                            .oauthProvider: "aad", .oauthOnBehalfOf: "false", .oauthServicePrincipal: "false", .updateRedirect: "false",
                                            .authSet: "2"]
            if let o = other[field] {
                try d.setValue(o, of: field)
                XCTAssertEqual(d.value(of: field), o, field.rawValue)
            }
        }
    }

    func testSetValueChangesOnlyItsField() throws {
        var d = ConnectorDraft.valid(.basic)
        let before = d
        try d.setValue("Contoso Billing", of: .title)
        var expected = before
        expected.general.title = "Contoso Billing"
        XCTAssertEqual(d, expected)
    }

    func testClientSecretIsKeptAsASecret() throws {
        var d = ConnectorDraft()
        try d.setValue("hunter2", of: .oauthClientSecret)
        XCTAssertEqual(d.oauth.clientSecret.reveal(), "hunter2")
        XCTAssertFalse("\(d.oauth.clientSecret)".contains("hunter2"))
        XCTAssertFalse(String(reflecting: d).contains("hunter2"))
    }

    func testChoicesByLabelInAnyCase() throws {
        var d = ConnectorDraft()
        try d.setValue("HTTP", of: .scheme)
        XCTAssertEqual(d.general.scheme, .http)
        try d.setValue("Basic authentication", of: .auth)
        XCTAssertEqual(d.authKind, .basic)
        try d.setValue("oauth 2.0", of: .auth)
        XCTAssertEqual(d.authKind, .oauth2)
        try d.setValue("Query", of: .apiKeyLocation)
        XCTAssertEqual(d.apiKey.location, .query)
        try d.setValue("Azure Active Directory", of: .oauthProvider)
        XCTAssertEqual(d.oauth.provider, "aad")
        try d.setValue("GITHUB", of: .oauthProvider)
        XCTAssertEqual(d.oauth.provider, "github")
        try d.setValue("Windows authentication", of: .auth)
        XCTAssertEqual(d.authKind, .windows)
        for (text, flag) in [("yes", true), ("no", false), ("on", true), ("off", false), ("1", true), ("0", false)] {
            try d.setValue(text, of: .gateway)
            XCTAssertEqual(d.general.gateway, flag, text)
        }
    }

    func testBadChoiceIsAnError() {
        var d = ConnectorDraft()
        XCTAssertThrowsError(try d.setValue("ftp", of: .scheme)) {
            XCTAssertEqual($0 as? ConnectorDraft.SetError, .notOneOf(field: .scheme, value: "ftp", allowed: ["https", "http"]))
        }
        XCTAssertThrowsError(try d.setValue("kerberos", of: .auth)) {
            XCTAssertEqual($0 as? ConnectorDraft.SetError,
                           .notOneOf(field: .auth, value: "kerberos", allowed: ["none", "basic", "apikey", "oauth2", "windows"]))
        }
        XCTAssertThrowsError(try d.setValue("cookie", of: .apiKeyLocation))
        XCTAssertThrowsError(try d.setValue("okta", of: .oauthProvider))
        XCTAssertThrowsError(try d.setValue("maybe", of: .gateway))
        XCTAssertEqual(d, ConnectorDraft(), "a rejected value changes nothing")
        // The message names the field and the allowed values.
        let e = ConnectorDraft.SetError.notOneOf(field: .scheme, value: "ftp", allowed: ["https", "http"])
        XCTAssertTrue(e.description.contains("scheme") && e.description.contains("https, http"), e.description)
    }

    func testSwitchingTypeKeepsWhatWasTyped() throws {
        var d = ConnectorDraft()
        try d.setValue("basic", of: .auth)
        try d.setValue("E-mail", of: .basicUsernameLabel)
        try d.setValue("apikey", of: .auth)
        try d.setValue("X-Token", of: .apiKeyName)
        try d.setValue("basic", of: .auth)
        XCTAssertEqual(d.value(of: .basicUsernameLabel), "E-mail")
        try d.setValue("apikey", of: .auth)
        XCTAssertEqual(d.value(of: .apiKeyName), "X-Token")
    }

    // MARK: Pasting a URL into Host

    func testSplitURLIntoHost() {
        var d = ConnectorDraft()
        XCTAssertTrue(d.splitURLIntoHost("https://api.contoso.com/v1"))
        XCTAssertEqual(d.general.scheme, .https)
        XCTAssertEqual(d.general.host, "api.contoso.com")
        XCTAssertEqual(d.general.basePath, "/v1")

        XCTAssertTrue(d.splitURLIntoHost("http://host:8080"))
        XCTAssertEqual(d.general.scheme, .http)
        XCTAssertEqual(d.general.host, "host:8080")
        XCTAssertEqual(d.general.basePath, "/")

        XCTAssertTrue(d.splitURLIntoHost("  HTTPS://api.contoso.com/v2/items?x=1#top  "))
        XCTAssertEqual(d.general.scheme, .https)
        XCTAssertEqual(d.general.host, "api.contoso.com")
        XCTAssertEqual(d.general.basePath, "/v2/items")
    }

    func testTextThatIsNotAURLIsLeftAlone() {
        var d = ConnectorDraft.valid()
        let before = d
        XCTAssertFalse(d.splitURLIntoHost("api.contoso.com"))
        XCTAssertFalse(d.splitURLIntoHost("https://"))
        XCTAssertEqual(d, before)
    }

    /// Fields are compared and hashed by their place among the cases: each case has its own,
    /// in declaration order, and a field made from its raw value is the same field.
    func testFieldsAreComparedByTheirPlace() {
        XCTAssertEqual(FieldID.allCases.map(\.ordinal), Array(0..<FieldID.allCases.count))
        XCTAssertEqual(MemoryLayout<FieldID>.size, 1)
        var places: [FieldID: Int] = [:]
        for (i, field) in FieldID.allCases.enumerated() { places[field] = i }
        XCTAssertEqual(places.count, FieldID.allCases.count)
        for (i, field) in FieldID.allCases.enumerated() {
            let again = FieldID(rawValue: field.rawValue)!
            XCTAssertEqual(again, field)
            XCTAssertEqual(places[again], i)
            XCTAssertEqual(Set(FieldID.allCases).subtracting([again]).count, FieldID.allCases.count - 1)
            for other in FieldID.allCases where other.rawValue != field.rawValue { XCTAssertNotEqual(other, field) }
        }
    }

    /// FieldSet and FieldMap answer as a Set and a Dictionary of fields do, over random changes.
    func testFieldSetsAndMapsAnswerAsSetsAndDictionaries() {
        var generator = SystemRandomNumberGenerator()
        var bits: FieldSet = []
        var set: Set<FieldID> = []
        var map = FieldMap<Int>()
        var dictionary: [FieldID: Int] = [:]
        XCTAssertTrue(bits.isEmpty)
        for step in 0..<3000 {
            let f = FieldID.allCases.randomElement(using: &generator)!
            switch Int.random(in: 0..<5, using: &generator) {
            case 0: XCTAssertEqual(bits.insert(f).inserted, set.insert(f).inserted)
            case 1: XCTAssertEqual(bits.remove(f), set.remove(f))
            case 2:
                let more = Array(FieldID.allCases.shuffled(using: &generator).prefix(3))
                bits.formUnion(FieldSet(more))
                set.formUnion(more)
            case 3:
                map[f] = step
                dictionary[f] = step
            default:
                map[f] = nil
                dictionary[f] = nil
            }
            for g in FieldID.allCases {
                XCTAssertEqual(bits.contains(g), set.contains(g), "\(g) after step \(step)")
                XCTAssertEqual(map[g], dictionary[g], "\(g) after step \(step)")
            }
            XCTAssertEqual(bits.isEmpty, set.isEmpty)
            XCTAssertEqual(bits.fields, FieldID.allCases.filter(set.contains))
        }
        XCTAssertNil(FieldMap<Int>()[.title])
    }
}
