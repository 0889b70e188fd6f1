import ConnectorKit
import Foundation
import TestKit
import XCTest

/// Paths, temporary folders, file helpers and the external schema check shared by the tests.
enum TestSupport {
    /// The package root: this file is `<root>/Tests/ConnectorKitTests/TestSupport.swift`.
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// `../shared` beside the package root.
    static let sharedDir = SharedFolder.path

    static let connectorsFixtures = SharedFolder.connectors

    /// The path of a fixture connector folder, e.g. `custom-connectors/HR Cloud`.
    static func fixture(_ relative: String) -> String { connectorsFixtures + "/" + relative }

    /// Every `.json` file under the connector fixtures, as paths relative to that folder, sorted.
    static func allFixtureJSONFiles() -> [String] {
        let root = URL(fileURLWithPath: connectorsFixtures)
        guard let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        var out: [String] = []
        for case let url as URL in e where url.pathExtension == "json" {
            out.append(String(url.standardized.path.dropFirst(root.standardized.path.count + 1)))
        }
        return out.sorted()
    }

    /// Every connector folder under the fixtures (a folder holding apiProperties.json).
    static func allFixtureConnectorFolders() -> [String] {
        Set(allFixtureJSONFiles().filter { $0.hasSuffix("/apiProperties.json") }
            .map { String($0.dropLast("/apiProperties.json".count)) }).sorted()
    }

    /// A fixture connector's two documents (apiProperties.json, the swagger) as read for real.
    static func connectorJSON(_ relative: String) throws -> (properties: JSONValue, definition: JSONValue) {
        let doc = try ConnectorDocument.open(fixture(relative))
        guard !doc.isNew else { throw NotAFixture(path: relative) }
        return (doc.apiProperties, doc.definition)
    }

    struct NotAFixture: Error { var path: String }

    static func read(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// Names in a folder (including hidden ones), sorted; empty when it does not exist.
    static func list(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    /// Reads a JSON file with the package's reader, failing the test when it cannot.
    static func readJSON(_ path: String, file: StaticString = #filePath, line: UInt = #line) -> JSONValue? {
        guard let bytes = read(path) else {
            XCTFail("cannot read \(path)", file: file, line: line)
            return nil
        }
        do {
            return try JSONReader.read(bytes).value
        } catch {
            XCTFail("\(path) is not JSON: \(error)", file: file, line: line)
            return nil
        }
    }

    /// Copies a fixture connector folder into `dir` and returns the copy's path.
    static func copyFixture(_ relative: String, into dir: String) throws -> String {
        let target = dir + "/" + URL(fileURLWithPath: relative).lastPathComponent
        try FileManager.default.copyItem(atPath: fixture(relative), toPath: target)
        // The fixtures are read-only; the copy is the test's to write.
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: target)
        for name in list(target) {
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: target + "/" + name)
        }
        return target
    }

    /// Runs a program and returns its exit status and combined output.
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [executable] + arguments
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Fails loudly when python3 or its modules are missing; returns false then.
    static func requirePython(file: StaticString = #filePath, line: UInt = #line) -> Bool {
        SchemaChecker.requirePython(file: file, line: line)
    }

    /// Runs `schema_check.py` over a connector folder and fails the test (with its output) unless clean.
    static func assertSchemaCheckPasses(_ folder: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        SchemaChecker.assertPasses(folder, what, file: file, line: line)
    }

    /// A valid PNG (1×1, one grey pixel; checked with `file`).
    static let tinyPNG: [UInt8] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x3A, 0x7E, 0x9B,
        0x55, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x68, 0x00, 0x00, 0x00,
        0x82, 0x00, 0x81, 0x77, 0xCD, 0x72, 0xB6, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
        0x42, 0x60, 0x82,
    ]
}

/// Where two JSON values differ, one line per place (key order included), for readable failures.
func jsonDifferences(_ actual: JSONValue?, _ expected: JSONValue?, at path: String = "$") -> [String] {
    func short(_ v: JSONValue?) -> String {
        guard let v else { return "(absent)" }
        let text = JSONWriter(indent: "", lineEnding: " ").string(v)
        return text.count > 100 ? String(text.prefix(100)) + "…" : text
    }
    switch (actual, expected) {
    case (.object(let a)?, .object(let e)?):
        var out: [String] = []
        if a.keys != e.keys { out.append("\(path): keys \(a.keys) but expected \(e.keys)") }
        for key in e.keys where a[key] != nil {
            out += jsonDifferences(a[key], e[key], at: "\(path).\(key)")
        }
        return out
    case (.array(let a)?, .array(let e)?) where a.count == e.count:
        return zip(a, e).enumerated().flatMap { jsonDifferences($1.0, $1.1, at: "\(path)[\($0)]") }
    default:
        return actual == expected ? [] : ["\(path): \(short(actual)) but expected \(short(expected))"]
    }
}

/// Asserts that two JSON values are equal, key order included, naming the places that differ.
func assertSameJSON(_ actual: JSONValue?, _ expected: JSONValue?, _ message: String,
                    file: StaticString = #filePath, line: UInt = #line) {
    let diffs = jsonDifferences(actual, expected)
    if !diffs.isEmpty {
        XCTFail("\(message):\n  " + diffs.prefix(12).joined(separator: "\n  ") + (diffs.count > 12 ? "\n  …" : ""),
                file: file, line: line)
    }
}

extension XCTestCase {
    /// A fresh empty folder, removed when the test ends.
    func makeTempDir(_ name: String = #function) throws -> String {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("ConnectorKitTests-\(safe)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let path = url.path
        addTeardownBlock {
            // Make anything a test made read-only writable again, then remove it all.
            if let e = FileManager.default.enumerator(atPath: path) {
                for case let sub as String in e {
                    _ = try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path + "/" + sub)
                }
            }
            _ = try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
            try? FileManager.default.removeItem(atPath: path)
        }
        return path
    }
}

/// A probe over a fixed table, so validation tests need no files.
struct FakeProbe: FileProbe {
    var files: [String: (size: Int, head: [UInt8])] = [:]
    func probe(_ path: String) -> (size: Int, head: [UInt8])? { files[path] }
}

extension ConnectorDraft {
    /// The client secret the tests set: distinctive, so a leak into a file is found.
    static let testSecret = "S3cr3t-Zebra-Quokka-4711"

    /// A draft that passes every rule without even a warning, with the given authentication.
    /// Only the chosen type's fields are filled, so a draft read back from the files can be
    /// compared with it as a whole.
    static func valid(_ kind: AuthKind = .none, gateway: Bool = false, title: String = "Contoso Invoicing") -> ConnectorDraft {
        var d = ConnectorDraft()
        d.general.title = title
        d.general.description = "Creates, sends and tracks the invoices of Contoso customers."
        d.general.iconBrandColor = "#1f6fb2"
        d.general.host = "api.contoso.com"
        d.general.basePath = "/v1"
        d.general.gateway = gateway
        d.authKind = kind
        if kind == .oauth2 { d.useProvider("generic") }
        return d
    }

    /// A valid OAuth 2.0 draft with the given identity provider (an id of `OAuthProvider.all`).
    static func validOAuth(_ provider: String, title: String = "Contoso Invoicing") -> ConnectorDraft {
        var d = valid(.oauth2, title: title)
        d.useProvider(provider)
        return d
    }

    /// Chooses a provider and fills exactly the fields its form shows (§2.3).
    mutating func useProvider(_ provider: String) {
        oauth = OAuth2Auth()
        oauth.provider = provider
        oauth.clientId = "contoso-client-id"
        oauth.clientSecret = Secret(Self.testSecret)
        oauth.scope = "invoices.read invoices.write offline_access"
        if provider == "generic" {
            oauth.authorizationUrl = "https://login.contoso.com/oauth2/authorize"
            oauth.tokenUrl = "https://login.contoso.com/oauth2/token"
            oauth.refreshUrl = "https://login.contoso.com/oauth2/refresh"
        }
        if provider == "aad" {
            oauth.resourceUrl = "https://api.contoso.com"
        }
    }
}

/// The shared checker must be able to fail: a folder the platform rejects comes back non-zero
/// with the script's reason, and a valid one passes.
final class SchemaCheckerTests: XCTestCase {
    func testTheCheckerRejectsABrokenConnectorAndPassesAGoodOne() throws {
        guard TestSupport.requirePython() else { return }
        let checker = try SchemaChecker.shared.get()
        let broken = try checker.check(TestSupport.fixture("certified-connectors/gofileroom"))
        XCTAssertNotEqual(broken.status, 0, broken.output)
        XCTAssertTrue(broken.output.contains("apiProperties.json"), broken.output)
        let missing = try checker.check(TestSupport.sharedDir + "/no-such-connector")
        XCTAssertNotEqual(missing.status, 0, missing.output)
        let good = try checker.check(TestSupport.fixture("custom-connectors/Facebook"))
        XCTAssertEqual(good.status, 0, good.output)
    }
}
