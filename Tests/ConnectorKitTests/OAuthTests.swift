import ConnectorKit
import XCTest

/// Sign-in as the platform does it (§5.1), from real connectors' OAuth settings: the endpoints,
/// the exact authorization URLs, the token and refresh requests.
final class OAuthTests: XCTestCase {
    func configuration(_ relative: String, set: Int? = nil, file: StaticString = #filePath, line: UInt = #line) throws
        -> OAuthConfiguration
    {
        let (properties, definition) = try TestSupport.connectorJSON(relative)
        return try XCTUnwrap(OAuthConfiguration(properties: properties, definition: definition, set: set),
                             "\(relative) has an oauthSetting parameter", file: file, line: line)
    }

    static let loopback = "http://127.0.0.1:53682/callback"
    static let pkce = PKCE(verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")

    // MARK: - Reading the settings of real connectors

    func testAADCanonicalShape() throws {
        let c = try configuration("custom-connectors/Snowflake")
        XCTAssertEqual(c.parameter, "token")
        XCTAssertEqual(c.identityProvider, "aad")
        XCTAssertTrue(c.isAAD)
        XCTAssertEqual(c.clientId, "945e244d-b5ea-4b33-9231-ed9737c5f124")
        XCTAssertEqual(c.authorizationURL, "https://login.windows.net/common/oauth2/authorize", "loginUri + tenantId, not the swagger's")
        XCTAssertEqual(c.tokenURL, "https://login.windows.net/common/oauth2/token",
                       "not the swagger's https://uniper.west-europe.azure.snowflakecomputing.com/oauth/token-request")
        XCTAssertEqual(c.refreshURL, c.tokenURL)
        XCTAssertEqual(c.resource, "https://YourApplicationIDURI")
        XCTAssertEqual(c.scopes, [])
        XCTAssertEqual(c.platformRedirectURL, "https://global.consent.azure-apim.net/redirect")
        XCTAssertTrue(c.canSignIn)
    }

    func testAADPlatformAuthorizationURLIsExactAndEndsWithResource() throws {
        let c = try configuration("custom-connectors/Snowflake")
        XCTAssertEqual(c.platformAuthorizationURL(state: "af0ifjsldkj"),
                       "https://login.windows.net/common/oauth2/authorize?client_id=945e244d-b5ea-4b33-9231-ed9737c5f124"
                           + "&response_type=code&redirect_uri=https%3A%2F%2Fglobal.consent.azure-apim.net%2Fredirect"
                           + "&state=af0ifjsldkj&resource=https%3A%2F%2FYourApplicationIDURI",
                       "no scope parameter when there are no scopes")
        let graph = try configuration("certified-connectors/MicrosoftGraphSecurity")
        XCTAssertEqual(graph.scopes, ["User.Read"])
        XCTAssertEqual(graph.resource, "https://graph.microsoft.com/")
        XCTAssertEqual(graph.platformAuthorizationURL(state: "s"),
                       "https://login.windows.net/common/oauth2/authorize?client_id=%7B%7Breplace_with_your_client_id%7D%7D"
                           + "&response_type=code&redirect_uri=https%3A%2F%2Fglobal.consent.azure-apim.net%2Fredirect"
                           + "&scope=User.Read&state=s&resource=https%3A%2F%2Fgraph.microsoft.com%2F")
    }

    func testAADDefaultsAndEndpointsWithoutLoginOrTenant() {
        let props: JSONValue = ["properties": ["connectionParameters": ["token": [
            "type": "oauthSetting",
            "oAuthSettings": ["identityProvider": "aad", "clientId": "c", "customParameters": [
                "loginUri": ["value": "https://login.windows.net/"], "tenantId": [:],
            ]],
        ]]]]
        let c = OAuthConfiguration(properties: props, definition: [:])
        XCTAssertEqual(c?.authorizationURL, "https://login.windows.net/common/oauth2/authorize",
                       "an empty tenantId is common; a trailing / of the login URL is not doubled")
        XCTAssertNil(c?.resource)
        let bare: JSONValue = ["properties": ["connectionParameters": ["token": [
            "type": "oauthSetting", "oAuthSettings": ["identityProvider": "aad", "clientId": "c"],
        ]]]]
        XCTAssertEqual(OAuthConfiguration(properties: bare, definition: [:])?.tokenURL,
                       "https://login.microsoftonline.com/common/oauth2/token")
    }

    func testGenericOAuth2TakesCustomParametersURLs() throws {
        let c = try configuration("certified-connectors/Entersoft")
        XCTAssertFalse(c.isAAD)
        XCTAssertEqual(c.identityProvider, "oauth2")
        XCTAssertEqual(c.clientId, "[[DummyValue]]")
        XCTAssertEqual(c.authorizationURL, "https://api.entersoft.gr/Auth/Authorize")
        XCTAssertEqual(c.tokenURL, "https://api.entersoft.gr/Auth/Token")
        XCTAssertEqual(c.refreshURL, "https://api.entersoft.gr/Auth/Refresh")
        XCTAssertNil(c.resource)
        XCTAssertEqual(c.scopes, ["esmspowerappsconnectorfree"])
        XCTAssertEqual(c.platformAuthorizationURL(state: "xyz"),
                       "https://api.entersoft.gr/Auth/Authorize?client_id=%5B%5BDummyValue%5D%5D&response_type=code"
                           + "&redirect_uri=https%3A%2F%2Fglobal.consent.azure-apim.net%2Fredirect"
                           + "&scope=esmspowerappsconnectorfree&state=xyz")
    }

    func testCustomParameterNamesAreCaseInsensitiveAndAPerConnectorRedirectIsUsed() throws {
        let c = try configuration("certified-connectors/Egnyte")
        XCTAssertEqual(c.authorizationURL, "https://us-partner-integrations.egnyte.com/ms-flow/oauth/code")
        XCTAssertEqual(c.tokenURL, "https://us-partner-integrations.egnyte.com/ms-flow/oauth/token")
        XCTAssertEqual(c.refreshURL, "https://us-partner-integrations.egnyte.com/ms-flow/oauth/code", "as written, odd as it is")
        XCTAssertEqual(c.platformRedirectURL, "https://global.consent.azure-apim.net/redirect/egnyte")
        XCTAssertEqual(c.scopes, [], "oAuthSettings.scopes is [] — the swagger's five scopes are not what the platform sends")
    }

    func testScopesComeFromTheSwaggerOnlyWhenTheSettingsHaveNone() throws {
        let trigger = try configuration("certified-connectors/TRIGGERcmd")
        XCTAssertEqual(trigger.scopes, [], "no scopes key; the swagger's scopes object is empty")
        XCTAssertEqual(trigger.platformRedirectURL, "https://msmanaged-na.consent.azure-apim.net/redirect", "as written")
        let props: JSONValue = ["properties": ["connectionParameters": ["token": [
            "type": "oauthSetting", "oAuthSettings": ["identityProvider": "oauth2", "clientId": "c"],
        ]]]]
        let definition: JSONValue = ["securityDefinitions": ["oauth2_auth": [
            "type": "oauth2", "flow": "accessCode", "authorizationUrl": "https://idp.example/authorize",
            "tokenUrl": "https://idp.example/token", "scopes": ["read": "Read", "write": "Write"],
        ]]]
        let c = try XCTUnwrap(OAuthConfiguration(properties: props, definition: definition))
        XCTAssertEqual(c.scopes, ["read", "write"], "the swagger's scopes keys, in order")
        XCTAssertEqual(c.authorizationURL, "https://idp.example/authorize", "no customParameters: the swagger's URLs")
        XCTAssertEqual(c.tokenURL, "https://idp.example/token")
        XCTAssertEqual(c.refreshURL, "https://idp.example/token", "no refresh URL: the token URL")
        XCTAssertEqual(c.platformRedirectURL, "https://global.consent.azure-apim.net/redirect", "legacy global when absent")
        XCTAssertEqual(c.platformAuthorizationURL(state: "q"),
                       "https://idp.example/authorize?client_id=c&response_type=code"
                           + "&redirect_uri=https%3A%2F%2Fglobal.consent.azure-apim.net%2Fredirect&scope=read%20write&state=q",
                       "scopes joined with a space, encoded as %20")
    }

    func testOddSpellingsOfTheParameterTypeAndSettingsKey() throws {
        let ram = try configuration("certified-connectors/RamQuest Actions - UAT")
        XCTAssertEqual(ram.clientId, "pacman", "type oAuthSetting is found")
        XCTAssertEqual(ram.tokenURL, "https://sm.uat.ortitletech.com/auth/realms/supermarket/protocol/openid-connect/token")
        XCTAssertEqual(ram.scopes, ["good-service offline_access"])
        XCTAssertEqual(ram.platformRedirectURL, "https://global.consent.azure-apim.net/redirect/ramquestactionsuat",
                       "the RedirectUrl custom parameter when oAuthSettings has no redirectUrl")
        // Second set: the key is spelled `oauthSettings`, TenantId is empty, the login URL is `loginUriAAD`.
        let acs = try configuration("certified-connectors/Azure Communication Services SMS Events", set: 1)
        XCTAssertTrue(acs.isAAD)
        XCTAssertEqual(acs.identityProvider, "aad")
        XCTAssertEqual(acs.authorizationURL, "https://login.windows.net/common/oauth2/authorize")
        XCTAssertEqual(acs.resource, "https://management.core.windows.net")
        XCTAssertEqual(acs.clientId, "", "client credentials: the client id is a connection parameter")
    }

    func testThePlatformsOwnProvidersUseTheirEndpointsNotTheSwaggers() throws {
        let c = try configuration("custom-connectors/Facebook")
        XCTAssertEqual(c.identityProvider, "facebook")
        XCTAssertEqual(c.authorizationURL, "https://www.facebook.com/v9.0/dialog/oauth")
        XCTAssertEqual(c.tokenURL, "https://graph.facebook.com/v9.0/oauth/access_token",
                       "the swagger's tokenUrl (login.windows.net) is a leftover the platform never uses")
        XCTAssertEqual(c.scopes, ["pages_show_list", "user_posts", "pages_read_engagement", "pages_read_user_content"])
        XCTAssertEqual(c.platformAuthorizationURL(state: "s"),
                       "https://www.facebook.com/v9.0/dialog/oauth?client_id=facebook_app_id&response_type=code"
                           + "&redirect_uri=https%3A%2F%2Fglobal.consent.azure-apim.net%2Fredirect"
                           + "&scope=pages_show_list%20user_posts%20pages_read_engagement%20pages_read_user_content&state=s")
        for (idp, url) in [("github", "https://github.com/login/oauth/authorize"),
                           ("microsoftaccount", "https://login.live.com/oauth20_authorize.srf"),
                           ("linkedinV2", "https://www.linkedin.com/oauth/v2/authorization")] {
            let props: JSONValue = ["properties": ["connectionParameters": ["token": [
                "type": "oauthSetting", "oAuthSettings": ["identityProvider": .string(idp), "clientId": "c"],
            ]]]]
            XCTAssertEqual(OAuthConfiguration(properties: props, definition: [:])?.authorizationURL, url, idp)
        }
    }

    func testSetsAreReadOneAtATime() throws {
        XCTAssertEqual(try configuration("certified-connectors/LawVu").tokenURL,
                       "https://au.public-api.lawvu.com/account-apis/v1/auth/token", "the first set by default")
        XCTAssertEqual(try configuration("certified-connectors/LawVu", set: 1).tokenURL,
                       "https://can.public-api.lawvu.com/account-apis/v1/auth/token")
        XCTAssertEqual(try configuration("certified-connectors/LawVu", set: 1).authorizationURL, "https://can.lawvu.com/#/authorize")
        let (properties, definition) = try TestSupport.connectorJSON("certified-connectors/AvePoint Cloud Governance")
        XCTAssertEqual(OAuthConfiguration(properties: properties, definition: definition, set: 0)?.identityProvider, "aad")
        XCTAssertNil(OAuthConfiguration(properties: properties, definition: definition, set: 1), "the basic set has no sign-in")
    }

    func testGenericTemplatesAreReadButPlaceholdersCannotBeSignedInto() throws {
        let e3 = try configuration("certified-connectors/3E Events")
        XCTAssertEqual(e3.identityProvider, "oauth2generic")
        XCTAssertEqual(e3.authorizationURL, "https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize")
        XCTAssertEqual(e3.tokenURL, "https://login.microsoftonline.com/organizations/oauth2/v2.0/token")
        XCTAssertTrue(e3.canSignIn)
        // ZohoSign's swagger does not parse (an em space as white space); its settings need none of it.
        let zohoProperties = try XCTUnwrap(TestSupport.readJSON(TestSupport.fixture("certified-connectors/ZohoSign/apiProperties.json")))
        let zoho = try XCTUnwrap(OAuthConfiguration(properties: zohoProperties, definition: [:]))
        XCTAssertEqual(zoho.identityProvider, "oauth2generic")
        XCTAssertEqual(zoho.authorizationURL, "https://accounts.zoho.{CustomHost}/oauth/v2/auth")
        XCTAssertFalse(zoho.canSignIn, "{CustomHost} is filled by the platform from a connection value")
        let docusign = try configuration("certified-connectors/DocuSign")
        XCTAssertEqual(docusign.authorizationURL, "", "DocuSign's built-in provider has no endpoints in the files")
        XCTAssertFalse(docusign.canSignIn)
    }

    func testNoOAuthSettingNoConfiguration() throws {
        for relative in ["custom-connectors/HR Cloud", "independent-publisher-connectors/xkcd",
                         "independent-publisher-connectors/OpenCage Geocoding", "certified-connectors/Connect Bridge"] {
            let (properties, definition) = try TestSupport.connectorJSON(relative)
            XCTAssertNil(OAuthConfiguration(properties: properties, definition: definition), relative)
        }
    }

    /// Every fixture connector: a configuration exactly when the prompt shows `Sign in` (for each
    /// set), and its URLs build without trouble.
    func testEveryFixtureAgreesWithThePromptsSignInButton() throws {
        var signIns = 0
        for relative in TestSupport.allFixtureConnectorFolders() {
            guard let (properties, definition) = try? TestSupport.connectorJSON(relative) else { continue }
            let sets = properties[path: ["properties", "connectionParameterSets", "values"]]?.arrayValue?.count ?? 1
            for set in 0..<sets {
                let prompt = ConnectionPrompt(properties: properties, definition: definition, set: set)
                let c = OAuthConfiguration(properties: properties, definition: definition, set: set)
                XCTAssertEqual(c != nil, prompt.signIn != nil, "\(relative) set \(set)")
                guard let c else { continue }
                signIns += 1
                XCTAssertEqual(c.parameter, prompt.signIn?.parameter, relative)
                XCTAssertEqual(c.identityProvider, prompt.signIn?.identityProvider, relative)
                let url = c.platformAuthorizationURL(state: "st")
                XCTAssertTrue(url.hasPrefix(c.authorizationURL.prefix { $0 != "#" }), relative)
                XCTAssertTrue(url.contains("state=st"), relative)
                if c.canSignIn {
                    XCTAssertNotNil(URLParts(url), "\(relative): \(url)")
                    XCTAssertNotNil(URLParts(c.tokenRequest(code: "x", redirectURI: Self.loopback, verifier: "", clientSecret: nil).url))
                }
            }
        }
        XCTAssertGreaterThanOrEqual(signIns, 25, "the fixtures hold many OAuth connectors and sets")
    }

    // MARK: - Loopback authorization URL

    func testLoopbackURLAddsPKCEAfterTheSameParameters() throws {
        let c = try configuration("certified-connectors/Entersoft")
        XCTAssertEqual(c.loopbackAuthorizationURL(redirectURI: Self.loopback, state: "xyz", pkce: Self.pkce),
                       "https://api.entersoft.gr/Auth/Authorize?client_id=%5B%5BDummyValue%5D%5D&response_type=code"
                           + "&redirect_uri=http%3A%2F%2F127.0.0.1%3A53682%2Fcallback&scope=esmspowerappsconnectorfree"
                           + "&state=xyz&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256")
        let aad = try configuration("custom-connectors/Snowflake")
        let url = aad.loopbackAuthorizationURL(redirectURI: Self.loopback, state: "s", pkce: Self.pkce)
        XCTAssertTrue(url.hasSuffix("&state=s&resource=https%3A%2F%2FYourApplicationIDURI"
                                        + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"), url)
        let names = URLEncoding.query(String(url.split(separator: "?", maxSplits: 1)[1])).map(\.name)
        XCTAssertEqual(names, ["client_id", "response_type", "redirect_uri", "state", "resource", "code_challenge",
                               "code_challenge_method"])
    }

    func testAnAuthorizationURLWithAQueryIsExtended() {
        let props: JSONValue = ["properties": ["connectionParameters": ["token": [
            "type": "oauthSetting", "oAuthSettings": ["identityProvider": "oauth2", "clientId": "c", "scopes": [],
                                                      "customParameters": ["authorizationUrl": ["value": "https://idp.example/auth?prompt=consent"],
                                                                           "tokenUrl": ["value": "https://idp.example/token"]]],
        ]]]]
        let c = OAuthConfiguration(properties: props, definition: [:])
        XCTAssertEqual(c?.platformAuthorizationURL(state: "s"),
                       "https://idp.example/auth?prompt=consent&client_id=c&response_type=code"
                           + "&redirect_uri=https%3A%2F%2Fglobal.consent.azure-apim.net%2Fredirect&state=s")
    }

    // MARK: - oauth2generic query templates

    func testTheQueryTemplateIsFilledAsThePlatformDoes() throws {
        let azureAD = try configuration("certified-connectors/AzureAD")
        XCTAssertNil(azureAD.authorizationQueryTemplateNote)
        XCTAssertEqual(azureAD.platformAuthorizationURL(state: "st"),
                       "https://login.microsoftonline.com/common/oauth2/v2.0/authorize"
                           + "?client_id=%3C%3CPlease%20add%20your%20clientID%20here%3E%3E&response_type=code"
                           + "&redirect_uri=https%3A%2F%2Fglobal.consent.azure-apim.net%2Fredirect&response_mode=query"
                           + "&scope=Directory.ReadWrite.All%20Group.ReadWrite.All%20User.ReadWrite.All%20offline_access"
                           + "&prompt=login&state=st")
        let e3 = try configuration("certified-connectors/3E Events")
        XCTAssertEqual(e3.platformAuthorizationURL(state: "st"),
                       "https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize"
                           + "?response_type=code&client_id=%5B%5BDUMMY%5D%5D"
                           + "&scope=https%3A%2F%2Felite.com%2Fprod%2Flive%2F3e%2Fewh.all%20offline_access%20openid%20profile"
                           + "&redirect_uri=https%3A%2F%2Fglobal.consent.azure-apim.net%2Fredirect&state=st&prompt=select_account",
                       "lower-case placeholders too")
        XCTAssertEqual(e3.platformAuthorizationURLIfKnown(state: "st"), e3.platformAuthorizationURL(state: "st"))
    }

    func testTheLoopbackURLFillsTheTemplateAndAddsPKCE() throws {
        let e3 = try configuration("certified-connectors/3E Events")
        let url = e3.loopbackAuthorizationURL(redirectURI: Self.loopback, state: "xyz", pkce: Self.pkce)
        XCTAssertTrue(url.hasPrefix("https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?response_type=code"), url)
        let pairs = URLEncoding.query(String(url.split(separator: "?", maxSplits: 1)[1]))
        XCTAssertEqual(pairs.map(\.name), ["response_type", "client_id", "scope", "redirect_uri", "state", "prompt",
                                           "code_challenge", "code_challenge_method"])
        XCTAssertEqual(pairs.first { $0.name == "redirect_uri" }?.value, Self.loopback)
        XCTAssertEqual(pairs.first { $0.name == "state" }?.value, "xyz")
        XCTAssertEqual(pairs.first { $0.name == "prompt" }?.value, "select_account")
        XCTAssertEqual(pairs.last?.value, "S256")
        XCTAssertEqual(pairs.first { $0.name == "code_challenge" }?.value, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")

        // A template without room for the redirect URI or the state still gets both on the loopback URL.
        let props: JSONValue = ["properties": ["connectionParameters": ["token": [
            "type": "oauthSetting", "oAuthSettings": ["identityProvider": "oauth2generic", "clientId": "c", "scopes": ["a", "b"],
                                                      "customParameters": [
                                                          "authorizationUrlTemplate": ["value": "https://idp.example/auth"],
                                                          "authorizationUrlQueryStringTemplate": ["value": "?client_id={ClientId}&scope={Scopes}&resource={ResourceUri}"],
                                                          "tokenUrlTemplate": ["value": "https://idp.example/token"],
                                                          "scopeListDelimiter": ["value": ","],
                                                          "resourceUri": ["value": "https://api.example"],
                                                      ]],
        ]]]]
        let c = try XCTUnwrap(OAuthConfiguration(properties: props, definition: [:]))
        XCTAssertEqual(c.platformAuthorizationURL(state: "s"), "https://idp.example/auth?client_id=c&scope=a%2Cb&resource=https%3A%2F%2Fapi.example")
        XCTAssertEqual(c.loopbackAuthorizationURL(redirectURI: Self.loopback, state: "s", pkce: Self.pkce),
                       "https://idp.example/auth?client_id=c&scope=a%2Cb&resource=https%3A%2F%2Fapi.example"
                           + "&redirect_uri=http%3A%2F%2F127.0.0.1%3A53682%2Fcallback&state=s"
                           + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256")
    }

    func testAnUnknownPlaceholderKeepsTheStandardURLAndSaysSo() throws {
        let nonprod = try configuration("certified-connectors/3E Events", set: 2)
        XCTAssertEqual(nonprod.authorizationQueryTemplateNote,
                       "The connector's authorization query template uses {customScopes}, which no value fills, "
                           + "so the authorization URL shown takes the standard form and may differ from the platform's.")
        XCTAssertTrue(nonprod.platformAuthorizationURL(state: "s").contains("?client_id="), "the standard form")
        XCTAssertNil(nonprod.filled(with: ["token:customScopes": "api://3e/.default"]).authorizationQueryTemplateNote,
                     "the end user's token:customScopes fills it")
        let netDocuments = try configuration("certified-connectors/NetDocuments")
        XCTAssertNil(netDocuments.authorizationQueryTemplateNote, "values only the platform holds are said otherwise")
        XCTAssertNotNil(netDocuments.platformOnlyReason)
        XCTAssertNil(try configuration("certified-connectors/Entersoft").authorizationQueryTemplateNote, "no template")
    }

    func testAnAuthorizationURLThatIsNotKnownIsNotShown() throws {
        let docusign = try configuration("certified-connectors/DocuSign")
        XCTAssertTrue(docusign.platformAuthorizationURL(state: "s").hasPrefix("?client_id="), "what callers must not show")
        XCTAssertFalse(docusign.hasKnownAuthorizationURL)
        XCTAssertNil(docusign.platformAuthorizationURLIfKnown(state: "s"))
        let zohoProperties = try XCTUnwrap(TestSupport.readJSON(TestSupport.fixture("certified-connectors/ZohoSign/apiProperties.json")))
        XCTAssertNil(OAuthConfiguration(properties: zohoProperties, definition: [:])?.platformAuthorizationURLIfKnown(state: "s"),
                     "{CustomHost} is the platform's to fill")
        let entersoft = try configuration("certified-connectors/Entersoft")
        XCTAssertEqual(entersoft.platformAuthorizationURLIfKnown(state: "s"), entersoft.platformAuthorizationURL(state: "s"))
    }

    // MARK: - Token and refresh requests

    func testTokenRequestWithClientSecretPost() throws {
        let c = try configuration("certified-connectors/Entersoft")
        let r = c.tokenRequest(code: "SplxlOBeZQQYbYS6WxSbIA", redirectURI: Self.loopback, verifier: Self.pkce.verifier,
                               clientSecret: "s3cr et+/")
        XCTAssertEqual(r.method, "POST")
        XCTAssertEqual(r.url, "https://api.entersoft.gr/Auth/Token")
        XCTAssertEqual(r.headers, [HTTPHeader("Content-Type", "application/x-www-form-urlencoded"),
                                   HTTPHeader("Accept", "application/json")])
        XCTAssertEqual(String(decoding: r.body, as: UTF8.self),
                       "grant_type=authorization_code&code=SplxlOBeZQQYbYS6WxSbIA"
                           + "&redirect_uri=http%3A%2F%2F127.0.0.1%3A53682%2Fcallback"
                           + "&code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
                           + "&client_id=%5B%5BDummyValue%5D%5D&client_secret=s3cr%20et%2B%2F")
    }

    /// RFC 6749 §2.3.1: the id and secret are form-encoded, joined with `:`, then base64.
    func testTokenRequestWithHTTPBasicClientAuthentication() {
        let props: JSONValue = ["properties": ["connectionParameters": ["token": [
            "type": "oauthSetting", "oAuthSettings": ["identityProvider": "oauth2", "clientId": "s6BhdRkqt3",
                                                      "customParameters": ["tokenUrl": ["value": "https://server.example.com/token"]]],
        ]]]]
        let c = OAuthConfiguration(properties: props, definition: [:])!
        let r = c.tokenRequest(code: "abc", redirectURI: "https://client.example.com/cb", verifier: "", clientSecret: "7Fjfp0ZBr1KtDRbnfVdmIw",
                               authentication: .basic)
        XCTAssertEqual(r.header("Authorization"), "Basic czZCaGRSa3F0Mzo3RmpmcDBaQnIxS3REUmJuZlZkbUl3", "RFC 6749 §2.3.1's example header")
        XCTAssertEqual(String(decoding: r.body, as: UTF8.self),
                       "grant_type=authorization_code&code=abc&redirect_uri=https%3A%2F%2Fclient.example.com%2Fcb",
                       "no verifier given, none sent; no client id or secret in the body")
        let odd = c.tokenRequest(code: "abc", redirectURI: "x", verifier: "", clientSecret: "a:b c", authentication: .basic)
        let decoded = Base64.decode(String(odd.header("Authorization")!.dropFirst("Basic ".count))).map { String(decoding: $0, as: UTF8.self) }
        XCTAssertEqual(decoded, "s6BhdRkqt3:a%3Ab%20c", "a colon in the secret is encoded, so the pair splits at the right place")
    }

    func testPublicClientSendsOnlyItsID() throws {
        let c = try configuration("certified-connectors/Entersoft")
        for secret in [nil, ""] as [String?] {
            for auth in [OAuthConfiguration.ClientAuthentication.post, .basic] {
                let r = c.tokenRequest(code: "c", redirectURI: Self.loopback, verifier: "v", clientSecret: secret, authentication: auth)
                XCTAssertNil(r.header("Authorization"))
                XCTAssertEqual(String(decoding: r.body, as: UTF8.self),
                               "grant_type=authorization_code&code=c&redirect_uri=http%3A%2F%2F127.0.0.1%3A53682%2Fcallback"
                                   + "&code_verifier=v&client_id=%5B%5BDummyValue%5D%5D")
            }
        }
    }

    func testAADRequestsCarryTheResource() throws {
        let c = try configuration("custom-connectors/Snowflake")
        let token = c.tokenRequest(code: "c", redirectURI: Self.loopback, verifier: "v", clientSecret: "sec")
        XCTAssertEqual(token.url, "https://login.windows.net/common/oauth2/token")
        XCTAssertTrue(String(decoding: token.body, as: UTF8.self).hasSuffix(
            "&client_id=945e244d-b5ea-4b33-9231-ed9737c5f124&client_secret=sec&resource=https%3A%2F%2FYourApplicationIDURI"))
        let refresh = c.refreshRequest(refreshToken: "rt", clientSecret: nil)
        XCTAssertEqual(String(decoding: refresh.body, as: UTF8.self),
                       "grant_type=refresh_token&refresh_token=rt&client_id=945e244d-b5ea-4b33-9231-ed9737c5f124"
                           + "&resource=https%3A%2F%2FYourApplicationIDURI")
    }

    func testRefreshRequestGoesToTheRefreshURL() throws {
        let c = try configuration("certified-connectors/Entersoft")
        let r = c.refreshRequest(refreshToken: "tGzv3JOkF0XG5Qx2TlKWIA", clientSecret: "s")
        XCTAssertEqual(r.method, "POST")
        XCTAssertEqual(r.url, "https://api.entersoft.gr/Auth/Refresh")
        XCTAssertEqual(r.header("content-type"), "application/x-www-form-urlencoded")
        XCTAssertEqual(r.header("accept"), "application/json")
        XCTAssertEqual(String(decoding: r.body, as: UTF8.self),
                       "grant_type=refresh_token&refresh_token=tGzv3JOkF0XG5Qx2TlKWIA&client_id=%5B%5BDummyValue%5D%5D&client_secret=s")
        let basic = c.refreshRequest(refreshToken: "rt", clientSecret: "s", authentication: .basic)
        XCTAssertEqual(basic.header("Authorization"), "Basic " + Base64.encode(Array("%5B%5BDummyValue%5D%5D:s".utf8)))
        XCTAssertEqual(String(decoding: basic.body, as: UTF8.self), "grant_type=refresh_token&refresh_token=rt")
    }
}
