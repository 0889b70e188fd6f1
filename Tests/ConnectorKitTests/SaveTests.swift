import ConnectorKit
import Foundation
import XCTest

/// Saving (§2.6, §3, §4): the files each authentication type writes, checked against the SPEC's
/// shapes and the platform's schemas; the redirect URL; round trips; failures; real connectors.
final class SaveTests: XCTestCase {
    static let fixedID = "0123456789abcdef"
    /// §3's example: prefix `new`, title `Contoso Invoicing`, id `0123456789abcdef`.
    static let specURL = "https://global.consent.azure-apim.net/redirect/new-5fcontoso-20invoicing-5f0123456789abcdef"

    struct Written {
        var folder: String
        var saved: ConnectorWriter.Saved
        var properties: JSONValue
        var definition: JSONValue

        var parameters: JSONObject? { properties[path: ["properties", "connectionParameters"]]?.objectValue }
        var oauthSettings: JSONValue? { properties[path: ["properties", "connectionParameters", "token", "oAuthSettings"]] }
    }

    /// Saves a new connector into a fresh folder (which the save creates) and reads the files back.
    /// Also checks what every save must do: exactly the two files, no client secret in any of
    /// them, and the platform's schema check passes.
    private func saveNew(_ d: ConnectorDraft, _ what: String, file: StaticString = #filePath, line: UInt = #line) throws -> Written {
        let folder = try makeTempDir() + "/connector"
        let saved: ConnectorWriter.Saved
        do {
            saved = try ConnectorWriter.save(d, into: .new(in: folder), newID: { Self.fixedID })
        } catch {
            XCTFail("\(what): save failed: \(error)", file: file, line: line)
            throw error
        }
        XCTAssertEqual(TestSupport.list(folder), ["apiDefinition.swagger.json", "apiProperties.json"],
                       "\(what): the folder holds exactly the two files (no temporary files left)", file: file, line: line)
        XCTAssertEqual(Set(saved.filesWritten), [folder + "/apiProperties.json", folder + "/apiDefinition.swagger.json"],
                       what, file: file, line: line)
        assertNoSecret(in: folder, what, file: file, line: line)
        TestSupport.assertSchemaCheckPasses(folder, what, file: file, line: line)
        let props = try XCTUnwrap(TestSupport.readJSON(folder + "/apiProperties.json", file: file, line: line))
        let def = try XCTUnwrap(TestSupport.readJSON(folder + "/apiDefinition.swagger.json", file: file, line: line))
        // The General tab, whatever the authentication (§4).
        XCTAssertEqual(def[path: ["info", "title"]], .string(d.general.title), what, file: file, line: line)
        XCTAssertEqual(def[path: ["info", "description"]], .string(d.general.description), what, file: file, line: line)
        XCTAssertEqual(def["host"], .string(d.general.host), what, file: file, line: line)
        XCTAssertEqual(def["basePath"], d.general.basePath.map { .string($0) }, what, file: file, line: line)
        XCTAssertEqual(def["schemes"], [.string(d.general.scheme.rawValue)], what, file: file, line: line)
        XCTAssertEqual(def["swagger"], "2.0", what, file: file, line: line)
        XCTAssertEqual(props[path: ["properties", "iconBrandColor"]], .string(d.general.iconBrandColor), what, file: file, line: line)
        return Written(folder: folder, saved: saved, properties: props, definition: def)
    }

    /// The secret the tests type never reaches a file in the folder (§2.3).
    private func assertNoSecret(in folder: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let secret = Array(ConnectorDraft.testSecret.utf8)
        for name in TestSupport.list(folder) {
            guard let bytes = TestSupport.read(folder + "/" + name) else { continue }
            let found = bytes.count >= secret.count && (0...(bytes.count - secret.count)).contains { bytes[$0..<$0 + secret.count].elementsEqual(secret) }
            XCTAssertFalse(found, "\(what): the client secret was written into \(name)", file: file, line: line)
        }
    }

    /// No security definition in the swagger: absent or empty, with an empty or absent `security`.
    private func assertNoSecurityDefinition(_ w: Written, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(w.definition["securityDefinitions"]?.objectValue?.isEmpty ?? true, what, file: file, line: line)
        XCTAssertTrue(w.definition["security"]?.arrayValue?.isEmpty ?? true, what, file: file, line: line)
    }

    private func assertSecurity(_ w: Written, _ name: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(w.definition["securityDefinitions"]?.objectValue?.keys, [name], what, file: file, line: line)
        XCTAssertEqual(w.definition["security"], [[name: []]], what, file: file, line: line)
    }

    // MARK: each authentication type (§4)

    func testNoAuthentication() throws {
        let w = try saveNew(.valid(.none), "none")
        XCTAssertEqual(w.parameters, JSONObject(), "connectionParameters is {}")
        assertNoSecurityDefinition(w, "none")
        XCTAssertEqual(w.properties[path: ["properties", "capabilities"]], [])
        XCTAssertNil(w.saved.redirectURL)
    }

    func testBasic() throws {
        var d = ConnectorDraft.valid(.basic)
        d.basic.usernameLabel = "E-mail address"
        d.basic.passwordLabel = "Secret PIN"
        let w = try saveNew(d, "basic")
        let params = try XCTUnwrap(w.parameters)
        XCTAssertEqual(params.keys, ["username", "password"])
        for (key, label, tab, clear) in [("username", "E-mail address", "2", true), ("password", "Secret PIN", "3", false)] {
            let p = params[key]
            XCTAssertEqual(p?["type"], "securestring", key)
            XCTAssertEqual(p?[path: ["uiDefinition", "displayName"]], .string(label), key)
            XCTAssertEqual(p?[path: ["uiDefinition", "constraints", "tabIndex"]], .number(tab), key)
            XCTAssertEqual(p?[path: ["uiDefinition", "constraints", "clearText"]], .bool(clear), key)
            XCTAssertEqual(p?[path: ["uiDefinition", "constraints", "required"]], "true", key)
            XCTAssertNil(p?[path: ["uiDefinition", "constraints", "capability"]], "no gateway capability without a gateway")
        }
        XCTAssertEqual(w.definition["securityDefinitions"], ["basic_auth": ["type": "basic"]])
        assertSecurity(w, "basic_auth", "basic")
    }

    func testAPIKeyInHeaderAndQuery() throws {
        for location in APIKeyLocation.allCases {
            var d = ConnectorDraft.valid(.apikey)
            d.apiKey.label = "Contoso key"
            d.apiKey.name = location == .header ? "Ocp-Apim-Subscription-Key" : "key"
            d.apiKey.location = location
            let w = try saveNew(d, "apikey \(location)")
            let params = try XCTUnwrap(w.parameters)
            XCTAssertEqual(params.keys, ["api_key"])
            let p = params["api_key"]
            XCTAssertEqual(p?["type"], "securestring")
            XCTAssertEqual(p?[path: ["uiDefinition", "displayName"]], "Contoso key")
            XCTAssertEqual(p?[path: ["uiDefinition", "constraints", "tabIndex"]], 2)
            XCTAssertEqual(p?[path: ["uiDefinition", "constraints", "clearText"]], false)
            XCTAssertEqual(p?[path: ["uiDefinition", "constraints", "required"]], "true")
            let def = w.definition[path: ["securityDefinitions", "API Key"]]
            XCTAssertEqual(def?["type"], "apiKey")
            XCTAssertEqual(def?["in"], .string(location.rawValue))
            XCTAssertEqual(def?["name"], .string(d.apiKey.name))
            assertSecurity(w, "API Key", "apikey \(location)")
        }
    }

    /// The public endpoints of the named providers (from each provider's OAuth documentation).
    static let publicEndpoints: [String: (authorize: String, token: String)] = [
        "github": ("https://github.com/login/oauth/authorize", "https://github.com/login/oauth/access_token"),
        "google": ("https://accounts.google.com/o/oauth2/v2/auth", "https://oauth2.googleapis.com/token"),
        "microsoft": ("https://login.live.com/oauth20_authorize.srf", "https://login.live.com/oauth20_token.srf"),
        "dropbox": ("https://www.dropbox.com/oauth2/authorize", "https://api.dropboxapi.com/oauth2/token"),
        "salesforce": ("https://login.salesforce.com/services/oauth2/authorize", "https://login.salesforce.com/services/oauth2/token"),
        "linkedin": ("https://www.linkedin.com/oauth/v2/authorization", "https://www.linkedin.com/oauth/v2/accessToken"),
        "slack": ("https://slack.com/oauth/v2/authorize", "https://slack.com/api/oauth.v2.access"),
    ]

    func testOAuthWithEveryProvider() throws {
        XCTAssertEqual(OAuthProvider.all.count, 10)
        for p in OAuthProvider.all {
            let what = "oauth2 \(p.id)"
            let d = ConnectorDraft.validOAuth(p.id)
            let w = try saveNew(d, what)
            let params = try XCTUnwrap(w.parameters, what)
            XCTAssertEqual(params.keys, p.id == "aad" ? ["token", "token:TenantId"] : ["token"], what)
            XCTAssertEqual(params["token"]?["type"], "oauthSetting", what)
            let s = try XCTUnwrap(w.oauthSettings, what)
            let expectedIdP = p.id == "aad" ? "aad" : p.id == "facebook" ? "facebook" : "oauth2"
            XCTAssertEqual(s["identityProvider"], .string(expectedIdP), what)
            XCTAssertEqual(s["clientId"], "contoso-client-id", what)
            XCTAssertEqual(s["scopes"], ["invoices.read", "invoices.write", "offline_access"], what)
            XCTAssertEqual(s["redirectMode"], "GlobalPerConnector", what)
            XCTAssertEqual(s["redirectUrl"], .string(Self.specURL), what)
            XCTAssertEqual(s[path: ["properties", "IsFirstParty"]], "False", what)
            XCTAssertNil(s["clientSecret"], what)
            XCTAssertEqual(w.saved.redirectURL, Self.specURL, what)
            XCTAssertEqual(w.saved.draft.redirect, .perConnector(Self.specURL), what)

            let swagger = try XCTUnwrap(w.definition[path: ["securityDefinitions", "oauth2_auth"]], what)
            XCTAssertEqual(swagger["type"], "oauth2", what)
            XCTAssertEqual(swagger["flow"], "accessCode", what)
            XCTAssertEqual(swagger["scopes"]?.objectValue?.keys, ["invoices.read", "invoices.write", "offline_access"], what)
            assertSecurity(w, "oauth2_auth", what)

            let custom = s["customParameters"]
            switch p.id {
            case "generic":
                XCTAssertEqual(custom?[path: ["authorizationUrl", "value"]], "https://login.contoso.com/oauth2/authorize")
                XCTAssertEqual(custom?[path: ["tokenUrl", "value"]], "https://login.contoso.com/oauth2/token")
                XCTAssertEqual(custom?[path: ["refreshUrl", "value"]], "https://login.contoso.com/oauth2/refresh")
                XCTAssertEqual(swagger["authorizationUrl"], "https://login.contoso.com/oauth2/authorize")
                XCTAssertEqual(swagger["tokenUrl"], "https://login.contoso.com/oauth2/token")
            case "aad":
                XCTAssertEqual(custom?[path: ["loginUri", "value"]], "https://login.windows.net")
                XCTAssertEqual(custom?[path: ["tenantId", "value"]], "common")
                XCTAssertEqual(custom?[path: ["resourceUri", "value"]], "https://api.contoso.com")
                XCTAssertEqual(custom?[path: ["enableOnbehalfOfLogin", "value"]], "false")
                XCTAssertEqual(s[path: ["properties", "AzureActiveDirectoryResourceId"]], "https://api.contoso.com")
                XCTAssertEqual(swagger["authorizationUrl"], "https://login.windows.net/common/oauth2/authorize")
                XCTAssertEqual(swagger["tokenUrl"], "https://login.windows.net/common/oauth2/token")
                // The hidden tenant claim, exactly as the platform's schema defines it.
                XCTAssertEqual(params["token:TenantId"], [
                    "type": "string",
                    "metadata": ["sourceType": "AzureActiveDirectoryTenant"],
                    "uiDefinition": [
                        "displayName": "Tenant",
                        "description": "The tenant ID of for the Azure Active Directory application",
                        "constraints": ["required": "false", "hidden": "true"],
                    ],
                ])
            case "facebook":
                let auth = swagger["authorizationUrl"]?.stringValue ?? ""
                let token = swagger["tokenUrl"]?.stringValue ?? ""
                XCTAssertTrue(auth.hasPrefix("https://www.facebook.com/") && auth.hasSuffix("/dialog/oauth"), auth)
                XCTAssertTrue(token.hasPrefix("https://graph.facebook.com/") && token.hasSuffix("/oauth/access_token"), token)
            default:
                let e = try XCTUnwrap(Self.publicEndpoints[p.id], "a public endpoint for \(p.id)")
                XCTAssertEqual(swagger["authorizationUrl"], .string(e.authorize), what)
                XCTAssertEqual(swagger["tokenUrl"], .string(e.token), what)
                XCTAssertEqual(custom?[path: ["authorizationUrl", "value"]], .string(e.authorize), what)
                XCTAssertEqual(custom?[path: ["tokenUrl", "value"]], .string(e.token), what)
                XCTAssertEqual(custom?[path: ["refreshUrl", "value"]], .string(e.token), what)
            }
        }
    }

    func testGenericRefreshURLDefaultsToTheTokenURL() throws {
        var d = ConnectorDraft.valid(.oauth2)
        d.oauth.refreshUrl = ""
        let w = try saveNew(d, "generic without refresh URL")
        XCTAssertEqual(w.oauthSettings?[path: ["customParameters", "refreshUrl", "value"]], "https://login.contoso.com/oauth2/token")
    }

    func testAADOnBehalfOf() throws {
        var d = ConnectorDraft.validOAuth("aad")
        d.oauth.onBehalfOf = true
        d.oauth.tenantId = "contoso.onmicrosoft.com"
        let w = try saveNew(d, "aad on-behalf-of")
        XCTAssertEqual(w.oauthSettings?[path: ["customParameters", "enableOnbehalfOfLogin", "value"]], "true")
        XCTAssertEqual(w.oauthSettings?[path: ["customParameters", "tenantId", "value"]], "contoso.onmicrosoft.com")
        XCTAssertEqual(w.definition[path: ["securityDefinitions", "oauth2_auth", "authorizationUrl"]],
                       "https://login.windows.net/contoso.onmicrosoft.com/oauth2/authorize")
    }

    func testOAuthWithEmptyScope() throws {
        var d = ConnectorDraft.valid(.oauth2)
        d.oauth.scope = ""
        let w = try saveNew(d, "oauth2 without scopes")
        XCTAssertEqual(w.oauthSettings?["scopes"], [])
    }

    func testEmptyClientSecretStillSaves() throws {
        var d = ConnectorDraft.valid(.oauth2)
        d.oauth.clientSecret = .empty
        _ = try saveNew(d, "oauth2 without a client secret")
    }

    private func assertGatewayShape(_ w: Written, authValue: String, keys: [String], _ what: String,
                                    file: StaticString = #filePath, line: UInt = #line) throws {
        let params = try XCTUnwrap(w.parameters, what, file: file, line: line)
        XCTAssertEqual(params.keys, keys, what, file: file, line: line)
        XCTAssertEqual(params["authType"]?["allowedValues"], [["value": .string(authValue)]], what, file: file, line: line)
        for m in params.members {
            XCTAssertEqual(m.value[path: ["uiDefinition", "constraints", "capability"]], ["gateway"],
                           "\(what): \(m.key) has the gateway capability", file: file, line: line)
        }
        XCTAssertEqual(params["gateway"]?["type"], "gatewaySetting", what, file: file, line: line)
        XCTAssertEqual(params["gateway"]?[path: ["gatewaySettings", "dataSourceType"]], "CustomConnector", what, file: file, line: line)
        XCTAssertEqual(w.properties[path: ["properties", "capabilities"]], ["gateway"], what, file: file, line: line)
    }

    func testWindowsThroughAGateway() throws {
        let w = try saveNew(.valid(.windows, gateway: true), "windows")
        try assertGatewayShape(w, authValue: "windows", keys: ["authType", "username", "password", "gateway"], "windows")
        let params = try XCTUnwrap(w.parameters)
        XCTAssertEqual(params["username"]?["type"], "securestring")
        XCTAssertEqual(params["password"]?["type"], "securestring")
        XCTAssertEqual(params["password"]?[path: ["uiDefinition", "constraints", "clearText"]], false)
        assertNoSecurityDefinition(w, "windows")
    }

    func testBasicThroughAGateway() throws {
        var d = ConnectorDraft.valid(.basic, gateway: true)
        d.basic.usernameLabel = "Domain user"
        let w = try saveNew(d, "basic with gateway")
        try assertGatewayShape(w, authValue: "basic", keys: ["authType", "username", "password", "gateway"], "basic with gateway")
        XCTAssertEqual(w.parameters?["username"]?[path: ["uiDefinition", "displayName"]], "Domain user")
        XCTAssertEqual(w.parameters?["password"]?[path: ["uiDefinition", "displayName"]], "Password")
    }

    func testNoAuthenticationThroughAGateway() throws {
        let w = try saveNew(.valid(.none, gateway: true), "none with gateway")
        try assertGatewayShape(w, authValue: "anonymous", keys: ["authType", "gateway"], "none with gateway")
        assertNoSecurityDefinition(w, "none with gateway")
    }

    func testHTTPSchemeAndNoBasePath() throws {
        var d = ConnectorDraft.valid(.none)
        d.general.scheme = .http
        d.general.host = "intranet.contoso.local:8080"
        d.general.basePath = "/"
        _ = try saveNew(d, "http")
    }

    func testIconIsCopiedAsIconPNG() throws {
        let src = try makeTempDir() + "/my logo.png"
        try TestSupport.write(TestSupport.tinyPNG, to: src)
        var d = ConnectorDraft.valid(.none)
        d.general.icon = src
        let folder = try makeTempDir() + "/c"
        let saved = try ConnectorWriter.save(d, into: .new(in: folder), newID: { Self.fixedID })
        XCTAssertEqual(TestSupport.read(folder + "/icon.png"), TestSupport.tinyPNG)
        XCTAssertEqual(saved.draft.general.icon, folder + "/icon.png")
        XCTAssertEqual(try ConnectorDocument.open(folder).original?.general.icon, folder + "/icon.png")
        XCTAssertEqual(TestSupport.read(src), TestSupport.tinyPNG, "the chosen file is left alone")
    }

    // MARK: the redirect URL stays (§3)

    func testSecondSaveKeepsTheRedirectURLEvenWithANewTitle() throws {
        let folder = try makeTempDir() + "/c"
        let first = try ConnectorWriter.save(.valid(.oauth2), into: .new(in: folder), newID: { Self.fixedID })
        XCTAssertEqual(first.redirectURL, Self.specURL)
        var d = first.draft
        d.general.title = "Fabrikam Billing"
        let second = try ConnectorWriter.save(d, into: first.document, newID: { "fedcba9876543210" })
        XCTAssertEqual(second.redirectURL, Self.specURL)
        let props = try XCTUnwrap(TestSupport.readJSON(folder + "/apiProperties.json"))
        XCTAssertEqual(props[path: ["properties", "connectionParameters", "token", "oAuthSettings", "redirectUrl"]], .string(Self.specURL))
        let def = try XCTUnwrap(TestSupport.readJSON(folder + "/apiDefinition.swagger.json"))
        XCTAssertEqual(def[path: ["info", "title"]], "Fabrikam Billing")

        // And after reopening from disk, too.
        let reopened = try ConnectorDocument.open(folder)
        var d3 = try XCTUnwrap(reopened.original)
        d3.general.title = "Northwind Billing"
        let third = try ConnectorWriter.save(d3, into: reopened, newID: { "1111111111111111" })
        XCTAssertEqual(third.redirectURL, Self.specURL)
    }

    func testEachNewConnectorGetsItsOwnRedirectURL() throws {
        let a = try ConnectorWriter.save(.valid(.oauth2), into: .new(in: try makeTempDir() + "/a"))
        let b = try ConnectorWriter.save(.valid(.oauth2), into: .new(in: try makeTempDir() + "/b"))
        let prefix = "https://global.consent.azure-apim.net/redirect/new-5fcontoso-20invoicing-5f"
        for url in [a.redirectURL, b.redirectURL] {
            XCTAssertTrue(url?.hasPrefix(prefix) ?? false, url ?? "nil")
            XCTAssertEqual(url?.count, prefix.count + 16)
        }
        XCTAssertNotEqual(a.redirectURL, b.redirectURL)
    }

    // MARK: round trip: what is saved opens as the same draft

    func testSavedConnectorsReopenAsTheSameDraft() throws {
        var drafts: [(String, ConnectorDraft)] = [
            ("none", .valid(.none)), ("apikey query", { var d = ConnectorDraft.valid(.apikey); d.apiKey.location = .query; d.apiKey.name = "code"; d.apiKey.label = "Code"; return d }()),
            ("basic", { var d = ConnectorDraft.valid(.basic); d.basic.usernameLabel = "E-mail"; return d }()),
            ("windows", .valid(.windows, gateway: true)), ("basic gateway", .valid(.basic, gateway: true)),
            ("none gateway", .valid(.none, gateway: true)),
            ("aad obo", { var d = ConnectorDraft.validOAuth("aad"); d.oauth.onBehalfOf = true; d.oauth.tenantId = "contoso.com"; return d }()),
        ]
        drafts += OAuthProvider.all.map { ("oauth2 \($0.id)", ConnectorDraft.validOAuth($0.id)) }
        for (what, d) in drafts {
            let folder = try makeTempDir() + "/c"
            let saved = try ConnectorWriter.save(d, into: .new(in: folder), newID: { Self.fixedID })
            let doc = try ConnectorDocument.open(folder)
            XCTAssertFalse(doc.isNew, what)
            XCTAssertEqual(doc.warnings, [], what)
            var expected = saved.draft
            expected.oauth.clientSecret = .empty  // never written, so never read back
            XCTAssertEqual(doc.original, expected, what)
            XCTAssertNil(doc.original?.imported, "\(what) reads back as an editable type, not an imported one")
            // Saving it again unchanged writes nothing.
            let again = try ConnectorWriter.save(try XCTUnwrap(doc.original), into: doc, newID: { "ffffffffffffffff" })
            XCTAssertEqual(again.filesWritten, [], what)
            XCTAssertEqual(again.redirectURL, saved.redirectURL, what)
        }
    }

    // MARK: failures write nothing

    func testInvalidDraftThrowsAndWritesNothing() throws {
        let folder = try makeTempDir() + "/c"
        var d = ConnectorDraft.valid(.apikey)
        d.general.title = ""
        d.apiKey.name = "bad name"
        XCTAssertThrowsError(try ConnectorWriter.save(d, into: .new(in: folder))) { error in
            guard case .invalid(let diags)? = error as? ConnectorWriter.SaveError else {
                return XCTFail("expected .invalid, got \(error)")
            }
            XCTAssertEqual(diags.map(\.field), [.title, .apiKeyName])
            XCTAssertTrue(diags.allSatisfy { $0.severity == .error })
            XCTAssertTrue("\(error)".hasPrefix("Not saved: "), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder), "nothing is written, not even the folder")
    }

    func testWarningsDoNotBlockTheSave() throws {
        var d = ConnectorDraft.valid(.basic)
        d.general.iconBrandColor = "#007ee5"
        d.general.description = "short"
        d.general.scheme = .http
        d.general.title = "Contoso API"
        XCTAssertFalse(Validator.validate(d, files: FakeProbe()).isEmpty)
        _ = try saveNew(d, "warnings only")
    }

    func testUnwritableFolderThrowsIOAndWritesNothing() throws {
        let dir = try makeTempDir()
        // A read-only folder stops writes, except for root; a path under a regular file always fails.
        let readOnly = dir + "/readonly"
        try FileManager.default.createDirectory(atPath: readOnly, withIntermediateDirectories: false)
        chmod(readOnly, 0o555)
        let rootIgnoresModes = FileManager.default.createFile(atPath: readOnly + "/probe", contents: Data())
        let folder: String
        var guardFile: String?
        if rootIgnoresModes {
            try FileManager.default.removeItem(atPath: readOnly + "/probe")
            let file = dir + "/plain-file"
            try TestSupport.write(Array("not a folder".utf8), to: file)
            guardFile = file
            folder = file + "/sub"
        } else {
            folder = readOnly
        }
        XCTAssertThrowsError(try ConnectorWriter.save(.valid(.oauth2), into: .new(in: folder), newID: { Self.fixedID })) { error in
            guard case .io(let failure)? = error as? ConnectorWriter.SaveError else {
                return XCTFail("expected .io, got \(error)")
            }
            XCTAssertFalse(failure.reason.isEmpty)
            XCTAssertFalse(failure.path.isEmpty)
            XCTAssertTrue("\(error)".hasPrefix("Not saved: "), "\(error)")
            XCTAssertTrue("\(error)".contains(failure.reason), "the message says why: \(error)")
        }
        XCTAssertEqual(TestSupport.list(readOnly), [], "nothing written in the read-only folder")
        if let guardFile {
            XCTAssertEqual(TestSupport.read(guardFile), Array("not a folder".utf8), "the file in the way is untouched")
            XCTAssertEqual(TestSupport.list(dir), ["plain-file", "readonly"])
        }
    }

    func testFailedSaveOverAnExistingConnectorLeavesItsFiles() throws {
        let dir = try makeTempDir()
        let folder = dir + "/c"
        let first = try ConnectorWriter.save(.valid(.basic), into: .new(in: folder))
        let before = TestSupport.list(folder).map { TestSupport.read(folder + "/" + $0) }
        var d = first.draft
        d.general.host = "https://not a host"
        XCTAssertThrowsError(try ConnectorWriter.save(d, into: first.document))
        XCTAssertEqual(TestSupport.list(folder).map { TestSupport.read(folder + "/" + $0) }, before)
    }

    // MARK: real connectors

    func testLegacyGlobalRedirectIsKeptThenUpdatedOnRequest() throws {
        let dir = try makeTempDir()
        let folder = try TestSupport.copyFixture("custom-connectors/Facebook", into: dir)
        let propsBefore = try XCTUnwrap(TestSupport.read(folder + "/apiProperties.json"))
        let defBefore = try XCTUnwrap(TestSupport.read(folder + "/apiDefinition.swagger.json"))
        let doc = try ConnectorDocument.open(folder)
        let original = try XCTUnwrap(doc.original)
        XCTAssertEqual(original.authKind, .oauth2)
        XCTAssertEqual(original.oauth.provider, "facebook")
        XCTAssertEqual(original.redirect, .legacyGlobal("https://global.consent.azure-apim.net/redirect", updateToUnique: false))
        XCTAssertTrue(original.fields(on: .security).contains { $0.id == .updateRedirect })

        // Saved unchanged: the legacy URL stays and nothing is rewritten.
        let kept = try ConnectorWriter.save(original, into: doc, newID: { Self.fixedID })
        XCTAssertEqual(kept.redirectURL, "https://global.consent.azure-apim.net/redirect")
        XCTAssertEqual(kept.filesWritten, [])
        XCTAssertEqual(TestSupport.read(folder + "/apiProperties.json"), propsBefore)

        // Ticking "Update to unique redirect URL" makes a per-connector URL at the next save.
        var d = original
        try d.setValue("true", of: .updateRedirect)
        let updated = try ConnectorWriter.save(d, into: kept.document, newID: { Self.fixedID })
        let url = "https://global.consent.azure-apim.net/redirect/new-5ffacebook-5f0123456789abcdef"
        XCTAssertEqual(updated.redirectURL, url)
        XCTAssertEqual(updated.draft.redirect, .perConnector(url))
        let props = try XCTUnwrap(TestSupport.readJSON(folder + "/apiProperties.json"))
        let settings = props[path: ["properties", "connectionParameters", "token", "oAuthSettings"]]
        XCTAssertEqual(settings?["redirectMode"], "GlobalPerConnector")
        XCTAssertEqual(settings?["redirectUrl"], .string(url))
        XCTAssertEqual(settings?["identityProvider"], "facebook")
        XCTAssertEqual(settings?["clientId"], "facebook_app_id")
        XCTAssertEqual(settings?["scopes"], ["pages_show_list", "user_posts", "pages_read_engagement", "pages_read_user_content"])

        // Fidelity (§4): only the redirect changed, so everything else is as it was, in the same order.
        let expected = try JSONReader.read(propsBefore).value
        var token = try XCTUnwrap(expected[path: ["properties", "connectionParameters", "token", "oAuthSettings"]]?.objectValue)
        token["redirectMode"] = "GlobalPerConnector"
        token["redirectUrl"] = .string(url)
        assertSameJSON(props, replacing(["properties", "connectionParameters", "token", "oAuthSettings"], in: expected, with: .object(token)),
                       "apiProperties.json: only redirectMode and redirectUrl may change, in place")
        let def = try XCTUnwrap(TestSupport.readJSON(folder + "/apiDefinition.swagger.json"))
        assertSameJSON(def, try JSONReader.read(defBefore).value, "apiDefinition.swagger.json: the maker changed nothing in it")

        // Reopened, the new URL is kept.
        XCTAssertEqual(try ConnectorDocument.open(folder).original?.redirect, .perConnector(url))
    }

    /// `value` with the member at `path` replaced.
    private func replacing(_ path: [String], in value: JSONValue, with new: JSONValue) -> JSONValue {
        guard let first = path.first else { return new }
        var v = value
        v[first] = replacing(Array(path.dropFirst()), in: value[first] ?? [:], with: new)
        return v
    }

    /// Opens a copy of a fixture and saves it unchanged: no file is written, or one with the same JSON values.
    private func assertUnchangedSaveKeepsFiles(_ fixture: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let dir = try makeTempDir(fixture)
        let folder = try TestSupport.copyFixture(fixture, into: dir)
        let names = TestSupport.list(folder)
        let before = names.map { TestSupport.read(folder + "/" + $0) }
        let doc: ConnectorDocument
        do {
            doc = try ConnectorDocument.open(folder)
        } catch {
            return XCTFail("\(fixture) does not open: \(error)", file: file, line: line)
        }
        let original = try XCTUnwrap(doc.original, fixture, file: file, line: line)
        let saved: ConnectorWriter.Saved
        do {
            saved = try ConnectorWriter.save(original, into: doc, newID: { Self.fixedID })
        } catch {
            return XCTFail("\(fixture) saved unchanged: \(error)", file: file, line: line)
        }
        XCTAssertEqual(TestSupport.list(folder), names, "\(fixture): no file added", file: file, line: line)
        for (name, old) in zip(names, before) {
            let new = TestSupport.read(folder + "/" + name)
            if new == old { continue }
            let a = try? JSONReader.read(old ?? []).value
            let b = try? JSONReader.read(new ?? []).value
            assertSameJSON(b, a, "\(fixture)/\(name) was rewritten with other values", file: file, line: line)
        }
        XCTAssertEqual(saved.filesWritten, [], "\(fixture): nothing to write", file: file, line: line)
    }

    func testUnchangedHRCloudSavesNothing() throws {
        try assertUnchangedSaveKeepsFiles("custom-connectors/HR Cloud")
    }

    func testUnchangedEgnyteSavesNothing() throws {
        // Egnyte is OAuth with `capabilities: ["gateway"]`: a combination the wizard would not let a
        // maker choose, but one read from the file, so it is kept as found.
        try assertUnchangedSaveKeepsFiles("certified-connectors/Egnyte")
    }

    func testEveryOpenableFixtureSavesUnchangedWithoutChange() throws {
        for fixture in TestSupport.allFixtureConnectorFolders() where fixture != "certified-connectors/gofileroom" {
            try assertUnchangedSaveKeepsFiles(fixture)
        }
    }

    func testEditingATitleChangesOnlyTheTitle() throws {
        // xkcd's files use CRLF line endings: a save keeps them.
        for fixture in ["custom-connectors/HR Cloud", "independent-publisher-connectors/xkcd"] {
            let dir = try makeTempDir(fixture)
            let folder = try TestSupport.copyFixture(fixture, into: dir)
            let propsBefore = try XCTUnwrap(TestSupport.read(folder + "/apiProperties.json"))
            let defBefore = try JSONReader.read(try XCTUnwrap(TestSupport.read(folder + "/apiDefinition.swagger.json")))
            let doc = try ConnectorDocument.open(folder)
            var d = try XCTUnwrap(doc.original)
            d.general.title = "Renamed Service"
            let saved = try ConnectorWriter.save(d, into: doc)
            XCTAssertEqual(saved.filesWritten, [folder + "/apiDefinition.swagger.json"], fixture)
            XCTAssertEqual(TestSupport.read(folder + "/apiProperties.json"), propsBefore, fixture)
            let defBytes = try XCTUnwrap(TestSupport.read(folder + "/apiDefinition.swagger.json"))
            let after = try JSONReader.read(defBytes)
            assertSameJSON(after.value, replacing(["info", "title"], in: defBefore.value, with: "Renamed Service"), fixture)
            XCTAssertEqual(after.lineEnding, defBefore.lineEnding, "\(fixture): line endings kept")
            XCTAssertEqual(after.value.objectValue?.keys, defBefore.value.objectValue?.keys, fixture)
        }
    }

    func testEditingALabelChangesOnlyThatLabel() throws {
        let dir = try makeTempDir()
        let folder = try TestSupport.copyFixture("custom-connectors/HR Cloud", into: dir)
        let before = try JSONReader.read(try XCTUnwrap(TestSupport.read(folder + "/apiProperties.json"))).value
        let defBefore = try XCTUnwrap(TestSupport.read(folder + "/apiDefinition.swagger.json"))
        let doc = try ConnectorDocument.open(folder)
        var d = try XCTUnwrap(doc.original)
        XCTAssertEqual(d.authKind, .basic)
        XCTAssertEqual(d.basic.usernameLabel, "Username")
        d.basic.usernameLabel = "Work e-mail"
        _ = try ConnectorWriter.save(d, into: doc)
        let after = try XCTUnwrap(TestSupport.readJSON(folder + "/apiProperties.json"))
        let path = ["properties", "connectionParameters", "username", "uiDefinition", "displayName"]
        XCTAssertEqual(after[path: path], "Work e-mail")
        assertSameJSON(after, replacing(path, in: before, with: "Work e-mail"),
                       "only the label the maker changed may change")
        XCTAssertEqual(TestSupport.read(folder + "/apiDefinition.swagger.json"), defBefore)
    }

    func testSwitchingTheTypeOfAnExistingConnector() throws {
        let dir = try makeTempDir()
        let folder = try TestSupport.copyFixture("custom-connectors/HR Cloud", into: dir)
        let defBefore = try JSONReader.read(try XCTUnwrap(TestSupport.read(folder + "/apiDefinition.swagger.json"))).value
        let doc = try ConnectorDocument.open(folder)
        var d = try XCTUnwrap(doc.original)
        try d.setValue("apikey", of: .auth)
        try d.setValue("X-HRCloud-Key", of: .apiKeyName)
        _ = try ConnectorWriter.save(d, into: doc)
        let def = try XCTUnwrap(TestSupport.readJSON(folder + "/apiDefinition.swagger.json"))
        XCTAssertEqual(def["securityDefinitions"], ["API Key": ["type": "apiKey", "in": "header", "name": "X-HRCloud-Key"]])
        XCTAssertEqual(def["security"], [["API Key": []]])
        XCTAssertEqual(def["paths"], defBefore["paths"], "paths are kept as found")
        XCTAssertEqual(def.objectValue?.keys, defBefore.objectValue?.keys, "key order kept")
        let props = try XCTUnwrap(TestSupport.readJSON(folder + "/apiProperties.json"))
        XCTAssertEqual(props[path: ["properties", "connectionParameters"]]?.objectValue?.keys, ["api_key"])
        XCTAssertEqual(props[path: ["properties", "publisher"]], "HR Cloud", "unknown fields survive")
        let reopened = try XCTUnwrap(try ConnectorDocument.open(folder).original)
        XCTAssertEqual(reopened.authKind, .apikey)
        XCTAssertEqual(reopened.apiKey.name, "X-HRCloud-Key")
        XCTAssertEqual(reopened.general, doc.original?.general)
    }

    func testUnreadableConnectorNamesTheFileLineAndColumn() throws {
        let dir = try makeTempDir()
        let folder = try TestSupport.copyFixture("certified-connectors/gofileroom", into: dir)
        let before = TestSupport.read(folder + "/apiProperties.json")
        XCTAssertThrowsError(try ConnectorDocument.open(folder)) { error in
            guard let e = error as? ConnectorReadError else { return XCTFail("expected ConnectorReadError, got \(error)") }
            XCTAssertTrue(e.path.hasSuffix("apiProperties.json"), e.path)
            XCTAssertTrue(e.description.contains("apiProperties.json"), e.description)
            XCTAssertNotNil(e.description.range(of: #"line \d+, column \d+"#, options: .regularExpression), e.description)
        }
        XCTAssertEqual(TestSupport.read(folder + "/apiProperties.json"), before, "nothing is written over it")

    }

    func testLenientFixtureOpensWithItsWarnings() throws {
        let doc = try ConnectorDocument.open(TestSupport.fixture("certified-connectors/Plumsail Documents"))
        XCTAssertTrue(doc.warnings.contains { $0.contains("apiDefinition.swagger.json") && $0.contains("trailing comma") }, "\(doc.warnings)")
        XCTAssertEqual(doc.original?.authKind, .apikey)
    }

    func testMissingOrEmptyFolderIsANewConnector() throws {
        let dir = try makeTempDir()
        XCTAssertTrue(try ConnectorDocument.open(dir + "/missing").isNew)
        XCTAssertTrue(try ConnectorDocument.open(dir).isNew)
    }
}
