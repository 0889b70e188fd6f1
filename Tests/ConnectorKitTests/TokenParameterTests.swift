import ConnectorKit
import XCTest

/// Connection parameters named `token:<Name>` feed the sign-in as on the platform (§5.1): the
/// authorization URL, the token request and the refresh request of real connectors, compared
/// parameter by parameter (decoded), never as strings with a random `state`.
final class TokenParameterTests: XCTestCase {
    func configuration(_ relative: String, set: Int? = nil, file: StaticString = #filePath, line: UInt = #line) throws
        -> OAuthConfiguration
    {
        let doc = try ConnectorDocument.open(TestSupport.fixture(relative))
        return try XCTUnwrap(OAuthConfiguration(properties: doc.apiProperties, definition: doc.definition, set: set),
                             "\(relative) has an oauthSetting parameter", file: file, line: line)
    }

    /// A URL's address before `?` and its query items, decoded, in order.
    func parts(_ url: String) -> (base: String, items: [String: String], names: [String]) {
        let base = url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
        let query = url.firstIndex(of: "?").map { String(url[url.index(after: $0)...]) } ?? ""
        let items = URLEncoding.query(query)
        return (base, Dictionary(items.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a }), items.map(\.name))
    }

    /// A form body, decoded.
    func form(_ request: HTTPRequest) -> [String: String] {
        Dictionary(URLEncoding.query(String(decoding: request.body, as: UTF8.self)).map { ($0.name, $0.value) },
                   uniquingKeysWith: { a, _ in a })
    }

    // MARK: oauth2generic templates

    func testZohoSignsInAtTheRegionTheEndUserChose() throws {
        let zoho = try configuration("certified-connectors/ZohoSign")
        XCTAssertEqual(zoho.missingValues, ["CustomHost"], "the region is needed first")
        XCTAssertFalse(zoho.canSignIn)
        XCTAssertNil(zoho.platformAuthorizationURLIfKnown(state: "s"))

        let eu = zoho.filled(with: ["token:customHost": "eu"])
        XCTAssertEqual(eu.missingValues, [])
        XCTAssertTrue(eu.canSignIn)
        XCTAssertEqual(eu.tokenURL, "https://accounts.zoho.eu/oauth/v2/token")
        XCTAssertEqual(eu.refreshURL, "https://accounts.zoho.eu/oauth/v2/token")
        let url = try XCTUnwrap(eu.platformAuthorizationURLIfKnown(state: "st-1"))
        let p = parts(url)
        XCTAssertEqual(p.base, "https://accounts.zoho.eu/oauth/v2/auth", "{CustomHost} matched without regard to case")
        XCTAssertEqual(p.items, ["client_id": "<Enter Your Client ID>", "response_type": "code",
                                 "redirect_uri": "https://global.consent.azure-apim.net/redirect",
                                 "scope": "ZohoSign.documents.all ZohoSign.account.all ZohoSign.templates.all", "state": "st-1"])
        XCTAssertEqual(zoho.filled(with: ["token:customHost": "com.au"]).authorizationURL, "https://accounts.zoho.com.au/oauth/v2/auth")
        XCTAssertEqual(zoho.filled(with: ["token:customHost": "  "]).missingValues, ["CustomHost"], "blank is no value")

        let token = eu.tokenRequest(code: "the-code", redirectURI: "http://127.0.0.1:5000/callback", verifier: "v", clientSecret: "cs")
        XCTAssertEqual(token.url, "https://accounts.zoho.eu/oauth/v2/token")
        XCTAssertEqual(form(token), ["grant_type": "authorization_code", "code": "the-code", "redirect_uri": "http://127.0.0.1:5000/callback",
                                     "code_verifier": "v", "client_id": "<Enter Your Client ID>", "client_secret": "cs"])
    }

    func testAnOwnAppsClientIDSecretTenantAndScopesFillTheTemplatesAndBodies() throws {
        // 3E Events, "aadNonprod": the end user brings the app (token:clientId, token:clientSecret,
        // token:TenantId, token:customScopes), and the token and refresh bodies are templates.
        let nonprod = try configuration("certified-connectors/3E Events", set: 2)
        XCTAssertEqual(nonprod.missingValues, ["tenantId"])
        let mine = nonprod.filled(with: ["token:TenantId": "contoso.onmicrosoft.com", "token:clientId": "my-app-id",
                                         "token:clientSecret": "my-s3cret", "token:customScopes": "api://3e/.default offline_access",
                                         "token:customHost": "api.us.nprd.elite.com/dev", "token:notes": "n"])
        XCTAssertEqual(mine.clientId, "my-app-id", "not the file's placeholder client ID")
        XCTAssertEqual(mine.connectionClientSecret, "my-s3cret")
        XCTAssertTrue(mine.canSignIn)
        let p = parts(mine.platformAuthorizationURL(state: "st-2"))
        XCTAssertEqual(p.base, "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize")
        XCTAssertEqual(p.names, ["response_type", "client_id", "scope", "redirect_uri", "state", "prompt"], "the template's order")
        XCTAssertEqual(p.items, ["response_type": "code", "client_id": "my-app-id", "scope": "api://3e/.default offline_access",
                                 "redirect_uri": "https://global.consent.azure-apim.net/redirect", "state": "st-2",
                                 "prompt": "select_account"])

        let token = mine.tokenRequest(code: "c0de", redirectURI: "https://global.consent.azure-apim.net/redirect", verifier: "",
                                      clientSecret: "the-kept-one")
        XCTAssertEqual(token.url, "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token")
        XCTAssertEqual(form(token), ["code": "c0de", "grant_type": "authorization_code",
                                     "redirect_uri": "https://global.consent.azure-apim.net/redirect",
                                     "client_id": "my-app-id", "client_secret": "my-s3cret"],
                       "the tokenBodyTemplate, filled; the end user's client secret wins over a kept one")
        XCTAssertNil(token.headers.first { $0.name == "Authorization" }, "the body carries the client")
        let live = mine.tokenRequest(code: "c0de", redirectURI: "http://127.0.0.1:5000/callback", verifier: "pkce-v", clientSecret: nil)
        XCTAssertEqual(form(live)["code_verifier"], "pkce-v", "a live sign-in's verifier joins the template's body")
        XCTAssertEqual(form(live)["redirect_uri"], "http://127.0.0.1:5000/callback")

        let refresh = mine.refreshRequest(refreshToken: "r3fresh", clientSecret: nil)
        XCTAssertEqual(refresh.url, "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token")
        XCTAssertEqual(form(refresh), ["code": "", "grant_type": "refresh_token", "refresh_token": "r3fresh",
                                       "redirect_uri": "https://global.consent.azure-apim.net/redirect",
                                       "client_id": "my-app-id", "client_secret": "my-s3cret"])
    }

    func testTheAzureADTemplatesFillThePlatformsPlaceholdersAndATokenValueOfTheSameNameWins() throws {
        let azureAD = try configuration("certified-connectors/AzureAD")
        let token = azureAD.tokenRequest(code: "c", redirectURI: "https://global.consent.azure-apim.net/redirect", verifier: "",
                                         clientSecret: "kept")
        XCTAssertEqual(form(token), ["client_id": "<<Please add your clientID here>>", "code": "c",
                                     "redirect_uri": "https://global.consent.azure-apim.net/redirect",
                                     "grant_type": "authorization_code", "client_secret": "kept"])
        let refresh = azureAD.refreshRequest(refreshToken: "r", clientSecret: "kept")
        XCTAssertEqual(form(refresh)["refresh_token"], "r")
        XCTAssertEqual(refresh.url, "https://login.microsoftonline.com/common/oauth2/v2.0/token")
        let own = azureAD.filled(with: ["token:ClientId": "given-id"])
        XCTAssertEqual(parts(own.platformAuthorizationURL(state: "s")).items["client_id"], "given-id", "token:ClientId fills {ClientId}")
    }

    // MARK: oauth2 and aad settings overridden

    func testAnAADConnectorsTenantClientAndResourceComeFromTheConnection() throws {
        let talxis = try configuration("certified-connectors/TALXISDataFeed")
        let mine = talxis.filled(with: ["token:clientId": "sp-app", "token:TenantId": "fabrikam.onmicrosoft.com",
                                        "token:resourceUri": "https://api.fabrikam.test", "token:clientSecret": "sp-s3cret"])
        XCTAssertEqual(mine.clientId, "sp-app")
        XCTAssertEqual(mine.resource, "https://api.fabrikam.test")
        let p = parts(mine.platformAuthorizationURL(state: "s"))
        XCTAssertEqual(p.base, "https://login.windows.net/fabrikam.onmicrosoft.com/oauth2/authorize", "the file's login URI, the given tenant")
        XCTAssertEqual(p.items["client_id"], "sp-app")
        XCTAssertEqual(p.items["resource"], "https://api.fabrikam.test")
        let token = mine.tokenRequest(code: "c", redirectURI: "r", verifier: "", clientSecret: nil)
        XCTAssertTrue(token.url.hasSuffix("/fabrikam.onmicrosoft.com/oauth2/token"), token.url)
        XCTAssertEqual(form(token)["client_secret"], "sp-s3cret")
        XCTAssertEqual(form(token)["resource"], "https://api.fabrikam.test")

        let graph = try configuration("certified-connectors/MicrosoftGraphSecurity")
        XCTAssertEqual(parts(graph.filled(with: ["token:TenantId": "t-1"]).platformAuthorizationURL(state: "s")).base,
                       "https://login.windows.net/t-1/oauth2/authorize")
        XCTAssertEqual(parts(graph.platformAuthorizationURL(state: "s")).base,
                       graph.authorizationURL, "without a value the file's tenant stays")
    }

    func testAnOAuth2ConnectorsURLsAndScopesCanBeGiven() throws {
        let egnyte = try configuration("certified-connectors/Egnyte")
        let given = egnyte.filled(with: ["token:authorizationUrl": "https://contoso.egnyte.com/puboauth/token/authorize",
                                         "token:tokenUrl": "https://contoso.egnyte.com/puboauth/token",
                                         "token:scopes": "Egnyte.filesystem, Egnyte.link"])
        XCTAssertEqual(parts(given.platformAuthorizationURL(state: "s")).base, "https://contoso.egnyte.com/puboauth/token/authorize")
        XCTAssertEqual(given.tokenURL, "https://contoso.egnyte.com/puboauth/token")
        XCTAssertEqual(given.refreshURL, egnyte.refreshURL == egnyte.tokenURL ? given.tokenURL : egnyte.refreshURL)
        XCTAssertEqual(given.scopes, ["Egnyte.filesystem", "Egnyte.link"])
        XCTAssertEqual(egnyte.filled(with: ["tokenUrl": "https://elsewhere.test"]).tokenURL, egnyte.tokenURL,
                       "only token: parameters feed the sign-in")
    }

    // MARK: values only the platform holds

    func testValuesOnlyThePlatformHoldsAreNamedInOneSentence() throws {
        let netDocuments = try configuration("certified-connectors/NetDocuments").filled(with: ["token:apiRegion": "EU"])
        let reason = try XCTUnwrap(netDocuments.platformOnlyReason)
        XCTAssertTrue(reason.hasPrefix("Signing in needs values only the platform holds: the additionalParameters "), reason)
        XCTAssertTrue(reason.contains("US_domain") && reason.contains("EU_clientId"), reason)
        XCTAssertEqual(reason.filter { $0 == "." }.count, 1, "one sentence: \(reason)")
        let docusign = try configuration("certified-connectors/DocuSign")
        XCTAssertEqual(docusign.platformOnlyReason,
                       "DocuSign is the platform's own identity provider: the sign-in URL and the OAuth app are the platform's, not in the connector's files.")
        XCTAssertNil(try configuration("certified-connectors/ZohoSign").platformOnlyReason, "the end user gives the region")
    }

    // MARK: every fixture

    /// Every OAuth connector of the fixtures, every type: with each `token:` parameter answered
    /// (a choice's first option, else a sample value), the URLs are complete — or the one sentence
    /// says which value only the platform holds.
    func testEveryOAuthFixtureSignsInOnceItsTokenParametersAreAnswered() throws {
        var checked = 0
        for relative in TestSupport.allFixtureConnectorFolders() {
            guard let doc = try? ConnectorDocument.open(TestSupport.fixture(relative)) else { continue }
            let sets = max(1, doc.apiProperties[path: ["properties", "connectionParameterSets", "values"]]?.arrayValue?.count ?? 0)
            for set in 0..<sets {
                guard let c = OAuthConfiguration(properties: doc.apiProperties, definition: doc.definition, set: set) else { continue }
                let prompt = ConnectionPrompt(properties: doc.apiProperties, definition: doc.definition, set: set)
                var values: [String: String] = [:]
                for f in prompt.fields where f.name.lowercased().hasPrefix("token:") {
                    if case .choice(let options) = f.kind, let first = options.first { values[f.name] = first.id } else { values[f.name] = "sample" }
                }
                let filled = c.filled(with: values)
                checked += 1
                if let reason = filled.platformOnlyReason {
                    XCTAssertFalse(reason.isEmpty)
                    continue
                }
                XCTAssertEqual(filled.missingValues, [], "\(relative) set \(set): \(values.keys.sorted())")
                let url = filled.platformAuthorizationURL(state: "s")
                XCTAssertFalse(url.contains("{") || url.contains("}"), "\(relative) set \(set): \(url)")
                XCTAssertTrue(url.hasPrefix("https://") || url.hasPrefix("http://"), "\(relative) set \(set): \(url)")
                XCTAssertFalse(filled.tokenURL.contains("{"), "\(relative) set \(set): \(filled.tokenURL)")
                XCTAssertFalse(filled.refreshURL.contains("{"), "\(relative) set \(set): \(filled.refreshURL)")
                if filled.tokenBodyTemplate != nil {
                    let body = String(decoding: filled.tokenRequest(code: "c", redirectURI: "r", verifier: "", clientSecret: "s").body, as: UTF8.self)
                    XCTAssertTrue(body.contains("code=c"), "\(relative) set \(set): the template was filled: \(body)")
                }
            }
        }
        XCTAssertGreaterThan(checked, 20, "the fixtures hold many OAuth types")
    }
}
