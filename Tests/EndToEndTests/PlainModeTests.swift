import Foundation
import XCTest

/// Plain mode (§7), end to end: the real binary in a real terminal (tmux) and with standard input
/// piped from a file, as screen-reader users, dumb terminals and scripts use it.
final class PlainModeTests: XCTestCase {
    static let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared").standardized.path
    var fixtures: String { Self.shared + "/fixtures/connectors" }
    var schemaCheck: String { Self.shared + "/tools/schema_check.py" }

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
        try assertNoFile(under: t.workDir, contains: "s3cr3t-value")
        try assertSchemaCheckPasses(folder)
    }

    // MARK: (2) A script of answers on standard input

    func testPipedAnswersCreateABasicConnectorWithChoicesByNumberAndByText() throws {
        let dir = tmp + "/contoso-hr"
        let script = [
            "Contoso HR",                 // Connector title
            "",                           // Icon
            "#da3b01",                    // Icon background color
            "?",                          // help, then the question again
            "Employee records for your flows, from Contoso HR.",
            "no",                         // gateway
            "2",                          // Scheme by number: HTTP
            "api.contoso.com:8443",       // Host
            "",                           // Base URL
            "BASIC AUTHENTICATION",       // Authentication type by its text, any case
            "User name",                  // Parameter label (username)
            "",                           // Parameter label (password) keeps Password
            "y",                          // Save?
        ].joined(separator: "\n") + "\n"
        let r = try CommandRunner.wizard([dir], stdin: script)
        XCTAssertEqual(r.status, 0, r.transcript)
        let out = r.stdout
        for expected in [
            "Create connector (plain mode), saved to \(dir).",
            "1. General\nConnector title: Contoso HR\nIcon: \nIcon background color [#007ee5]: #da3b01\n",
            "Description: ?\n  Between 30 and 500 characters.\n",
            "Connect via on-premises data gateway [y/N]: no\n",
            "Scheme, one of:\n  1) HTTPS\n  2) HTTP\nScheme [HTTPS]: 2\n",
            "Base URL [/]: \n",
            "Authentication type [No authentication]: BASIC AUTHENTICATION\n",
            "  warning: With HTTP, the password travels in clear text; use HTTPS.\n",
            "Parameter label (username) [Username]: User name\n",
            "Parameter label (password) [Password]: \n",
            "Save? [Y/n] y\nCreated \(dir):\n  apiProperties.json\n  apiDefinition.swagger.json\n",
        ] {
            XCTAssertTrue(out.contains(expected), "missing \(expected.debugDescription) in:\n\(r.transcript)")
        }
        assertPlainText(out)
        XCTAssertEqual(r.stderr, "", r.transcript)

        let props = try String(contentsOfFile: dir + "/apiProperties.json", encoding: .utf8)
        let swagger = try String(contentsOfFile: dir + "/apiDefinition.swagger.json", encoding: .utf8)
        XCTAssertTrue(props.contains("\"displayName\": \"User name\""), props)
        XCTAssertTrue(props.contains("\"displayName\": \"Password\""), props)
        XCTAssertTrue(swagger.contains("\"host\": \"api.contoso.com:8443\""), swagger)
        XCTAssertTrue(swagger.contains("\"http\""), swagger)
        XCTAssertTrue(swagger.contains("basic_auth"), swagger)
        try assertSchemaCheckPasses(dir)
    }

    /// Generic OAuth from a script: a bad URL is asked again, the secret never shows, `n` at
    /// the end writes nothing; the same answers with `y` save, and the secret is in no file.
    func testPipedGenericOAuthAsksAgainHidesTheSecretAndSavesOnlyOnYes() throws {
        let dir = tmp + "/fabrikam"
        func script(_ save: String) -> String {
            [
                "Fabrikam Orders", "", "#123456", "Orders, invoices and shipments from Fabrikam.", "", "", "https://api.fabrikam.com/v2", "",
                "oauth 2.0", "1", "fabrikam-app", "pa55-w0rd-secret",
                "http://login.fabrikam.com/authorize",  // http to a real host: an error, asked again
                "https://login.fabrikam.com/authorize",
                "https://login.fabrikam.com/token", "", "orders.read offline_access", save,
            ].joined(separator: "\n") + "\n"
        }
        var r = try CommandRunner.wizard([dir], stdin: script("n"))
        XCTAssertEqual(r.status, 0, r.transcript)
        XCTAssertTrue(r.stdout.contains("  Split the URL into Scheme HTTPS, Host api.fabrikam.com and Base URL /v2.\nBase URL [/v2]: \n"),
                      r.transcript)
        XCTAssertTrue(r.stdout.contains("Client secret [none]: \n"), r.transcript)
        XCTAssertTrue(r.stdout.contains("""
            Authorization URL: http://login.fabrikam.com/authorize
              error: Authorization URL must use https (http only to a loopback address).
            Authorization URL: https://login.fabrikam.com/authorize
            """), r.transcript)
        XCTAssertTrue(r.stdout.contains("Refresh URL: \nScope: orders.read offline_access\n"), r.transcript)
        XCTAssertTrue(r.stdout.hasSuffix("Save? [Y/n] n\nNot saved.\n"), r.transcript)
        XCTAssertFalse(r.stdout.contains("pa55") || r.stderr.contains("pa55"), "the secret is never printed:\n\(r.transcript)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir), "n writes nothing")

        r = try CommandRunner.wizard([dir], stdin: script("y"))
        XCTAssertEqual(r.status, 0, r.transcript)
        XCTAssertFalse(r.stdout.contains("pa55") || r.stderr.contains("pa55"), r.transcript)
        XCTAssertTrue(r.stdout.contains("Redirect URL: https://global.consent.azure-apim.net/redirect/new-5ffabrikam-20orders-5f"),
                      r.transcript)
        XCTAssertTrue(r.stdout.contains("The client secret is not in the connector's files and was not kept."), r.transcript)
        assertPlainText(r.stdout)
        let props = try String(contentsOfFile: dir + "/apiProperties.json", encoding: .utf8)
        XCTAssertTrue(props.contains("https://login.fabrikam.com/authorize"), props)
        XCTAssertTrue(props.contains("\"orders.read\""), props)
        try assertNoFile(under: dir, contains: "pa55-w0rd-secret")
        try assertNoFile(under: CommandRunner.scratch, contains: "pa55-w0rd-secret")
        try assertSchemaCheckPasses(dir)
    }

    // MARK: (3) End of input half-way

    func testEndOfPipedInputHalfWayCancelsAndWritesNothing() throws {
        let missing = tmp + "/missing"
        var r = try CommandRunner.wizard([missing], stdin: "Contoso\n\n#da3b01\nA description long enough to pass the rule.\n\n\napi.contoso.com\n")
        XCTAssertEqual(r.status, 1, r.transcript)
        XCTAssertEqual(r.stderr, "Cancelled; nothing was written.\n", r.transcript)
        XCTAssertTrue(r.stdout.hasSuffix("Base URL [/]: \n"), "the open prompt is ended:\n\(r.transcript)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: missing))

        // An empty folder stays empty; EOF at the first prompt too.
        let empty = tmp + "/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        for input in ["", "Contoso\n", "Contoso\n\n\nDescription\n\n\napi.contoso.com\n/\n4\n"] {
            r = try CommandRunner.wizard([empty], stdin: input)
            XCTAssertEqual(r.status, 1, r.transcript)
            XCTAssertTrue(r.stderr.hasSuffix("Cancelled; nothing was written.\n"), r.transcript)
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: empty), [], r.transcript)
        }

        // Without a terminal the wizard is plain mode, never a usage error.
        r = try CommandRunner.wizard([missing])
        XCTAssertEqual(r.status, 1, r.transcript)
        XCTAssertTrue(r.stdout.hasPrefix("Create connector (plain mode)"), r.transcript)
    }

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
        try assertNoFile(under: t.workDir, contains: typed, file: file, line: line)
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

    // MARK: (5) Existing connectors, every default accepted

    func testEveryDefaultAcceptedSavesAndChangesNoByte() throws {
        let cases: [(String, [String])] = [
            ("custom-connectors/HR Cloud", [
                "Update connector (plain mode):",
                "Connector title [HR Cloud]: \n",
                "Description [HR Cloud is a powerful and globally...]: \n",
                "Authentication type [Basic authentication]: \n",
                "Parameter label (username) [Username]: \n",
                "Parameter label (password) [Password]: \n",
            ]),
            // Several types: each in turn.
            ("certified-connectors/AvePoint Cloud Governance", [
                "Type 1 of 2: Microsoft Entra ID\nDisplay name [Microsoft Entra ID]: \n",
                "Type 2 of 2: Client Secret\nDisplay name [Client Secret]: \n",
                "Identity provider [Azure Active Directory]: \n",
            ]),
            // Imported authentication: shown, not asked.
            ("certified-connectors/LawVu", [
                "2. Security\nAuthentication type: Several types (7)\n  The connector offers several authentication types:",
            ]),
            // Values that break a rule, kept as found: warnings, not questions asked again.
            ("templates/certified-connectors", [
                "  warning: Connector title must be at most 30 characters (it has 99). (kept as\n    found in the file)\n",
                "Icon background color: \n  warning: Icon background color must be #rrggbb",
            ]),
        ]
        for (name, expected) in cases {
            let source = fixtures + "/" + name
            let copy = tmp + "/" + name.replacingOccurrences(of: "/", with: "-")
            try FileManager.default.copyItem(atPath: source, toPath: copy)
            let before = try contents(of: copy)
            let r = try CommandRunner.wizard([copy], stdin: String(repeating: "\n", count: 80))
            XCTAssertEqual(r.status, 0, "\(name):\n\(r.transcript)")
            XCTAssertTrue(r.stdout.contains("Save? [Y/n] \nSaved \(copy): nothing changed, no file written.\n"), r.transcript)
            for e in expected where !e.isEmpty {
                XCTAssertTrue(r.stdout.contains(e), "\(name): missing \(e.debugDescription) in:\n\(r.transcript)")
            }
            XCTAssertFalse(r.stdout.contains("error:"), r.transcript)
            assertPlainText(r.stdout)
            XCTAssertEqual(try contents(of: copy), before, "\(name): every byte as it was")
        }
    }

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

    func contents(of folder: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            out[name] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
        }
        return out
    }

    func assertNoFile(under folder: String, contains secret: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let needle = Data(secret.utf8)
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return }
        for case let path as String in walker {
            let full = folder + "/" + path
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue,
                  let data = FileManager.default.contents(atPath: full) else { continue }
            XCTAssertNil(data.range(of: needle), "\(full) holds the secret", file: file, line: line)
        }
    }

    func assertSchemaCheckPasses(_ folder: String, file: StaticString = #filePath, line: UInt = #line) throws {
        try PythonChecks.require(file: file, line: line)
        let report = try PythonChecks.schemaCheck([folder], tool: schemaCheck)
        XCTAssertEqual(report, "", "schema_check.py finds problems in \(folder):\n\(report)", file: file, line: line)
    }

    /// No escape sequences, no colours, no box drawing; short lines (but for a URL or the test's
    /// long temporary paths).
    func assertPlainText(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "control characters in:\n\(text)",
                       file: file, line: line)
        XCTAssertFalse(text.unicodeScalars.contains { (0x2500...0x259F).contains($0.value) }, "box drawing in:\n\(text)",
                       file: file, line: line)
        // A URL is never cut: its line may be longer.
        for l in text.split(separator: "\n") where l.count > 80 && !(l.split(separator: " ").last ?? "").hasPrefix("https://")
            && !l.contains(tmp) {
            XCTFail("a line longer than 80 characters: \(l)", file: file, line: line)
        }
    }
}
