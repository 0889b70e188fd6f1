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

    func testASelectedValueIsReplacedByWhatIsTypedOrPasted() {
        var f = TextField("#007ee5", caret: 2, selected: true)
        XCTAssertEqual(f.caret, 7, "a selection puts the caret at the end")
        f.insert("#")
        XCTAssertEqual([f.text, "\(f.caret)", "\(f.selected)"], ["#", "1", "false"])
        f.insert("2b579a")
        XCTAssertEqual(f.text, "#2b579a", "only the first character replaces; the rest is typed after it")
        var pasted = TextField("old", selected: true)
        pasted.insert("https://api.contoso.com")
        XCTAssertEqual(pasted.text, "https://api.contoso.com")
    }

    func testACaretKeyDropsTheSelectionAndEditsInPlace() {
        for (edit, caret) in [(TextField.Edit.left, 0), (.home, 0), (.right, 7), (.end, 7)] {
            var f = TextField("Contoso", selected: true)
            f.apply(edit)
            XCTAssertFalse(f.selected, "\(edit)")
            XCTAssertEqual(f.caret, caret, "\(edit)")
            f.insert("!")
            XCTAssertEqual(f.text.count, 8, "\(edit) keeps the value: \(f.text)")
        }
        var erased = TextField("Contoso", selected: true)
        erased.apply(.backspace)
        XCTAssertEqual([erased.text, "\(erased.selected)"], ["", "false"], "Backspace erases a selected value whole")
        var deleted = TextField("Contoso", selected: true)
        deleted.apply(.deleteForward)
        XCTAssertEqual(deleted.text, "")
        XCTAssertFalse(TextField("", selected: true).selected, "an empty field has nothing to select")
        var empty = TextField("Contoso", selected: true)
        empty.insert("")
        XCTAssertTrue(empty.selected, "nothing typed keeps the selection")
    }

    func testListsStepTheSameWayEverywhereWrappingAtTheEnds() {
        XCTAssertEqual(ListStep.moved(0, by: -1, count: 4), 3)
        XCTAssertEqual(ListStep.moved(3, by: 1, count: 4), 0)
        XCTAssertEqual(ListStep.moved(1, by: 1, count: 4), 2)
        XCTAssertEqual(ListStep.moved(0, by: 1, count: 0), 0)
    }
}
