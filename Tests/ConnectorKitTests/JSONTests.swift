import ConnectorKit
import Foundation
import XCTest

/// The lenient, order-keeping JSON reader and the writer (§4 "Fidelity").
final class JSONTests: XCTestCase {
    private func read(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> JSONReader.Result? {
        do {
            return try JSONReader.read(text)
        } catch {
            XCTFail("\(text.debugDescription) should read: \(error)", file: file, line: line)
            return nil
        }
    }

    private func readError(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) -> JSONReader.SyntaxError? {
        do {
            let r = try JSONReader.read(bytes)
            XCTFail("should not read; got \(r.value)", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    private func readError(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> JSONReader.SyntaxError? {
        readError(Array(text.utf8), file: file, line: line)
    }

    // MARK: reading

    func testKeyOrderIsKept() {
        let r = read(#"{"zeta": 1, "alpha": {"b": 2, "a": 3}, "mid": [], "Beta": null}"#)
        XCTAssertEqual(r?.value.objectValue?.keys, ["zeta", "alpha", "mid", "Beta"])
        XCTAssertEqual(r?.value["alpha"]?.objectValue?.keys, ["b", "a"])
        XCTAssertEqual(r?.warnings, [])
    }

    func testValues() {
        let r = read(#"{"s": "x", "t": true, "f": false, "n": null, "a": [1, "2", [3]], "o": {}}"#)
        XCTAssertEqual(r?.value, ["s": "x", "t": true, "f": false, "n": nil, "a": [1, "2", [3]], "o": [:]])
        XCTAssertEqual(r?.value[path: ["a"]]?.arrayValue?.count, 3)
        XCTAssertEqual(read("  42 ")?.value.intValue, 42)
        XCTAssertEqual(read(#""just a string""#)?.value, "just a string")
    }

    func testNumbersKeepTheirSpelling() {
        for n in ["1.0", "0", "-0", "1e10", "1E+2", "2.50", "-12.5e-3", "12345678901234567890123"] {
            XCTAssertEqual(read("[\(n)]")?.value, .array([.number(n)]), n)
            XCTAssertEqual(JSONWriter().string(.array([.number(n)])), "[\n  \(n)\n]\n", n)
        }
        XCTAssertEqual(read("1.0")?.value.intValue, 1)
        for bad in ["-", "1.", ".5", "1e", "+1", "[1,,2]"] {
            XCTAssertNotNil(readError(bad), bad)
        }
    }

    func testEscapes() {
        let r = read(#"["\"\\\/\b\f\n\r\t", "\u00e9\u00E9", "\ud83d\ude00", "\u2003x"]"#)
        XCTAssertEqual(r?.value, ["\"\\/\u{8}\u{C}\n\r\t", "éé", "😀", "\u{2003}x"])
        XCTAssertEqual(r?.warnings, [])
        XCTAssertNotNil(readError(#"["\x"]"#))
        XCTAssertNotNil(readError(#"["\u12"]"#))
        XCTAssertNotNil(readError(#"["\u12G4"]"#))
    }

    func testNonASCIIReadsAsItIs() {
        XCTAssertEqual(read(#"{"名前": "Grüße 😀"}"#)?.value, ["名前": "Grüße 😀"])
    }

    func testCRLFIsNotAWarningButIsRemembered() {
        let r = read("{\r\n  \"a\": 1,\r\n  \"b\": 2\r\n}\r\n")
        XCTAssertEqual(r?.value, ["a": 1, "b": 2])
        XCTAssertEqual(r?.warnings, [])
        XCTAssertEqual(r?.lineEnding, "\r\n")
        XCTAssertEqual(read("{\n  \"a\": 1\n}\n")?.lineEnding, "\n")
    }

    // MARK: lenient reading: each quirk gives a warning and the right value

    func testByteOrderMark() throws {
        let r = try JSONReader.read([0xEF, 0xBB, 0xBF] + Array(#"{"a": 1}"#.utf8))
        XCTAssertEqual(r.value, ["a": 1])
        XCTAssertTrue(r.hadByteOrderMark)
        XCTAssertEqual(r.warnings.count, 1)
        XCTAssertTrue(r.warnings.first?.message.contains("byte-order mark") ?? false, "\(r.warnings)")
        XCTAssertFalse(read(#"{"a": 1}"#)?.hadByteOrderMark ?? true)
    }

    func testTrailingCommas() {
        let r = read("{\n  \"a\": [1, 2,],\n  \"b\": 3,\n}")
        XCTAssertEqual(r?.value, ["a": [1, 2], "b": 3])
        XCTAssertEqual(r?.warnings.count, 1, "one warning for the kind, not one per comma")
        let w = r?.warnings.first
        XCTAssertTrue(w?.message.contains("trailing comma") ?? false, "\(String(describing: w))")
        // The first trailing comma: line 2, right after "[1, 2" (column 13).
        XCTAssertEqual(w?.line, 2)
        XCTAssertEqual(w?.column, 13)
    }

    func testRawTabInString() {
        let r = read("{\"a\": \"x\ty\"}")
        XCTAssertEqual(r?.value, ["a": "x\ty"])
        XCTAssertEqual(r?.warnings.count, 1)
        XCTAssertTrue(r?.warnings.first?.message.contains("TAB") ?? false, "\(String(describing: r?.warnings))")
        XCTAssertEqual(r?.warnings.first?.column, 9)
    }

    func testInvalidUTF8IsReadAsWindows1252() throws {
        // 0xAD is a soft hyphen in Windows-1252; 0x93/0x94 are curly quotes; valid UTF-8 in the same string stays.
        let bytes = Array(#"{"a": "soft"#.utf8) + [0xAD] + Array("hyphen ".utf8) + [0x93] + Array("q".utf8) + [0x94]
            + Array(" é\"}".utf8)
        let r = try JSONReader.read(bytes)
        XCTAssertEqual(r.value, ["a": .string("soft\u{AD}hyphen \u{201C}q\u{201D} é")])
        XCTAssertEqual(r.warnings.count, 1)
        XCTAssertTrue(r.warnings.first?.message.contains("UTF-8") ?? false, "\(r.warnings)")
    }

    func testDuplicateKeysTheLastOneWins() {
        let r = read(#"{"a": 1, "b": 2, "a": 3}"#)
        XCTAssertEqual(r?.value["a"], 3)
        XCTAssertEqual(r?.value["b"], 2)
        XCTAssertEqual(r?.warnings.count, 1)
        XCTAssertTrue(r?.warnings.first?.message.contains("duplicate key \"a\"") ?? false, "\(String(describing: r?.warnings))")
        XCTAssertEqual(r?.warnings.first?.column, 18)
    }

    // MARK: errors name the line and column

    func testMissingFinalBrace() {
        let e = readError("{\n  \"a\": {\n    \"b\": 1\n  }\n")
        XCTAssertEqual(e?.line, 5)
        XCTAssertEqual(e?.column, 1)
        XCTAssertTrue(e?.message.contains("line 1, column 1") ?? false, "names where the object opened: \(String(describing: e))")
        XCTAssertTrue(e?.description.hasPrefix("line 5, column 1: ") ?? false, "\(String(describing: e))")
    }

    func testEmSpaceUsedAsWhiteSpaceIsNamed() throws {
        let r = try JSONReader.read(Array("{\n  \"a\":\u{2003}1\n}".utf8))
        XCTAssertEqual(r.value["a"], 1)
        XCTAssertEqual(r.warnings.map(\.description), ["line 2, column 7: U+2003 between values, read as white space"])
        // Between members as well.
        let r2 = try JSONReader.read(Array("{\"a\": 1,\u{2003}\"b\": 2}".utf8))
        XCTAssertEqual(r2.value["b"], 2)
        XCTAssertEqual(r2.warnings.map(\.description), ["line 1, column 9: U+2003 between values, read as white space"])
    }

    func testColumnsCountCharactersNotBytes() {
        let e = readError(#"["é", x]"#)
        XCTAssertEqual(e?.line, 1)
        XCTAssertEqual(e?.column, 7)
        // A byte-order mark is not a column.
        let e2 = readError([0xEF, 0xBB, 0xBF] + Array("[x]".utf8))
        XCTAssertEqual(e2?.column, 2)
    }

    func testOtherErrors() {
        XCTAssertEqual(readError("")?.line, 1)
        XCTAssertNotNil(readError("   "))
        let colon = readError(#"{"a" 1}"#)
        XCTAssertEqual(colon?.column, 6)
        XCTAssertTrue(colon?.message.contains("':'") ?? false, "\(String(describing: colon))")
        XCTAssertNotNil(readError(#"{"a": 1} x"#))
        XCTAssertNotNil(readError(#"{a: 1}"#))
        XCTAssertNotNil(readError(#"["never closed"#))
        XCTAssertNotNil(readError("[tru]"))
        XCTAssertNotNil(readError("{\"a\": 1 \"b\": 2}"))
        XCTAssertNotNil(readError("// comment\n{}"))
        XCTAssertNotNil(readError(String(repeating: "[", count: 10_000)), "deep nesting is an error, not a crash")
    }

    // MARK: writing

    func testWriterLayout() {
        let v: JSONValue = [
            "swagger": "2.0",
            "info": ["title": "Contoso", "version": "1.0"],
            "empty": [:],
            "none": [],
            "list": [1, true, nil, .number("1.50")],
        ]
        let expected = """
            {
              "swagger": "2.0",
              "info": {
                "title": "Contoso",
                "version": "1.0"
              },
              "empty": {},
              "none": [],
              "list": [
                1,
                true,
                null,
                1.50
              ]
            }

            """
        XCTAssertEqual(JSONWriter().string(v), expected)
        XCTAssertEqual(JSONWriter(lineEnding: "\r\n").string(["a": 1]), "{\r\n  \"a\": 1\r\n}\r\n")
        XCTAssertEqual(JSONWriter().string([:]), "{}\n")
        XCTAssertEqual(JSONWriter().string("x"), "\"x\"\n")
    }

    func testWriterEscapes() {
        let s = "q\"b\\n\nr\rt\tb\u{8}f\u{C}c\u{1}\u{1F}/ü😀\u{7F}"
        XCTAssertEqual(JSONWriter().string(.string(s)),
                       "\"q\\\"b\\\\n\\nr\\rt\\tb\\bf\\fc\\u0001\\u001f/ü😀\u{7F}\"\n")
        // Keys are escaped the same way.
        XCTAssertEqual(JSONWriter().string(["a\"b": 1]), "{\n  \"a\\\"b\": 1\n}\n")
    }

    func testReadWriteRoundTrip() throws {
        let v: JSONValue = [
            "z": ["nested": ["deep": [[:], [], ["x": .number("-1.0e5")]]]],
            "a": "tab\tquote\"slash\\nul\u{0}emoji😀",
            "m": [true, false, nil, .number("0.10")],
            "": "empty key",
        ]
        let bytes = JSONWriter().bytes(v)
        let r = try JSONReader.read(bytes)
        XCTAssertEqual(r.value, v)
        XCTAssertEqual(r.warnings, [])
        // And text in the writer's layout comes back byte for byte.
        XCTAssertEqual(JSONWriter().bytes(r.value), bytes)
        let crlf = JSONWriter(lineEnding: "\r\n").bytes(v)
        let r2 = try JSONReader.read(crlf)
        XCTAssertEqual(r2.value, v)
        XCTAssertEqual(JSONWriter(lineEnding: r2.lineEnding).bytes(r2.value), crlf)
    }

    func testObjectEditingKeepsPositions() {
        var o = JSONObject([("a", 1), ("b", 2), ("c", 3)])
        o["b"] = 20
        XCTAssertEqual(o.keys, ["a", "b", "c"])
        o["d"] = 4
        XCTAssertEqual(o.keys, ["a", "b", "c", "d"])
        o["a"] = nil
        XCTAssertEqual(o.keys, ["b", "c", "d"])
        o.set("x", 9, after: "b")
        XCTAssertEqual(o.keys, ["b", "x", "c", "d"])
        o.set("c", 30, after: "d")
        XCTAssertEqual(o.keys, ["b", "x", "c", "d"])
        XCTAssertEqual(o["c"], 30)
        o.set("y", 1, after: "missing")
        XCTAssertEqual(o.keys.last, "y")
        // Order matters for equality: files in git must not be reordered.
        XCTAssertNotEqual(JSONObject([("a", 1), ("b", 2)]), JSONObject([("b", 2), ("a", 1)]))
    }

    // MARK: the real connectors

    /// The fixture file that is truly broken; everything else must read.
    static let brokenFixtures: Set<String> = [
        "certified-connectors/gofileroom/apiProperties.json",
    ]

    /// The JSON quirks of SOURCE.md: file → words of the warning it must give.
    static let quirkFixtures: [String: String] = [
        "certified-connectors/AvePoint Cloud Governance/apiDefinition.swagger.json": "byte-order mark",
        "certified-connectors/Plumsail Documents/apiDefinition.swagger.json": "trailing comma",
        "independent-publisher-connectors/Yelp/apiDefinition.swagger.json": "not valid UTF-8",
        "certified-connectors/RecordedFutureV2/apiDefinition.swagger.json": "duplicate key",
        "certified-connectors/Easyvista_Service._Manager/apiDefinition.swagger.json": "TAB",
    ]

    func testEveryFixtureFileReadsExceptTheTwoBrokenOnes() throws {
        let files = TestSupport.allFixtureJSONFiles()
        XCTAssertGreaterThanOrEqual(files.count, 84, "fixtures not found under \(TestSupport.connectorsFixtures)")
        var warningsByFile: [String: [JSONReader.Warning]] = [:]
        for f in files {
            let bytes = try XCTUnwrap(TestSupport.read(TestSupport.fixture(f)), f)
            do {
                let r = try JSONReader.read(bytes)
                XCTAssertFalse(Self.brokenFixtures.contains(f), "\(f) should not read")
                warningsByFile[f] = r.warnings
                XCTAssertNotNil(r.value.objectValue, "\(f) is a JSON object")
            } catch {
                XCTAssertTrue(Self.brokenFixtures.contains(f), "\(f) should read: \(error)")
                XCTAssertGreaterThan(error.line, 1, "\(f): \(error)")
                XCTAssertGreaterThan(error.column, 0, "\(f): \(error)")
            }
        }
        for (f, words) in Self.quirkFixtures {
            let ws = warningsByFile[f]
            XCTAssertNotNil(ws, "\(f) should read")
            XCTAssertTrue(ws?.contains { $0.message.contains(words) } ?? false, "\(f) should warn about \(words): \(ws ?? [])")
        }
        // No warnings where there is nothing to warn about (the files Python reads strictly and without duplicates).
        for f in ["custom-connectors/HR Cloud/apiProperties.json", "certified-connectors/Egnyte/apiDefinition.swagger.json",
                  "certified-connectors/Encodian/apiDefinition.swagger.json"] {
            XCTAssertEqual(warningsByFile[f], [], f)
        }
    }

    func testBrokenFixturesNameTheirLineAndColumn() throws {
        // gofileroom's apiProperties.json lacks its final brace: the error is at the very end.
        let gofileroom = try XCTUnwrap(TestSupport.read(TestSupport.fixture("certified-connectors/gofileroom/apiProperties.json")))
        let e = readError(gofileroom)
        let lines = gofileroom.split(separator: 0x0A, omittingEmptySubsequences: false).count
        XCTAssertEqual(e?.line, lines, "\(String(describing: e))")
        XCTAssertTrue(e?.message.contains("never closed") ?? false, "\(String(describing: e))")
    }

    /// ZohoSign's swagger uses em spaces as white space (line 14, where Python stops): read as
    /// white space, with a warning at that place.
    func testUnicodeSpacesBetweenValuesAreReadAsWhiteSpaceWithAWarning() throws {
        let zoho = try XCTUnwrap(TestSupport.read(TestSupport.fixture("certified-connectors/ZohoSign/apiDefinition.swagger.json")))
        let r = try JSONReader.read(zoho)
        XCTAssertEqual(r.value[path: ["info", "x-ms-api-annotation", "status"]]?.stringValue, "Production")
        XCTAssertEqual(r.warnings.map(\.description), ["line 14, column 1: U+2003 between values, read as white space"])
        for (space, name) in [("\u{00A0}", "U+00A0"), ("\u{3000}", "U+3000"), ("\u{2028}", "U+2028")] {
            let w = try JSONReader.read(Array("{\"a\":\(space)1}".utf8))
            XCTAssertEqual(w.value["a"], 1)
            XCTAssertEqual(w.warnings.first?.message, "\(name) between values, read as white space")
        }
        XCTAssertThrowsError(try JSONReader.read(Array("{\"a\": \u{00E9}1}".utf8)), "a letter is not white space")
        XCTAssertEqual(try JSONReader.read(Array("{\"a\": \"x\u{2003}y\"}".utf8)).warnings, [], "inside a string it is text")
    }

    /// Writes every fixture back with JSONWriter and has Python compare values, key order and
    /// duplicates with the original, for every file Python reads strictly. Also checks that every
    /// file Python refuses is one the reader warned about (or refused).
    func testFixturesRoundTripThroughTheWriterAsPythonSeesThem() throws {
        guard TestSupport.requirePython() else { return }
        let dir = try makeTempDir()
        var pairs: [JSONValue] = []
        var warned: [String] = []
        for (i, f) in TestSupport.allFixtureJSONFiles().enumerated() {
            guard let bytes = TestSupport.read(TestSupport.fixture(f)), let r = try? JSONReader.read(bytes) else { continue }
            let out = dir + "/\(i).json"
            try TestSupport.write(JSONWriter(lineEnding: r.lineEnding).bytes(r.value), to: out)
            pairs.append([.string(f), .string(TestSupport.fixture(f)), .string(out)])
            if !r.warnings.isEmpty { warned.append(f) }
        }
        let manifest = dir + "/manifest.json"
        try TestSupport.write(JSONWriter().bytes(["pairs": .array(pairs), "warned": .array(warned.map { .string($0) })]), to: manifest)
        let script = """
            import json, sys
            m = json.load(open(sys.argv[1], encoding="utf-8"))
            warned = set(m["warned"])
            bad = 0
            checked = 0
            for name, orig, written in m["pairs"]:
                try:
                    a = json.load(open(orig, encoding="utf-8"), object_pairs_hook=list)
                except Exception as e:
                    if name not in warned:
                        print(f"{name}: Python refuses it ({e}) but the reader gave no warning"); bad += 1
                    continue
                try:
                    b = json.load(open(written, encoding="utf-8"), object_pairs_hook=list)
                except Exception as e:
                    print(f"{name}: the written copy is not strict JSON: {e}"); bad += 1
                    continue
                checked += 1
                if a != b:
                    print(f"{name}: values or key order differ after read + write"); bad += 1
            print(f"checked {checked} files")
            sys.exit(1 if bad or checked < 70 else 0)
            """
        let r = try TestSupport.run("python3", ["-c", script, manifest])
        XCTAssertEqual(r.status, 0, r.output)
    }
}
