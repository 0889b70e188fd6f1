import ConnectorKit
@testable import WizardUI
import XCTest

/// The end user's connection prompt (§5) drawn into cells: snapshots of real connectors at 80×24
/// and what every drawing must hold.
final class PromptRenderTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/fixtures/connectors").standardized.path

    func prompt(_ relative: String, gateways: [String] = [], set: Int = 0) throws -> ConnectionPrompt {
        let doc = try ConnectorDocument.open(Self.fixtures + "/" + relative)
        XCTAssertFalse(doc.isNew, "the fixture \(relative) is found under \(Self.fixtures)")
        return ConnectionPrompt(document: doc, gateways: gateways, set: set)
    }

    func testBasicSnapshot() throws {
        let p = try prompt("custom-connectors/HR Cloud")
        assertSnapshot(PromptRenderer.render(p, width: 80, height: 24), named: "prompt-basic-hr-cloud")
    }

    func testSeveralTypesSnapshot() throws {
        let p = try prompt("independent-publisher-connectors/Open Data Network")
        assertSnapshot(PromptRenderer.render(p, width: 80, height: 24), named: "prompt-sets-open-data-network")
    }

    func testGatewaySnapshot() throws {
        let p = try prompt("certified-connectors/Connect Bridge")
        assertSnapshot(PromptRenderer.render(p, width: 80, height: 24), named: "prompt-gateway-connect-bridge")
    }

    func testOAuthSnapshot() throws {
        let p = try prompt("custom-connectors/Snowflake")
        assertSnapshot(PromptRenderer.render(p, width: 80, height: 24), named: "prompt-oauth-snowflake")
    }

    func testSecretsAreMaskedUnlessClearText() throws {
        let p = try prompt("custom-connectors/HR Cloud")
        let text = PromptRenderer.render(p, width: 80, height: 24, values: ["username": "ada", "password": "hunter2"]).text
        XCTAssertTrue(text.contains(" ada "), "clearText shows the username")
        XCTAssertFalse(text.contains("hunter2"))
        XCTAssertTrue(text.contains(String(repeating: Theme.default.glyphs.mask, count: 7)))
    }

    func testGatewaysFillTheChoice() throws {
        let none = PromptRenderer.render(try prompt("certified-connectors/Connect Bridge"), width: 80, height: 24).text
        XCTAssertTrue(none.contains(ConnectionPrompt.noGatewayText))
        let some = PromptRenderer.render(try prompt("certified-connectors/Connect Bridge", gateways: ["Contoso GW"]),
                                         width: 80, height: 24).text
        XCTAssertTrue(some.contains("Contoso GW"))
        XCTAssertFalse(some.contains(ConnectionPrompt.noGatewayText))
    }

    func testTitleSwatchIsInTheIconColour() throws {
        let p = try prompt("custom-connectors/HR Cloud")
        let b = PromptRenderer.render(p, width: 80, height: 24)
        let swatch = b.cells.filter { $0.text == "█" }
        XCTAssertFalse(swatch.isEmpty)
        XCTAssertTrue(swatch.allSatisfy { $0.style.fg == .rgb(RGB(hex: "#54c4ca")!) })
    }

    func testNoFieldsIsJustTheButtons() throws {
        let text = PromptRenderer.render(try prompt("independent-publisher-connectors/xkcd"), width: 80, height: 24).text
        XCTAssertTrue(text.contains("xkcd"))
        XCTAssertTrue(text.contains(" Create ") && text.contains(" Cancel "))
    }

    /// Wide characters wrap and truncate by cells, never by characters: nothing spills past the
    /// dialog's right border.
    func testWideTextStaysInsideTheDialog() {
        let wide = String(repeating: "接続の説明", count: 12)
        let p = ConnectionPrompt(
            properties: ["properties": ["iconBrandColor": "#123456", "connectionParameters": [
                "k": ["type": "string", "allowedValues": [["value": "v", "text": .string(wide)]],
                      "uiDefinition": ["displayName": .string(wide), "description": .string(wide),
                                       "constraints": ["required": "true"]]],
                "s": ["type": "securestring", "uiDefinition": ["displayName": "秘密"]],
            ]]],
            definition: ["info": ["title": .string("コネクタ " + wide)]])
        for (w, h) in [(80, 24), (50, 16), (30, 10)] {
            let b = PromptRenderer.render(p, width: w, height: h)
            for (y, line) in b.lines.enumerated() {
                XCTAssertEqual(TextWidth.of(line), w, "row \(y) at \(w)×\(h) is \(w) cells: |\(line)|")
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.hasPrefix("│") || trimmed.hasPrefix("╭") || trimmed.hasPrefix("╰") {
                    XCTAssertTrue(trimmed.hasSuffix("│") || trimmed.hasSuffix("╮") || trimmed.hasSuffix("╯"),
                                  "row \(y) at \(w)×\(h) keeps its right border: |\(line)|")
                }
            }
        }
    }

    /// A prompt taller than the screen says how many fields it could not show and keeps the buttons.
    func testTooManyFieldsForTheScreen() {
        var params: [(String, JSONValue)] = []
        for i in 1...12 {
            params.append(("p\(i)", ["type": "string", "uiDefinition": ["displayName": .string("Field \(i)"),
                                                                         "description": "Something to fill in.",
                                                                         "constraints": ["tabIndex": .number("\(i)")]]]))
        }
        let p = ConnectionPrompt(properties: ["properties": ["connectionParameters": .object(JSONObject(params.map { (key: $0.0, value: $0.1) }))]],
                                 definition: ["info": ["title": "Many"]])
        let text = PromptRenderer.render(p, width: 80, height: 24).text
        XCTAssertTrue(text.contains("Field 1"))
        XCTAssertFalse(text.contains("Field 12"))
        XCTAssertTrue(text.contains("more fields"))
        XCTAssertTrue(text.contains(" Create "))
    }

    func testEveryThemeDrawsTheSameText() throws {
        let p = try prompt("independent-publisher-connectors/Open Data Network")
        let reference = PromptRenderer.render(p, width: 80, height: 24, theme: .default).text
        for name in ["dark", "light", "high-contrast", "ansi"] {
            let theme = try ThemeCatalog.find(name, environment: { _ in nil })
            XCTAssertEqual(PromptRenderer.render(p, width: 80, height: 24, theme: theme).text, reference, name)
        }
    }
}
