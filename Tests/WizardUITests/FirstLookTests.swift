import ConnectorKit
import Foundation
import XCTest
@testable import WizardUI

/// The wizard's first frame is made from a first look at a connector; the full reading takes
/// its place before the first key (`WizardState.takeFullReading`).
final class FirstLookTests: XCTestCase {
    private func folder(paths inner: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cw-look-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var paths: [String] = []
        for i in 0..<600 { paths.append("\"/items/\(i)\": {\"get\": {\"summary\": \"Item \(i)\", \"responses\": {}}}") }
        paths.insert("\"/inner\": \(inner)", at: 300)
        let swagger = "{\"swagger\": \"2.0\", \"info\": {\"title\": \"Contoso Mail\", \"description\": \"Sends and reads the mail of Contoso.\"},\n"
            + "\"host\": \"mail.contoso.com\", \"paths\": {\n" + paths.joined(separator: ",\n") + "\n}}\n"
        XCTAssertGreaterThan(swagger.utf8.count, JSONReader.deferredSize)
        try Array(swagger.utf8).withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: dir + "/apiDefinition.swagger.json")) }
        try Data("{\"properties\": {}}".utf8).write(to: URL(fileURLWithPath: dir + "/apiProperties.json"))
        return dir
    }

    func testTheFullReadingBringsTheWarningsTheFirstLookSkipped() throws {
        let dir = try folder(paths: "{\"get\": {\"tags\": [\"a\",],}}")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var s = WizardState(document: try ConnectorDocument.open(dir, firstLook: true), files: FakeFiles())
        XCTAssertNil(s.flash, "the first look did not read inside paths")
        let first = Renderer.render(s, theme: .default)
        s.takeFullReading(try ConnectorDocument.open(dir))
        XCTAssertEqual(s.flash?.kind, .info)
        XCTAssertTrue(s.flash?.text.contains("trailing comma before ']'") ?? false, s.flash?.text ?? "")
        XCTAssertFalse(s.document.readFingerprints.isEmpty, "the full reading is what a save compares with")
        XCTAssertFalse(s.isDirty)
        // The form is the same; the status line now says what was found.
        let full = Renderer.render(s, theme: .default)
        XCTAssertEqual(first.lines.dropLast(2), full.lines.dropLast(2))
        XCTAssertTrue(full.text.contains("Read with warnings"), full.text)
    }

    func testAFullReadingOfOtherFilesReplacesTheDraft() throws {
        let dir = try folder(paths: "{}")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var s = WizardState(document: try ConnectorDocument.open(dir, firstLook: true), files: FakeFiles())
        XCTAssertEqual(s.draft.general.title, "Contoso Mail")
        // The files change between the first look and the full reading.
        var other = try ConnectorDocument.open(dir)
        other.original?.general.title = "Contoso Post"
        s.takeFullReading(other)
        XCTAssertEqual(s.draft.general.title, "Contoso Post")
        XCTAssertFalse(s.isDirty)
    }
}
