import Foundation
import TestKit
import XCTest

/// Plain mode (§7), end to end: the real binary in a real terminal (tmux) and with standard input
/// piped from a file, as screen-reader users, dumb terminals and scripts use it.
final class PlainModeTests: XCTestCase {
    static let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared").standardized.path
    var fixtures: String { Self.shared + "/fixtures/connectors" }

    var tmp: String!

    override func setUpWithError() throws {
        tmp = NSTemporaryDirectory() + "cw-plain-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        // CommandTests removes the runner's scratch folder when it is done: make it again.
        try FileManager.default.createDirectory(atPath: CommandRunner.scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let tmp { try? FileManager.default.removeItem(atPath: tmp) }
    }

    // MARK: (1) A new OAuth connector through a pseudo-terminal

    func testNewGitHubConnectorInATerminalWithHelpErrorsAndAHiddenSecret() throws {
        let t = try TmuxTerminal(wizardScript("--plain contoso"), width: 100, height: 70)
        try answer(t, "Connector title:", "Contoso Invoicing")
        try answer(t, "Icon:", "")
        try answer(t, "Icon background color [#007ee5]:", "#da3b01")

        // `?` explains the field (and its findings) and asks again.
        try waitForPrompt(t, "Description:")
        try t.type("?")
        try t.send("Enter")
        var screen = try t.waitUntil("the help of Description, then its prompt again") {
            $0.contains("  Between 30 and 500 characters.") && self.lastLine($0) == "Description:"
        }
        XCTAssertTrue(screen.contains("  warning: Description should have at least 30 characters (it has 0)."), screen)
        XCTAssertFalse(screen.contains("Tab moves on"), "the form's keys are not plain mode's:\n\(screen)")
        try t.type("Create, send and track invoices from your flows.")
        try t.send("Enter")

        try answer(t, "Connect via on-premises data gateway [y/N]:", "")
        try answer(t, "Scheme [HTTPS]:", "")
        // A bad Host: the rule's error, and the same question again.
        try answer(t, "Host:", "api contoso")
        screen = try t.waitUntil("the Host error and the question again") {
            $0.contains("  error: Host must be a host name") && self.lastLine($0) == "Host:"
        }
        try t.type("api.contoso.com")
        try t.send("Enter")
        try answer(t, "Base URL [/]:", "/v1")

        screen = try waitForPrompt(t, "Authentication type [No authentication]:")
        XCTAssertTrue(screen.contains("""
            Authentication type, one of:
              1) No authentication
              2) Basic authentication
              3) API Key
              4) OAuth 2.0
            """), screen)
        try t.type("4")
        try t.send("Enter")
        screen = try waitForPrompt(t, "Identity provider [Generic OAuth 2]:")
        XCTAssertTrue(screen.contains("  3) GitHub"), screen)
        try t.type("github")
        try t.send("Enter")
        try answer(t, "Client ID:", "contoso-client")

        // The secret is typed without echo.
        try waitForPrompt(t, "Client secret [none]:")
        try t.type("s3cr3t-value")
        usleep(300_000)
        screen = try t.screen()
        XCTAssertFalse(screen.contains("s3cr3t"), "the client secret is not shown as it is typed:\n\(screen)")
        try t.send("Enter")

        try answer(t, "Scope:", "")
        screen = try waitForPrompt(t, "Save? [Y/n]")
        XCTAssertTrue(screen.contains("Redirect URL: Save the custom connector to generate the redirect URL"), screen)
        XCTAssertTrue(screen.contains("Folder: contoso"), screen)
        try t.send("Enter")

        XCTAssertEqual(try t.waitForFile("exit.status"), "0\n")
        screen = try t.waitUntil("the report of the save") { $0.contains("Register it with the identity provider") }
        XCTAssertFalse(screen.contains("s3cr3t"), screen)
        XCTAssertTrue(screen.contains("Created contoso:\n  apiProperties.json\n  apiDefinition.swagger.json"), screen)
        let flat = screen.replacingOccurrences(of: "\n", with: "")
        let prefix = "Redirect URL: https://global.consent.azure-apim.net/redirect/new-5fcontoso-20invoicing-5f"
        let printed = try XCTUnwrap(flat.range(of: prefix).map { String(flat[$0.lowerBound...].prefix(prefix.count + 16)) }, screen)
        XCTAssertEqual(printed.count, prefix.count + 16, printed)
        XCTAssertEqual(try t.screen(escapes: true).contains("\u{1B}"), false, "plain text only")
        XCTAssertEqual(try t.waitForFile("stty.after"), try String(contentsOfFile: t.workDir + "/stty.before", encoding: .utf8),
                       "the terminal's modes (echo) are as they were")

        let folder = t.workDir + "/contoso"
        let props = try String(contentsOfFile: folder + "/apiProperties.json", encoding: .utf8)
        let swagger = try String(contentsOfFile: folder + "/apiDefinition.swagger.json", encoding: .utf8)
        XCTAssertTrue(props.contains("\"clientId\": \"contoso-client\""), props)
        XCTAssertTrue(props.contains("https://github.com/login/oauth/authorize"), props)
        XCTAssertTrue(props.contains("\"redirectMode\": \"GlobalPerConnector\""), props)
        XCTAssertTrue(props.contains("\"iconBrandColor\": \"#da3b01\""), props)
        XCTAssertTrue(props.contains(String(printed.dropFirst("Redirect URL: ".count))), "the printed URL is the saved one:\n\(props)")
        XCTAssertTrue(swagger.contains("\"host\": \"api.contoso.com\""), swagger)
        XCTAssertTrue(swagger.contains("\"basePath\": \"/v1\""), swagger)
        XCTAssertTrue(swagger.contains("Create, send and track invoices from your flows."), swagger)
        assertNoFile(under: t.workDir, contains: "s3cr3t-value")
        try assertSchemaCheckPasses(folder)
    }

    // MARK: (2) Without a terminal, and a script of answers (more in PlainModeTests, in-process)

    func testWithoutATerminalTheWizardIsPlainModeNeverAUsageError() throws {
        let missing = tmp + "/missing"
        let r = try CommandRunner.wizard([missing])
        XCTAssertEqual(r.status, 1, r.transcript)
        XCTAssertTrue(r.stdout.hasPrefix("Create connector (plain mode)"), r.transcript)
        XCTAssertEqual(r.stderr, "Cancelled; nothing was written.\n", r.transcript)
        XCTAssertFalse(FileManager.default.fileExists(atPath: missing))
    }

    // MARK: (3) Ctrl-D and Ctrl-C at a secret

    func testCtrlDAtTheSecretPromptCancelsAndRestoresEcho() throws {
        // No folder named: the save would go to ./half-way.
        let t = try TmuxTerminal(wizardScript("--plain"), width: 100, height: 60)
        try answer(t, "Connector title:", "Half Way")
        for prompt in ["Icon:", "Icon background color [#007ee5]:", "Description:", "Connect via on-premises data gateway [y/N]:",
                       "Scheme [HTTPS]:"] {
            try answer(t, prompt, "")
        }
        try answer(t, "Host:", "api.halfway.example")
        try answer(t, "Base URL [/]:", "")
        try answer(t, "Authentication type [No authentication]:", "OAuth 2.0")
        try answer(t, "Identity provider [Generic OAuth 2]:", "")
        try answer(t, "Client ID:", "half")
        try waitForPrompt(t, "Client secret [none]:")
        try t.type("never-saved")
        try t.send("C-d")   // with text typed: the line so far is handed over; the next C-d is the end
        try t.send("C-d")
        try assertCancelled(t, exitStatus: 1, typed: "never-saved")
        XCTAssertFalse(FileManager.default.fileExists(atPath: t.workDir + "/half-way"))
    }

    func testCtrlCWhileTheSecretIsTypedRestoresEcho() throws {
        // The shell around the wizard gets the terminal's SIGINT too: it waits on with a trap.
        let t = try TmuxTerminal("trap : INT; " + wizardScript("--plain interrupted"), width: 100, height: 60)
        try answer(t, "Connector title:", "Interrupted")
        for prompt in ["Icon:", "Icon background color [#007ee5]:", "Description:", "Connect via on-premises data gateway [y/N]:",
                       "Scheme [HTTPS]:"] {
            try answer(t, prompt, "")
        }
        try answer(t, "Host:", "api.example.com")
        try answer(t, "Base URL [/]:", "")
        try answer(t, "Authentication type [No authentication]:", "4")
        try answer(t, "Identity provider [Generic OAuth 2]:", "3")
        try answer(t, "Client ID:", "x")
        try waitForPrompt(t, "Client secret [none]:")
        try t.type("half-typed")
        try t.send("C-c")
        try assertCancelled(t, exitStatus: 130, typed: "half-typed")
        XCTAssertFalse(FileManager.default.fileExists(atPath: t.workDir + "/interrupted"))
    }

    func testCtrlCWhileSetReadsTheClientSecretRestoresEcho() throws {
        // `set --client-secret-stdin` reads with the same no-echo reader as plain mode.
        let bin = TmuxTerminal.quote(TmuxTerminal.binary)
        let t = try TmuxTerminal("trap : INT; \(bin) new kept title=Kept host=api.example.com auth=oauth2 oauth.provider=github oauth.clientId=abc > /dev/null && "
                                 + wizardScript("set kept --client-secret-stdin"), width: 100, height: 30)
        try t.waitFor("Client secret (not shown):")
        try t.type("half-typed-secret")
        try t.send("C-c")
        try assertCancelled(t, exitStatus: 130, typed: "half-typed-secret")
    }

    /// A dialogue stopped while a secret was typed: the exit status, `Cancelled; nothing was
    /// written.`, the terminal's modes (echo) as they were, and the typed text nowhere.
    func assertCancelled(_ t: TmuxTerminal, exitStatus: Int, typed: String,
                         file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(try t.waitForFile("exit.status"), "\(exitStatus)\n", file: file, line: line)
        let screen = try t.waitFor("Cancelled; nothing was written.", file: file, line: line)
        XCTAssertFalse(screen.contains(typed), screen, file: file, line: line)
        XCTAssertEqual(try t.waitForFile("stty.after"), try String(contentsOfFile: t.workDir + "/stty.before", encoding: .utf8),
                       "echo is on again", file: file, line: line)
        assertNoFile(under: t.workDir, contains: typed, file: file, line: line)
    }

    // MARK: (4) TERM=dumb and ACCESSIBLE start plain mode

    func testDumbTerminalStartsPlainModeAndSavesToTheTitlesFolder() throws {
        let t = try TmuxTerminal(wizardScript(""), width: 80, height: 50, env: ["TERM": "dumb"])
        var screen = try waitForPrompt(t, "Connector title:")
        XCTAssertTrue(screen.contains("Create connector (plain mode), saved to a new folder named after the title."), screen)
        try t.type("Dumb Terminal Demo")
        try t.send("Enter")
        for prompt in ["Icon:", "Icon background color [#007ee5]:", "Description:", "Connect via on-premises data gateway [y/N]:",
                       "Scheme [HTTPS]:"] {
            try answer(t, prompt, "")
        }
        try answer(t, "Host:", "api.dumb.example")
        try answer(t, "Base URL [/]:", "")
        try answer(t, "Authentication type [No authentication]:", "")
        screen = try waitForPrompt(t, "Save? [Y/n]")
        XCTAssertTrue(screen.contains("Folder: ./dumb-terminal-demo"), screen)
        try t.type("yes")
        try t.send("Enter")
        XCTAssertEqual(try t.waitForFile("exit.status"), "0\n")
        screen = try t.waitFor("Created ./dumb-terminal-demo:")
        XCTAssertFalse(try t.screen(escapes: true).contains("\u{1B}"), "no escape sequences")
        for line in screen.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 80, String(line)) }
        try assertSchemaCheckPasses(t.workDir + "/dumb-terminal-demo")
    }

    func testAccessibleStartsPlainModeInAFullTerminal() throws {
        let t = try TmuxTerminal(wizardScript("acc"), env: ["ACCESSIBLE": "1"])
        let screen = try waitForPrompt(t, "Connector title:")
        XCTAssertTrue(screen.contains("Create connector (plain mode), saved to acc."), screen)
        XCTAssertFalse(try t.screen(escapes: true).contains("\u{1B}"), "no escape sequences")
        try t.send("C-d")
        XCTAssertEqual(try t.waitForFile("exit.status"), "1\n")
        try t.waitFor("Cancelled; nothing was written.")
        XCTAssertFalse(FileManager.default.fileExists(atPath: t.workDir + "/acc"))

        // ACCESSIBLE set but empty is not a request for plain mode: the full-screen wizard starts.
        let full = try TmuxTerminal(wizardScript("acc"), env: ["ACCESSIBLE": ""])
        try full.waitFor("New connector · Create connector")
        try full.send("C-q")
        XCTAssertEqual(try full.waitForFile("exit.status"), "0\n")
    }

    // MARK: (5) An existing connector, every default accepted (each fixture shape: PlainModeTests)

    /// An existing connector through the terminal: every default accepted with Enter.
    func testExistingConnectorInATerminalWithEveryDefault() throws {
        let copy = tmp + "/HR Cloud"
        try FileManager.default.copyItem(atPath: fixtures + "/custom-connectors/HR Cloud", toPath: copy)
        let before = try contents(of: copy)
        let t = try TmuxTerminal(wizardScript("--plain " + TmuxTerminal.quote(copy)), width: 100, height: 60)
        try waitForPrompt(t, "Connector title [HR Cloud]:")
        var screen = ""
        for _ in 0..<40 {
            try t.send("Enter")
            screen = try t.screen()
            if (try? String(contentsOfFile: t.workDir + "/exit.status", encoding: .utf8)) != nil { break }
            usleep(100_000)
        }
        XCTAssertEqual(try t.waitForFile("exit.status"), "0\n")
        screen = try t.waitFor("nothing changed, no file written.")
        XCTAssertTrue(screen.contains("Parameter label (username) [Username]:"), screen)
        XCTAssertEqual(try contents(of: copy), before)
    }

    // MARK: Helpers

    /// The last line of the screen with something on it: the prompt waiting for its answer.
    func lastLine(_ screen: String) -> String {
        let line = screen.split(separator: "\n").last { !$0.allSatisfy { $0 == " " } } ?? ""
        var s = Substring(line)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }

    @discardableResult
    func waitForPrompt(_ t: TmuxTerminal, _ prompt: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try t.waitUntil("the prompt \"\(prompt)\"", file: file, line: line) { self.lastLine($0) == prompt }
    }

    /// Waits for `prompt`, types `text` and Enter.
    func answer(_ t: TmuxTerminal, _ prompt: String, _ text: String, file: StaticString = #filePath, line: UInt = #line) throws {
        try waitForPrompt(t, prompt, file: file, line: line)
        if !text.isEmpty { try t.type(text) }
        try t.send("Enter")
    }

    func assertSchemaCheckPasses(_ folder: String, file: StaticString = #filePath, line: UInt = #line) throws {
        SchemaChecker.assertPasses(folder, folder, file: file, line: line)
    }

    func assertPlainText(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        assertPlainText(text, allowingLongLinesWith: tmp, file: file, line: line)
    }
}
