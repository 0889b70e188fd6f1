import CJSONScan
import XCTest

/// `cw_json_skip_container` (the first look's skip over `paths`) against a byte-at-a-time
/// reading of the same rule, with every kind of byte that matters at every place in a block;
/// each case also through `cw_json_skip_container_sse2`, so both the AVX2 and the SSE2 loop are
/// checked on a CPU with AVX2.
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

    /// The skip's answer, read both ways: with the loop the CPU's features choose (AVX2 where
    /// there is AVX2) and with the SSE2 loop, which must give the same.
    private func skip(_ p: [UInt8], _ start: Int, file: StaticString = #filePath, line: UInt = #line) -> Int? {
        let (chosen, sse2) = p.withUnsafeBufferPointer {
            (cw_json_skip_container($0.baseAddress, $0.count, start), cw_json_skip_container_sse2($0.baseAddress, $0.count, start))
        }
        XCTAssertEqual(chosen, sse2, "the SSE2 loop from \(start) in \(String(decoding: p, as: UTF8.self))", file: file, line: line)
        return chosen == Int(bitPattern: UInt(SIZE_MAX)) ? nil : chosen
    }

    /// The AVX2 loop is chosen exactly where the processor has what it needs, as the kernel
    /// reports its flags (the program asks cpuid itself).
    func testTheAVX2LoopIsChosenWhereTheProcessorHasIt() throws {
        #if arch(x86_64) && os(Linux)
        let info = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let flags = Set(info.split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ").map(String.init) ?? [])
        XCTAssertFalse(flags.isEmpty, "/proc/cpuinfo lists the processor's flags")
        let has = flags.isSuperset(of: ["avx2", "pclmulqdq", "popcnt"])
        XCTAssertEqual(cw_json_skip_uses_avx2() != 0, has, "flags: avx2 \(flags.contains("avx2")), pclmulqdq \(flags.contains("pclmulqdq")), popcnt \(flags.contains("popcnt"))")
        #else
        XCTAssertEqual(cw_json_skip_uses_avx2(), 0)
        #endif
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
            for pad in 0..<64 {
                for tail in [0, 1, 63, 64, 65] {
                    // Blocks count from the start: spaces after the opening bracket move the rest
                    // to every place in a block, spaces before it move the block in memory.
                    let start = pad % 3, text = Array(piece.utf8)
                    let bytes = Array(repeating: UInt8(ascii: " "), count: start) + text[..<1]
                        + Array(repeating: UInt8(ascii: " "), count: pad) + text[1...]
                        + Array(repeating: UInt8(ascii: "x"), count: tail)
                    let end = start + pad + text.count
                    XCTAssertEqual(skip(bytes, start), reference(bytes, start), "\(piece) spread by \(pad) spaces")
                    XCTAssertEqual(skip(bytes, start), end)
                    // Cut short anywhere, it is never closed.
                    for cut in stride(from: start + 1, to: end, by: 3) {
                        let short = Array(bytes[..<cut])
                        XCTAssertEqual(skip(short, start), reference(short, start), "\(piece) cut at \(cut - start)")
                        cases += 1
                    }
                }
            }
        }
        XCTAssertGreaterThan(cases, 1000)
    }

    func testBackslashesAtTheEndOfABlockEscapeTheNextBlocksFirstByte() {
        // A string of backslash pairs and a quote, placed so the escape straddles each boundary
        // (blocks count from the start).
        for pad in 0..<64 {
            for run in 1...6 {
                let text = "[\"" + String(repeating: "a", count: pad) + String(repeating: "\\\\", count: run) + "\\\"]\"]"
                let bytes = Array(text.utf8)
                XCTAssertEqual(skip(bytes, 0), reference(bytes, 0), "\(text)")
                XCTAssertEqual(skip(bytes, 0), bytes.count)
            }
        }
    }

    /// The skip and the reference agree on `bytes` from `start`, and on `bytes` cut at `cuts`.
    private func assertAgrees(_ bytes: [UInt8], _ start: Int, cuts: [Int] = [], _ note: @autoclosure () -> String,
                              file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(skip(bytes, start, file: file, line: line), reference(bytes, start), note(), file: file, line: line)
        for cut in cuts where cut >= start && cut <= bytes.count {
            let short = Array(bytes[..<cut])
            XCTAssertEqual(skip(short, start, file: file, line: line), reference(short, start), "\(note()) cut at \(cut)", file: file, line: line)
        }
    }

    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    func testRunsOfBackslashesOfEveryLengthAcrossTheEdgesOfBlocks() {
        // A run starting anywhere in a 64-byte block (blocks count from the start), some long
        // enough to reach into the next two blocks, then what the run may escape.
        let after = ["\"]\"]", "\"]", "x\"]", "\"\"]\"]", "]\"]"]
        for run in 1...70 {
            for at in 0..<64 {
                for tail in after {
                    let text = bytes("[\"") + Array(repeating: UInt8(ascii: "a"), count: at) + Array(repeating: UInt8(ascii: "\\"), count: run)
                        + bytes(tail) + Array(repeating: UInt8(ascii: " "), count: 70)
                    let runEnd = 2 + at + run
                    assertAgrees(text, 0, cuts: [runEnd - 1, runEnd, runEnd + 1], "\(run) backslashes at \(at) then \(tail)")
                }
            }
        }
    }

    func testAnEscapedQuoteAtTheEndOfABlock() {
        // `\"` with the backslash last in the first block: the quote that starts the next block
        // is escaped, the string goes on and its `]` does not count.
        let pad = Array(repeating: UInt8(ascii: "a"), count: 61)
        let straddling = bytes("[\"") + pad + bytes("\\\"]\"]")
        XCTAssertEqual(straddling[63], UInt8(ascii: "\\"))
        XCTAssertEqual(skip(straddling, 0), straddling.count)
        // The quote last in the block, escaped by the byte before it.
        let last = bytes("[\"") + pad.dropLast() + bytes("\\\"]\"]")
        XCTAssertEqual(last[63], UInt8(ascii: "\""))
        XCTAssertEqual(skip(last, 0), last.count)
        // Two backslashes there escape each other: the quote closes the string.
        let pair = bytes("[\"") + pad.dropLast() + bytes("\\\\\"]\"]")
        XCTAssertEqual(skip(pair, 0), 66)
        for text in [straddling, last, pair] { assertAgrees(text, 0, cuts: Array(60...text.count), "\(text)") }
    }

    func testAnEscapeCarriedIntoABlockWithoutBrackets() {
        // A run of backslashes last in a block, then a block with no bracket nor backslash that
        // starts with the byte the run may escape: a quote, which then does not close the string,
        // or a letter, after which the next block's first quote is not escaped.
        for run in 1...6 {
            for first in ["\"", "a"] {
                for start in [0, 1, 2] {
                    let head = Array(repeating: UInt8(ascii: " "), count: start) + bytes("[\"")
                        + Array(repeating: UInt8(ascii: "a"), count: 62 - run) + Array(repeating: UInt8(ascii: "\\"), count: run)
                    let text = head + bytes(first) + Array(repeating: UInt8(ascii: "a"), count: 63) + bytes("\"]\"]")
                        + Array(repeating: UInt8(ascii: " "), count: 64)
                    XCTAssertEqual(text[start + 63], UInt8(ascii: "\\"))
                    assertAgrees(text, start, cuts: [start + 64, start + 65, start + 130], "\(run) backslashes then \(first) from \(start)")
                }
            }
        }
    }

    func testStringsLongerThanABlock() {
        // Strings of one to five blocks with brackets, '|' and escaped quotes in them, some
        // blocks of them with nothing but letters, so whether a string is open comes from the
        // parity of quotes counted over blocks.
        let fillings = ["a", "{", "]", "|", "\\\"", "\\\\", "\\]"]
        var generator = Generator(seed: 64)
        for length in stride(from: 60, through: 330, by: 9) {
            var text = bytes("{\"k\": [\"")
            while text.count < length {
                let filling = generator.next() % 4 == 0 ? fillings[Int(generator.next() % UInt64(fillings.count))] : "a"
                text += bytes(filling)
            }
            text += bytes("\", {\"x\": \"}\"}], \"n\": 1}")
            let expected = reference(text, 0)
            XCTAssertEqual(expected, text.count)
            for pad in [0, 1, 31, 62, 63] {
                let padded = Array(repeating: UInt8(ascii: " "), count: pad) + text
                assertAgrees(padded, pad, cuts: [padded.count - 1, padded.count - 20], "\(length) after \(pad)")
            }
        }
    }

    func testTheDepthComesToZeroInABlockThatAlsoOpensBrackets() {
        // The closing bracket at every place in a block, with brackets opened and closed before
        // it in the same block and opened after it.
        for at in 0..<64 {
            for start in [0, 5] {
                // `}` is 8 bytes after the start and the fill; blocks count from the start.
                let head = Array(repeating: UInt8(ascii: " "), count: start) + bytes("{\"a\": ")
                let fill = Array(repeating: UInt8(ascii: " "), count: 64 + (at + 56) % 64)
                let text = head + fill + bytes("[]}") + bytes("]{[{\"b\": [") + Array(repeating: UInt8(ascii: " "), count: 64)
                let end = head.count + fill.count + 3
                XCTAssertEqual(skip(text, start), end, "closing \(at) into a block, from \(start)")
                XCTAssertEqual(reference(text, start), end)
            }
        }
        // Opened and closed within one block, then more opened in it.
        let inOne = bytes("[{}, [[]], {\"a\": []}]{[[{") + Array(repeating: UInt8(ascii: " "), count: 80)
        XCTAssertEqual(skip(inOne, 0), 21)
    }

    func testQuotesCountedOverHundredsOfBlocksWithoutBrackets() {
        // More than 255 quotes in the same byte lane between two blocks with brackets.
        let space = Array(repeating: UInt8(ascii: " "), count: 63)
        let pairs = Array(repeating: bytes("\"") + Array(repeating: UInt8(ascii: "a"), count: 61) + bytes("\","), count: 600)
        let even = bytes("[") + space + pairs.flatMap { $0 } + bytes("\"]\"]") + space
        XCTAssertEqual(skip(even, 0), even.count - 63)
        // One quote a block: a string opens in one block and closes in the next.
        for blocks in [599, 600] {
            let halves = Array(repeating: Array(repeating: UInt8(ascii: "a"), count: 63) + bytes("\""), count: blocks)
            let text = bytes("[") + space + halves.flatMap { $0 } + bytes("]\"]") + space
            assertAgrees(text, 0, "\(blocks) blocks")
            XCTAssertEqual(skip(text, 0), text.count - 63 - (blocks % 2 == 0 ? 2 : 0))
        }
    }

    func testBackslashesOutsideStringsEscapeNothing() {
        // Not JSON, but the rule is the same: outside strings a backslash is a byte like any
        // other, wherever it falls in a block, alone or before an escape inside a string.
        let forms = ["\\\"]\"]", "\\]", "\\\\[\"\\\"]\"]]", "\"\\\"\" \\\"]\"]", "|\\|\"|\"]"]
        for form in forms {
            for at in 0..<70 {
                let text = bytes("[") + Array(repeating: UInt8(ascii: " "), count: at) + bytes(form) + Array(repeating: UInt8(ascii: " "), count: 64)
                assertAgrees(text, 0, cuts: [at + 2, at + form.utf8.count], "\(form) at \(at)")
            }
        }
    }

    func testRandomBytesAgreeWithTheByteAtATimeReading() {
        // Quotes, brackets, '|' and runs of backslashes of any length in any order, from any
        // start, also cut short.
        var generator = Generator(seed: 2026)
        let alphabet = Array("\"{}[]|a ,:".utf8)
        for round in 0..<3000 {
            var text: [UInt8] = []
            let length = Int(generator.next() % 400)
            while text.count < length {
                if generator.next() % 12 == 0 {
                    text += Array(repeating: UInt8(ascii: "\\"), count: Int(generator.next() % 70) + 1)
                } else {
                    text.append(alphabet[Int(generator.next() % UInt64(alphabet.count))])
                }
            }
            let start = text.isEmpty ? 0 : Int(generator.next() % UInt64(min(text.count, 80)))
            assertAgrees(text, start, cuts: [Int(generator.next() % UInt64(text.count + 1))], "round \(round)")
        }
    }

    /// A small seeded generator (xorshift), so the random inputs are the same at every run.
    private struct Generator {
        var state: UInt64
        init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }
        mutating func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
    }
}
