import Foundation
import XCTest

/// The real binary in a real terminal, as a maker uses it.
final class WizardEndToEndTests: XCTestCase {
    var shared: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../shared").standardized.path
    }

    func testNewConnectorThroughEveryTypeToSaveWithTheRedirectURL() throws {
        let t = try TmuxTerminal(wizardScript("contoso"))
        try t.waitFor("New connector · Create connector")
        try t.type("Contoso Invoicing")
        // The header keeps the title as it was while the field is typed in, and follows on Tab.
        try t.waitUntil("the title typed, the header waiting") {
            $0.contains("New connector · Create connector ●") && $0.contains("Connector title            Contoso Invoicing")
        }
        try t.send("Tab")
        try t.waitFor("Contoso Invoicing · Create connector ●")
        try t.send("Tab", "C-u")
        try t.type("#da3b01")
        try t.send("Tab")
        try t.type("Create, send and track invoices from your flows.")
        try t.send("Tab", "Tab", "Tab")
        try t.paste("https://api.contoso.com/v1")
        try t.waitFor("Split the URL into Scheme HTTPS, Host and Base URL /v1.")

        // Security: every type, the form reshaping at once.
        try t.send("M-2")
        try t.waitFor("No authentication: any anonymous user can use the connector.")
        try t.send("Right")
        // A frame may be caught half-drawn: wait for everything expected, not for its first line.
        try t.waitUntil("the Basic form") { $0.contains("Users give a user name") && $0.contains("→ username") && $0.contains("→ password") }
        try t.send("Right")
        try t.waitUntil("the API Key form") { $0.contains("Parameter location") && $0.contains("X-API-Key") && $0.contains("Header") }
        try t.send("Right")
        try t.waitUntil("the OAuth form") {
            $0.contains("Identity provider") && self.flat($0).contains("Savethecustomconnectortogeneratetheredirect")
        }
        try t.send("Tab", "Enter")
        try t.waitFor("Azure Active Directory")
        try t.send("Down", "Down", "Enter") // GitHub
        try t.waitUntil("the GitHub form") { $0.contains("GitHub") && !$0.contains("Authorization URL") }
        try t.send("Tab")
        try t.type("contoso-client")
        try t.send("Tab")
        try t.type("s3cr3t-value")
        var screen = try t.waitFor("••••••••••••")
        XCTAssertFalse(screen.contains("s3cr3t"), "the client secret is masked:\n\(screen)")

        try t.send("C-s")
        screen = try t.waitUntil("the save dialog") { $0.contains("The connector was created.") && $0.contains("Copy redirect URL") }
        let url = try XCTUnwrap(redirectURL(in: screen), screen)
        XCTAssertTrue(url.hasPrefix("https://global.consent.azure-apim.net/redirect/new-5fcontoso-20invoicing-5f"), url)
        XCTAssertEqual(url.count, "https://global.consent.azure-apim.net/redirect/new-5fcontoso-20invoicing-5f".count + 16, url)
        try t.send("Enter")
        screen = try t.waitUntil("the Security tab after the save") {
            $0.contains("Contoso Invoicing · Update connector") && !$0.contains("Close (Enter)") && $0.contains("Tab Next")
        }
        XCTAssertEqual(redirectURL(in: screen), url, "the Security tab shows the same redirect URL:\n\(screen)")

        let folder = t.workDir + "/contoso"
        let props = try String(contentsOfFile: folder + "/apiProperties.json", encoding: .utf8)
        let swagger = try String(contentsOfFile: folder + "/apiDefinition.swagger.json", encoding: .utf8)
        XCTAssertTrue(props.contains("\"clientId\": \"contoso-client\""), props)
        XCTAssertTrue(props.contains("https://github.com/login/oauth/authorize"), props)
        XCTAssertTrue(props.contains("\"redirectMode\": \"GlobalPerConnector\""), props)
        XCTAssertFalse(props.contains("s3cr3t") || swagger.contains("s3cr3t"), "the client secret is never written")
        XCTAssertTrue(swagger.contains("\"host\": \"api.contoso.com\""), swagger)
        XCTAssertTrue(swagger.contains("\"basePath\": \"/v1\""), swagger)

        let check = try runSchemaCheck(folder)
        XCTAssertEqual(check.status, 0, "schema_check.py:\n\(check.output)")

        // A second save keeps the URL.
        try t.send("M-1")
        try t.type(" Two")
        try t.send("C-s")
        screen = try t.waitUntil("the second save") { $0.contains("The connector was updated.") && $0.contains("Copy redirect URL") }
        XCTAssertEqual(redirectURL(in: screen), url)
        try t.send("Enter")

        try t.send("C-q")
        XCTAssertEqual(try t.waitForFile("exit.status"), "0\n")
        try t.waitUntil("the summary after the wizard closed") { self.flat($0).contains("redirectURL:" + url) }
        let scrollback = try t.run(["capture-pane", "-p", "-S", "-2000", "-t", "main"])
        XCTAssertFalse(scrollback.contains("s3cr3t"), "no secret in the scrollback")
    }

    func testResizeBelowTheMinimumAndBack() throws {
        let t = try TmuxTerminal(wizardScript("small"))
        try t.waitFor("1. General")
        try t.resize(width: 30, height: 8)
        let small = try t.waitFor("60×16")
        XCTAssertFalse(small.contains("1. General"), small)
        try t.resize(width: 80, height: 24)
        try t.waitFor("1. General")
        try t.resize(width: 200, height: 50)
        try t.waitUntil("the hint bar at 200 columns") { $0.contains("Alt-1/2/3 Tabs") }
        try t.send("C-q")
        XCTAssertEqual(try t.waitForFile("exit.status"), "0\n")
    }

    func testQuitWithUnsavedChangesAsksAndDiscards() throws {
        let t = try TmuxTerminal(wizardScript("unsaved"))
        try t.waitFor("1. General")
        try t.type("Draft")
        try t.send("C-c")
        try t.waitFor("Save changes before quitting?")
        try t.send("Escape")
        try t.waitUntil("the dialog to close") { !$0.contains("Save changes before quitting?") }
        try t.send("C-q")
        try t.waitFor("Save changes before quitting?")
        try t.send("d")
        XCTAssertEqual(try t.waitForFile("exit.status"), "0\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: t.workDir + "/unsaved"), "Discard writes nothing")
        XCTAssertEqual(try t.waitForFile("stty.after"), try String(contentsOfFile: t.workDir + "/stty.before", encoding: .utf8))
    }

    func testSignalsRestoreTheTerminal() throws {
        for signal in [SIGTERM, SIGHUP] {
            let t = try TmuxTerminal(wizardScript("signalled"))
            try t.waitFor("1. General")
            try t.type("Unsaved title")
            let pid = try t.waitForFile("wizard.pid").trimmingCharacters(in: .whitespacesAndNewlines)
            XCTAssertEqual(kill(pid_t(pid)!, signal), 0)
            let status = try t.waitForFile("exit.status")
            XCTAssertEqual(status, "\(128 + signal)\n")
            XCTAssertEqual(try t.waitForFile("stty.after"),
                           try String(contentsOfFile: t.workDir + "/stty.before", encoding: .utf8),
                           "stty -g after signal \(signal) is as it was")
        }
    }

    func testAFailedSaveSaysWhyAndKeepsTheForm() throws {
        let t = try TmuxTerminal("echo not-a-folder > blocker; " + wizardScript("blocker/contoso"))
        try t.waitFor("1. General")
        try t.type("Contoso")
        for _ in 0..<6 { try t.send("Tab") }
        try t.type("api.contoso.com")
        try t.send("C-s")
        let screen = try t.waitFor("Not saved")
        XCTAssertTrue(screen.contains("Not a directory"), screen)
        XCTAssertTrue(screen.contains("Every value is still in the form."), screen)
        try t.send("Enter")
        try t.waitFor("Contoso · Create connector ●")
        try t.send("C-q", "d")
        XCTAssertEqual(try t.waitForFile("exit.status"), "0\n")
    }

    func testAWideTitleDrawsAndMeasuresRight() throws {
        let t = try TmuxTerminal(wizardScript("cjk"))
        try t.waitFor("1. General")
        try t.type("Überweisungen – 請求書")
        try t.send("Tab")
        let screen = try t.waitUntil("the title in the header and the field") {
            $0.contains("Überweisungen – 請求書 · Create connector ●") && $0.contains("Connector title            Überweisungen – 請求書")
        }
        // The header is right-aligned to the last column: the folder name ends at column 79,
        // which it only does when each CJK glyph was measured as two cells.
        let header = String(screen.split(separator: "\n")[0])
        let cells = header.unicodeScalars.reduce(0) { $0 + ((0x3000...0x9FFF).contains($1.value) ? 2 : 1) }
        XCTAssertTrue(header.hasSuffix("cjk"), header)
        XCTAssertEqual(cells, 79, header)
        try t.send("C-q", "d")
        XCTAssertEqual(try t.waitForFile("exit.status"), "0\n")
    }

    func testAnUnreadableConnectorIsRefusedInOneSentence() throws {
        let broken = shared + "/fixtures/connectors/certified-connectors/gofileroom"
        let t = try TmuxTerminal(wizardScript(TmuxTerminal.quote(broken) + " 2> err.txt"))
        XCTAssertEqual(try t.waitForFile("exit.status"), "3\n")
        let err = try String(contentsOfFile: t.workDir + "/err.txt", encoding: .utf8)
        XCTAssertTrue(err.contains("apiProperties.json") && err.contains("line"), err)
        XCTAssertEqual(err.split(separator: "\n").count, 1, err)
    }

    /// The screen's text without box borders, blanks and line breaks, so that a URL wrapped
    /// over several rows reads as one.
    func flat(_ screen: String) -> String {
        String(screen.filter { !" \n│╭╮╰╯─".contains($0) })
    }

    /// The per-connector redirect URL on screen, however it is wrapped.
    func redirectURL(in screen: String) -> String? {
        let f = flat(screen)
        guard let r = f.range(of: "https://global.consent.azure-apim.net/redirect/") else { return nil }
        let rest = f[r.upperBound...].prefix { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        return "https://global.consent.azure-apim.net/redirect/" + rest
    }

    func runSchemaCheck(_ folder: String) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", shared + "/tools/schema_check.py", folder]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: out, as: UTF8.self))
    }
}

/// The gateway checkbox changes which types exist, and the wizard asks instead of switching.
final class GatewayEndToEndTests: XCTestCase {
    func testTheGatewayOffersWindowsAndAsksAboutAnUnavailableType() throws {
        let t = try TmuxTerminal(wizardScript("gateway"))
        try t.waitFor("1. General")
        try t.send("M-2", "Right", "Right") // API Key
        try t.waitUntil("the API Key form") { $0.contains("Parameter location") }
        try t.send("M-1", "Tab", "Tab", "Tab", "Tab", "Space")
        try t.waitUntil("the question") {
            $0.contains("API Key is not available through an on-premises data gateway.") && $0.contains("Undo (U)")
        }
        try t.send("c")
        try t.waitUntil("the Security tab") { $0.contains("› Authentication type") || $0.contains("›Authentication type") }
        try t.send("Right", "Right", "Right")
        try t.waitUntil("Windows authentication") {
            $0.contains("Windows authentication") && $0.contains("Users give Windows credentials and pick an on-premises data gateway.")
        }
        try t.send("C-q", "d")
        XCTAssertEqual(try t.waitForFile("exit.status"), "0\n")
    }
}

/// NO_COLOR: no colour at all, while focus stays visible.
final class NoColorEndToEndTests: XCTestCase {
    func testNoColourEscapesButFocusIsMarked() throws {
        let t = try TmuxTerminal(wizardScript("nocolor"), env: ["NO_COLOR": "1"])
        try t.waitFor("1. General")
        let screen = try t.screen(escapes: true)
        XCTAssertFalse(screen.contains("[38;") || screen.contains("[48;") || screen.range(of: "\u{1B}\\[(3|4|9|10)[0-7]m", options: .regularExpression) != nil,
                       "no colour escapes:\n\(screen.debugDescription.prefix(600))")
        XCTAssertTrue(screen.contains("\u{1B}[7m") || screen.contains(";7m"), "reverse marks the focused input")
        try t.send("C-q")
        XCTAssertEqual(try t.waitForFile("exit.status"), "0\n")
    }

    func testABrokenThemeIsNamedAndTheDefaultIsUsed() throws {
        let t = try TmuxTerminal("printf '{\\n  \"colors\": [\\n' > broken.json; " + wizardScript("--theme broken.json ./themed 2> err.txt"))
        try t.waitUntil("the wizard with a message") { $0.contains("1. General") && $0.contains("broken.json line") }
        try t.send("C-q")
        XCTAssertEqual(try t.waitForFile("exit.status"), "0\n")
        let err = try String(contentsOfFile: t.workDir + "/err.txt", encoding: .utf8)
        XCTAssertTrue(err.contains("broken.json line 3") && err.contains("using the default theme"), err)
    }

    func testABrokenThemeIsSaidInTheConnectionPromptWhileItIsOpen() throws {
        let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../shared").standardized.path
        let folder = TmuxTerminal.quote(shared + "/fixtures/connectors/custom-connectors/HR Cloud")
        let t = try TmuxTerminal("printf '{\\n  \"colors\": [\\n' > broken.json; " + wizardScript("connect \(folder) --theme broken.json 2> err.txt"))
        try t.waitUntil("the prompt with the theme's failure on its status line") {
            $0.contains("New connection") && $0.contains("Using the default theme: broken.json line 3")
        }
        try t.send("Escape")
        XCTAssertEqual(try t.waitForFile("exit.status"), "1\n", "cancelled")
    }
}
