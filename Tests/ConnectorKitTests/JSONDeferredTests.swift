@testable import ConnectorKit
import Foundation
import XCTest

/// Large members read later (`deferring`) and positions found again in the bytes on a save: the
/// same values, warnings, errors and written bytes as reading everything at once.
final class JSONDeferredTests: XCTestCase {
    private func readBoth(_ bytes: [UInt8]) throws -> (eager: JSONReader.Result, deferred: JSONReader.Result) {
        (try JSONReader.read(bytes, keepSource: true), try JSONReader.read(bytes, keepSource: true, deferring: true))
    }

    /// `{"info": …, "paths": {<n members>}}`, with `inner` inside one member of paths.
    private func document(_ inner: String, members: Int = 800) -> String {
        var paths: [String] = []
        for i in 0..<members {
            paths.append("    \"/items/\(i)\": {\n      \"get\": {\"summary\": \"Item number \(i)\", \"tags\": [\"a\", \"b\"]}\n    }")
        }
        paths.insert("    \"/inner\": \(inner)", at: members / 2)
        return "{\n  \"swagger\": \"2.0\",\n  \"info\": {\"title\": \"T\"},\n  \"paths\": {\n" + paths.joined(separator: ",\n")
            + "\n  },\n  \"host\": \"h\"\n}\n"
    }

    func testFixturesReadTheSameDeferred() throws {
        var deferredSome = false
        for path in TestSupport.allFixtureJSONFiles() {
            guard let bytes = TestSupport.read(TestSupport.fixture(path)) else { continue }
            let eager: JSONReader.Result
            do { eager = try JSONReader.read(bytes) } catch {
                XCTAssertThrowsError(try JSONReader.read(bytes, deferring: true)) { XCTAssertEqual($0 as? JSONReader.SyntaxError, error) }
                continue
            }
            let deferred = try JSONReader.read(bytes, keepSource: true, deferring: true)
            XCTAssertEqual(deferred.warnings, eager.warnings, path)
            XCTAssertEqual(deferred.value, eager.value, path)
            XCTAssertEqual(eager.value, deferred.value, path)
            XCTAssertEqual(JSONWriter().bytes(deferred.value), JSONWriter().bytes(eager.value), path)
            XCTAssertEqual(JSONWriter().bytes(deferred.value, keeping: deferred.source), bytes, path)
            if bytes.count >= JSONReader.deferredSize { deferredSome = true }
        }
        XCTAssertTrue(deferredSome, "some fixture is large enough to defer a member")
    }

    func testWarningsAndErrorsInsideADeferredMemberAreTheSame() throws {
        let quirks = [
            "{\"a\": 1, \"a\": 2}", "{\"a\": [1, 2,],}", "{\"a\": \"x\ty\"}", "{\"a\":\u{2003}1}", "{\"k\": \"\\u00e9\\n\"}",
        ]
        for inner in quirks {
            let bytes = Array(document(inner).utf8)
            XCTAssertGreaterThan(bytes.count, JSONReader.deferredSize)
            let (eager, deferred) = try readBoth(bytes)
            XCTAssertEqual(eager.warnings.count, inner.contains("\\u00e9") ? 0 : 1, inner)
            XCTAssertEqual(deferred.warnings, eager.warnings, inner)
            XCTAssertEqual(deferred.value, eager.value, inner)
        }
        for broken in ["{\"a\": }", "{\"a\" 1}", "[1 2]", "{\"a\": \"x}", "{\"a\": tru}", "{\"a\": \"\\x\"}"] {
            let bytes = Array(document(broken).utf8)
            var expected: JSONReader.SyntaxError?
            XCTAssertThrowsError(try JSONReader.read(bytes)) { expected = $0 as? JSONReader.SyntaxError }
            XCTAssertThrowsError(try JSONReader.read(bytes, deferring: true), broken) {
                XCTAssertEqual($0 as? JSONReader.SyntaxError, expected, broken)
            }
        }
        // A Windows-1252 byte inside the deferred member.
        var bytes = Array(document("{\"a\": \"cafX\"}").utf8)
        bytes[bytes.firstIndex(of: UInt8(ascii: "X"))!] = 0xE9
        let (eager, deferred) = try readBoth(bytes)
        XCTAssertEqual(deferred.warnings, eager.warnings)
        XCTAssertEqual(eager.warnings.count, 1)
        XCTAssertEqual(deferred.value["paths"]?["/inner"]?["a"], "caf\u{E9}")
    }

    /// A first look (deferred members skipped by their brackets, not checked) reads what the full
    /// reading reads wherever the full reading succeeds, every fixture and each quirk included.
    func testAFirstLookReadsTheSameValuesAsTheFullReading() throws {
        var samples = TestSupport.allFixtureJSONFiles().compactMap { TestSupport.read(TestSupport.fixture($0)) }
        // Strings with escaped quotes and backslashes, brackets in strings, nesting, every quirk.
        samples += ["{\"a\\\"]}\": [\"}{\", {\"b\": [[], {}]}], \"c\\\\\": \"\\\\\"}",
                    "{\"a\": 1, \"a\": 2}", "{\"a\": [1, 2,],}", "{\"a\": \"x\ty\"}", "{\"a\":\u{2003}1}"]
            .map { Array(document($0).utf8) }
        var skipped = 0
        for bytes in samples {
            guard let full = try? JSONReader.read(bytes, keepSource: true, deferring: true) else { continue }
            let first = try JSONReader.read(bytes, keepSource: true, deferring: true, checkingDeferred: false)
            XCTAssertEqual(first.value, full.value)
            XCTAssertEqual(JSONWriter().bytes(first.value, keeping: first.source), bytes)
            if bytes.count >= JSONReader.deferredSize { skipped += 1 }
        }
        XCTAssertGreaterThan(skipped, 5)
    }

    func testAFirstLookDoesNotCheckWhatItSkipsAndTheFullReadingDoes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cw-first-look-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try TestSupport.write(Array("{\"properties\": {}}".utf8), to: folder + "/apiProperties.json")
        try TestSupport.write(Array(document("{\"a\" 1}").utf8), to: folder + "/apiDefinition.swagger.json")
        let first = try ConnectorDocument.open(folder, firstLook: true)
        XCTAssertEqual(first.definition["host"], "h")
        XCTAssertTrue(first.readFingerprints.isEmpty, "a first look is never saved from")
        XCTAssertThrowsError(try ConnectorDocument.open(folder)) { error in
            XCTAssertTrue("\(error)".hasSuffix("apiDefinition.swagger.json: is not valid JSON at line 1205, column 20: expected ':' after the key \"a\"."),
                          "\(error)")
        }
        // An object that is never closed cannot be skipped either.
        try TestSupport.write(Array(document("{\"a\": [}").utf8).dropLast(40), to: folder + "/apiDefinition.swagger.json")
        XCTAssertThrowsError(try ConnectorDocument.open(folder, firstLook: true))
    }

    /// A deferred member's keys are compared as bytes while checked where that means the same as
    /// comparing strings: keys with escapes or bytes above 0x7F are still compared as strings.
    func testDuplicateKeysInADeferredMemberAreTheSame() throws {
        let many = (0..<40).map { "\"k\($0)\": \($0)" }
        func object(_ parts: [String]) -> String { "{" + parts.joined(separator: ", ") + "}" }
        let cases: [(inner: String, duplicates: Int)] = [
            ("{\"a\": 1, \"\\u0061\": 2}", 1),
            ("{\"\\u0061\": 1, \"a\": 2}", 1),
            ("{\"a/b\": 1, \"a\\/b\": 2}", 1),
            ("{\"K\": 1, \"\\u212A\": 2}", 1),
            ("{\"\u{E9}\": 1, \"e\u{301}\": 2}", 1),
            ("{\"ab\": 1, \"a\": 2, \"abc\": 3, \"b\": 4}", 0),
            ("{\"a\": {\"x\": 1, \"x\": 2}, \"b\": {\"x\": 1, \"x\": 2}}", 1),
            (object(many + ["\"k3\": 0"]), 1),
            (object(many + ["\"k\\u0033\": 0", "\"k5\": 0", "\"k40\": 0", "\"k40\": 1"]), 3),
            (object(Array(many[0..<10]) + ["\"\\n\": 0"] + Array(many[10...]) + ["\"k1\": 0", "\"\\n\": 1"]), 2),
            (object(many + many), 40),
        ]
        for (inner, duplicates) in cases {
            let bytes = Array(document(inner).utf8)
            let (eager, deferred) = try readBoth(bytes)
            XCTAssertEqual(eager.warnings.count, duplicates, inner)
            XCTAssertEqual(deferred.warnings, eager.warnings, inner)
            XCTAssertEqual(deferred.value, eager.value, inner)
        }
        for broken in ["{\"a\\u0062\" 1}", "{\"ab\": 1 \"c\": 2}", object(many + ["\"last\" 1"]), object(many + ["\"l\\u0061st\": 1 2"])] {
            let bytes = Array(document(broken).utf8)
            var expected: JSONReader.SyntaxError?
            XCTAssertThrowsError(try JSONReader.read(bytes)) { expected = $0 as? JSONReader.SyntaxError }
            XCTAssertThrowsError(try JSONReader.read(bytes, deferring: true), broken) {
                XCTAssertEqual($0 as? JSONReader.SyntaxError, expected, broken)
            }
        }
    }

    func testADeferredMemberCanBeChangedAndSaved() throws {
        let bytes = Array(document("{\"a\": 1}").utf8)
        let (eager, deferred) = try readBoth(bytes)
        var e = eager.value
        var d = deferred.value
        XCTAssertEqual(d["paths"]?.objectValue?.count, 801)
        e["paths"]?["/new"] = ["get": [:]]
        d["paths"]?["/new"] = ["get": [:]]
        e["paths"]?["/items/3"] = nil
        d["paths"]?["/items/3"] = nil
        e["info"]?["title"] = "Changed"
        d["info"]?["title"] = "Changed"
        XCTAssertEqual(d, e)
        let writer = JSONWriter(indent: eager.indent, lineEnding: eager.lineEnding)
        XCTAssertEqual(writer.bytes(d, keeping: deferred.source), writer.bytes(e, keeping: eager.source))
        // Only the title changed: everything else, the deferred paths too, is copied as it was.
        var title = deferred.value
        title["info"]?["title"] = "New"
        let out = String(decoding: writer.bytes(title, keeping: deferred.source), as: UTF8.self)
        XCTAssertEqual(out, String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\"title\": \"T\"", with: "\"title\": \"New\""))
    }

    func testSpansFoundInTheBytesStandWhereTheValuesWere() throws {
        for path in TestSupport.allFixtureJSONFiles() {
            guard let bytes = TestSupport.read(TestSupport.fixture(path)),
                  let read = try? JSONReader.read(bytes, keepSource: true), let source = read.source else { continue }
            func check(_ value: JSONValue, _ span: JSONSpan, depth: Int = 0) {
                // Each value's bytes read on their own give the value (near the top: deeper
                // values are inside those bytes already).
                if depth < 3 { XCTAssertEqual(try? JSONReader.read(Array(bytes[span.range])).value, value, path) }
                switch value {
                case .object(let o):
                    XCTAssertEqual(span.children.count, o.count, path)
                    for (m, child) in zip(o.members, span.children) {
                        XCTAssertEqual(bytes[child.memberStart], UInt8(ascii: "\""), path)
                        check(m.value, child, depth: depth + 1)
                    }
                case .array(let items):
                    XCTAssertEqual(span.children.count, items.count, path)
                    for (item, child) in zip(items, span.children) { check(item, child, depth: depth + 1) }
                default:
                    XCTAssertTrue(span.children.isEmpty, path)
                }
            }
            check(read.value, source.span)
        }
    }
}
