import ConnectorKit
import Foundation
import WizardUI
import XCTest

/// The wizard's Import (Ctrl-O on a new connector's General tab): the path box, the effect it
/// asks for, and what comes back, in-process.
final class ImportBoxTests: XCTestCase {
    /// What an importer gives for a small description.
    func imported(folder: String) -> ImportedDescription {
        var draft = ConnectorDraft()
        draft.general.title = "Swagger Petstore"
        draft.general.host = "petstore.swagger.io"
        draft.general.basePath = "/v1"
        draft.authKind = .apikey
        draft.apiKey.name = "api_key"
        var doc = ConnectorDocument.new(in: folder)
        doc.definition["paths"] = ["/pets": ["get": ["operationId": "listPets", "responses": ["200": ["description": "ok"]]]]]
        return ImportedDescription(document: doc, draft: draft, notes: ["links cannot be held in Swagger 2.0 and were left out: GET /pets 200 (next)"],
                                   summary: "OpenAPI 3.0.0, 1 operation")
    }

    func testOnlyANewConnectorsGeneralTabOffersImport() throws {
        var s = newWizard()
        XCTAssertTrue(s.screen.contains("^O Import"), s.screen)
        s.press(.alt("2"))
        XCTAssertFalse(s.screen.contains("^O Import"))
        XCTAssertTrue(s.press(.ctrl("o")).isEmpty)
        XCTAssertNil(s.dialog)
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../shared/fixtures/connectors/custom-connectors/Snowflake").standardized.path
        var opened = WizardState(document: try ConnectorDocument.open(fixture), files: FakeFiles())
        XCTAssertFalse(opened.screen.contains("^O Import"))
        opened.press(.ctrl("o"))
        XCTAssertNil(opened.dialog, "an existing connector is not replaced by an import")
    }

    func testThePathIsTypedAndAFailureKeepsItWithTheSentence() {
        var s = newWizard()
        s.press(.ctrl("o"))
        XCTAssertTrue(s.screen.contains("Import an OpenAPI file"), s.screen)
        XCTAssertTrue(s.press(.enter).isEmpty, "no path, no import")
        XCTAssertTrue(s.screen.contains("Give the path of an OpenAPI file."), s.screen)
        s.type("api.yml")
        s.press(.left, .left, .left, .left)
        s.type("-v2")
        s.press(.end, .backspace, .backspace)
        s.type("aml")
        XCTAssertEqual(s.press(.enter), [.importDescription(path: "api-v2.yaml")])
        _ = s.finishImport(.failure(ImportFailure("api-v2.yaml does not exist")), from: "api-v2.yaml")
        XCTAssertTrue(s.screen.contains("api-v2.yaml does not exist"), s.screen)
        XCTAssertTrue(s.screen.contains("api-v2.yaml"), "the path stays to be corrected")
        XCTAssertEqual(s.draft, ConnectorDraft(), "the form is as it was")
        s.press(.escape)
        XCTAssertNil(s.dialog)
        XCTAssertFalse(s.isDirty)
    }

    func testASuccessfulImportFillsTheFormAndSaysWhatItSaid() throws {
        let folder = NSTemporaryDirectory() + "cw-import-box-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var s = WizardState(document: .new(in: folder), files: FakeFiles())
        s.press(.ctrl("o"))
        s.press(.paste("petstore.yaml"))
        XCTAssertEqual(s.press(.enter), [.importDescription(path: "petstore.yaml")])
        _ = s.finishImport(.success(imported(folder: "elsewhere")), from: "specs/petstore.yaml")
        let screen = s.screen
        XCTAssertTrue(screen.contains("Imported petstore.yaml: OpenAPI 3.0.0, 1 operation."), screen)
        XCTAssertTrue(screen.contains("links cannot be held"), screen)
        s.press(.enter)
        XCTAssertNil(s.dialog)
        XCTAssertEqual(s.draft.general.host, "petstore.swagger.io")
        XCTAssertEqual(s.draft.apiKey.name, "api_key")
        XCTAssertTrue(s.isDirty)
        XCTAssertTrue(s.screen.contains("Swagger Petstore · Create connector ●"), s.screen)
        // Ctrl-S writes the imported definition into the folder the wizard was opened on.
        s.press(.ctrl("s"))
        guard case .saved(let saved, _, _, true)? = s.dialog else { return XCTFail("not saved: \(String(describing: s.dialog))") }
        XCTAssertEqual(saved, folder)
        let swagger = try String(contentsOfFile: folder + "/apiDefinition.swagger.json", encoding: .utf8)
        XCTAssertTrue(swagger.contains("\"operationId\": \"listPets\""), swagger)
        XCTAssertTrue(swagger.contains("\"name\": \"api_key\""), swagger)
    }
}
