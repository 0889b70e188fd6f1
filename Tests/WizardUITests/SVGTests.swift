import ConnectorKit
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import WizardUI
import XCTest

/// The SVG pictures of `prompt --svg`: a stored snapshot of a real connector, and what every
/// picture must be (well-formed XML, the theme's colours, glyphs at their cells).
final class SVGTests: XCTestCase {
    static let snowflake = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/fixtures/connectors/custom-connectors/Snowflake").standardized.path

    /// The Security tab of the Snowflake connector at 80×24, its folder named as a relative path
    /// so the picture does not depend on where the checkout is.
    func snowflakeSecurity() throws -> WizardState {
        var doc = try ConnectorDocument.open(Self.snowflake)
        XCTAssertFalse(doc.isNew, "the Snowflake fixture is found at \(Self.snowflake)")
        doc.folder = "custom-connectors/Snowflake"
        var s = WizardState(document: doc, width: 80, height: 24, files: FakeFiles())
        _ = s.apply(.goToTab(.security))
        return s
    }

    func parse(_ svg: String, file: StaticString = #filePath, line: UInt = #line) throws -> XMLElement {
        let doc = try XMLDocument(data: Data(svg.utf8), options: [])
        let root = try XCTUnwrap(doc.rootElement(), file: file, line: line)
        XCTAssertEqual(root.name, "svg", file: file, line: line)
        return root
    }

    /// Every element named `name` under `root`, in document order.
    func elements(_ name: String, in root: XMLElement) -> [XMLElement] {
        var out: [XMLElement] = []
        func walk(_ e: XMLElement) {
            if e.name == name { out.append(e) }
            for c in e.children ?? [] { if let c = c as? XMLElement { walk(c) } }
        }
        walk(root)
        return out
    }

    func testSnowflakeSecuritySnapshot() throws {
        let s = try snowflakeSecurity()
        let svg = SVGRenderer.render(Renderer.render(s, theme: .default), theme: .default,
                                     title: "Snowflake REST — connector-wizard, 2. Security")
        assertSVGSnapshot(svg, named: "svg-security-snowflake")

        let root = try parse(svg)
        let fills = Set(elements("rect", in: root).compactMap { $0.attr("fill") })
        XCTAssertTrue(fills.contains("#ffffff"), "the default theme's background")
        XCTAssertTrue(fills.contains("#0078d4"), "the default theme's primary colour (the header bar)")
        let texts = elements("text", in: root).compactMap(\.stringValue)
        XCTAssertTrue(texts.contains { $0.contains("Snowflake REST") }, "the connector's title")
        XCTAssertTrue(texts.contains("Azure Active Directory"))
        XCTAssertEqual(svg, SVGRenderer.render(Renderer.render(s, theme: .default), theme: .default,
                                               title: "Snowflake REST — connector-wizard, 2. Security"),
                       "the same screen gives the same bytes")
    }

    func testEveryBuiltInThemeRendersItsOwnPicture() throws {
        let s = try snowflakeSecurity()
        var pictures: [String: String] = [:]
        for (name, _) in ThemeCatalog.builtIn {
            let theme = try ThemeCatalog.find(name, environment: { _ in nil })
            let svg = SVGRenderer.render(Renderer.render(s, theme: theme), theme: theme)
            let root = try parse(svg)
            XCTAssertGreaterThan(elements("text", in: root).count, 20, name)
            if case .rgb(let bg) = theme.background {
                XCTAssertTrue(svg.contains("fill=\"\(bg.hex)\""), "\(name): its background")
            }
            if case .rgb(let primary) = theme.primary {
                XCTAssertTrue(svg.contains("fill=\"\(primary.hex)\""), "\(name): its primary colour")
            }
            pictures[name] = svg
        }
        XCTAssertEqual(pictures.count, ThemeCatalog.builtIn.count)
        XCTAssertEqual(Set(pictures.values).count, pictures.count, "every theme looks different")
    }

    func testWideCharactersTakeTwoCells() throws {
        var s = newWizard()
        s.draft.general.title = "Überweisungen – 請求書"
        let svg = SVGRenderer.render(Renderer.render(s), theme: .default)
        let root = try parse(svg)
        let header = try XCTUnwrap(elements("text", in: root).first { $0.stringValue?.contains("請求書") == true })
        let glyphs = Array(try XCTUnwrap(header.stringValue).unicodeScalars)
        let xs = try XCTUnwrap(header.attr("x")).split(separator: " ").compactMap { Double($0) }
        XCTAssertEqual(xs.count, glyphs.count, "one position per glyph")
        let cell = SVGRenderer.Metrics().cellWidth
        let first = try XCTUnwrap(glyphs.firstIndex(of: "請"))
        // " Überweisungen – 請…": the first CJK glyph stands in cell 17.
        XCTAssertEqual(xs[first], 17 * cell, accuracy: 0.001)
        for i in first..<first + 3 {
            XCTAssertEqual(xs[i + 1] - xs[i], 2 * cell, accuracy: 0.001, "the glyph after \(glyphs[i]) is two cells on")
        }
        XCTAssertEqual(glyphs[first + 3], " ")
        XCTAssertEqual(xs[first + 4] - xs[first + 3], cell, accuracy: 0.001, "narrow glyphs after it take one cell")
    }

    func testMarkupInTextIsEscaped() throws {
        var s = newWizard()
        s.draft.general.title = "A <b>&\"quoted\" 'title'</b>"
        let svg = SVGRenderer.render(Renderer.render(s), theme: .default, title: "<&>")
        let root = try parse(svg)
        XCTAssertTrue(elements("text", in: root).contains { $0.stringValue?.contains("A <b>&\"quoted\" 'title'</b>") == true })
        XCTAssertEqual(elements("title", in: root).first?.stringValue, "<&>")
        XCTAssertEqual(SVGRenderer.escape("a\u{1}b"), "a\u{FFFD}b", "characters XML cannot hold are replaced")
    }

    func testAttributesAndColours() throws {
        let white = TermColor.rgb(RGB(0xff, 0xff, 0xff))
        let red = TermColor.rgb(RGB(0xaa, 0x00, 0x00))
        var b = Buffer(width: 12, height: 1, fill: CellStyle(fg: .terminalDefault, bg: white))
        b.put("B", x: 0, y: 0, style: CellStyle(fg: red, bg: white, attrs: .bold))
        b.put("U", x: 1, y: 0, style: CellStyle(fg: red, bg: white, attrs: .underline))
        b.put("R", x: 2, y: 0, style: CellStyle(fg: red, bg: white, attrs: .reverse))
        b.put("D", x: 3, y: 0, style: CellStyle(fg: red, bg: white, attrs: .dim))
        b.put("A", x: 4, y: 0, style: CellStyle(fg: .ansi(12), bg: .ansi(4)))
        b.put("   ", x: 5, y: 0, style: CellStyle(fg: red, bg: white, attrs: .underline))
        b.put("██", x: 9, y: 0, style: CellStyle(fg: red, bg: white))
        b.cursor = (0, 0)
        var theme = Theme.default
        theme.background = .terminalDefault
        theme.text = .terminalDefault
        let svg = SVGRenderer.render(b, theme: theme)
        let root = try parse(svg)
        let texts = elements("text", in: root)
        func look(_ t: String) -> XMLElement? { texts.first { $0.stringValue == t } }
        XCTAssertEqual(look("B")?.attr("font-weight"), "bold")
        XCTAssertEqual(look("U")?.attr("text-decoration"), "underline")
        XCTAssertEqual(look("R")?.attr("fill"), "#ffffff", "reverse: the background's colour")
        XCTAssertEqual(look("D")?.attr("fill-opacity"), "0.6")
        XCTAssertEqual(look("A")?.attr("fill"), "#5c5cff", "xterm's bright blue")
        XCTAssertEqual(look("   ")?.attr("text-decoration"), "underline",
                       "an underlined blank run (an input box without colour) is drawn")
        let rects = elements("rect", in: root).map { ($0.attr("x"), $0.attr("fill")) }
        XCTAssertTrue(rects.contains { $0 == ("16.8", "#aa0000") }, "reverse: the foreground's colour behind R, \(rects)")
        XCTAssertTrue(rects.contains { $0 == ("33.6", "#0000ee") }, "xterm's blue behind A")
        XCTAssertTrue(elements("rect", in: root).contains { $0.attr("x") == "75.6" && $0.attr("width") == "16.8" && $0.attr("fill") == "#aa0000" },
                      "full blocks (the colour swatch) fill their cells")
        XCTAssertFalse(svg.contains("█"))
        XCTAssertTrue(svg.contains("fill=\"#ffffff\" stroke="), "the terminal's default background is white when the theme leaves it")
        XCTAssertFalse(svg.contains("cursor"))
    }

    func testNumbers() {
        XCTAssertEqual(SVGRenderer.num(0), "0")
        XCTAssertEqual(SVGRenderer.num(8.4 * 3), "25.2")
        XCTAssertEqual(SVGRenderer.num(18), "18")
        XCTAssertEqual(SVGRenderer.num(0.05), "0.05")
        XCTAssertEqual(SVGRenderer.num(-1.5), "-1.5")
    }
}

/// Compares an SVG picture with `__Snapshots__/<name>.svg`, as `assertSnapshot` does for text:
/// `SNAPSHOT_RECORD=1` writes it anew (look at it before committing); a missing one fails.
func assertSVGSnapshot(_ svg: String, named name: String, file: StaticString = #filePath, line: UInt = #line) {
    let dir = URL(fileURLWithPath: "\(file)").deletingLastPathComponent().appendingPathComponent("__Snapshots__")
    let url = dir.appendingPathComponent("\(name).svg")
    if ProcessInfo.processInfo.environment["SNAPSHOT_RECORD"] == "1" {
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try? svg.write(to: url, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        XCTFail("No snapshot \(name).svg; record it with SNAPSHOT_RECORD=1 and look at it.", file: file, line: line)
        return
    }
    guard expected != svg else { return }
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let a = svg.split(separator: "\n", omittingEmptySubsequences: false)
    var diff = ""
    var shown = 0
    for i in 0..<max(e.count, a.count) where shown < 10 {
        let el = i < e.count ? String(e[i]) : "∅"
        let al = i < a.count ? String(a[i]) : "∅"
        if el != al {
            diff += "line \(i + 1):\n  expected \(el)\n  actual   \(al)\n"
            shown += 1
        }
    }
    XCTFail("Snapshot \(name).svg differs (first lines that differ):\n\(diff)", file: file, line: line)
}

extension XMLElement {
    /// An attribute's value by name (`attribute(forName:)` of swift-corelibs-foundation returns nil
    /// for an SVG document's attributes, so the list is searched).
    func attr(_ name: String) -> String? {
        attributes?.first { $0.name == name }?.stringValue
    }
}
