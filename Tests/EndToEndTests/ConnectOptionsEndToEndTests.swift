import Foundation
import XCTest

/// `connector-wizard connect DIR` with its options, and the wizard's tab 3, end to end: the real
/// binary in tmux against the real OAuth server and API of `Tests/Servers` (127.0.0.1 only), with
/// the scripted browser first on PATH — `--no-browser`, `--port`, `--timeout` and Esc while the
/// sign-in waits, the Refresh token button and Ctrl-R, gateways (`--gateway` and the gateways
/// file), F1's help, and the live prompt on the wizard's tab 3.
///
/// As in `ConnectEndToEndTests`, no credential may show on a screen, in the scrollback or in the
/// connector's files.
final class ConnectOptionsEndToEndTests: ConnectTestCase {
    // MARK: (1) --no-browser: the URL to open, followed by hand

    func testNoBrowserShowsTheURLToOpenAndTheSignInCompletesFromIt() throws {
        let (server, dir) = try oauthConnector(kept: clientSecret)

        let t = try signingIn(dir, "--no-browser --timeout 20")
        let waiting = try t.waitUntil("the box with the URL to open") {
            $0.contains("─ Signing in with Generic OAuth 2 ─")
                && $0.contains("Open this URL in a browser and sign in; this waits for it to come")
                && self.matches($0, "Waiting (20|1[0-9]) s more\\.") && $0.contains("Copy URL (C)    Cancel (Esc)")
                && $0.contains(" C Copy URL  Esc Cancel sign-in")
        }
        XCTAssertFalse(waiting.contains("The browser was opened"), waiting)
        XCTAssertFalse(FileManager.default.fileExists(atPath: tmp + "/browser.log"), "no browser was run")

        // The URL, hard-wrapped in the box, whole again: the authorization endpoint with PKCE,
        // coming back to the listener.
        let url = wrappedURL(in: waiting, box: "Signing in with Generic OAuth 2")
        let redirect = server.authorizeURL + "?client_id=wizard-test&response_type=code&redirect_uri=http%3A%2F%2F127.0.0.1%3A"
        XCTAssertTrue(url.hasPrefix(redirect), url)
        let port = try XCTUnwrap(Int(url.dropFirst(redirect.count).prefix { $0.isNumber }), url)
        XCTAssertTrue(url.contains("%2Fcallback&scope=read%20write&state="), url)
        XCTAssertTrue(url.hasSuffix("&code_challenge_method=S256") && url.contains("&code_challenge="), url)

        // A person opens it: the scripted browser, run by the test with a log of its own.
        let visit = try followInBrowser(url)
        XCTAssertEqual(visit.visits.count, 2, visit.visits.joined(separator: "\n"))
        XCTAssertTrue(visit.visits.last?.hasPrefix("http://127.0.0.1:\(port)/callback?code=…&state=…") == true,
                      visit.visits.joined(separator: "\n"))
        XCTAssertTrue(visit.page.contains("Signed in"), "the listener's page:\n\(visit.page)")

        var screen = try t.waitUntil("signed in") {
            self.matches($0, "Sign in  ✓ Signed in · token expires in [0-3] s ") && $0.contains(" Signed in; the token expires in")
                && !$0.contains("Open this URL")
        }
        try t.send("C-s")
        screen += try t.waitFor("✓ Connection created")
        try t.send("Escape")
        XCTAssertEqual(try t.waitForFile("exit.status"), "0\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: tmp + "/browser.log"), "the app never ran a browser")
        assertNone(of: ["client secret": clientSecret], in: waiting + screen + (try fullHistory(t)), "the screens and scrollback")
    }

    // MARK: (2) --port: the listener's port, and a port in use

    func testPortSetsTheRedirectURIAndAPortInUseFailsTheSignIn() throws {
        let (_, dir) = try oauthConnector(kept: clientSecret)

        let free = try freePort()
        var t = try signingIn(dir, "--port \(free) --timeout 20")
        try t.waitFor("✓ Signed in · token expires in")
        let visits = try browserVisits()
        XCTAssertEqual(visits.count, 2, visits.joined(separator: "\n"))
        XCTAssertTrue(visits.first?.contains("&redirect_uri=http%3A%2F%2F127.0.0.1%3A\(free)%2Fcallback&") == true,
                      "the redirect URI names port \(free):\n\(visits.joined(separator: "\n"))")
        XCTAssertTrue(visits.last?.hasPrefix("http://127.0.0.1:\(free)/callback?code=…") == true, visits.joined(separator: "\n"))
        try t.send("Escape")
        XCTAssertEqual(try t.waitForFile("exit.status"), "1\n")

        // Another program listens on the port: the sign-in fails at once, saying so.
        let (holder, taken) = try holdPort()
        defer { holder.stop() }
        t = try signingIn(dir, "--port \(taken) --timeout 20")
        let failed = try t.waitUntil("the failure box") {
            $0.contains("─ Sign-in failed ─") && $0.contains("Cannot listen for the sign-in: port \(taken) on 127.0.0.1 is in use.")
                && $0.contains("Close (Esc)")
        }
        XCTAssertFalse(failed.contains("Signing in with"), "no waiting box:\n\(failed)")
        XCTAssertEqual(try browserVisits().count, 2, "no browser was opened for the failed sign-in")
        try t.send("Escape")
        try t.waitUntil("the reason beside Sign in") {
            $0.contains("Sign in  ✗ Cannot listen for the sign-in: port \(taken)") && !$0.contains("─ Sign-in failed ─")
        }
        try t.send("Escape")
        XCTAssertEqual(try t.waitForFile("exit.status"), "1\n")
    }

    // MARK: (3) Esc while waiting, and --timeout

    func testEscWhileWaitingCancelsTheSignInAndATimeoutSaysSo() throws {
        let (_, dir) = try oauthConnector(kept: clientSecret)

        let port = try freePort()
        var t = try signingIn(dir, "--no-browser --port \(port) --timeout 20")
        try t.waitFor("Open this URL in a browser")
        XCTAssertNoThrow(try TestHTTP.get("http://127.0.0.1:\(port)/favicon.ico"), "the listener is up while the box shows")
        try t.send("Escape")
        var screen = try t.waitUntil("the sign-in cancelled") {
            $0.contains("\n Sign-in cancelled.") && $0.contains("Sign in  ✗ Sign-in cancelled.") && !$0.contains("Open this URL")
        }
        XCTAssertFalse(screen.contains("Sign-in failed"), "a cancel is no failure:\n\(screen)")
        XCTAssertFalse(screen.contains("Signed in"), screen)
        try waitUntilClosed(port)
        try t.send("C-s")
        screen = try t.waitFor("Sign in before creating the connection.")
        XCTAssertTrue(screen.contains("New connection"), screen)
        try t.send("Escape")
        XCTAssertEqual(try t.waitForFile("exit.status"), "1\n")

        // Nobody signs in: after 2 s the box says so, whole.
        t = try signingIn(dir, "--no-browser --timeout 2")
        try t.waitUntil("the waiting box") { self.matches($0, "Waiting [0-2] s more\\.") }
        screen = try t.waitUntil("the timeout's box") {
            $0.contains("─ Sign-in failed ─") && $0.contains("No sign-in came back within 2 s.") && !$0.contains("Open this URL")
        }
        try t.send("Escape")
        screen = try t.waitUntil("the timeout beside Sign in") {
            $0.contains("Sign in  ✗ No sign-in came back within 2 s.") && $0.contains("\n No sign-in came back within 2 s.")
                && !$0.contains("─ Sign-in failed ─")
        }
        XCTAssertFalse(screen.contains("Signed in"), screen)
        try t.send("Escape")
        XCTAssertEqual(try t.waitForFile("exit.status"), "1\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: tmp + "/browser.log"), "no browser was run")
    }

    // MARK: (4) Refresh token, by its button and by Ctrl-R

    /// Ctrl-R through the real binary, with the saved connection; the Refresh token button and
    /// the refresh before a test call are tested in-process (ScreenProgramsTests, SessionTests).
    func testCtrlRGetsAFreshTokenAndSavesIt() throws {
        let (_, dir) = try oauthConnector(kept: clientSecret)

        let t = try signingIn(dir, "--timeout 20 --save-connection")
        try t.waitFor("✓ Signed in · token expires in")
        try t.send("C-s")
        var screens = [try t.waitUntil("the created connection with Refresh token") {
            $0.contains("✓ Connection created") && $0.contains("Test    Refresh token    Close")
        }]
        var tokens = [try XCTUnwrap(try savedConnection().token, "the saved token")]

        // Ctrl-R gives a fresh token at once, expired or not.
        do {
            let way = "Ctrl-R"
            try t.send("C-r")
            screens.append(try t.waitUntil("the token refreshed by \(way)") {
                self.matches($0, "\n Token refreshed; the token expires in [1-3] s\\.")
                    && self.matches($0, "The token expires in [1-3] s\\.")
                    && $0.contains("Test    Refresh token    Close")
            })
            let token = try XCTUnwrap(try savedConnection().token, "the refreshed token is saved (\(way))")
            XCTAssertNotEqual(token.access, tokens.last?.access, "a new access token in the saved connection (\(way))")
            tokens.append(token)
        }
        XCTAssertEqual(Set(tokens.map(\.access)).count, 2, "two different access tokens")
        XCTAssertEqual(try savedConnection().mode, 0o600)

        try t.send("Escape")
        XCTAssertEqual(try t.waitForFile("exit.status"), "0\n")
        var secrets = ["client secret": clientSecret]
        for (i, token) in tokens.enumerated() {
            secrets["access token \(i)"] = token.access
            secrets["refresh token \(i)"] = token.refresh
        }
        for (i, s) in screens.enumerated() { assertNone(of: secrets, in: s, "screen \(i)") }
        assertNone(of: secrets, in: try fullHistory(t), "the scrollback")
        try assertNoFile(under: dir, contains: secrets)
    }

    // MARK: (5) Gateways

    func testAGatewayConnectorNeedsAGatewayAndOffersTheGivenAndTheFilesOnes() throws {
        let server = try startServer()
        let dir = try newConnector("gateway", server, ["title=GW", "gateway=true", "auth=windows"])

        // None installed: the choice says so, and Create names the two ways to give one.
        var t = try connect(q(dir))
        var screen = try t.waitUntil("the gateway form") {
            $0.contains("GW · New connection") && $0.contains("Choose a gateway *")
                && $0.contains("No on-premises data gateway is installed")
        }
        try t.send("C-s")
        screen = try t.waitFor("No gateway is installed: give --gateway NAME, or list it in the gateways file.")
        XCTAssertTrue(screen.contains("› Choose a gateway *"), "the focus is on the gateway:\n\(screen)")
        try t.send("Escape")
        XCTAssertEqual(try t.waitForFile("exit.status"), "1\n")

        // --gateway first, then the gateways file's.
        let folder = tmp + "/config/connector-wizard"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "# installed on this machine\ngw-west\n".write(toFile: folder + "/gateways", atomically: true, encoding: .utf8)
        t = try connect("\(q(dir)) --gateway gw-east")
        screen = try t.waitUntil("the form with gw-east chosen") { self.gatewayRow($0) == "gw-east" }
        try t.send("Tab", "Tab", "Tab")
        try t.waitFor("Choose a gateway is required.")
        try t.send("Right")
        try t.waitUntil("gw-west chosen") { self.gatewayRow($0) == "gw-west" }
        try t.send("BTab", "BTab")
        try t.waitFor("Username credential\n")
        try t.type(basicUser)
        try t.send("Enter")
        try t.type(password)
        var screens = [try t.waitFor(" " + String(repeating: "•", count: password.count) + " ")]
        try t.send("C-s")
        screens.append(try t.waitUntil("the created gateway connection") {
            $0.contains("GW · Connection created") && self.matches($0, "Choose a gateway +gw-west ")
                && self.matches($0, "Username +alice ") && self.matches($0, "Password +•••••• ")
        })
        // Test has the focus: Enter says why there is no call from here, and none is made.
        try t.send("Enter")
        screens.append(try t.waitFor("\n A gateway connection is called by its gateway, not from here."))
        XCTAssertFalse(screens.last!.contains("Calling…") || screens.last!.contains("Test again"), screens.last!)
        try t.send("Escape")
        XCTAssertEqual(try t.waitForFile("exit.status"), "0\n")
        screens.append(try fullHistory(t))
        for (i, s) in screens.enumerated() { assertNone(of: ["password": password], in: s, "screen \(i)") }
        try assertNoFile(under: dir, contains: ["password": password])
    }

    // MARK: (6) F1

    func testF1ShowsTheFocusedFieldsHelpAndEscClosesIt() throws {
        let server = try startServer()
        let dir = try newConnector("apikey", server, ["auth=apikey", "apikey.label=API Key", "apikey.name=X-API-Key",
                                                      "apikey.location=header"])
        let t = try connect(q(dir))
        try t.waitUntil("the form") { $0.contains("› API Key *") && $0.contains("\n Provide your API Key") }
        try t.send("F1")
        var screen = try helpBox(t)
        var help = boxRows(in: screen, titled: "Help")
        XCTAssertEqual(Array(help.prefix(5)), ["API Key", "The API Key for this api", "Provide your API Key", "", "Keys"],
                       "the field's label, description and tooltip, then the keys:\n\(screen)")
        XCTAssertTrue(help.contains("^S              Create") && help.last == "Close (Esc)", help.joined(separator: "\n"))
        try t.send("Escape")
        screen = try t.waitUntil("the help to close") { !$0.contains("─ Help ─") && $0.contains("Create    Cancel") }
        XCTAssertTrue(screen.contains("\n Provide your API Key"), screen)

        // On a button: the keys only. F1 closes it too; the form still has its keys.
        try t.send("Tab")
        try t.waitFor("Create the connection (^S).")
        try t.send("F1")
        help = boxRows(in: try helpBox(t), titled: "Help")
        XCTAssertEqual(help.first, "Keys", help.joined(separator: "\n"))
        XCTAssertFalse(help.contains("The API Key for this api"), help.joined(separator: "\n"))
        try t.send("F1")
        try t.waitUntil("the help to close") { !$0.contains("─ Help ─") && $0.contains("\n Create the connection (^S).") }
        try t.send("Escape")
        XCTAssertEqual(try t.waitForFile("exit.status"), "1\n")
    }

    // MARK: (7) The wizard's tab 3

    func testWizardTab3CreatesAndTestsAnAPIKeyConnectionWithoutSavingTheConnector() throws {
        let server = try startServer()
        let dir = try newConnector("apikey", server, ["auth=apikey", "apikey.label=API Key", "apikey.name=X-API-Key",
                                                      "apikey.location=header"])
        let before = try folderFiles(dir)

        let t = try wizard(q(dir))
        try t.waitUntil("the wizard") { $0.contains("Local API · Update connector") && $0.contains("General information") }
        try t.send("M-3")
        try t.waitUntil("the prompt on tab 3") {
            $0.contains("3. Test") && $0.contains("› API Key *") && $0.contains("Create    Cancel") && $0.contains("\n Provide your API Key")
        }
        try t.type(apiKey)
        var screens = [try t.waitFor(" " + String(repeating: "•", count: apiKey.count) + " ")]
        try t.send("C-s")
        screens.append(try t.waitUntil("the created connection on tab 3") {
            $0.contains("✓ Connection created") && $0.contains("API Key  ••••••") && $0.contains("\n Connection created.")
                && $0.contains("GET \(server.baseURL)/api  / ")
        })
        XCTAssertFalse(screens.last!.contains("The connector was"), "^S on tab 3 is Create, not the wizard's save:\n\(screens.last!)")
        XCTAssertEqual(try folderFiles(dir), before, "the connector's files are unchanged")

        screens.append(try testMe(t, via: "header"))
        XCTAssertTrue(screens.last!.contains("GET \(server.apiURL) "), screens.last!)

        try t.send("M-1")
        screens.append(try t.waitUntil("the General tab") {
            $0.contains("General information") && $0.contains("Connector title") && !$0.contains("Connection created")
        })
        screens.append(try quitHavingSavedNothing(t, dir, before: before))
        for (i, s) in screens.enumerated() { assertNone(of: ["API key": apiKey], in: s, "screen \(i)") }
    }

    func testWizardTab3SignsInWithTheKeptClientSecretCreatesAndTests() throws {
        let (_, dir) = try oauthConnector(kept: clientSecret)
        let before = try folderFiles(dir)

        let t = try wizard("\(q(dir)) --sign-in loopback")
        try t.waitFor("General information")
        try t.send("M-3")
        var screens = [try t.waitUntil("the prompt on tab 3 with Sign in focused") {
            $0.contains("›  Sign in") && $0.contains("\n Sign in from this terminal: the browser comes back to a listener on 127.0.0.1.")
        }]
        XCTAssertFalse(screens[0].contains("Client secret"), "the kept client secret is used:\n\(screens[0])")
        try t.send("Enter")
        screens.append(try t.waitFor("✓ Signed in · token expires in"))
        XCTAssertEqual(try browserVisits().count, 2, "the scripted browser signed in")
        try t.send("C-s")
        screens.append(try t.waitUntil("the created connection") {
            $0.contains("✓ Connection created") && $0.contains("Signed in with  Generic OAuth 2 (client ID wizard-test)")
        })
        screens.append(try testMe(t, via: "bearer"))
        screens.append(try quitHavingSavedNothing(t, dir, before: before))
        for (i, s) in screens.enumerated() { assertNone(of: ["client secret": clientSecret], in: s, "screen \(i)") }
        try assertNoFile(under: dir, contains: ["client secret": clientSecret])
    }

    // MARK: Helpers

    /// The wizard (`connector-wizard [edit] ARGS`) in a new terminal, with this test's folders and browser.
    func wizard(_ args: String) throws -> TmuxTerminal {
        try TmuxTerminal(wizardScript(args), env: env)
    }

    /// On a created connection: `/me` in the path box, then Enter on Test; waits for the API's
    /// 200 for credentials sent `via` a header or a bearer token; returns the screen.
    func testMe(_ t: TmuxTerminal, via: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try t.send("BTab", "C-u")
        try t.type("/me")
        try t.send("Tab")
        try t.waitFor("Send a request with the connection's credentials applied.", file: file, line: line)
        try t.send("Enter")
        return try t.waitUntil("the test call's answer", file: file, line: line) {
            self.matches($0, "200 OK · [0-9]+ ms") && $0.contains("{\"user\": \"test-user\", \"via\": \"\(via)\"}")
                && $0.contains("Test again    ")
        }
    }

    /// Ctrl-Q: the wizard ends with status 0, having saved nothing (it prints "Saved …" after a
    /// save) and left every file of the connector as it was (`before`); returns the scrollback.
    func quitHavingSavedNothing(_ t: TmuxTerminal, _ dir: String, before: [String: String],
                                file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try t.send("C-q")
        XCTAssertEqual(try t.waitForFile("exit.status", file: file, line: line), "0\n", file: file, line: line)
        XCTAssertEqual(try folderFiles(dir), before, "the connector's files are unchanged", file: file, line: line)
        let history = try fullHistory(t)
        XCTAssertFalse(history.contains("Saved "), "the wizard saved nothing:\n\(history)", file: file, line: line)
        return history
    }

    /// The URLs the scripted browser visited when the app opened it.
    func browserVisits() throws -> [String] {
        try String(contentsOfFile: tmp + "/browser.log", encoding: .utf8).split(separator: "\n").map(String.init)
    }

    /// Runs the scripted browser on `url`, as a person who opens it would, with a log of its own;
    /// returns the URLs it visited and the last page.
    func followInBrowser(_ url: String, file: StaticString = #filePath, line: UInt = #line) throws -> (visits: [String], page: String) {
        let log = tmp + "/by-hand.log", page = tmp + "/by-hand.html"
        let r = try CommandRunner.run([OAuthTestServer.browserDirectory + "/xdg-open", url],
                                      environment: ["FAKE_BROWSER_LOG": log, "FAKE_BROWSER_PAGE": page])
        XCTAssertEqual(r.status, 0, r.transcript, file: file, line: line)
        let visits = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
        return (visits, (try? String(contentsOfFile: page, encoding: .utf8)) ?? "")
    }

    /// The rows inside the box whose top border holds `title` (the columns between its corners,
    /// trimmed), to its bottom border.
    func boxRows(in screen: String, titled title: String) -> [String] {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(Array.init)
        guard let top = lines.firstIndex(where: { String($0).contains("╭─ \(title) ─") }),
              let left = lines[top].firstIndex(of: "╭"), let right = lines[top].lastIndex(of: "╮") else { return [] }
        var rows: [String] = []
        for row in lines[(top + 1)...] {
            guard row.count > right, row[left] == "│", row[right] == "│" else { break }
            rows.append(String(row[(left + 1)..<right]).trimmingCharacters(in: .whitespaces))
        }
        return rows
    }

    /// Waits for the whole Help box (a frame may be caught half-drawn): its last row and the
    /// hint bar under it; returns the screen.
    func helpBox(_ t: TmuxTerminal, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try t.waitUntil("the Help box", file: file, line: line) {
            self.boxRows(in: $0, titled: "Help").last == "Close (Esc)" && $0.hasSuffix(" Esc Close\n")
        }
    }

    /// The URL a box shows broken over several rows, whole: from its row that starts with
    /// `http://` to the next empty one.
    func wrappedURL(in screen: String, box title: String) -> String {
        boxRows(in: screen, titled: title).drop { !$0.hasPrefix("http://") }.prefix { !$0.isEmpty }.joined()
    }

    /// What the gateway choice shows, the row under `Choose a gateway *`.
    func gatewayRow(_ screen: String) -> String? {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        guard let i = lines.firstIndex(where: { $0.contains("Choose a gateway *") }), i + 1 < lines.count else { return nil }
        return lines[i + 1].replacingOccurrences(of: "▾", with: "").trimmingCharacters(in: CharacterSet(charactersIn: " │"))
    }

    /// Every file under `folder`: its inode and modification time (a save that rewrites a file
    /// unchanged still renames a new one over it) and its bytes.
    func folderFiles(_ folder: String) throws -> [String: String] {
        var out: [String: String] = [:]
        for name in FileManager.default.enumerator(atPath: folder)?.compactMap({ $0 as? String }) ?? [] {
            let path = folder + "/" + name
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            let data = FileManager.default.contents(atPath: path) ?? Data()
            out[name] = "inode \(attributes[.systemFileNumber] ?? "?"), modified \(attributes[.modificationDate] ?? "?"): "
                + data.base64EncodedString()
        }
        XCTAssertFalse(out.isEmpty, "files in \(folder)")
        return out
    }

    /// A program (python3) that listens on a free port of 127.0.0.1 until it is stopped; the port.
    func holdPort() throws -> (ServerProcess, Int) {
        let python = try XCTUnwrap(TmuxTerminal.which("python3"), "python3 is needed")
        let script = "import socket, sys\ns = socket.socket()\ns.bind(('127.0.0.1', 0))\ns.listen()\n"
            + "print('PORT', s.getsockname()[1], flush=True)\nsys.stdin.read()\n"
        let holder = try ServerProcess([python, "-c", script], name: "port-holder")
        do {
            return (holder, try XCTUnwrap(Int(try holder.waitForLine(prefix: "PORT ", timeout: 10))))
        } catch {
            holder.stop()
            throw error
        }
    }

    /// A port of 127.0.0.1 that nothing listens on: one the system gave out, then let go.
    func freePort() throws -> Int {
        let (holder, port) = try holdPort()
        holder.stop()
        return port
    }

    /// Polls until nothing listens on `port` any more.
    func waitUntilClosed(_ port: Int, timeout: Double = 10, file: StaticString = #filePath, line: UInt = #line) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while (try? TestHTTP.get("http://127.0.0.1:\(port)/favicon.ico")) != nil {
            guard Date() < deadline else {
                XCTFail("127.0.0.1:\(port) still answers \(timeout) s after the sign-in was cancelled", file: file, line: line)
                throw TmuxTerminal.Failure.command("timeout")
            }
            usleep(20_000)
        }
    }
}
