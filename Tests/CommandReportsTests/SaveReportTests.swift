import CommandReports
import ConnectorKit
import Foundation
import TestKit
import XCTest

/// The save of `new` and `set` and what it reports, in-process: the lines each stream gets,
/// in order, the exit status, and the files.
final class SaveReportTests: XCTestCase {
    func makeFolder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("SaveReportTests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func draft(_ settings: [String]) throws -> ConnectorDraft {
        var draft = ConnectorDraft()
        try Assignments.apply(try Assignments.parse(settings), to: &draft)
        return draft
    }

    func testANewOAuthConnectorIsCreatedWithItsRedirectURLAndTheSecretKeptForTheUser() throws {
        let root = try makeFolder()
        let dir = root + "/contoso"
        let d = try draft(["title=Contoso Invoicing", "host=api.contoso.com", "auth=oauth2", "oauth.provider=github",
                           "oauth.clientId=abc123"])
        let store = SecretStore(directory: root + "/secrets")
        let report = SaveReport.save(d, into: try ConnectorDocument.open(dir), secret: Secret("kept-s3cret"), created: true,
                                     secrets: { store })
        XCTAssertEqual(report.status, 0, "\(report.lines)")
        XCTAssertEqual(report.output.first, "Created \(dir) (apiProperties.json, apiDefinition.swagger.json).")
        let url = try XCTUnwrap(report.output.first { $0.hasPrefix("Redirect URL: ") }.map { String($0.dropFirst(14)) })
        XCTAssertTrue(url.hasPrefix("https://global.consent.azure-apim.net/redirect/"), url)
        let props = try String(contentsOfFile: dir + "/apiProperties.json", encoding: .utf8)
        XCTAssertTrue(props.contains(url), "the printed URL is the saved one")
        XCTAssertFalse(props.contains("kept-s3cret"))
        let saved = try ConnectorDocument.open(dir)
        XCTAssertEqual(store.load(SecretStore.key(for: saved))?.reveal(), "kept-s3cret")
        XCTAssertTrue(report.output.last?.hasPrefix("Client secret kept for this user in \(root)/secrets/") == true, "\(report.output)")
        XCTAssertFalse(report.lines.contains { "\($0)".contains("kept-s3cret") }, "the secret is never said")
        SchemaChecker.assertPasses(dir, "the connector SaveReport created")
    }

    func testValidationErrorsNameEveryFieldAndWriteNothing() throws {
        let dir = try makeFolder() + "/bad"
        let report = SaveReport.save(try draft(["host=api contoso"]), into: try ConnectorDocument.open(dir), created: true)
        XCTAssertEqual(report.status, 1)
        XCTAssertEqual(report.output, [])
        XCTAssertEqual(report.lines.last, .error("nothing was written to \(dir): 2 errors to correct"))
        XCTAssertEqual(report.errors.dropLast().map { $0.split(separator: ":").first.map(String.init) ?? "" }, ["title", "host"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir))
    }

    func testASaveIntoAnotherFolderWritesEveryFileAndCopiesTheSettings() throws {
        let root = try makeFolder()
        let source = root + "/source"
        try FileManager.default.copyItem(atPath: SharedFolder.connectors + "/custom-connectors/HR Cloud", toPath: source)
        try Data("{\"k\": 1}\n".utf8).write(to: URL(fileURLWithPath: source + "/settings.json"))
        var doc = try ConnectorDocument.open(source)
        let unchanged = try XCTUnwrap(doc.original)
        doc.folder = root + "/copy"
        let report = SaveReport.save(unchanged, into: doc, writeEveryFile: true, copyFrom: source, created: false)
        XCTAssertEqual(report.status, 0, "\(report.lines)")
        XCTAssertEqual(report.output, ["Saved \(root)/copy (apiProperties.json, apiDefinition.swagger.json, settings.json)."])
        for name in ["apiProperties.json", "apiDefinition.swagger.json", "settings.json"] {
            XCTAssertEqual(FileManager.default.contents(atPath: root + "/copy/" + name), FileManager.default.contents(atPath: source + "/" + name),
                           "\(name): the same bytes")
        }

        // In place with nothing changed: no file written, and it says so.
        let again = SaveReport.save(unchanged, into: try ConnectorDocument.open(source), created: false)
        XCTAssertEqual(again.output, ["Saved \(source): nothing changed, no file written."])
    }

    func testAStoreThatCannotBeOpenedIsExit3AfterTheSave() throws {
        let dir = try makeFolder() + "/c"
        let d = try draft(["title=Contoso", "host=api.contoso.com", "auth=oauth2", "oauth.provider=github", "oauth.clientId=abc"])
        let report = SaveReport.save(d, into: try ConnectorDocument.open(dir), secret: Secret("x-s3cret"), created: true,
                                     secrets: { () throws(SecretStore.Failure) in throw SecretStore.Failure.noConfigFolder })
        XCTAssertEqual(report.status, 3)
        XCTAssertTrue(report.output.first?.hasPrefix("Created \(dir)") == true, "the connector was saved: \(report.lines)")
        guard case .error(let sentence)? = report.lines.last else { return XCTFail("\(report.lines)") }
        XCTAssertTrue(sentence.hasPrefix("the connector was saved but the client secret was not kept: "), sentence)
    }

    func testTheClientSecretIsRefusedForAConnectorWithoutOAuth() throws {
        let d = try draft(["title=Contoso", "host=api.contoso.com", "auth=basic"])
        let doc = try ConnectorDocument.open(try makeFolder() + "/b")
        XCTAssertEqual(SaveReport.clientSecretRefusal(d, doc),
                       "--client-secret-stdin: the connector uses Basic authentication, which has no client secret (set auth=oauth2 for OAuth 2.0)")
        XCTAssertNil(SaveReport.clientSecretRefusal(try draft(["auth=oauth2"]), doc))
    }
}
