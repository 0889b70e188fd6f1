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
