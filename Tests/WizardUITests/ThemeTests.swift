import ConnectorKit
import Foundation
@testable import WizardUI
import XCTest

final class ThemeTests: XCTestCase {
    func noEnvironment(_ name: String) -> String? { nil }

    func testEveryBuiltInThemeLoadsAndLooksDifferent() {
        let all = ThemeCatalog.all(environment: noEnvironment)
        XCTAssertEqual(all.map(\.name), ["default", "dark", "light", "high-contrast", "monochrome", "ansi"])
        var screens: [Buffer] = []
        for entry in all {
            XCTAssertNil(entry.failure, "\(entry.name): \(String(describing: entry.failure))")
            guard let theme = entry.theme else { continue }
            XCTAssertFalse(theme.summary.isEmpty, entry.name)
            var s = newWizard()
            s.type("Contoso")
            s.press(.tab)
            for size in [(80, 24), (200, 50)] {
                s.press(.resize(width: size.0, height: size.1))
                let b = Renderer.render(s, theme: theme)
                XCTAssertTrue(b.text.contains("Contoso · Create connector"), "\(entry.name) at \(size)")
            }
            s.press(.resize(width: 80, height: 24))
            screens.append(Renderer.render(s, theme: theme))
        }
        for i in screens.indices {
            for j in screens.indices where j > i {
                XCTAssertNotEqual(screens[i], screens[j], "\(all[i].name) and \(all[j].name) look the same")
            }
        }
    }

    func testTheDefaultThemeIsTheFileInThemes() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Themes/default.json")
        let bytes = [UInt8](try Data(contentsOf: file))
        XCTAssertEqual(try ThemeCatalog.parse(bytes, file: "default.json", base: .base), Theme.default)
        XCTAssertEqual(Theme.default.primary, .rgb(RGB(0x00, 0x78, 0xD4)))
    }

    func testAUserThemeIsFoundByNameAndInheritsWhatItLeavesOut() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cw-themes-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/connector-wizard/themes", withIntermediateDirectories: true)
        try ##"{"name": "contoso", "description": "Contoso orange", "colors": {"primary": "#da3b01"}, "glyphs": {"mask": "*"}}"##
            .write(toFile: dir + "/connector-wizard/themes/contoso.json", atomically: true, encoding: .utf8)
        let env = { (name: String) in name == "XDG_CONFIG_HOME" ? dir : nil }
        let (theme, failure) = ThemeCatalog.load("contoso", environment: env)
        XCTAssertNil(failure)
        XCTAssertEqual(theme.primary, .rgb(RGB(0xDA, 0x3B, 0x01)))
        XCTAssertEqual(theme.background, Theme.default.background, "what it leaves out is the default theme's")
        XCTAssertEqual(theme.glyphs.mask, "*")
        XCTAssertTrue(ThemeCatalog.all(environment: env).contains { $0.name == "contoso" && $0.theme != nil })
        // And by path.
        XCTAssertEqual(ThemeCatalog.load(dir + "/connector-wizard/themes/contoso.json", environment: noEnvironment).theme, theme)
    }

    func testABrokenThemeNamesTheFileAndLineAndTheDefaultIsUsed() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cw-broken-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "{\n  \"colors\": {\n    \"primary\": \"#da3b01\"\n    \"text\": \"#000000\"\n  }\n}\n"
            .write(toFile: dir + "/broken.json", atomically: true, encoding: .utf8)
        let (theme, failure) = ThemeCatalog.load(dir + "/broken.json", environment: noEnvironment)
        XCTAssertEqual(theme, .default)
        let f = try XCTUnwrap(failure)
        XCTAssertEqual(f.line, 4)
        XCTAssertTrue(f.description.hasPrefix(dir + "/broken.json line 4: is not valid JSON"), f.description)

        try ##"{"colors": {"primery": "#da3b01"}}"##.write(toFile: dir + "/typo.json", atomically: true, encoding: .utf8)
        let typo = try XCTUnwrap(ThemeCatalog.load(dir + "/typo.json", environment: noEnvironment).failure)
        XCTAssertTrue(typo.description.contains("unknown role \"primery\""), typo.description)
        try ##"{"colors": {"primary": "orange"}}"##.write(toFile: dir + "/bad.json", atomically: true, encoding: .utf8)
        let bad = try XCTUnwrap(ThemeCatalog.load(dir + "/bad.json", environment: noEnvironment).failure)
        XCTAssertTrue(bad.description.contains("colour \"primary\" must be #rrggbb, default or ansi:0…15"), bad.description)
        let missing = try XCTUnwrap(ThemeCatalog.load("no-such-theme", environment: noEnvironment).failure)
        XCTAssertTrue(missing.description.contains("no such theme"), missing.description)
    }

    func testEveryRoleAndGlyphAThemeFileNamesLandsOnItsOwnField() throws {
        // Each role gets its own ansi colour, each glyph its own letter: a name wired to the
        // wrong field, or two names to one, shows as a mismatch or a lost value.
        let colors = Theme.roleNames.enumerated().map { "\"\($1)\": \"ansi:\($0)\"" }.joined(separator: ", ")
        let letters = Array("ABCDEFGHIJKL")
        XCTAssertEqual(Theme.Glyphs.names.count, letters.count)
        let glyphs = Theme.Glyphs.names.enumerated().map { "\"\($1)\": \"\(letters[$0])\"" }.joined(separator: ", ")
        let file = "{\"name\": \"every\", \"colors\": {\(colors)}, \"glyphs\": {\(glyphs)}}"
        let theme = try ThemeCatalog.parse(Array(file.utf8), file: "every.json", base: .base)
        let byField: [TermColor] = [theme.background, theme.surface, theme.text, theme.muted, theme.primary,
                                    theme.onPrimary, theme.accent, theme.focus, theme.error, theme.warning,
                                    theme.success, theme.border, theme.selection, theme.editable, theme.readOnly]
        XCTAssertEqual(byField, (0..<15).map { TermColor.ansi(UInt8($0)) })
        for (i, name) in Theme.roleNames.enumerated() { XCTAssertEqual(theme[role: name], .ansi(UInt8(i)), name) }
        let g = theme.glyphs
        XCTAssertEqual([g.checkboxOn, g.checkboxOff, g.choiceLeft, g.choiceRight, g.dropdown, g.mask, g.focusMarker,
                        g.error, g.warning, g.dirty, g.swatch, g.rule], letters.map(String.init))
        XCTAssertFalse(theme.isMonochrome)
        XCTAssertTrue(Theme.base.isMonochrome)
        for name in Theme.roleNames {
            var one = Theme.base
            one[role: name] = .ansi(1)
            XCTAssertFalse(one.isMonochrome, "a theme that colours \(name) alone has colour")
        }
        XCTAssertNil(theme[role: "primery"])
        XCTAssertNil(theme.glyphs[named: "tick"])
        let unknown = ##"{"glyphs": {"tick": "v"}}"##.utf8
        XCTAssertThrowsError(try ThemeCatalog.parse(Array(unknown), file: "tick.json", base: .base)) { error in
            XCTAssertTrue("\(error)".contains("unknown glyph \"tick\" (glyphs: checkboxOff, checkboxOn,"), "\(error)")
        }
    }

    func testWithoutColourFocusAndErrorsAreStillMarked() {
        let plain = Theme.default.withoutColor
        XCTAssertTrue(plain.isMonochrome)
        var s = newWizard()
        s.press(.tab, .backTab) // the empty title now shows its error
        let b = Renderer.render(s, theme: plain)
        for cell in b.cells {
            XCTAssertEqual(cell.style.fg, .terminalDefault)
            XCTAssertEqual(cell.style.bg, .terminalDefault)
        }
        let row = b.lines.firstIndex { $0.contains("Connector title") }!
        XCTAssertTrue(b[FormLayout.inputX + 2, row].style.attrs.contains(.reverse), "the focused input is reversed")
        XCTAssertTrue(b[FormLayout.labelX, row].style.attrs.contains(.bold))
        let errorRow = b.lines.firstIndex { $0.contains("Connector title is required.") }!
        XCTAssertTrue(b[FormLayout.inputX, errorRow].style.attrs.contains(.bold), "errors are bold")
        XCTAssertTrue(b[1, 0].style.attrs.contains(.reverse), "the header bar is reversed")
    }
}
