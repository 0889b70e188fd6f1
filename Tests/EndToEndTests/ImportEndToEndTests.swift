import Foundation
import TestKit
import XCTest

/// Starting from an API description with the real binaries (connector-wizard and the YAML
/// reader beside it): `new DIR --from FILE` and the wizard's Import in a real terminal.
final class ImportEndToEndTests: XCTestCase {
    var openapi: String { SharedFolder.path + "/fixtures/openapi" }

    func testNewFromAYAMLDescriptionWithAssignmentsThatWin() throws {
        let dir = NSTemporaryDirectory() + "cw-new-from-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CommandRunner.wizard(["new", dir + "/uspto", "--from", openapi + "/oai-examples/uspto.yaml", "title=Patent Data Sets",
                                          "iconBrandColor=#da3b01"])
        XCTAssertEqual(r.status, 0, r.transcript)
        XCTAssertTrue(r.stdout.contains("Imported uspto.yaml: OpenAPI 3.0.1, 3 operations."), r.transcript)
        XCTAssertTrue(r.stdout.contains("Created \(dir)/uspto (apiProperties.json, apiDefinition.swagger.json)."), r.transcript)
        XCTAssertTrue(r.stderr.contains("uspto.yaml: formats the platform does not know were kept as `x-format`: uriref"), r.transcript)
        let swagger = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/uspto/apiDefinition.swagger.json"))) as? [String: Any]
        let info = swagger?["info"] as? [String: Any]
        XCTAssertEqual(info?["title"] as? String, "Patent Data Sets", "title= wins over info.title")
        XCTAssertEqual(swagger?["host"] as? String, "developer.uspto.gov")
        XCTAssertEqual(swagger?["basePath"] as? String, "/ds-api")
        XCTAssertEqual((swagger?["paths"] as? [String: Any])?.count, 3)
        SchemaChecker.assertPasses(dir + "/uspto", "new --from uspto.yaml")

        // Bad input: one sentence, exit 3, nothing written.
        let bad = dir + "/bad.yaml"
        try Data("openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths:\n  /a: {get: {responses: {'200': {$ref: '#/nowhere'}}}}\n".utf8)
            .write(to: URL(fileURLWithPath: bad))
        let failed = try CommandRunner.wizard(["new", dir + "/bad", "--from", bad])
        XCTAssertEqual(failed.status, 3, failed.transcript)
        XCTAssertEqual(failed.stderr, "connector-wizard: \(bad), line 4: $ref \"#/nowhere\" leads nowhere (no such value in the file).\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/bad"), "nothing is written")
    }

    func testTheWizardImportsAnOpenAPIFile() throws {
        let t = try TmuxTerminal(wizardScript("petstore"))
        // Paths are typed relative to the terminal's folder, as a maker would, so that the
        // messages naming them fit the box on one line wherever the checkout lives.
        try FileManager.default.createSymbolicLink(atPath: t.workDir + "/openapi", withDestinationPath: openapi)
        try t.waitUntil("a new connector with Import in the hint bar") { $0.contains("New connector · Create connector") && $0.contains("^O Import") }
        try t.send("C-o")
        try t.waitFor("Import an OpenAPI file")
        try t.type("openapi/oai-examples/nowhere.yaml")
        try t.send("Enter")
        try t.waitFor("openapi/oai-examples/nowhere.yaml does not exist")
        try t.send("C-u")
        try t.type("openapi/oai-examples/petstore.yaml")
        try t.send("Enter")
        try t.waitFor("Imported petstore.yaml: OpenAPI 3.0.0, 3 operations.")
        try t.send("Enter")
        try t.waitUntil("the General tab filled in") {
            $0.contains("Swagger Petstore · Create connector ●") && $0.contains("petstore.swagger.io") && $0.contains("/v1")
                && !$0.contains("Close (Enter)")
        }
        try t.send("C-s")
        try t.waitFor("The connector was created.")
        let folder = t.workDir + "/petstore"
        let swagger = try String(contentsOfFile: folder + "/apiDefinition.swagger.json", encoding: .utf8)
        XCTAssertTrue(swagger.contains("\"operationId\": \"showPetById\""), swagger)
        XCTAssertTrue(swagger.contains("\"$ref\": \"#/definitions/Pets\""), swagger)
        SchemaChecker.assertPasses(folder, "the wizard's import of petstore.yaml")
        try t.send("Enter", "C-q")
        XCTAssertEqual(try t.waitForFile("exit.status"), "0\n")
    }
}
