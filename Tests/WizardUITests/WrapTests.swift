import XCTest
@testable import WizardUI

/// The one wrapper: by display width, at spaces, line breaks kept, long words cut or kept.
final class WrapTests: XCTestCase {
    func testWordsBreakAtTheLastSpaceInReachAndTheSpaceIsConsumed() {
        XCTAssertEqual(Wrap.lines("Users give a user name and a password.", width: 12),
                       ["Users give a", "user name", "and a", "password."])
        XCTAssertEqual(Wrap.lines("abcde fg", width: 5), ["abcde", "fg"], "a word that fills the line exactly")
        XCTAssertEqual(Wrap.lines("short", width: 40), ["short"])
        XCTAssertEqual(Wrap.lines("  apiProperties.json", width: 40), ["  apiProperties.json"], "leading spaces indent")
        XCTAssertEqual(Wrap.lines("", width: 10), [""])
    }

    func testLineBreaksAreKeptAndEmptyParagraphsAreEmptyLines() {
        XCTAssertEqual(Wrap.lines("one\n\ntwo three", width: 5), ["one", "", "two", "three"])
    }

    func testALongWordIsCutOrKeptWhole() {
        let url = "https://global.consent.azure-apim.net/redirect"
        XCTAssertEqual(Wrap.lines("see \(url)", width: 20), ["see", "https://global.conse", "nt.azure-apim.net/re", "direct"],
                       "a word too long for any line starts a line of its own, then is cut")
        XCTAssertEqual(Wrap.lines("see \(url) now", width: 20, break: .wordsKeepingLong), ["see", url, "now"])
        XCTAssertEqual(Wrap.lines("abcdefgh", width: 3, break: .anywhere), ["abc", "def", "gh"])
        XCTAssertEqual(Wrap.lines("ab cdefgh", width: 3, break: .anywhere), ["ab ", "cde", "fgh"], "anywhere ignores spaces")
    }

    func testWidthIsDisplayWidth() {
        // 漢 and 字 take two cells each.
        XCTAssertEqual(Wrap.lines("漢字 漢字漢字", width: 4), ["漢字", "漢字", "漢字"])
        XCTAssertEqual(Wrap.lines("漢字", width: 3, break: .anywhere), ["漢", "字"])
        XCTAssertEqual(Wrap.lines("漢", width: 1), ["漢"], "a character wider than the line still gets one")
    }

    func testFirstAndRestPrefixesCountInTheWidth() {
        XCTAssertEqual(Wrap.lines("Host must be a host name such as api.contoso.com", width: 24, first: "  error: ", rest: "    "),
                       ["  error: Host must be a", "    host name such as", "    api.contoso.com"])
    }

    func testTheDescriptionFieldsCaretFollowsTheWrappedLines() {
        let text = "Creates and sends\ninvoices"
        var l = MultilineLayout.lines(text, caret: 0, width: 10)
        XCTAssertEqual(l.lines, ["Creates", "and sends", "invoices"])
        XCTAssertEqual([l.row, l.col], [0, 0])
        l = MultilineLayout.lines(text, caret: 8, width: 10)
        XCTAssertEqual([l.row, l.col], [1, 0], "after the consumed space: the start of the next line")
        l = MultilineLayout.lines(text, caret: 17, width: 10)
        XCTAssertEqual([l.row, l.col], [1, 9], "on the line break: the end of its line")
        l = MultilineLayout.lines(text, caret: text.count, width: 10)
        XCTAssertEqual([l.row, l.col], [2, 8])
        l = MultilineLayout.lines("abcdefghij", caret: 10, width: 10)
        XCTAssertEqual(l.lines, ["abcdefghij", ""], "a caret past a full line gets a line of its own")
        XCTAssertEqual([l.row, l.col], [1, 0])
    }

    /// The wrapper as it was written first, over characters alone: the reference the quicker
    /// one (codes a character, ASCII a byte at a time) must agree with.
    static func referenceLines(_ text: String, width: Int, break mode: Wrap.Break) -> [String] {
        let chars = Array(text)
        var out: [(Int, Int)] = []
        var start = 0
        while true {
            let lineEnd = chars[start...].firstIndex(of: "\n") ?? chars.count
            var p = start
            repeat {
                let w = max(1, width)
                var n = p, cells = 0
                while n < lineEnd, cells + TextWidth.of(chars[n]) <= w {
                    cells += TextWidth.of(chars[n])
                    n += 1
                }
                if n == p, n < lineEnd { n += 1 }
                if n >= lineEnd {
                    out.append((p, lineEnd))
                    p = lineEnd
                    break
                }
                if mode != .anywhere {
                    if chars[n] == " " {
                        out.append((p, n))
                        p = n + 1
                        continue
                    }
                    if let space = chars[(p + 1)..<n].lastIndex(of: " ") {
                        out.append((p, space))
                        p = space + 1
                        continue
                    }
                    if mode == .wordsKeepingLong {
                        let wordEnd = chars[n..<lineEnd].firstIndex(of: " ") ?? lineEnd
                        out.append((p, wordEnd))
                        p = wordEnd < lineEnd ? wordEnd + 1 : lineEnd
                        if p == lineEnd { break }
                        continue
                    }
                }
                out.append((p, n))
                p = n
            } while p < lineEnd
            guard lineEnd < chars.count else { break }
            start = lineEnd + 1
        }
        return out.map { String(characters: chars[$0.0..<$0.1]) }
    }

    /// ASCII text (wrapped a byte at a time) and any other text (a character at a time) break
    /// where the first wrapper broke them, in every mode and at every width.
    func testTheWrapperAgreesWithTheReference() {
        var seed: UInt64 = 7
        func next() -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: seed >> 33)
        }
        let ascii: [String] = ["a", "b", "Z", "9", ".", " ", " ", " ", "\n", "-", "/"]
        let other: [String] = ["請", "é", "e\u{301}", "👍", "\t", "\r\n", " \u{301}", "🇫🇷"]
        var compared = 0
        for round in 0..<600 {
            let pool = round % 3 == 0 ? ascii + other : ascii
            let text = (0..<(next() % 40)).map { _ in pool[next() % pool.count] }.joined()
            for width in 1...14 {
                for mode in [Wrap.Break.words, .wordsKeepingLong, .anywhere] {
                    XCTAssertEqual(Wrap.lines(text, width: width, break: mode), Self.referenceLines(text, width: width, break: mode),
                                   "\(text.debugDescription) at \(width), \(mode)")
                    compared += 1
                }
            }
        }
        XCTAssertEqual(compared, 600 * 14 * 3)
    }

    /// Description's lines from its bytes (ASCII) are the lines from its characters, caret and
    /// all, and asking again (each of the field's rows does) gives the same.
    func testDescriptionLinesFromBytesAreTheLinesFromCharacters() {
        var seed: UInt64 = 11
        func next() -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: seed >> 33)
        }
        let pool = ["a", "b", "Z", "9", ".", " ", " ", "\n", "-"]
        for _ in 0..<400 {
            let text = (0..<(next() % 60)).map { _ in pool[next() % pool.count] }.joined()
            for width in [1, 2, 5, 9, 10, 30] {
                let caret = next() % (text.count + 1)
                guard let bytes = MultilineLayout.asciiLines(text, caret: caret, width: width) else {
                    return XCTFail("\(text.debugDescription) is ASCII")
                }
                let chars = MultilineLayout.characterLines(text, caret: caret, width: width)
                XCTAssertEqual(bytes.lines, chars.lines, "\(text.debugDescription) at \(width)")
                XCTAssertEqual([bytes.row, bytes.col], [chars.row, chars.col], "\(text.debugDescription) at \(width), caret \(caret)")
                let asked = MultilineLayout.lines(text, caret: caret, width: width)
                let again = MultilineLayout.lines(text, caret: caret, width: width)
                XCTAssertEqual(asked.lines, chars.lines)
                XCTAssertEqual([again.row, again.col], [chars.row, chars.col])
            }
        }
        XCTAssertNil(MultilineLayout.asciiLines("tab\there", caret: 0, width: 10))
        XCTAssertNil(MultilineLayout.asciiLines("請", caret: 0, width: 10))
    }
}
