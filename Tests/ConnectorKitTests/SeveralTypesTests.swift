@testable import ConnectorKit
import XCTest

/// Several authentication types (§2.4): `connectionParameterSets`, which the browser wizard
/// cannot edit.
final class SeveralTypesTests: XCTestCase {
    /// A connector offering an API key, Basic and GitHub sign-in.
    func threeTypes() -> ConnectorDraft {
        var d = ConnectorDraft()
        d.general.title = "Contoso Invoicing"
        d.general.host = "api.contoso.com"
        d.single.kind = .apikey
        d.addSet()
        d.authKind = .basic
        d.sets[1].displayName = "User and password"
        d.addSet()
        d.authKind = .oauth2
        d.oauth.provider = "github"
        d.oauth.clientId = "contoso-app"
        d.oauth.clientSecret = Secret("Sets-Secret-9911")
        d.sets[2].displayName = "GitHub"
        return d
    }

    func testAddingATypeTurnsTheOneTypeIntoTheFirstOfSeveral() {
        var d = ConnectorDraft()
        d.single.kind = .apikey
        d.apiKey.name = "X-Contoso-Key"
        d.addSet()
        XCTAssertEqual(d.sets.count, 2)
        XCTAssertEqual(d.sets[0].settings.apiKey.name, "X-Contoso-Key", "the type the connector had is kept")
        XCTAssertEqual(d.sets[0].displayName, "API Key")
        XCTAssertEqual(d.selectedSet, 1)
        XCTAssertNotEqual(d.sets[1].settings.kind, .apikey, "a new type starts as one not offered yet")
        XCTAssertEqual(Set(d.sets.map(\.name)).count, 2, "names are unique")
        d.removeSelectedSet()
        XCTAssertTrue(d.sets.isEmpty, "with one type left the connector offers one type again")
        XCTAssertEqual(d.single.apiKey.name, "X-Contoso-Key")
    }

    func testMovingATypeKeepsItSelected() {
        var d = threeTypes()
        d.selectedSet = 2
        d.moveSelectedSet(by: -1)
        XCTAssertEqual(d.sets.map(\.displayName), ["API Key", "GitHub", "User and password"])
        XCTAssertEqual(d.selectedSet, 1)
        XCTAssertEqual(d.authKind, .oauth2, "the form still edits the moved type")
        d.moveSelectedSet(by: -5)
        XCTAssertEqual(d.selectedSet, 1, "a move past the ends does nothing")
    }

    func testEveryTypeIsValidatedAndOthersFindingsAreNamed() {
        var d = threeTypes()
        d.selectedSet = 0
        d.sets[2].settings.oauth.clientId = ""
        d.sets[1].displayName = "API Key"
        let findings = Validator.validate(d, files: FakeProbe())
        XCTAssertTrue(findings.contains(Diagnostic(.authSet, .error, "GitHub: Client ID is required.")), "\(findings)")
        XCTAssertTrue(findings.contains { $0.field == .authSet && $0.message.contains("Two types are called \"API Key\"") },
                      "\(findings)")
    }

    func testSavedAsConnectionParameterSetsThatPassTheSchemaCheckAndReopen() throws {
        let dir = try makeTempDir()
        let d = threeTypes()
        let saved = try ConnectorWriter.save(d, into: .new(in: dir), files: FakeProbe(), newID: { "0123456789abcdef" })
        let props = try XCTUnwrap(TestSupport.readJSON(dir + "/apiProperties.json"))
        let swagger = try XCTUnwrap(TestSupport.readJSON(dir + "/apiDefinition.swagger.json"))
        XCTAssertNil(props[path: ["properties", "connectionParameters"]], "sets replace connectionParameters")
        let values = try XCTUnwrap(props[path: ["properties", "connectionParameterSets", "values"]]?.arrayValue)
        XCTAssertEqual(values.compactMap { $0["name"]?.stringValue }, ["api-key", "basic-auth", "oauth2-auth"])
        XCTAssertEqual(values.compactMap { $0[path: ["uiDefinition", "displayName"]]?.stringValue },
                       ["API Key", "User and password", "GitHub"])
        XCTAssertEqual(values[0][path: ["parameters", "api_key", "type"]], "securestring")
        XCTAssertEqual(values[1][path: ["parameters", "password", "uiDefinition", "constraints", "clearText"]], false)
        XCTAssertEqual(values[2][path: ["parameters", "token", "oAuthSettings", "redirectUrl"]],
                       "https://global.consent.azure-apim.net/redirect/new-5fcontoso-20invoicing-5f0123456789abcdef")
        XCTAssertEqual(props[path: ["properties", "connectionParameterSets", "uiDefinition", "displayName"]], "Authentication Type")
        // One security definition per type, named after it, each an alternative in `security`.
        XCTAssertEqual(swagger["securityDefinitions"]?.objectValue?.keys, ["api-key", "basic-auth", "oauth2-auth"])
        XCTAssertEqual(swagger[path: ["securityDefinitions", "basic-auth", "type"]], "basic")
        XCTAssertEqual(swagger["security"], [["api-key": []], ["basic-auth": []], ["oauth2-auth": []]])
        XCTAssertEqual(saved.redirectURL, "https://global.consent.azure-apim.net/redirect/new-5fcontoso-20invoicing-5f0123456789abcdef")
        for file in TestSupport.list(dir) {
            let text = String(decoding: TestSupport.read(dir + "/" + file) ?? [], as: UTF8.self)
            XCTAssertFalse(text.contains("Sets-Secret-9911"), "no client secret in \(file)")
        }
        TestSupport.assertSchemaCheckPasses(dir, "several authentication types")

        let reopened = try ConnectorDocument.open(dir)
        let r = try XCTUnwrap(reopened.original)
        XCTAssertNil(r.imported)
        XCTAssertEqual(r.sets.map(\.displayName), ["API Key", "User and password", "GitHub"])
        XCTAssertEqual(r.sets.map(\.settings.kind), [.apikey, .basic, .oauth2])
        XCTAssertEqual(r.sets[2].settings.oauth.provider, "github")
        XCTAssertEqual(r.redirect, saved.draft.redirect)

        // Back to one type: the sets give way to connectionParameters again.
        var one = r
        one.selectedSet = 0
        one.removeSelectedSet()
        one.removeSelectedSet()
        XCTAssertTrue(one.sets.isEmpty)
        _ = try ConnectorWriter.save(one, into: reopened, files: FakeProbe())
        let after = try XCTUnwrap(TestSupport.readJSON(dir + "/apiProperties.json"))
        XCTAssertNil(after[path: ["properties", "connectionParameterSets"]])
        XCTAssertEqual(after[path: ["properties", "connectionParameters", "token", "oAuthSettings", "clientId"]], "contoso-app",
                       "the type left (GitHub) is the connector's one type")
        TestSupport.assertSchemaCheckPasses(dir, "back to one type")
    }

    func testRealSetsTheWizardDoesNotEditStayReadOnly() throws {
        for fixture in ["independent-publisher-connectors/Open Data Network", "certified-connectors/LawVu"] {
            let doc = try ConnectorDocument.open(TestSupport.fixture(fixture))
            let d = try XCTUnwrap(doc.original)
            XCTAssertNotNil(d.imported, "\(fixture) keeps its mixed sets as they are")
            XCTAssertTrue(d.sets.isEmpty)
        }
    }

    /// AvePoint offers AAD and Basic, both shapes the wizard edits: editing one label changes
    /// that one line of the file and nothing else.
    func testEditingARealSetChangesOnlyThatLine() throws {
        let dir = try makeTempDir()
        let folder = try TestSupport.copyFixture("certified-connectors/AvePoint Cloud Governance", into: dir)
        let before = try XCTUnwrap(TestSupport.read(folder + "/apiProperties.json"))
        let doc = try ConnectorDocument.open(folder)
        var d = try XCTUnwrap(doc.original)
        XCTAssertNil(d.imported)
        XCTAssertEqual(d.sets.map(\.displayName), ["Microsoft Entra ID", "Client Secret"])
        XCTAssertEqual(d.sets.map(\.settings.kind), [.oauth2, .basic])
        d.selectedSet = 1
        d.basic.usernameLabel = "Administrator"
        _ = try ConnectorWriter.save(d, into: doc, files: FakeProbe())
        let after = try XCTUnwrap(TestSupport.read(folder + "/apiProperties.json"))
        let a = String(decoding: before, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let b = String(decoding: after, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(a.count, b.count)
        let changed = zip(a, b).filter { $0 != $1 }
        XCTAssertEqual(changed.count, 1, "\(changed)")
        XCTAssertTrue(changed.first?.1.contains("\"Administrator\"") == true, "\(changed)")
    }
}
