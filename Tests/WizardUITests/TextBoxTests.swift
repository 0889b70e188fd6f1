import XCTest
@testable import WizardUI

/// A one-line text box draws printable ASCII counted in bytes: the same cells and cursor as the
/// character-at-a-time drawing.
final class TextBoxTests: XCTestCase {
    func testASCIILinesAreDrawnAsCharacterLinesAre() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ab cdXYZ019.-_/:~")
        var cut = 0
        for _ in 0..<4000 {
            let length = Int.random(in: 0...90, using: &generator)
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            let width = Int.random(in: 1...70, using: &generator)
            let caret = Int.random(in: -2...(length + 2), using: &generator)
            let focused = Bool.random(using: &generator)
            let selected = Bool.random(using: &generator)
            let style = Theme.default.input
            var ascii = Buffer(width: 80, height: 1, fill: Theme.default.page)
            var characters = ascii
            TextBox.drawLine(&ascii, text, caret: caret, masked: false, x: 3, y: 0, width: width, style: style,
                             focused: focused, selected: selected, theme: .default)
            TextBox.drawCharacterLine(&characters, text, caret: caret, masked: false, x: 3, y: 0, width: width,
                                      style: style, focused: focused, selected: selected, theme: .default)
            XCTAssertEqual(ascii.lines, characters.lines, "\"\(text)\" caret \(caret) width \(width)")
            XCTAssertEqual(ascii, characters, "\"\(text)\" caret \(caret) width \(width): the styles")
            XCTAssertEqual(ascii.cursor?.x, characters.cursor?.x, "\"\(text)\" caret \(caret) width \(width): the cursor")
            if ascii != characters || ascii.cursor?.x != characters.cursor?.x { return }
            if ascii.lines[0].contains("…") { cut += 1 }
        }
        XCTAssertGreaterThan(cut, 500, "long texts are cut at the box's ends")
    }

    func testOnlyPrintableASCIIIsCountedInBytes() {
        XCTAssertEqual(TextBox.printableASCIICount("api.contoso.com"), 15)
        XCTAssertEqual(TextBox.printableASCIICount(""), 0)
        XCTAssertNil(TextBox.printableASCIICount("a\tb"), "a tab is drawn as a dot, not counted as a cell of its own")
        XCTAssertNil(TextBox.printableASCIICount("a\r\nb"), "CR LF is one character")
        XCTAssertNil(TextBox.printableASCIICount("Café"))
        XCTAssertNil(TextBox.printableASCIICount("請求"))
    }
}
