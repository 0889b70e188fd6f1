import ConnectorKit
@testable import TerminalBackend
import WizardUI
import XCTest

/// What the terminal receives: only the cells that changed, with the cursor moves and the
/// attributes that are not already in force. A key typed into a text field costs its own bytes.
final class FrameWriterTests: XCTestCase {
    /// The wizard on a new connector in the default theme at 80×24, drawn through a writer as
    /// the terminal would be: `type` returns what one key sends to the terminal.
    private struct Wire {
        var state: WizardState
        var writer = FrameWriter(sequences: .xterm256, depth: .c256, screenIsBlank: true)
        var previous: Buffer?
        var firstFrame: [UInt8] = []

        init(_ state: WizardState = WizardState(document: .new(in: "/tmp/cw-never-written"), width: 80, height: 24)) {
            self.state = state
            firstFrame = draw()
        }

        mutating func draw() -> [UInt8] {
            let frame = Renderer.render(state)
            let diff = ScreenDiff(from: previous, to: frame, terminalColumns: 80, terminalRows: 24)
            previous = frame
            return writer.bytes(for: frame, diff: diff, cursor: frame.cursor)
        }

        mutating func press(_ key: Key) -> [UInt8] {
            _ = state.handle(key)
            return draw()
        }

        /// Tab until `field` has the focus; false when it is not on the tab.
        mutating func focus(_ field: FieldID) -> Bool {
            for _ in 0..<40 where state.focused != field { _ = press(.tab) }
            return state.focused == field
        }
    }

    private func textFields(_ s: WizardState, on tab: WizardTab) -> [FieldID] {
        s.draft.fields(on: tab).filter { spec in
            switch spec.kind {
            case .text, .multiline, .secret, .color, .file: return spec.takesFocus
            default: return false
            }
        }.map(\.id)
    }

    func testAKeyTypedIntoEveryTextFieldSendsTheCharacterAlone() {
        var checked = 0
        for kind in [AuthKind.none, .basic, .apikey, .oauth2] {
            var start = WizardState(document: .new(in: "/tmp/cw-never-written"), width: 80, height: 24)
            start.draft.authKind = kind
            for tab in [WizardTab.general, .security] {
                for field in textFields(start, on: tab) {
                    var wire = Wire(start)
                    _ = wire.press(tab == .general ? .function(5) : .function(6))
                    XCTAssertTrue(wire.focus(field), "\(field) takes the focus")
                    _ = wire.press(.char("a"))  // the first key also marks the connector changed
                    let second = wire.press(.char("b"))
                    let echo = field == .oauthClientSecret ? Array("•".utf8) : Array("b".utf8)
                    XCTAssertEqual(second, echo, "\(kind) \(field): \(String(decoding: second, as: UTF8.self).debugDescription)")
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThan(checked, 12, "the General tab's and every type's text fields")
    }

    func testTheHeaderKeepsTheTitleWhileItIsTypedAndCatchesUpWhenTheFieldIsLeft() {
        var wire = Wire()
        XCTAssertEqual(wire.state.focused, .title)
        for c in "Contoso" { _ = wire.press(.char(c)) }
        let header = { (w: Wire) in w.previous!.lines[0] }
        XCTAssertTrue(header(wire).hasPrefix(" New connector · Create connector ●"), header(wire))
        XCTAssertTrue(wire.previous!.lines[4].contains("Contoso"), "the field shows what was typed")
        _ = wire.press(.tab)
        XCTAssertTrue(header(wire).hasPrefix(" Contoso · Create connector ●"), header(wire))
        _ = wire.press(.backTab)
        _ = wire.press(.char("X"))  // the selected value is replaced…
        XCTAssertTrue(header(wire).hasPrefix(" Contoso · Create connector"), "…and the header waits: \(header(wire))")
        _ = wire.press(.function(6))
        XCTAssertTrue(header(wire).hasPrefix(" X · Create connector"), header(wire))
    }

    func testTheCaretMovedOneLeftIsOneBackspace() {
        var wire = Wire()
        _ = wire.press(.char("a"))
        _ = wire.press(.char("b"))
        XCTAssertEqual(wire.press(.left), [0x08])
        XCTAssertEqual(wire.press(.right), Array("\u{1B}[5;32H".utf8))
    }

    func testTheFirstFrameOnAClearedScreenPaintsEveryCellOnceAndEndsAtTheCaret() {
        let wire = Wire()
        let text = String(decoding: wire.firstFrame, as: UTF8.self)
        XCTAssertFalse(text.contains("\u{1B}[2J"), "ncurses cleared the screen as it started")
        XCTAssertTrue(text.contains("Connector title"))
        let lastMove = text.components(separatedBy: "\u{1B}[").last { $0.hasSuffix("H") }
        XCTAssertEqual(lastMove, "5;30H", "the cursor ends in the title field: \(text.suffix(30).debugDescription)")
        var again = FrameWriter(sequences: .xterm256, depth: .c256)
        let frame = Renderer.render(wire.state)
        let cleared = again.bytes(for: frame, diff: ScreenDiff(from: nil, to: frame, terminalColumns: 80, terminalRows: 24), cursor: nil)
        XCTAssertTrue(String(decoding: cleared, as: UTF8.self).hasPrefix("\u{1B}(B\u{1B}[m\u{1B}[H\u{1B}[2J"),
                      "a screen not known to be blank is reset and cleared first")
    }

    private func frame(_ rows: [String], style: CellStyle = .plain, width: Int = 6) -> Buffer {
        var b = Buffer(width: width, height: rows.count)
        for (y, row) in rows.enumerated() { b.put(row, x: 0, y: y, style: style) }
        return b
    }

    private func write(_ writer: inout FrameWriter, _ old: Buffer?, _ new: Buffer) -> String {
        let diff = ScreenDiff(from: old, to: new, terminalColumns: new.width, terminalRows: new.height)
        return String(decoding: writer.bytes(for: new, diff: diff, cursor: new.cursor), as: UTF8.self)
    }

    func testThePenChangesOnlyWhereTheStyleDoes() {
        let red = CellStyle(fg: .rgb(RGB(255, 0, 0)), bg: .terminalDefault, attrs: [.bold])
        var writer = FrameWriter(sequences: .xterm256, depth: .c256, screenIsBlank: true)
        var b = Buffer(width: 6, height: 1)
        b.put("ab", x: 0, y: 0, style: red)
        b.put("cd", x: 2, y: 0, style: .plain)
        b.cursor = (x: 4, y: 0)
        XCTAssertEqual(write(&writer, nil, b), "\u{1B}[1;1H\u{1B}(B\u{1B}[m\u{1B}[1m\u{1B}[38;5;196mab\u{1B}(B\u{1B}[mcd  \u{1B}[1;5H")
        var c = b
        c.put("X", x: 4, y: 0, style: .plain)
        c.cursor = (x: 5, y: 0)
        XCTAssertEqual(write(&writer, b, c), "X", "the pen and the cursor are already there")
    }

    func testTheBottomRightCellIsLeftAloneWhereWritingItWouldScroll() {
        var sequences = TerminalSequences.xterm256
        sequences.writesBottomRightCell = false
        var writer = FrameWriter(sequences: sequences, depth: .none, screenIsBlank: true)
        let text = write(&writer, nil, frame(["abcdef", "ghijkl"]))
        XCTAssertTrue(text.hasSuffix("ghijk"), text.debugDescription)
    }

    func testControlCharactersNeverReachTheTerminalAndWideCharactersTakeTwoColumns() {
        var writer = FrameWriter(sequences: .xterm256, depth: .none, screenIsBlank: true)
        var b = Buffer(width: 6, height: 1)
        b.put("界a", x: 0, y: 0, style: .plain)
        var c = b
        c[4, 0] = Cell("\u{1B}", .plain)
        XCTAssertEqual(write(&writer, nil, b), "\u{1B}[1;1H\u{1B}(B\u{1B}[m界a   ")
        XCTAssertEqual(write(&writer, b, c), "\u{1B}[1;5H ", "an escape drawn as a space")
    }

    func testRedefinedColoursSetTheirPaletteSlotOnceAndAreGivenBack() {
        var sequences = TerminalSequences.xterm256
        sequences.setPaletteColor = { slot, r, g, b in Array("<initc \(slot) \(r) \(g) \(b)>".utf8) }
        var writer = FrameWriter(sequences: sequences, depth: .redefined, screenIsBlank: true)
        let orange = CellStyle(fg: .rgb(RGB(0xDA, 0x3B, 0x01)), bg: .terminalDefault)
        var b = Buffer(width: 6, height: 1)
        b.put("ab", x: 0, y: 0, style: orange)
        let first = write(&writer, nil, b)
        XCTAssertTrue(first.contains("<initc 16 855 232 4>"), first.debugDescription)
        XCTAssertTrue(first.contains("\u{1B}[38;5;16m"))
        XCTAssertTrue(writer.redefinedPalette)
        var c = b
        c.put("cd", x: 2, y: 0, style: orange)
        XCTAssertFalse(write(&writer, b, c).contains("initc"), "set once")
    }
}
