import CNCurses
@testable import TerminalBackend
import WizardUI
import XCTest

/// What the terminal reads becomes keys: control characters are Ctrl keys, Esc then a key is
/// Alt, escape sequences ncurses left undecoded are their keys, a bracketed paste is one
/// `.paste`, and a lone Esc is told from a sequence by the pause after it.
final class KeyDecoderTests: XCTestCase {
    /// A pause: nothing came within the decoder's wait.
    private let pause: KeyDecoder.Input? = nil

    private func chars(_ text: String) -> [KeyDecoder.Input?] {
        text.unicodeScalars.map { .char($0.value) }
    }

    /// The keys that `inputs` give, fed one after another to a fresh decoder.
    private func keys(_ inputs: [KeyDecoder.Input?]) -> [Key] {
        var decoder = KeyDecoder()
        return inputs.flatMap { decoder.feed($0) }
    }

    private func keys(_ text: String) -> [Key] { keys(chars(text)) }

    func testCharactersAreThemselves() {
        XCTAssertEqual(keys("aZ é日"), [.char("a"), .char("Z"), .char(" "), .char("é"), .char("日")])
        XCTAssertEqual(keys([.char(0xD800), .char(0x11_0000)]), [], "not Unicode scalars")
        XCTAssertEqual(keys([.char(0x85), .char(0x9B)]), [], "C1 control characters")
    }

    func testControlCharactersAreCtrlKeys() {
        XCTAssertEqual(keys([.char(1), .char(19), .char(26)]), [.ctrl("a"), .ctrl("s"), .ctrl("z")])
        XCTAssertEqual(keys([.char(0)]), [.ctrl(" ")])
        XCTAssertEqual(keys([.char(28), .char(29), .char(30), .char(31)]), [.ctrl("\\"), .ctrl("]"), .ctrl("^"), .ctrl("_")])
        XCTAssertEqual(keys("\r\n\t"), [.enter, .enter, .tab])
        XCTAssertEqual(keys([.char(127), .char(8)]), [.backspace, .backspace], "DEL and Ctrl-H")
    }

    func testKeysNcursesDecodedPassThrough() {
        XCTAssertEqual(keys([.key(.up), .otherCode, .key(.function(5))]), [.up, .function(5)])
        XCTAssertEqual(keys([.key(.resize(width: 100, height: 30))]), [.resize(width: 100, height: 30)])
    }

    func testALoneEscIsEscapeOnceTheWaitPasses() {
        var decoder = KeyDecoder()
        XCTAssertNil(decoder.waitMilliseconds, "nothing pending")
        XCTAssertEqual(decoder.feed(.char(27)), [])
        XCTAssertEqual(decoder.waitMilliseconds, 25)
        XCTAssertFalse(decoder.isIdle)
        XCTAssertEqual(decoder.feed(nil), [.escape])
        XCTAssertTrue(decoder.isIdle)
        XCTAssertNil(decoder.waitMilliseconds)
    }

    func testEscThenACharacterIsAlt() {
        XCTAssertEqual(keys("\u{1B}a\u{1B}1"), [.alt("a"), .alt("1")])
        XCTAssertEqual(keys(chars("\u{1B}[") + [pause]), [.alt("[")])
        XCTAssertEqual(keys(chars("\u{1B}O") + [pause]), [.alt("O")])
        XCTAssertEqual(keys([.char(27), .key(.up)]), [.up], "Alt plus a special key is the key")
        XCTAssertEqual(keys([.char(27), .otherCode, .char(0x61)]), [.char("a")])
    }

    func testEscThenAControlCharacterIsEscThenThatKey() {
        XCTAssertEqual(keys("\u{1B}\r"), [.escape, .enter])
        XCTAssertEqual(keys([.char(27), .char(127)]), [.escape, .backspace])
        XCTAssertEqual(keys(chars("\u{1B}\u{1B}") + [pause]), [.escape, .escape])
        XCTAssertEqual(keys("\u{1B}\u{1B}[A"), [.escape, .up], "the second Esc begins a sequence")
    }

    func testControlSequences() {
        XCTAssertEqual(keys("\u{1B}[A\u{1B}[B\u{1B}[C\u{1B}[D"), [.up, .down, .right, .left])
        XCTAssertEqual(keys("\u{1B}[H\u{1B}[F\u{1B}[Z"), [.home, .end, .backTab])
        XCTAssertEqual(keys("\u{1B}[1~\u{1B}[4~\u{1B}[3~\u{1B}[5~\u{1B}[6~"), [.home, .end, .delete, .pageUp, .pageDown])
        XCTAssertEqual(keys("\u{1B}[11~\u{1B}[15~\u{1B}[17~\u{1B}[21~\u{1B}[24~"),
                       [.function(1), .function(5), .function(6), .function(10), .function(12)])
    }

    func testSS3Sequences() {
        XCTAssertEqual(keys("\u{1B}OP\u{1B}OQ\u{1B}OR\u{1B}OS"), [.function(1), .function(2), .function(3), .function(4)])
        XCTAssertEqual(keys("\u{1B}OA\u{1B}OM\u{1B}OH"), [.up, .enter, .home])
        XCTAssertEqual(keys("\u{1B}Ox" + "b"), [.char("b")], "an unknown one is dropped")
        XCTAssertEqual(keys([.char(27), .char(0x4F), .key(.down)]), [.down])
    }

    func testModifiedAndUnknownSequencesAreDropped() {
        // ncurses reports Ctrl-Right and the like as codes the wizard ignores; so does this.
        XCTAssertEqual(keys("\u{1B}[1;5C" + "x"), [.char("x")])
        XCTAssertEqual(keys("\u{1B}[2A" + "x"), [.char("x")])
        XCTAssertEqual(keys("\u{1B}[99~" + "x"), [.char("x")])
        XCTAssertEqual(keys(chars("\u{1B}[1;5") + [pause] + chars("x")), [.char("x")], "cut short")
        XCTAssertEqual(keys("\u{1B}[1\u{1B}" + "x"), [.char("x")], "not a control sequence after all")
        XCTAssertEqual(keys([.char(27), .char(0x5B), .key(.left)]), [.left])
    }

    func testAnOverlongControlSequenceIsDroppedAndWhatFollowsDecoded() {
        let long = "\u{1B}[" + String(repeating: "1", count: 32)
        XCTAssertEqual(keys(long + "A"), [.char("A")])
        XCTAssertEqual(keys("\u{1B}[" + String(repeating: "1", count: 31) + "~"), [], "31 parameter bytes are still read")
    }

    func testABracketedPasteIsOneKeyWithLineEndsMadeNewlines() {
        let pasted = keys("x\u{1B}[200~one\r\ntwo\rthree\n\tfour\u{1B}[201~y")
        XCTAssertEqual(pasted, [.char("x"), .paste("one\ntwo\nthree\n\tfour"), .char("y")])
        XCTAssertEqual(keys("\u{1B}[200~a\u{1}b\u{1B}c\u{7F}d\u{1B}[201~"), [.paste("abcd")],
                       "control characters other than tab and newline are dropped")
        XCTAssertEqual(keys("\u{1B}[200~\u{1B}[A\r\u{1B}[201~"), [.paste("[A\n")], "no keys inside a paste")
        XCTAssertEqual(keys("\u{1B}[200~\u{1B}[201~"), [.paste("")])
    }

    func testKeysInAPasteAreDroppedButAResizeFollowsIt() {
        let resize = Key.resize(width: 90, height: 30)
        let inputs = chars("\u{1B}[200~ab") + [.key(.up), .key(resize), .otherCode] + chars("c\u{1B}[201~")
        XCTAssertEqual(keys(inputs), [.paste("abc"), resize])
    }

    func testAPasteWithoutItsEndStopsAfterASecondWithoutInput() {
        var decoder = KeyDecoder()
        for input in chars("\u{1B}[200~ab") { XCTAssertEqual(decoder.feed(input), []) }
        XCTAssertTrue(decoder.isPasting)
        XCTAssertEqual(decoder.waitMilliseconds, 100)
        for _ in 0..<9 { XCTAssertEqual(decoder.feed(nil), []) }
        XCTAssertEqual(decoder.feed(.char(0x63)), [], "input starts the count again")
        for _ in 0..<9 { XCTAssertEqual(decoder.feed(nil), []) }
        XCTAssertEqual(decoder.feed(nil), [.paste("abc")])
        XCTAssertTrue(decoder.isIdle)
        XCTAssertEqual(decoder.feed(.char(0x64)), [.char("d")])
    }

    func testASignalEndsAPasteWithWhatCame() {
        var decoder = KeyDecoder()
        XCTAssertEqual(decoder.interrupt(), [], "nothing to end")
        for input in chars("\u{1B}[200~a\r") { _ = decoder.feed(input) }
        _ = decoder.feed(.key(.resize(width: 70, height: 20)))
        XCTAssertEqual(decoder.interrupt(), [.paste("a\n"), .resize(width: 70, height: 20)])
        XCTAssertTrue(decoder.isIdle)
        XCTAssertEqual(decoder.feed(.char(0x62)), [.char("b")], "the next paste starts empty")
    }

    func testNcursesKeyCodes() {
        XCTAssertEqual(Terminal.key(code: KEY_UP), .up)
        XCTAssertEqual(Terminal.key(code: KEY_RIGHT), .right)
        XCTAssertEqual(Terminal.key(code: KEY_A1), .home, "the keypad's corners")
        XCTAssertEqual(Terminal.key(code: KEY_C3), .pageDown)
        XCTAssertEqual(Terminal.key(code: KEY_BTAB), .backTab)
        XCTAssertEqual(Terminal.key(code: KEY_DC), .delete)
        XCTAssertEqual(Terminal.key(code: KEY_BACKSPACE), .backspace)
        XCTAssertEqual(Terminal.key(code: cw_key_f(1)), .function(1))
        XCTAssertEqual(Terminal.key(code: cw_key_f(12)), .function(12))
        XCTAssertNil(Terminal.key(code: cw_key_f(13)))
        XCTAssertNil(Terminal.key(code: KEY_MOUSE))
    }
}
