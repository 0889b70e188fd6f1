import XCTest
@testable import WizardUI

/// `Buffer.put` draws most text by quicker paths than a grapheme at a time (all ASCII; every
/// scalar a grapheme of its own). Whatever was on screen before, they must leave the same cells.
final class BufferTests: XCTestCase {
    /// A row holding wide characters, combining marks and styles, for text to be drawn over.
    private func backdrop(width: Int) -> Buffer {
        var b = Buffer(width: width, height: 1)
        _ = b.putCharacters("請求書e\u{301}x🇫🇷ab👨‍👩‍👧‍👦c", x: 0, y: 0, style: CellStyle(fg: .ansi(2)), limit: width)
        _ = b.putCharacters("漢字", x: width - 5, y: 0, style: CellStyle(bg: .ansi(4)), limit: width)
        return b
    }

    func testTheQuickPathsDrawWhatTheGraphemePathDraws() {
        let samples = [
            // all ASCII, with the controls drawn as dots and CR LF as one
            "plain text", "a\tb\r\nc\u{7F}d", "\r\n\r", "x\u{1B}[2J",
            // every scalar a grapheme of its own: Latin, punctuation, arrows, box drawing, glyphs
            "Café · naïve — “quoted” ← → ↑↓ ─│┌┐ ● ✗ ☑ ☐ ◀ ▶ ▾ • › ██ ⌚",
        ]
        let style = CellStyle(fg: .ansi(1), attrs: .bold)
        for width in [3, 12, 31] {
            for sample in samples {
                for x in -2..<width {
                    for maxWidth in [0, 1, 4, Int.max] {
                        var quick = backdrop(width: width)
                        var reference = quick
                        let used = quick.put(sample, x: x, y: 0, style: style, maxWidth: maxWidth)
                        let limit = maxWidth >= width - x ? width : x + max(0, maxWidth)
                        let expected = reference.putCharacters(sample, x: x, y: 0, style: style, limit: limit)
                        let what = "\(sample.debugDescription) at \(x), width \(width), max \(maxWidth)"
                        XCTAssertEqual(used, expected, what)
                        XCTAssertEqual(quick, reference, what)
                    }
                }
            }
        }
    }

    func testTextThatJoinsGraphemesTakesTheGraphemePath() {
        // Each of these joins scalars into one grapheme, so a scalar at a time would be wrong.
        for sample in ["e\u{301}", "👨‍👩‍👧‍👦", "🇫🇷", "👍🏽", "☺\u{FE0F}", "\u{1100}\u{1161}", "a\u{200B}b"] {
            XCTAssertFalse(sample.unicodeScalars.allSatisfy { TextWidth.standsAlone($0.value) }, sample.debugDescription)
            XCTAssertEqual(TextWidth.of(sample), sample.reduce(0) { $0 + TextWidth.of($1) }, sample.debugDescription)
        }
        var b = Buffer(width: 6, height: 1)
        XCTAssertEqual(b.put("👨‍👩‍👧‍👦e\u{301}", x: 0, y: 0, style: .plain), 3)
        XCTAssertEqual(b[0, 0].text, "👨‍👩‍👧‍👦")
        XCTAssertTrue(b[1, 0].isContinuation)
        XCTAssertEqual(b[2, 0].text, "e\u{301}")
    }

    func testEveryScalarThatStandsAloneIsAGraphemeOfItsOwn() {
        // Each scalar the quick path takes, between two others it takes: three graphemes, and
        // the width is the scalar's own.
        for v in UInt32(0)...0x2FFF where TextWidth.standsAlone(v) {
            let u = Unicode.Scalar(v)!
            let s = "a" + String(u) + "»"
            XCTAssertEqual(s.count, 3, String(format: "U+%04X", v))
            XCTAssertEqual(TextWidth.of(s), 2 + TextWidth.of(Character(u)), String(format: "U+%04X", v))
        }
    }

    func testACellHoldsAnyGraphemeAndEqualCellsHaveEqualBits() {
        let long = "👩🏽‍🔬e\u{301}\u{302}\u{303}\u{304}\u{305}\u{306}"  // longer than a cell holds inline
        for text in ["", " ", "a", "é", "請", "🇫🇷", "👨‍👩‍👧‍👦", long] {
            let a = Cell(text, .plain)
            let b = Cell(String(text.unicodeScalars.map(Character.init).map(String.init).joined()), .plain)
            XCTAssertEqual(a.text, text)
            XCTAssertEqual(a, b, text.debugDescription)
            XCTAssertEqual(withUnsafeBytes(of: a) { Array($0) }, withUnsafeBytes(of: b) { Array($0) }, text.debugDescription)
        }
        XCTAssertNotEqual(Cell("👨‍👩‍👧‍👦", .plain), Cell(long, .plain))
        XCTAssertTrue(Cell("", .plain).isContinuation)
        XCTAssertEqual(Cell("a", .plain).printableASCII, UInt8(ascii: "a"))
        XCTAssertEqual(Cell("\u{1B}", .plain).printableASCII, 0)
        XCTAssertEqual(Cell("ab", .plain).printableASCII, 0)
    }

    /// The widths of Latin and general punctuation given without the Unicode tables are the
    /// tables' own, for every scalar of both ranges.
    func testWidthsWithoutTheTablesAreTheTablesWidths() {
        var checked = 0
        for v in UInt32(0xA0)..<0x2100 {
            guard let u = Unicode.Scalar(v) else { continue }
            XCTAssertEqual(TextWidth.of(u), TextWidth.byProperties(u), String(format: "U+%04X", v))
            checked += 1
        }
        XCTAssertGreaterThan(checked, 8000)
        XCTAssertEqual(TextWidth.of(Unicode.Scalar(0xAD)!), 0, "the soft hyphen")
        XCTAssertEqual(TextWidth.of(Unicode.Scalar(0x203A)!), 1, "›")
        XCTAssertEqual(TextWidth.of(Unicode.Scalar(0x0301)!), 0, "a combining mark")
    }
}
