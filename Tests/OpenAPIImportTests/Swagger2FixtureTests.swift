import ConnectorKit
import Foundation
import OpenAPIImport
import TestKit
import XCTest

/// The Swagger 2.0 files of the fixture connectors as descriptions to start from: their `paths`
/// and `definitions` are written back byte for byte, and a file that passed the platform's
/// schema check still passes it as a new connector.
final class Swagger2FixtureTests: ImportTestCase {
    var swaggerFiles: [String] {
        let root = SharedFolder.connectors
        var out: [String] = []
        let e = FileManager.default.enumerator(atPath: root)
        while let rel = e?.nextObject() as? String {
            if rel.lowercased().hasSuffix("/apidefinition.swagger.json") { out.append(root + "/" + rel) }
        }
        return out.sorted()
    }

    /// The bytes `key`'s value stood in, at the top of a JSON file.
    func bytes(of key: String, in path: String) throws -> ArraySlice<UInt8>? {
        let read = try JSONReader.read(Array(Data(contentsOf: URL(fileURLWithPath: path))), keepSource: true)
        guard let source = read.source, let i = read.value.objectValue?.index(of: key) else { return nil }
        return source.bytes[source.span.children[i].range]
    }

    func testPathsAndDefinitionsAreKeptByteForByte() throws {
        var kept = 0
        var checked = 0
        for (n, path) in swaggerFiles.enumerated() {
            let name = path.replacingOccurrences(of: SharedFolder.connectors + "/", with: "")
            let imported = try load(path)
            XCTAssertTrue(imported.summary.hasPrefix("Swagger 2.0, "), name)
            var saved: String?
            do {
                saved = try saveQuietly(imported, as: "c\(n)")
            } catch {
                // A rule the real file breaks (a placeholder host, a title of 39 characters) is
                // the maker's to fix, as in the wizard; nothing to compare then.
                continue
            }
            guard let folder = saved else { continue }
            let written = folder + "/" + ConnectorDocument.definitionFile
            for key in ["paths", "definitions"] {
                let before = try bytes(of: key, in: path)
                XCTAssertEqual(try bytes(of: key, in: written), before, "\(name): \(key) changed")
                if before != nil { kept += 1 }
            }
            // The schema check (Python's openapi-spec-validator) takes seconds on the largest
            // files: those are compared byte for byte above, and checked by OpenAPIFixtureTests'
            // own imports; here the ones below 200 KB are.
            guard (FileSystem.size(path) ?? 0) < 200_000 else { continue }
            let original = try SchemaChecker.shared.get().check(FileSystem.directory(of: path))
            if original.status == 0 {
                SchemaChecker.assertPasses(folder, "\(name) as a new connector")
                checked += 1
            }
        }
        XCTAssertGreaterThan(kept, 50, "paths and definitions compared")
        XCTAssertGreaterThan(checked, 10, "connectors schema-checked")
    }

    /// `save`, without failing the test when the draft breaks a rule; OAuth gets a client ID, as
    /// `oauth.clientId=` gives it.
    func saveQuietly(_ imported: ImportedDescription, as name: String) throws -> String {
        var draft = imported.draft
        for i in draft.sets.indices where draft.sets[i].settings.kind == .oauth2 { draft.sets[i].settings.oauth.clientId = "client" }
        if draft.single.kind == .oauth2 { draft.single.oauth.clientId = "client" }
        var doc = imported.document
        doc.folder = scratch + "/" + name
        _ = try ConnectorWriter.save(draft, into: doc, newID: { "0123456789abcdef" })
        return doc.folder
    }

    func testAConnectorsOwnSecurityIsReadBack() throws {
        let dir = SharedFolder.connectors + "/independent-publisher-connectors/OpenCage Geocoding"
        let imported = try load(dir + "/apiDefinition.swagger.json")
        XCTAssertEqual(imported.draft.authKind, .apikey)
        XCTAssertEqual(imported.draft.apiKey.location, .query)
        let original = try ConnectorDocument.open(dir).original
        XCTAssertEqual(imported.draft.apiKey.name, original?.apiKey.name)
        XCTAssertEqual(imported.draft.general.host, original?.general.host)
        XCTAssertEqual(imported.draft.general.basePath, original?.general.basePath)
        XCTAssertEqual(imported.draft.general.title, original?.general.title)
    }
}
