@testable import ConnectorKit
import XCTest

/// Identity providers the wizard does not edit (§2.3): shown read-only with what they contain,
/// never a secret's value.
final class ImportedProviderTests: XCTestCase {
    func draft(_ relative: String) throws -> ConnectorDraft {
        let props = try XCTUnwrap(TestSupport.readJSON(TestSupport.fixture(relative + "/apiProperties.json")))
        return ConnectorReader.draft(properties: props, definition: [:])
    }

    func shown(_ d: ConnectorDraft) -> [String: String] {
        Dictionary((d.imported?.settings ?? []).map { ($0.label, $0.value) }, uniquingKeysWith: { a, _ in a })
    }

    func testAnOAuth2GenericConnectorShowsItsURLTemplatesClientIDAndScopes() throws {
        let zoho = try draft("certified-connectors/ZohoSign")
        XCTAssertEqual(zoho.imported?.summary, "OAuth 2.0 (oauth2generic)")
        let s = shown(zoho)
        XCTAssertEqual(s["Identity provider"], "oauth2generic")
        XCTAssertEqual(s["Client ID"], "<Enter Your Client ID>")
        XCTAssertEqual(s["Scope"], "ZohoSign.documents.all ZohoSign.account.all ZohoSign.templates.all")
        XCTAssertEqual(s["Authorization template"], "https://accounts.zoho.{CustomHost}/oauth/v2/auth")
        XCTAssertEqual(s["Token URL template"], "https://accounts.zoho.{CustomHost}/oauth/v2/token")
        XCTAssertEqual(s["Refresh URL template"], "https://accounts.zoho.{CustomHost}/oauth/v2/token")
        XCTAssertEqual(s["Redirect URL"], "https://global.consent.azure-apim.net/redirect")
    }

    func testAADCertificateAndDocuSignShowTheirCustomParameters() throws {
        let cert = shown(try draft("custom-connectors/AzureAdIp"))
        XCTAssertEqual(cert["Identity provider"], "aadcertificate")
        XCTAssertEqual(cert["Client ID"], "77121646-fd2e-4a26-b74b-8be141d01223")
        XCTAssertEqual(cert["Login URL"], "https://login.windows.net")
        XCTAssertEqual(cert["Tenant ID"], "common")
        XCTAssertEqual(cert["Resource URL"], "https://graph.microsoft.com")
        XCTAssertEqual(cert["Scope"], "(empty)")
        let docusign = shown(try draft("certified-connectors/DocuSign"))
        XCTAssertEqual(docusign["Identity provider"], "DocuSign")
        XCTAssertEqual(docusign["Login URL"], "https://account.docusign.com")
        XCTAssertEqual(docusign["Redirect mode"], "Global")
    }

    func testASecretLookingParameterIsNamedButItsValueNeverShown() {
        let props: JSONValue = ["properties": ["connectionParameters": ["token": [
            "type": "oauthSetting",
            "oAuthSettings": ["identityProvider": "oauth2generic", "clientId": "app", "scopes": ["a", "b"],
                              "customParameters": ["tokenBodyTemplate": ["value": "code={Code}&client_secret={ClientSecret}"],
                                                   "clientSecret": ["value": "Imported-S3cret-4242"],
                                                   "retries": ["value": 3]]],
        ]]]]
        let d = ConnectorReader.draft(properties: props, definition: [:])
        let settings = d.imported?.settings ?? []
        XCTAssertEqual(settings.first { $0.name == "clientSecret" }?.value, "(kept, not shown)")
        XCTAssertFalse(settings.contains { $0.value.contains("Imported-S3cret") }, "\(settings)")
        XCTAssertEqual(settings.first { $0.name == "tokenBodyTemplate" }?.value, "code={Code}&client_secret={ClientSecret}",
                       "a placeholder is no secret")
        XCTAssertEqual(settings.first { $0.name == "retries" }?.value, "3", "a value that is not text is shown as JSON")
        XCTAssertEqual(settings.first { $0.name == "scopes" }?.value, "a b")
    }
}
