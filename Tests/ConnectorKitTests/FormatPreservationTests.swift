@testable import ConnectorKit
import XCTest

/// A save changes in a file only the lines of what changed: makers keep connectors in git and
/// read the diff.
final class FormatPreservationTests: XCTestCase {
    /// Every fixture file that reads, with its source kept.
    func readableFixtures() -> [(path: String, bytes: [UInt8], result: JSONReader.Result)] {
        TestSupport.allFixtureJSONFiles().compactMap { path in
            guard let bytes = TestSupport.read(TestSupport.fixture(path)), let r = try? JSONReader.read(bytes, keepSource: true) else { return nil }
            return (path, bytes, r)
        }
    }

    func writer(_ r: JSONReader.Result) -> JSONWriter { JSONWriter(indent: r.indent, lineEnding: r.lineEnding) }

    func lines(_ bytes: [UInt8]) -> [Substring] {
        String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    }

    func testAnUnchangedFileIsWrittenBackByteForByte() {
        let files = readableFixtures()
        XCTAssertGreaterThan(files.count, 80)
        for f in files {
            XCTAssertEqual(writer(f.result).bytes(f.result.value, keeping: f.result.source), f.bytes, f.path)
        }
    }

    func testChangingOneValueChangesOneLine() {
        var checked = 0
        for f in readableFixtures() {
            guard case .object(var root) = f.result.value else { continue }
            let key = root["host"] != nil ? "host" : root["properties"] != nil ? "properties" : nil
            guard let key else { continue }
            if key == "host" {
                root["host"] = "changed.example.com"
            } else {
                guard case .object(var p)? = root["properties"], p["iconBrandColor"] != nil else { continue }
                p["iconBrandColor"] = "#123456"
                root["properties"] = .object(p)
            }
            let out = writer(f.result).bytes(.object(root), keeping: f.result.source)
            let before = lines(f.bytes)
            let after = lines(out)
            guard before.count == after.count else {
                XCTFail("\(f.path): \(before.count) lines became \(after.count)")
                continue
            }
            let differing = zip(before, after).filter { $0 != $1 }
            XCTAssertEqual(differing.count, 1, "\(f.path): \(differing.prefix(3))")
            XCTAssertEqual(try JSONReader.read(out).value, .object(root), f.path)
            checked += 1
        }
        XCTAssertGreaterThan(checked, 70)
    }

    func testAddedMembersFollowTheFilesOwnIndentAndLineEndings() throws {
        let text = "{\r\n\t\"a\": 1,\r\n\t\"b\": {\r\n\t\t\"c\": [1, 2]\r\n\t}\r\n}\r\n"
        let r = try JSONReader.read(Array(text.utf8), keepSource: true)
        XCTAssertEqual(r.indent, "\t")
        XCTAssertEqual(r.lineEnding, "\r\n")
        guard case .object(var root) = r.value else { return XCTFail() }
        root["d"] = "new"
        let out = String(decoding: writer(r).bytes(.object(root), keeping: r.source), as: UTF8.self)
        XCTAssertEqual(out, "{\r\n\t\"a\": 1,\r\n\t\"b\": {\r\n\t\t\"c\": [1, 2]\r\n\t},\r\n\t\"d\": \"new\"\r\n}\r\n",
                       "the untouched inline array stays inline; the new member uses a tab and CRLF")
    }

    func testAByteOrderMarkIsKept() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("{\n  \"a\": 1\n}\n".utf8)
        let r = try JSONReader.read(bytes, keepSource: true)
        let out = writer(r).bytes(["a": 2], keeping: r.source)
        XCTAssertEqual(out, [0xEF, 0xBB, 0xBF] + Array("{\n  \"a\": 2\n}\n".utf8))
    }
}
