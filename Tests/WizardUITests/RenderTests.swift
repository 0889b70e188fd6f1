import Foundation
import ConnectorKit
@testable import WizardUI
import XCTest

/// Snapshot tests: every tab and every authentication type at 80×24, plus the dialogs.
final class RenderTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/fixtures/connectors").standardized.path

    /// A General tab filled the way a maker would.
    func filled() -> WizardState {
        var s = newWizard()
        s.draft.general.title = "Contoso Invoicing"
        s.draft.general.description = "Create, send and track invoices in Contoso from your flows and apps."
        s.draft.general.iconBrandColor = "#da3b01"
        s.draft.general.host = "api.contoso.com"
        s.draft.general.basePath = "/v1"
        return s
    }

    func security(_ kind: AuthKind, provider: String = "generic", gateway: Bool = false) -> WizardState {
        var s = filled()
        s.draft.general.gateway = gateway
        s.draft.authKind = kind
        s.draft.oauth.provider = provider
        _ = s.apply(.goToTab(.security))
        return s
    }

    func testGeneralNew() {
        assertSnapshot(Renderer.render(newWizard()), named: "general-new")
    }

    func testGeneralFilled() {
        var s = filled()
        _ = s.apply(.goToTab(.general))
        assertSnapshot(Renderer.render(s), named: "general-filled")
    }

    func testGeneralWithFindings() {
        var s = newWizard()
        s.draft.general.title = "Contoso Invoicing API for every team"
        s.draft.general.iconBrandColor = "blue"
        s.draft.general.host = "https://api.contoso.com/v1 x"
        s.draft.general.basePath = "v1"
        s.showAllFindings = true
        s.revalidate()
        assertSnapshot(Renderer.render(s), named: "general-findings")
    }

    func testSecurityEveryType() {
        assertSnapshot(Renderer.render(security(.none)), named: "security-none")
        assertSnapshot(Renderer.render(security(.basic)), named: "security-basic")
        assertSnapshot(Renderer.render(security(.apikey)), named: "security-apikey")
        assertSnapshot(Renderer.render(security(.oauth2)), named: "security-oauth-generic")
        assertSnapshot(Renderer.render(security(.oauth2, provider: "aad")), named: "security-oauth-aad")
        assertSnapshot(Renderer.render(security(.oauth2, provider: "github")), named: "security-oauth-github")
        assertSnapshot(Renderer.render(security(.windows, gateway: true)), named: "security-windows")
    }

    func testSeveralTypes() {
        var s = security(.apikey)
        _ = s.apply(.addAuthType)
        s.draft.sets[1].displayName = "Sign in with GitHub"
        s.draft.authKind = .oauth2
        s.draft.oauth.provider = "github"
        _ = s.apply(.goToTab(.security))
        assertSnapshot(Renderer.render(s), named: "security-several-types")
    }

    func testTestTab() {
        var s = filled()
        _ = s.apply(.goToTab(.test))
        assertSnapshot(Renderer.render(s), named: "test-tab")
        // The prompt follows the form before it is saved: Basic with the maker's labels.
        s.draft.authKind = .basic
        s.draft.basic.usernameLabel = "E-mail address"
        XCTAssertTrue(Renderer.render(s).text.contains("E-mail address *"), "an out-of-date prompt is not drawn")
        _ = s.apply(.goToTab(.test))
        let screen = Renderer.render(s).text
        XCTAssertTrue(screen.contains("E-mail address *"), screen)
        XCTAssertTrue(screen.contains("Password *"), screen)
        assertSnapshot(Renderer.render(s), named: "test-tab-basic")
    }

    func testDialogs() {
        var s = filled()
        s.dialog = .confirmQuit(selected: 0)
        assertSnapshot(Renderer.render(s), named: "dialog-quit")
        s.dialog = .saved(folder: "./contoso-invoicing", files: ["./contoso-invoicing/apiProperties.json",
                                                                  "./contoso-invoicing/apiDefinition.swagger.json"],
                          redirectURL: "https://global.consent.azure-apim.net/redirect/new-5fcontoso-20invoicing-5f0123456789abcdef",
                          created: true)
        assertSnapshot(Renderer.render(s), named: "dialog-saved")
        s.dialog = .help(scroll: 0)
        assertSnapshot(Renderer.render(s), named: "dialog-help")
    }

    /// The rows of a screen that hold `text` whole, on one row.
    func rows(holding text: String, in b: Buffer) -> [String] {
        b.text.split(separator: "\n").map(String.init).filter { $0.contains(text) }
    }

    func testTheRedirectURLIsNeverBrokenWhereTheScreenHasRoom() {
        let url = "https://global.consent.azure-apim.net/redirect/new-5fcontoso-20invoicing-5f0123456789abcdef"
        for (w, h) in [(100, 30), (200, 50)] {
            var s = security(.oauth2)
            s.press(.resize(width: w, height: h))
            s.draft.redirect = .perConnector(url)
            XCTAssertEqual(rows(holding: url, in: Renderer.render(s)).count, 1, "the Security tab at \(w)×\(h):\n\(s.screen)")
            s.dialog = .saved(folder: "./contoso-invoicing", files: [], redirectURL: url, created: true)
            let saved = Renderer.render(s)
            XCTAssertEqual(rows(holding: "│ " + url + " │", in: saved).count, 1,
                           "the save dialog grows to hold it at \(w)×\(h):\n\(saved.text)")
            XCTAssertFalse(saved.text.contains("printed in full"), saved.text)
        }
        var narrow = security(.oauth2)
        narrow.draft.redirect = .perConnector(url)
        narrow.dialog = .saved(folder: "./contoso-invoicing", files: [], redirectURL: url, created: true)
        let text = narrow.screen
        let flat = text.replacingOccurrences(of: "│", with: "").split(separator: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        XCTAssertTrue(flat.contains("printed in full when the wizard closes"), "at 80 columns it says where to find it whole:\n\(text)")
        XCTAssertTrue(flat.replacingOccurrences(of: " ", with: "").contains(url), "none of it is lost:\n\(text)")
    }

    func testAnImportedProvidersSettingsAreShownReadOnlyOnTheSecurityTab() throws {
        var s = WizardState(document: try ConnectorDocument.open(Self.fixtures + "/certified-connectors/ZohoSign"), files: FakeFiles())
        s.press(.alt("2"))
        let b = Renderer.render(s)
        let row = try XCTUnwrap(b.lines.firstIndex { $0.hasPrefix("  Authorization template     https://accounts.zoho.{CustomHost}/oauth/v2/auth") },
                                "the template whole on its row:\n\(b.text)")
        XCTAssertEqual(b[FormLayout.inputX + 1, row].style, Theme.default.readOnlyValue, "drawn as a read-only value")
        for shown in ["Client ID                  <Enter Your Client ID>", "Redirect mode              Global",
                      "Scope                      ZohoSign.documents.all"] {
            XCTAssertTrue(b.text.contains(shown), "\(shown) in\n\(b.text)")
        }
        // Shorter than its settings: PgDn scrolls a form that has nothing to focus.
        s.press(.resize(width: 80, height: 18))
        XCTAssertFalse(s.screen.contains("Redirect mode"), s.screen)
        XCTAssertTrue(Renderer.render(s).lines[17].contains("PgDn Scroll"), s.screen)
        s.press(.pageDown)
        XCTAssertTrue(s.screen.contains("Redirect mode              Global"), s.screen)
        s.press(.pageUp)
        XCTAssertTrue(s.screen.contains(" Authentication type"), s.screen)
    }

    func testALongDescriptionShowsItsStartAndMarksWhatIsCut() {
        var s = filled()
        s.draft.general.description = (1...30).map { "Word\($0)" }.joined(separator: " ") + " THE-END"
        let rows = s.screen.split(separator: "\n").map(String.init)
        let first = try! XCTUnwrap(rows.firstIndex { $0.contains("Description") })
        XCTAssertTrue(rows[first].contains("Word1 "), "unfocused, it shows its start:\n\(s.screen)")
        XCTAssertTrue(rows[first + 2].hasSuffix("…") || rows[first + 2].contains("…"), "and marks the rest:\n\(s.screen)")
        XCTAssertFalse(s.screen.contains("THE-END"))
        // Focused with the caret at the end: the end shows, and what is above is marked.
        while s.focused != .description { s.press(.tab) }
        s.press(.end)
        let focused = s.screen.split(separator: "\n").map(String.init)
        XCTAssertTrue(s.screen.contains("THE-END"), s.screen)
        XCTAssertEqual(Array(focused[first])[FormLayout.inputX], "…", "text above the box is marked at its start:\n\(s.screen)")
    }

    func testTooSmall() {
        var s = newWizard()
        s.press(.resize(width: 30, height: 8))
        assertSnapshot(Renderer.render(s), named: "too-small")
    }

    func testChoicePopup() {
        var s = security(.oauth2)
        s.press(.tab, .enter)
        assertSnapshot(Renderer.render(s), named: "popup-providers")
    }

    // MARK: styles a snapshot of text cannot show

    func testTheSwatchIsDrawnInTheChosenColour() {
        var s = filled()
        s.draft.general.iconBrandColor = "#da3b01"
        let b = Renderer.render(s)
        let row = b.lines.firstIndex { $0.contains("Icon background color") }!
        let x = (0..<b.width).first { b[$0, row].text == "█" }!
        XCTAssertEqual(b[x, row].style.fg, .rgb(RGB(0xDA, 0x3B, 0x01)))
    }

    func testFocusIsVisibleWithoutColour() {
        let b = Renderer.render(newWizard())
        let row = b.lines.firstIndex { $0.contains("Connector title") }!
        XCTAssertTrue(b[FormLayout.inputX + 2, row].style.attrs.contains(.underline), "the focused input is underlined")
        XCTAssertTrue(b[FormLayout.labelX, row].style.attrs.contains(.bold))
        XCTAssertEqual(b.cursor?.y, row)
    }

    func testWideGlyphsTakeTwoCells() {
        var s = newWizard()
        s.type("Überweisungen – 請求書")
        let b = Renderer.render(s)
        var left = s
        left.press(.tab)  // the header shows the title once the field is left
        XCTAssertTrue(Renderer.render(left).lines[0].hasPrefix(" Überweisungen – 請求書 · Create connector ●"),
                      Renderer.render(left).lines[0])
        // 請 is drawn at one cell and its right half is a continuation cell.
        let row = b.lines.firstIndex { $0.contains("Connector title") }!
        let x = (0..<b.width).first { b[$0, row].text == "請" }!
        XCTAssertTrue(b[x + 1, row].isContinuation)
        XCTAssertEqual(b[x + 2, row].text, "求")
        // The caret stands after the last glyph: 1 + 16 narrow + 3 wide (2 cells each).
        XCTAssertEqual(b.cursor?.x, FormLayout.inputX + 1 + 16 + 6)
        XCTAssertEqual(TextWidth.of("Überweisungen – 請求書"), 22)
    }

    func testErrorsShowAtTheFieldAndInTheStatusLine() {
        var s = newWizard()
        s.press(.tab) // leave the empty title
        s.press(.backTab)
        let b = Renderer.render(s)
        XCTAssertTrue(b.text.contains("✗ Connector title is required."), b.text)
        XCTAssertTrue(b.lines[22].contains("Connector title is required."), b.lines[22])
        let row = b.lines.firstIndex { $0.contains("✗ Connector title is required.") }!
        XCTAssertEqual(b[FormLayout.inputX, row].style.fg, Theme.default.error)
    }

    /// The status line gives a rule without its live count: the last " (it has N)" goes.
    func testTheStatusLineDropsTheCount() {
        XCTAssertEqual(Renderer.withoutCount("Description should have at least 30 characters (it has 10)."),
                       "Description should have at least 30 characters.")
        XCTAssertEqual(Renderer.withoutCount("Connector title must be at most 30 characters (it has 31)."),
                       "Connector title must be at most 30 characters.")
        XCTAssertEqual(Renderer.withoutCount("a (it has 1) b (it has 2)."), "a (it has 1) b.")
        XCTAssertEqual(Renderer.withoutCount("Titre « 請 » (it has 3)."), "Titre « 請 ».")
        for kept in ["Host is required, e.g. api.contoso.com.", "Icon must be a PNG (or JPEG).", "(it has 2).", ""] {
            XCTAssertEqual(Renderer.withoutCount(kept), kept)
        }
    }
}
