@testable import TerminalBackend
import WizardUI
import XCTest

/// Colour depth follows the terminal, and every theme colour falls back to the nearest one the
/// terminal has.
final class ColorFallbackTests: XCTestCase {
    func testTheDepthFollowsTheTerminal() {
        XCTAssertEqual(Terminal.depth(colors: 0x100_0000, rgbFlag: true), .direct)
        XCTAssertEqual(Terminal.depth(colors: 0x100_0000, rgbFlag: false), .direct)
        XCTAssertEqual(Terminal.depth(colors: 256, rgbFlag: true), .c256, "the RGB flag alone is not 24-bit colour")
        XCTAssertEqual(Terminal.depth(colors: 256, rgbFlag: false), .c256)
        XCTAssertEqual(Terminal.depth(colors: 16, rgbFlag: false), .c16)
        XCTAssertEqual(Terminal.depth(colors: 8, rgbFlag: false), .c8)
        XCTAssertEqual(Terminal.depth(colors: 2, rgbFlag: false), .none)
    }

    func testCOLORTERMTruecolorGets24BitColourOnA256ColourEntry() {
        XCTAssertTrue(Terminal.asksForTrueColor("truecolor"))
        XCTAssertTrue(Terminal.asksForTrueColor("24bit"))
        XCTAssertTrue(Terminal.asksForTrueColor("TrueColor"))
        XCTAssertFalse(Terminal.asksForTrueColor(nil))
        XCTAssertFalse(Terminal.asksForTrueColor("yes"))
        // The direct-colour entry of the same terminal is tried first…
        XCTAssertEqual(Terminal.directVariant(of: "xterm-256color"), "xterm-direct")
        XCTAssertEqual(Terminal.directVariant(of: "tmux-256color"), "tmux-direct")
        XCTAssertEqual(Terminal.directVariant(of: "xterm"), "xterm-direct")
        XCTAssertNil(Terminal.directVariant(of: "xterm-direct"), "already direct")
        XCTAssertNil(Terminal.directVariant(of: "linux"))
        XCTAssertNil(Terminal.directVariant(of: ""))
        // …and without one (this machine's ncurses has no xterm-direct), a palette that can be
        // redefined carries the exact colours.
        XCTAssertEqual(Terminal.depth(colors: 256, rgbFlag: false, trueColor: true, canRedefine: true), .redefined)
        XCTAssertEqual(Terminal.depth(colors: 256, rgbFlag: false, trueColor: true, canRedefine: false), .c256,
                       "a palette that cannot be changed stays the 256 colours")
        XCTAssertEqual(Terminal.depth(colors: 256, rgbFlag: false, trueColor: false, canRedefine: true), .c256,
                       "without COLORTERM nothing is redefined")
        XCTAssertEqual(Terminal.depth(colors: 0x100_0000, rgbFlag: true, trueColor: true, canRedefine: false), .direct)
        XCTAssertEqual(Terminal.depth(colors: 16, rgbFlag: false, trueColor: true, canRedefine: true), .c16,
                       "16 colours are not enough to redefine a theme's")
    }

    func testRedefinedSlotsGiveEachColourItsOwnExactly() {
        var slots = PaletteSlots()
        let blue = RGB(0x00, 0x78, 0xD4)
        XCTAssertEqual(slots.slot(for: blue).slot, 16)
        XCTAssertTrue(slots.slot(for: RGB(1, 2, 3)).isNew)
        XCTAssertEqual(slots.slot(for: blue).slot, 16)
        XCTAssertFalse(slots.slot(for: blue).isNew, "set once")
        for i in 0..<238 { _ = slots.slot(for: RGB(200, UInt8(i), 7)) }
        let last = slots.slot(for: RGB(1, 1, 1))
        XCTAssertFalse(last.isNew, "every slot taken: the nearest one")
        XCTAssertEqual(last.slot, 17, "RGB(1, 2, 3) is the nearest")
        XCTAssertEqual(Terminal.colorNumber(.rgb(blue), depth: .redefined), Int32(Palette.nearest256(blue)),
                       "the pure fallback is the 256 colours")
        // xterm's initc scales 0…1000 back to 0…255 by truncating: every component comes back exact.
        for v in 0...255 {
            let scaled = PaletteSlots.scaled(RGB(UInt8(v), 0, 0)).r
            XCTAssertEqual(Int(scaled) * 255 / 1000, v, "component \(v)")
            XCTAssertLessThanOrEqual(scaled, 1000)
        }
    }

    func testNearestColours() {
        // Exact cube and grey-ramp entries map to themselves.
        XCTAssertEqual(Palette.nearest256(RGB(255, 135, 0)), 208)
        XCTAssertEqual(Palette.nearest256(RGB(0, 135, 215)), 32)
        XCTAssertEqual(Palette.nearest256(RGB(238, 238, 238)), 255)
        // Near ones go to the nearest, never to the first 16 (their values vary by terminal).
        XCTAssertEqual(Palette.nearest256(RGB(0x00, 0x78, 0xD4)), 32, "Fluent blue")
        XCTAssertGreaterThanOrEqual(Palette.nearest256(RGB(0, 0, 0)), 16)
        XCTAssertEqual(Palette.nearest16(RGB(250, 10, 10)), 9, "bright red")
        XCTAssertEqual(Palette.nearest8(RGB(160, 0, 0)), 1, "red")
        XCTAssertEqual(Palette.nearest8(RGB(250, 250, 250)), 7, "white")
        for i in 0..<256 { XCTAssertEqual(Palette.nearest256(Palette.rgb(i)) == i || i < 16, true, "index \(i)") }
    }

    func testThemeColoursFallBackAtEveryDepth() {
        let orange = TermColor.rgb(RGB(0xDA, 0x3B, 0x01))
        XCTAssertEqual(Terminal.colorNumber(orange, depth: .direct), 0xDA3B01)
        XCTAssertEqual(Terminal.colorNumber(orange, depth: .c256), Int32(Palette.nearest256(RGB(0xDA, 0x3B, 0x01))))
        XCTAssertEqual(Terminal.colorNumber(orange, depth: .c16), Int32(Palette.nearest16(RGB(0xDA, 0x3B, 0x01))))
        XCTAssertLessThan(Terminal.colorNumber(orange, depth: .c8), 8)
        XCTAssertEqual(Terminal.colorNumber(.terminalDefault, depth: .c256), -1)
        XCTAssertEqual(Terminal.colorNumber(.ansi(12), depth: .c16), 12)
        XCTAssertLessThan(Terminal.colorNumber(.ansi(12), depth: .c8), 8, "a bright ANSI colour on 8 colours")
    }
}
