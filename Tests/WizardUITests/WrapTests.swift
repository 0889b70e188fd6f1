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
}
