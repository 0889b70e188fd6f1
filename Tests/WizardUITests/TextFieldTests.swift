import XCTest
@testable import WizardUI

/// The one text-field value: the same editing in every form.
final class TextFieldTests: XCTestCase {
    func testTypingAndTheCaretKeys() {
        var f = TextField("Contoso", caret: 3)
        f.insert("-")
        XCTAssertEqual([f.text, "\(f.caret)"], ["Con-toso", "4"])
        f.apply(.backspace)
        f.apply(.backspace)
        XCTAssertEqual([f.text, "\(f.caret)"], ["Cotoso", "2"])
        f.apply(.deleteForward)
        XCTAssertEqual(f.text, "Cooso")
        f.apply(.home)
        f.apply(.backspace)
        XCTAssertEqual([f.text, "\(f.caret)"], ["Cooso", "0"], "backspace at the start does nothing")
        f.apply(.left)
        XCTAssertEqual(f.caret, 0)
        f.apply(.end)
        f.apply(.right)
        f.apply(.deleteForward)
        XCTAssertEqual([f.text, "\(f.caret)"], ["Cooso", "5"], "delete at the end does nothing")
        f.apply(.clear)
        XCTAssertEqual([f.text, "\(f.caret)"], ["", "0"])
    }

    func testTheCaretStartsAtTheEndAndStaysInTheText() {
        XCTAssertEqual(TextField("abc").caret, 3)
        XCTAssertEqual(TextField("abc", caret: 99).caret, 3)
        XCTAssertEqual(TextField("abc", caret: -1).caret, 0)
        var f = TextField("請求書", caret: 1)
        f.insert("x")
        XCTAssertEqual(f.text, "請x求書", "the caret counts characters, not bytes or cells")
    }

    func testPastedLinesJoinWithASpaceOnOneLineAndStayLinesInDescription() {
        var one = TextField("")
        one.insert("line one\r\nline two\r\rthree\tfour\n")
        XCTAssertEqual(one.text, "line one line two three four")
        var many = TextField("", multiline: true)
        many.insert("line one\r\nline two\rthree\n")
        XCTAssertEqual(many.text, "line one\nline two\nthree\n")
        many.apply(.newline)
        XCTAssertEqual(many.text.filter { $0 == "\n" }.count, 4)
        one.apply(.newline)
        XCTAssertFalse(one.text.contains("\n"), "Enter never puts a line break in a one-line field")
    }

    func testListsStepTheSameWayEverywhereWrappingAtTheEnds() {
        XCTAssertEqual(ListStep.moved(0, by: -1, count: 4), 3)
        XCTAssertEqual(ListStep.moved(3, by: 1, count: 4), 0)
        XCTAssertEqual(ListStep.moved(1, by: 1, count: 4), 2)
        XCTAssertEqual(ListStep.moved(0, by: 1, count: 0), 0)
    }
}
