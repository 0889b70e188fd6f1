import WizardUI
import XCTest

/// The screen diff paints only what changed: a row's span of changed cells, widened to whole
/// wide characters, clipped to the terminal; everything on a cleared screen when there is no
/// previous frame or its size differs.
final class ScreenDiffTests: XCTestCase {
    private let bold = CellStyle.plain.with(.bold)

    private func frame(_ rows: [String], width: Int = 10) -> Buffer {
        var b = Buffer(width: width, height: rows.count)
        for (y, row) in rows.enumerated() { b.put(row, x: 0, y: y, style: .plain) }
        return b
    }

    private func diff(_ old: Buffer?, _ new: Buffer, columns: Int = 80, rows: Int = 24) -> ScreenDiff {
        ScreenDiff(from: old, to: new, terminalColumns: columns, terminalRows: rows)
    }

    private func span(_ row: Int, _ columns: Range<Int>) -> ScreenDiff.Span {
        ScreenDiff.Span(row: row, columns: columns)
    }

    func testTheFirstFrameClearsAndPaintsEverything() {
        let d = diff(nil, frame(["one", "two", "three"]))
        XCTAssertTrue(d.clearsScreen)
        XCTAssertEqual(d.spans, [span(0, 0..<10), span(1, 0..<10), span(2, 0..<10)])
    }

    func testAnUnchangedFrameGivesNothing() {
        let f = frame(["one", "two"])
        let d = diff(f, f)
        XCTAssertFalse(d.clearsScreen)
        XCTAssertEqual(d.spans, [])
    }

    func testOneChangedCellIsExactlyThatSpan() {
        let old = frame(["abcdefghij", "abcdefghij"])
        var new = old
        new.put("X", x: 4, y: 1, style: .plain)
        XCTAssertEqual(diff(old, new).spans, [span(1, 4..<5)])
        new = old
        new.restyle(x: 7, y: 0, width: 1) { $0 = self.bold }
        XCTAssertEqual(diff(old, new).spans, [span(0, 7..<8)], "a change of style alone is a change")
    }

    func testASpanRunsFromTheFirstToTheLastChangeOfEachRow() {
        let old = frame(["abcdefghij", "abcdefghij", "abcdefghij"])
        var new = old
        new.put("X", x: 1, y: 0, style: .plain)
        new.put("Y", x: 6, y: 0, style: .plain)
        new.put("Z", x: 9, y: 2, style: .plain)
        XCTAssertEqual(diff(old, new).spans, [span(0, 1..<7), span(2, 9..<10)], "row 1 is unchanged")
        XCTAssertFalse(diff(old, new).clearsScreen)
    }

    func testTheCursorAloneChangesNoCell() {
        let old = frame(["abc"])
        var new = old
        new.cursor = (2, 0)
        XCTAssertEqual(diff(old, new).spans, [])
    }

    func testAChangedWideCharacterIsPaintedWhole() {
        var old = frame(["ab"])
        old.put("日", x: 3, y: 0, style: .plain)
        var new = frame(["ab"])
        new.put("本", x: 3, y: 0, style: .plain)
        // Only the left half's cell differs; its right half is a continuation cell in both.
        XCTAssertEqual((0..<10).filter { old[$0, 0] != new[$0, 0] }, [3])
        XCTAssertEqual(diff(old, new).spans, [span(0, 3..<5)])

        var restyled = old
        restyled.restyle(x: 4, y: 0, width: 1) { $0 = self.bold }
        XCTAssertEqual(diff(old, restyled).spans, [span(0, 3..<5)], "a change in the right half repaints the left")
    }

    func testAWideCharacterOverwrittenByANarrowOneIsPaintedWhole() {
        var old = frame([""])
        old.put("日", x: 2, y: 0, style: .plain)
        var new = old
        new.put("x", x: 2, y: 0, style: .plain)
        XCTAssertEqual(diff(old, new).spans, [span(0, 2..<4)])
    }

    func testANewSizeClearsAndPaintsEverything() {
        let old = frame(["abc", "def"], width: 10)
        let wider = frame(["abc", "def"], width: 12)
        XCTAssertTrue(diff(old, wider).clearsScreen)
        XCTAssertEqual(diff(old, wider).spans, [span(0, 0..<12), span(1, 0..<12)])
        let taller = frame(["abc", "def", ""], width: 10)
        XCTAssertTrue(diff(old, taller).clearsScreen)
        XCTAssertEqual(diff(old, taller).spans.map(\.row), [0, 1, 2])
    }

    func testOnlyWhatFitsOnTheTerminalCounts() {
        let old = frame(["abcdefghij", "abcdefghij", "abcdefghij"])
        let first = diff(nil, old, columns: 6, rows: 2)
        XCTAssertEqual(first.columns, 6)
        XCTAssertEqual(first.rows, 2)
        XCTAssertEqual(first.spans, [span(0, 0..<6), span(1, 0..<6)])

        var new = old
        new.put("X", x: 8, y: 0, style: .plain)  // beyond the terminal's right edge
        new.put("Y", x: 0, y: 2, style: .plain)  // below its bottom
        new.put("Z", x: 2, y: 1, style: .plain)
        XCTAssertEqual(diff(old, new, columns: 6, rows: 2).spans, [span(1, 2..<3)])
        XCTAssertEqual(diff(old, new).spans, [span(0, 8..<9), span(1, 2..<3), span(2, 0..<1)])
    }

    func testAWideCharacterAtTheTerminalsEdgeIsNotWidenedPastIt() {
        let old = frame([""])
        var new = old
        new.put("日", x: 5, y: 0, style: .plain)
        XCTAssertEqual(diff(old, new).spans, [span(0, 5..<7)])
        XCTAssertEqual(diff(old, new, columns: 6).spans, [span(0, 5..<6)])
    }

    func testATerminalWithNoRoomPaintsNothing() {
        let f = frame(["abc"])
        XCTAssertEqual(diff(nil, f, columns: 0).spans, [])
        XCTAssertEqual(diff(nil, f, rows: 0).spans, [])
        XCTAssertEqual(diff(nil, f, columns: -1).spans, [])
    }
}
