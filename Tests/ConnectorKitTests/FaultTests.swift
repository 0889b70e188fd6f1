import ConnectorKit
import Foundation
import XCTest

/// Saving and reading when the machine fails or the files are hostile (§ issue: nothing lost,
/// nothing hung): a disk that fills half-way, a rename that fails, another program saving at the
/// same time, odd values, modes and links, FIFOs, devices and files in another encoding.
final class FaultTests: XCTestCase {
    func copy(_ fixture: String) throws -> String {
        try TestSupport.copyFixture(fixture, into: try makeTempDir())
    }

    func bytes(_ folder: String) -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        for name in TestSupport.list(folder) { out[name] = TestSupport.read(folder + "/" + name) }
        return out
    }

    /// A change to both files: the title (swagger) and the icon's colour (properties).
    func changedDraft(_ doc: ConnectorDocument) throws -> ConnectorDraft {
        var d = try XCTUnwrap(doc.original)
        d.general.title = "Changed Title"
        d.general.iconBrandColor = "#123456"
        return d
    }

    func testADiskThatFillsHalfWayChangesNeitherFileAndLeavesNoTemporaryFile() throws {
        let folder = try copy("certified-connectors/Encodian")
        let before = bytes(folder)
        let doc = try ConnectorDocument.open(folder)
        let d = try changedDraft(doc)
        let propsSize = doc.propertiesFormat.bytes(doc.apiProperties).count
        // Enough for apiProperties.json and part of the swagger, then the disk is full.
        for after in [0, 1000, propsSize + 5000] {
            XCTAssertThrowsError(try FileSystem.Faults.during(.init(failWritesAfter: after)) { () throws(ConnectorWriter.SaveError) in
                _ = try ConnectorWriter.save(d, into: doc)
            }) { error in
                XCTAssertTrue("\(error)".contains("No space left on device"), "\(error)")
            }
            XCTAssertEqual(bytes(folder), before, "after \(after) bytes: every file as it was, and no other file")
        }
    }

    func testARenameThatFailsPutsBackTheFileAlreadyRenamed() throws {
        let folder = try copy("certified-connectors/Encodian")
        let before = bytes(folder)
        let doc = try ConnectorDocument.open(folder)
        let d = try changedDraft(doc)
        XCTAssertThrowsError(try FileSystem.Faults.during(.init(failRenameOf: "apiDefinition.swagger.json")) { () throws(ConnectorWriter.SaveError) in
            _ = try ConnectorWriter.save(d, into: doc)
        })
        XCTAssertEqual(bytes(folder), before, "apiProperties.json, renamed first, is put back")
        // Without the fault the same save goes through.
        let saved = try ConnectorWriter.save(d, into: doc)
        XCTAssertEqual(Set(saved.filesWritten.map { String($0.split(separator: "/").last!) }),
                       ["apiProperties.json", "apiDefinition.swagger.json"])
        XCTAssertEqual(try ConnectorDocument.open(folder).original?.general.title, "Changed Title")
    }

    func testAFailedSaveIntoANewFolderLeavesNothingBehind() throws {
        let target = try makeTempDir() + "/new-connector"
        var d = ConnectorDraft.valid(.basic)
        d.general.title = "Contoso"
        XCTAssertThrowsError(try FileSystem.Faults.during(.init(failWritesAfter: 100)) { () throws(ConnectorWriter.SaveError) in
            _ = try ConnectorWriter.save(d, into: .new(in: target))
        })
        XCTAssertFalse(FileManager.default.fileExists(atPath: target), "the folder the save made is gone again")
    }

    func testASaveOverFilesChangedSinceTheyWereReadIsRefused() throws {
        let folder = try copy("custom-connectors/HR Cloud")
        let doc = try ConnectorDocument.open(folder)
        var mine = try XCTUnwrap(doc.original)
        mine.general.title = "Mine"
        // Another program saves first.
        var theirs = try XCTUnwrap(try ConnectorDocument.open(folder).original)
        theirs.general.description = "Their description, saved while the first one had the connector open."
        _ = try ConnectorWriter.save(theirs, into: try ConnectorDocument.open(folder))
        let afterTheirs = bytes(folder)
        XCTAssertThrowsError(try ConnectorWriter.save(mine, into: doc)) { error in
            XCTAssertTrue("\(error)".contains("changed on disk since it was read, so nothing was written"), "\(error)")
        }
        XCTAssertEqual(bytes(folder), afterTheirs, "their save is kept, nothing of mine written")
        // Read again, the change goes on top of theirs.
        let fresh = try ConnectorDocument.open(folder)
        var again = try XCTUnwrap(fresh.original)
        again.general.title = "Mine"
        let saved = try ConnectorWriter.save(again, into: fresh)
        XCTAssertEqual(saved.document.original?.general.description, theirs.general.description)
        // And the saved document can be saved again (its fingerprints follow its own writes).
        var twice = try XCTUnwrap(saved.document.original)
        twice.general.title = "Mine again"
        XCTAssertNoThrow(try ConnectorWriter.save(twice, into: saved.document))

        // A new connector whose folder got one meanwhile.
        let empty = try makeTempDir() + "/raced"
        let new = ConnectorDocument.new(in: empty)
        _ = try ConnectorWriter.save(.valid(.basic), into: .new(in: empty))
        XCTAssertThrowsError(try ConnectorWriter.save(.valid(.none), into: new)) { error in
            XCTAssertTrue("\(error)".contains("holds a connector now"), "\(error)")
        }
    }

    func testAValueOfAnOddShapeIsWrittenBackExactly() throws {
        let folder = try makeTempDir() + "/odd"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let props = Array("{\n  \"properties\": \"x\"\n}\n".utf8)
        let def = Array("{\n  \"swagger\": \"2.0\",\n  \"info\": [\n    1,\n    2\n  ],\n  \"host\": \"api.contoso.com\",\n  \"paths\": {}\n}\n".utf8)
        try TestSupport.write(props, to: folder + "/apiProperties.json")
        try TestSupport.write(def, to: folder + "/apiDefinition.swagger.json")
        let doc = try ConnectorDocument.open(folder)
        let saved = try ConnectorWriter.save(try XCTUnwrap(doc.original), into: doc)
        XCTAssertEqual(saved.filesWritten, [], "nothing changed, nothing written")
        XCTAssertEqual(TestSupport.read(folder + "/apiProperties.json"), props)
        XCTAssertEqual(TestSupport.read(folder + "/apiDefinition.swagger.json"), def)
    }

    func testASaveKeepsTheModeAndWritesThroughALink() throws {
        let folder = try copy("custom-connectors/HR Cloud")
        let props = folder + "/apiProperties.json"
        XCTAssertEqual(chmod(props, 0o600), 0)
        // The swagger is a link to a file elsewhere.
        let elsewhere = try makeTempDir() + "/swagger.json"
        try FileManager.default.moveItem(atPath: folder + "/apiDefinition.swagger.json", toPath: elsewhere)
        try FileManager.default.createSymbolicLink(atPath: folder + "/apiDefinition.swagger.json", withDestinationPath: elsewhere)
        let doc = try ConnectorDocument.open(folder)
        var d = try XCTUnwrap(doc.original)
        d.general.title = "Linked"
        d.general.iconBrandColor = "#123456"
        _ = try ConnectorWriter.save(d, into: doc)
        var st = stat()
        XCTAssertEqual(stat(props, &st), 0)
        XCTAssertEqual(st.st_mode & 0o777, 0o600, "a 0600 file stays 0600")
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: folder + "/apiDefinition.swagger.json"), elsewhere,
                       "the link is still a link")
        XCTAssertTrue(String(decoding: TestSupport.read(elsewhere) ?? [], as: UTF8.self).contains("\"title\": \"Linked\""),
                      "the file it names has the change")
    }

    func testOnlyRegularFilesAreRead() throws {
        let folder = try makeTempDir() + "/fifo"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try TestSupport.write(Array("{\"properties\": {}}".utf8), to: folder + "/apiProperties.json")
        XCTAssertEqual(mkfifo(folder + "/apiDefinition.swagger.json", 0o644), 0)
        XCTAssertThrowsError(try ConnectorDocument.open(folder)) { error in
            XCTAssertEqual("\(error)", "\(folder)/apiDefinition.swagger.json: is a FIFO (a named pipe), not a file.")
        }
        try FileManager.default.removeItem(atPath: folder + "/apiDefinition.swagger.json")
        try FileManager.default.createSymbolicLink(atPath: folder + "/apiDefinition.swagger.json", withDestinationPath: "/dev/zero")
        XCTAssertThrowsError(try ConnectorDocument.open(folder)) { error in
            XCTAssertEqual("\(error)", "\(folder)/apiDefinition.swagger.json: is a device, not a file.")
        }
        let big = folder + "/big.json"
        try TestSupport.write([UInt8](repeating: 0x20, count: 3 << 20), to: big)
        XCTAssertThrowsError(try FileSystem.read(big, limit: 2 << 20)) { error in
            XCTAssertEqual((error as? FileSystem.Failure)?.reason, "is larger than 2 MB, the most the wizard reads")
        }
        XCTAssertEqual(try FileSystem.read(big, limit: 16, prefix: true).count, 16, "the start of a file may be read")
    }

    func testAFileIsReadWholeWhateverSizeItSays() throws {
        let folder = try makeTempDir() + "/sizes"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for size in [0, 1, 4095, 4096, 65_537, 1_100_000] {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            try TestSupport.write(bytes, to: folder + "/f\(size)")
            XCTAssertEqual(try FileSystem.read(folder + "/f\(size)"), bytes, "\(size) bytes")
            XCTAssertEqual(try FileSystem.read(folder + "/f\(size)", limit: size), bytes, "\(size) bytes, limit \(size)")
            if size > 0 {
                XCTAssertThrowsError(try FileSystem.read(folder + "/f\(size)", limit: size - 1), "\(size) bytes, limit \(size - 1)")
                XCTAssertEqual(try FileSystem.read(folder + "/f\(size)", limit: size - 1, prefix: true), Array(bytes.dropLast()))
            }
        }
        // A file that says it is empty and is not (the kernel's files) is read to its end too.
        let status = try FileSystem.read("/proc/self/status")
        XCTAssertTrue(String(decoding: status, as: UTF8.self).contains("VmHWM:"), "\(status.count) bytes")
    }

    func testAFileInUTF16OrUTF32IsNamedAsSuch() throws {
        let folder = try makeTempDir() + "/wide"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let text = "{\"properties\": {}}"
        let cases: [(String, [UInt8])] = [
            ("UTF-16 (little-endian)", [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }),
            ("UTF-16 (big-endian)", text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }),
            ("UTF-32 (little-endian)", text.unicodeScalars.flatMap { [UInt8($0.value & 0xFF), 0, 0, 0] }),
        ]
        try TestSupport.write(Array("{\"swagger\": \"2.0\"}".utf8), to: folder + "/apiDefinition.swagger.json")
        for (name, data) in cases {
            try TestSupport.write(data, to: folder + "/apiProperties.json")
            XCTAssertThrowsError(try ConnectorDocument.open(folder)) { error in
                XCTAssertEqual("\(error)", "\(folder)/apiProperties.json: is \(name); connector files must be UTF-8.")
            }
        }
    }

    func testThousandsOfDuplicateKeysAreEachNamedWithTheirLine() throws {
        var text = "{\n"
        for i in 0..<5000 { text += "  \"k\(i)\": 1,\n  \"k\(i)\": 2,\n" }
        text += "  \"end\": true\n}\n"
        let r = try JSONReader.read(Array(text.utf8))
        XCTAssertEqual(r.warnings.count, 5000)
        XCTAssertEqual(r.warnings.last?.description, "line 10001, column 3: duplicate key \"k4999\" (the last one is used)")
        XCTAssertEqual(r.value["k17"], 2)
    }

    func testTextFromAFileCannotReachTheTerminalAsControls() {
        let hostile = "T\u{1B}]52;c;UFdORUQ=\u{07}\u{1B}]0;PWN\u{07}\u{1B}[2J\u{9B}31m"
        let safe = Neutralised.text(hostile)
        XCTAssertFalse(safe.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }, safe.debugDescription)
        XCTAssertTrue(safe.hasPrefix("T ]52;c;UFdORUQ="), safe)
        XCTAssertEqual(Neutralised.text("two\nlines"), "two\nlines")
        XCTAssertEqual(Neutralised.text("two\nlines", keepingLines: false), "two lines")
        let json = JSONWriter(escapingEveryControl: true).string(["title": .string(hostile)])
        XCTAssertTrue(json.contains("\\u001b]52;c;UFdORUQ=\\u0007") && json.contains("\\u009b31m"), json)
        XCTAssertFalse(json.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || (0x7F...0x9F).contains($0.value) })
    }
}
