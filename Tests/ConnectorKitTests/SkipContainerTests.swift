import CJSONScan
import XCTest

/// `cw_json_skip_container` (the first look's skip over `paths`) against a byte-at-a-time
/// reading of the same rule, with every kind of byte that matters at every place in a block.
final class SkipContainerTests: XCTestCase {
    /// One past the container opening at `start`, by brackets and quotes, a byte at a time.
    private func reference(_ p: [UInt8], _ start: Int) -> Int? {
        var depth = 0, inString = false, i = start
        while i < p.count {
            let c = p[i]
            if inString {
                if c == UInt8(ascii: "\\") { i += 1 } else if c == UInt8(ascii: "\"") { inString = false }
            } else if c == UInt8(ascii: "\"") {
                inString = true
            } else if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                depth += 1
            } else if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 { return i + 1 }
            }
            i += 1
        }
        return nil
    }

    private func skip(_ p: [UInt8], _ start: Int) -> Int? {
        let end = p.withUnsafeBufferPointer { cw_json_skip_container($0.baseAddress, $0.count, start) }
        return end == Int(bitPattern: UInt(SIZE_MAX)) ? nil : end
    }

    func testTheSkipFindsTheEndWhereverTheBlocksFall() {
        let pieces = [#"{"a": "x}y", "b\\": [1, {"c": "\"]"}], "\\\"{": {}, "d": "\\\\"}"#,
                      #"[["\\\\\\\"", "{[", "]}"], {"k\"}": "v\\\\"}, "end"]"#,
                      #"{"/items/{id}": {"get": {"summary": "A \"quoted\" {word}", "tags": []}}}"#,
                      // No backslash at all: whole blocks are read at once.
                      #"{"a": ["{", "}", "[[", "]]"], "b": {"c": {"d": [[], [{}]]}}, "e": "}}}}]]]", "f": [[[[]]]]}"#,
                      // Strings longer than a block, brackets in them on both sides of its edge.
                      #"{"a": "{[}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}", "b": [1], "c": "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"}"#]
        var cases = 0
        for piece in pieces {
            for pad in 0..<40 {
                for tail in [0, 1, 15, 16, 17] {
                    let bytes = Array(String(repeating: " ", count: pad).utf8) + Array(piece.utf8)
                        + Array(String(repeating: "x", count: tail).utf8)
                    XCTAssertEqual(skip(bytes, pad), reference(bytes, pad), "\(piece) after \(pad) spaces")
                    XCTAssertEqual(skip(bytes, pad), pad + piece.utf8.count)
                    // Cut short anywhere, it is never closed.
                    for cut in stride(from: pad + 1, to: pad + piece.utf8.count, by: 3) {
                        let short = Array(bytes[..<cut])
                        XCTAssertEqual(skip(short, pad), reference(short, pad), "\(piece) cut at \(cut - pad)")
                        cases += 1
                    }
                }
            }
        }
        XCTAssertGreaterThan(cases, 1000)
    }

    func testBackslashesAtTheEndOfABlockEscapeTheNextBlocksFirstByte() {
        // A string of backslash pairs and a quote, placed so the escape straddles each boundary.
        for pad in 0..<32 {
            for run in 1...6 {
                let text = "[\"" + String(repeating: "\\\\", count: run) + "\\\"]\"]"
                let bytes = Array(String(repeating: " ", count: pad).utf8) + Array(text.utf8)
                XCTAssertEqual(skip(bytes, pad), reference(bytes, pad), "\(text) after \(pad)")
                XCTAssertEqual(skip(bytes, pad), bytes.count)
            }
        }
    }
}
