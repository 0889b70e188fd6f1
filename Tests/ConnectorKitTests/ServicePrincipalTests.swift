import ConnectorKit
import XCTest

/// Azure AD's `Enable Service Principal support` (§2.3, §5.1): the Security tab's setting, the
/// shape real connectors carry it in, the end user's choice in the prompt and the
/// client-credentials request.
final class ServicePrincipalTests: XCTestCase {
    func aadDraft(servicePrincipal: Bool) -> ConnectorDraft {
        var d = ConnectorDraft.validOAuth("aad")
        d.oauth.tenantId = "contoso.onmicrosoft.com"
        d.oauth.servicePrincipal = servicePrincipal
        return d
    }

    func testTheSecurityTabOffersItForAzureADOnly() throws {
        var d = aadDraft(servicePrincipal: false)
        let spec = try XCTUnwrap(d.fields(on: .security).first { $0.id == .oauthServicePrincipal })
        XCTAssertEqual(spec.label, "Enable Service Principal support")
        XCTAssertEqual(d.value(of: .oauthServicePrincipal), "false")
        try d.setValue("true", of: .oauthServicePrincipal)
        XCTAssertTrue(d.oauth.servicePrincipal)
        XCTAssertNil(ConnectorDraft.validOAuth("generic").fields(on: .security).first { $0.id == .oauthServicePrincipal },
                     "not for other providers")
    }

    func testTheSavedShapeIsTheRealConnectorsAndReadsBack() throws {
        let folder = try makeTempDir() + "/sp"
        _ = try ConnectorWriter.save(aadDraft(servicePrincipal: true), into: .new(in: folder), newID: { "0123456789abcdef" })
        TestSupport.assertSchemaCheckPasses(folder, "an AAD connector with Service Principal support")
        let props = try XCTUnwrap(TestSupport.readJSON(folder + "/apiProperties.json"))
        let params = try XCTUnwrap(props[path: ["properties", "connectionParameters"]]?.objectValue)
        XCTAssertEqual(params.keys, ["token", "token:TenantId", "token:clientId", "token:clientSecret", "token:grantType"])
        XCTAssertEqual(params["token:clientSecret"]?["type"], "securestring")
        XCTAssertEqual(params["token:grantType"]?["allowedValues"], [["value": "code"], ["value": "client_credentials"]])
        for name in ["token:clientId", "token:clientSecret", "token:grantType"] {
            XCTAssertEqual(params[name]?[path: ["uiDefinition", "constraints", "hidden"]], "true", "\(name) is hidden, as in TALXISDataFeed")
        }
        let reopened = try ConnectorDocument.open(folder)
        XCTAssertEqual(reopened.original?.oauth.servicePrincipal, true)

        // Turned off again: the three parameters go, the rest stays.
        var off = try XCTUnwrap(reopened.original)
        off.oauth.servicePrincipal = false
        _ = try ConnectorWriter.save(off, into: reopened)
        let after = try XCTUnwrap(TestSupport.readJSON(folder + "/apiProperties.json"))
        XCTAssertEqual(after[path: ["properties", "connectionParameters"]]?.objectValue?.keys, ["token", "token:TenantId"])
        TestSupport.assertSchemaCheckPasses(folder, "the same connector without it")
        XCTAssertEqual(try ConnectorDocument.open(TestSupport.fixture("certified-connectors/TALXISDataFeed")).original?.oauth.servicePrincipal,
                       true, "the real connector reads as having it")
    }

    func testTheEndUserChoosesBetweenSigningInAndAServicePrincipal() throws {
        let doc = try ConnectorDocument.open(TestSupport.fixture("certified-connectors/TALXISDataFeed"))
        let signIn = ConnectionPrompt(properties: doc.apiProperties, definition: doc.definition)
        let choice = try XCTUnwrap(signIn.fields.first)
        XCTAssertEqual(choice.name, "token:grantType")
        XCTAssertEqual(choice.label, "Connect with")
        guard case .choice(let options) = choice.kind else { return XCTFail("a choice") }
        XCTAssertEqual(options.map(\.id), ["code", "client_credentials"])
        XCTAssertEqual(options.map(\.label), ["Sign in with Azure Active Directory", "Service principal"])
        XCTAssertFalse(signIn.fields.contains { $0.name == "token:clientId" }, "hidden until a service principal is chosen")
        XCTAssertNotNil(signIn.signIn)

        let sp = ConnectionPrompt(properties: doc.apiProperties, definition: doc.definition, values: ["token:grantType": "client_credentials"])
        XCTAssertEqual(sp.fields.map(\.name), ["token:grantType", "token:clientId", "token:clientSecret", "token:TenantId"])
        XCTAssertTrue(sp.fields.dropFirst().allSatisfy(\.required))
        XCTAssertEqual(sp.fields[2].kind, .secure(masked: true))
    }

    func testAServicePrincipalsTokenComesFromTheTokenURLWithTheClientCredentialsGrant() throws {
        let doc = try ConnectorDocument.open(TestSupport.fixture("certified-connectors/TALXISDataFeed"))
        let base = try XCTUnwrap(OAuthConfiguration(properties: doc.apiProperties, definition: doc.definition))
        XCTAssertFalse(base.usesClientCredentials)
        let c = base.filled(with: ["token:grantType": "client_credentials", "token:clientId": "sp-app", "token:clientSecret": "sp-s3cret",
                                   "token:TenantId": "fabrikam.onmicrosoft.com"])
        XCTAssertTrue(c.usesClientCredentials)
        let request = c.clientCredentialsRequest(clientSecret: nil)
        XCTAssertEqual(request.method, "POST")
        XCTAssertEqual(request.url, "https://login.windows.net/fabrikam.onmicrosoft.com/oauth2/token")
        let form = Dictionary(URLEncoding.query(String(decoding: request.body, as: UTF8.self)).map { ($0.name, $0.value) },
                              uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(form, ["grant_type": "client_credentials", "client_id": "sp-app", "client_secret": "sp-s3cret",
                              "resource": "https://prod.talxis.com/connectors/datafeed"])
        // A type that is a service principal only (Azure Communication Services SMS Events).
        let acs = try ConnectorDocument.open(TestSupport.fixture("certified-connectors/Azure Communication Services SMS Events"))
        let only = try XCTUnwrap(OAuthConfiguration(properties: acs.apiProperties, definition: acs.definition, set: 1))
        XCTAssertTrue(only.usesClientCredentials)
    }
}
