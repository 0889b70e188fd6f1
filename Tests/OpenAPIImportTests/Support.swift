import ConnectorKit
import Foundation
import OpenAPIImport
import TestKit
import XCTest

/// What the import tests share: the real descriptions of `../shared/fixtures/openapi`, a scratch
/// folder per test, the import, the save the commands make, and reading what was written.
class ImportTestCase: XCTestCase {
    static let openapi = SharedFolder.path + "/fixtures/openapi"
    var scratch = ""

    override func setUpWithError() throws {
        scratch = NSTemporaryDirectory() + "cw-import-\(name.filter { $0.isLetter || $0.isNumber })-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        XCTAssertNotNil(YAMLHelper.besideExecutable.program, "connector-wizard-yaml must be built beside the test bundle")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: scratch)
    }

    /// A file of the scratch folder with `text` in it.
    func file(_ name: String, _ text: String) throws -> String {
        let path = scratch + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func load(_ path: String, file: StaticString = #filePath, line: UInt = #line) throws -> ImportedDescription {
        do {
            return try OpenAPIImporter.load(path, folder: scratch + "/connector")
        } catch {
            XCTFail("\(path) was not imported: \(error.sentence)", file: file, line: line)
            throw error
        }
    }

    /// The sentence the import of `path` fails with.
    func failure(_ path: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            _ = try OpenAPIImporter.load(path, folder: scratch + "/connector")
            XCTFail("\(path) was imported", file: file, line: line)
            return ""
        } catch {
            return error.sentence
        }
    }

    /// Saves the import as `new --from` does (with `change` made to the draft first, as
    /// key=value assignments would) and returns the folder.
    @discardableResult
    func save(_ imported: ImportedDescription, as name: String = "connector", change: (inout ConnectorDraft) -> Void = { _ in },
              file: StaticString = #filePath, line: UInt = #line) throws -> String {
        var draft = imported.draft
        change(&draft)
        var doc = imported.document
        doc.folder = scratch + "/" + name
        do {
            _ = try ConnectorWriter.save(draft, into: doc, newID: { "0123456789abcdef" })
        } catch {
            XCTFail("not saved: \(error)", file: file, line: line)
            throw error
        }
        return doc.folder
    }

    func written(_ folder: String, _ name: String = ConnectorDocument.definitionFile) throws -> JSONValue {
        try JSONReader.read(Array(Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))).value
    }

    /// Every operation of a document's paths as `METHOD path` → the operation.
    func operations(_ doc: JSONValue) -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        for (path, item) in doc["paths"]?.objectValue?.members ?? [] {
            for (method, op) in item.objectValue?.members ?? [] where ["get", "put", "post", "delete", "options", "head", "patch"].contains(method) {
                out["\(method.uppercased()) \(path)"] = op
            }
        }
        return out
    }

    /// The description itself as JSON (YAML through the helper), to compare with what was written.
    func input(_ path: String) throws -> JSONValue {
        let bytes = path.hasSuffix(".json") ? Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            : try YAMLHelper.besideExecutable.json(path)
        return try JSONReader.read(bytes).value
    }

    /// The parameter `name` of an operation.
    func parameter(_ op: JSONValue?, _ name: String) -> JSONValue? {
        op?["parameters"]?.arrayValue?.first { $0["name"]?.stringValue == name }
    }

    func assertNote(_ imported: ImportedDescription, _ text: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(imported.notes.contains { $0.contains(text) }, "no note says \"\(text)\":\n" + imported.notes.joined(separator: "\n"),
                      file: file, line: line)
    }
}
