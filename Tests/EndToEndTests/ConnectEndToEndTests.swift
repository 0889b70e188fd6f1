import Foundation
import XCTest

/// `connector-wizard connect DIR`, end to end: the real binary, in a real terminal (tmux) or with
/// answers piped in plain mode, against the real OAuth server and API of `Tests/Servers`
/// (127.0.0.1 only), with the scripted browser first on PATH as `xdg-open`. The connector folders
/// are made with the product's own `new`, the client secret is kept with its own `set`.
///
/// Every test checks that no credential (client secret, access or refresh token, API key,
/// password) is ever on the screen, in the scrollback, in the output or in the connector's files.
final class ConnectEndToEndTests: ConnectTestCase {
    // MARK: (1) OAuth: live sign-in, create, test, refresh

    func testOAuthLoopbackSignInCreateAndTestNeverShowingASecret() throws {
        let (server, dir) = try oauthConnector(kept: clientSecret)

        let t = try connect("\(q(dir)) --sign-in loopback --timeout 20 --test /me --save-connection")
        var screens: [String] = []
        // Sign in has the focus first: its hint is on the status line, the marker beside it.
        screens.append(try t.waitUntil("the prompt with Sign in focused") {
            $0.contains("Local API · New connection")
                && $0.contains("Sign in from this terminal: the browser comes back to a listener on 127.0.0.1.")
                && $0.contains("›  Sign in")
        })
        XCTAssertFalse(screens[0].contains("Client secret"), "a kept client secret is not asked for:\n\(screens[0])")

        try t.send("Enter")
        // Beside Sign in and on the status line, both reckoned from the same clock.
        var screen = try t.waitUntil("signed in") {
            self.matches($0, "Sign in  ✓ Signed in · token expires in [0-3] s ")
                && self.matches($0, "\n Signed in; the token expires in [0-3] s\\.")
        }
        screens.append(screen)

        // The browser went to the authorization endpoint with PKCE and came back to the listener.
        let visits = try String(contentsOfFile: tmp + "/browser.log", encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(visits.count, 2, visits.joined(separator: "\n"))
        XCTAssertTrue(visits.first?.hasPrefix(server.authorizeURL + "?client_id=wizard-test&response_type=code&redirect_uri=http%3A%2F%2F127.0.0.1%3A") == true,
                      visits.joined(separator: "\n"))
        XCTAssertTrue(visits.first?.contains("code_challenge_method=S256") == true, visits.joined(separator: "\n"))
        XCTAssertTrue(visits.last?.hasPrefix("http://127.0.0.1:") == true && visits.last?.contains("/callback?code=…") == true,
                      visits.joined(separator: "\n"))

        try t.send("C-s")
        // The connection, the path box holding --test's path, the buttons, and — with --test —
        // the test call made at once (§5.2): status and time, the URL called, the body; the
        // button is now Test again.
        screen = try t.waitUntil("the created connection and its test call") {
            $0.contains("Local API · Connection created") && $0.contains("✓ Connection created")
                && $0.contains("Signed in with  Generic OAuth 2 (client ID wizard-test)")
                && $0.contains("GET \(server.baseURL)/api  /me ")
                && self.matches($0, "200 OK · [0-9]+ ms") && $0.contains("GET \(server.apiURL) ")
                && $0.contains("{\"user\": \"test-user\", \"via\": \"bearer\"}") && $0.contains("Test again    Refresh token    Close")
        }
        screens.append(screen)

        // --save-connection: one file, mode 0600, in the state folder, not in the connector's.
        let saved = try savedConnection()
        XCTAssertFalse(saved.path.hasPrefix(dir), saved.path)
        XCTAssertTrue(saved.path.hasPrefix(tmp + "/state/connector-wizard/connections/"), saved.path)
        let first = try XCTUnwrap(saved.token, "the saved connection holds the token:\n\(saved.text)")
        XCTAssertFalse(saved.text.contains(clientSecret), "the client secret is not in the saved connection")


        // The refresh an expired token gets before a test call, and Ctrl-R, are tested
        // in-process with a manual clock (SessionTests, ScreenProgramsTests); Ctrl-R also
        // through the binary (ConnectOptionsEndToEndTests).
        XCTAssertEqual(try savedConnection().mode, 0o600)

        try t.send("Escape")
        XCTAssertEqual(try t.waitForFile("exit.status"), "0\n")
        let history = try historyShowing(t, "Saved the connection to \(saved.path) (mode 0600).")
        XCTAssertEqual(try t.waitForFile("stty.after"), try String(contentsOfFile: t.workDir + "/stty.before", encoding: .utf8))

        let secrets = ["client secret": clientSecret, "access token": first.access, "refresh token": first.refresh]
        for (i, s) in screens.enumerated() { assertNone(of: secrets, in: s, "screen \(i)") }
        assertNone(of: secrets, in: history, "the scrollback")
        assertNone(of: secrets, in: try String(contentsOfFile: tmp + "/browser.log", encoding: .utf8), "the browser's log")
        try assertNoFile(under: dir, contains: secrets)
    }

    // MARK: (2) OAuth without a kept client secret: asked for, masked

    func testTheClientSecretIsAskedForMaskedWhenNoneIsKept() throws {
        let (_, dir) = try oauthConnector(kept: nil)

        let t = try signingIn(dir, "--timeout 20 --test /me")
        var screen = try t.waitUntil("the Client secret box") {
            $0.contains("─ Client secret ─") && $0.contains("Signing in needs the OAuth client secret of client ID wizard-test.")
                && $0.contains("Sign in (Enter)    Cancel (Esc)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: tmp + "/browser.log"), "no browser before the secret is given")

        try t.type(clientSecret)
        let dots = String(repeating: "•", count: clientSecret.count)
        screen = try t.waitFor(" " + dots + " ") // one dot a character
        XCTAssertFalse(screen.contains(clientSecret), "the typed secret is masked:\n\(screen)")

        try t.send("Enter")
        screen = try t.waitFor("✓ Signed in · token expires in")
        XCTAssertFalse(screen.contains("─ Client secret ─"), screen)
        try t.send("C-s")
        // --test: the call follows the Create at once.
        screen = try t.waitUntil("the test call's answer") {
            $0.contains("✓ Connection created") && $0.contains("200 OK · ") && $0.contains("\"via\": \"bearer\"")
        }
        XCTAssertFalse(screen.contains(clientSecret), screen)
        try t.send("Escape")
        XCTAssertEqual(try t.waitForFile("exit.status"), "0\n")

        assertNone(of: ["client secret": clientSecret], in: try fullHistory(t), "the scrollback")
        // Typed, it stays in memory: no file anywhere has it.
        try assertNoFile(under: tmp, contains: ["client secret": clientSecret])
        try assertNoFile(under: t.workDir, contains: ["client secret": clientSecret])
    }

    // MARK: (3) Failed sign-ins show the server's own error

    func testAWrongClientSecretShowsTheTokenEndpointsErrorAndCreateIsRefused() throws {
        let wrong = "wrong-" + UUID().uuidString
        let (_, dir) = try oauthConnector(kept: wrong)

        let t = try signingIn(dir, "--timeout 20", width: 160)
        // As the token endpoint sent it, whole, in a box even at 80 columns; closed, it stays on
        // the status line and beside Sign in.
        try t.waitUntil("the sign-in failure's box") {
            $0.contains("Sign-in failed") && $0.contains("The token endpoint answered 401: invalid_client")
                && $0.contains("'client_secret_post']")
        }
        try t.send("Escape")
        var screen = try t.waitUntil("the token endpoint's error") {
            $0.contains(" The token endpoint answered 401: invalid_client — The client cannot authenticate with methods: ['client_secret_basic', 'client_secret_post']")
                && $0.contains("Sign in  ✗ The token endpoint answered 401: invalid_client")
        }
        XCTAssertFalse(screen.contains("Signed in"), screen)

        try t.send("C-s")
        screen = try t.waitFor("Sign in before creating the connection.")
        XCTAssertTrue(screen.contains("New connection"), "still the form:\n\(screen)")
        try t.send("Escape")
        XCTAssertEqual(try t.waitForFile("exit.status"), "1\n")
        let history = try historyShowing(t, "No connection was created")
        assertNone(of: ["client secret": wrong], in: screen + history, "the screen and scrollback")
    }

    func testADeniedSignInShowsAccessDenied() throws {
        let (_, dir) = try oauthConnector(deny: true, kept: clientSecret)

        let t = try signingIn(dir, "--timeout 20", width: 160)
        try t.waitUntil("the sign-in failure's box") { $0.contains("Sign-in failed") && $0.contains("access_denied") }
        try t.send("Escape")
        let screen = try t.waitUntil("the authorization endpoint's error") {
            $0.contains(" The identity provider answered access_denied: The resource owner or authorization server denied the request")
                && $0.contains("Sign in  ✗ The identity provider answered access_denied")
        }
        XCTAssertFalse(screen.contains("Signed in"), screen)
        XCTAssertEqual(try String(contentsOfFile: tmp + "/browser.log", encoding: .utf8).split(separator: "\n").last
            .map { $0.contains("/callback?error=access_denied") }, true, "the browser came back with the error")
        try t.send("Escape")
        XCTAssertEqual(try t.waitForFile("exit.status"), "1\n")
        let history = try historyShowing(t, "No connection was created")
        assertNone(of: ["client secret": clientSecret], in: screen + history, "the screen and scrollback")
    }

    // MARK: (4) --sign-in platform: the URL the platform would open

    func testPlatformSignInShowsTheAuthorizationURLAndPrintsItOnExit() throws {
        let (server, dir) = try oauthConnector(kept: nil)
        let redirect = try redirectURL(of: dir)

        let t = try connect(q(dir))
        try t.waitFor("Shows the URL the platform opens to sign in.")
        // Tab and Shift-Tab move between Sign in, Create and Cancel; the status line follows.
        try t.send("Tab")
        try t.waitFor("Create the connection (^S).")
        try t.send("Tab")
        try t.waitFor("Leave without creating a connection (Esc).")
        try t.send("BTab", "BTab")
        try t.waitFor("Shows the URL the platform opens to sign in.")
        try t.send("Enter")
        let screen = try t.waitUntil("the sign-in URL box") {
            $0.contains("The platform opens this URL in the end user's browser:") && $0.contains("Print on exit (P)")
        }
        let url = boxText(screen, from: "The platform opens this URL in the end user's browser:")
        let encodedRedirect = String(TestHTTP.encode([("", redirect)]).dropFirst()) // "=…" without "="
        let expected = server.authorizeURL + "?client_id=wizard-test&response_type=code&redirect_uri=" + encodedRedirect
            + "&scope=read%20write&state="
        XCTAssertTrue(url.hasPrefix(server.authorizeURL
            + "?client_id=wizard-test&response_type=code&redirect_uri=https%3A%2F%2Fglobal.consent.azure-apim.net%2Fredirect"), url)
        XCTAssertTrue(url.hasPrefix(expected), "the connector's own redirect URL:\n\(url)\nexpected to start with\n\(expected)")
        XCTAssertGreaterThan(url.count, expected.count, "a state follows: \(url)")
        XCTAssertFalse(url.contains("code_challenge"), "the platform's URL, not a loopback one: \(url)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: tmp + "/browser.log"), "no browser is opened for the platform's URL")

        try t.send("P")
        try t.waitFor("The sign-in URL will be printed when the prompt closes.")
        try t.send("Escape")
        try t.waitUntil("the box to close") { !$0.contains("The platform opens this URL") && $0.contains("New connection") }
        try t.send("Escape")
        XCTAssertEqual(try t.waitForFile("exit.status"), "1\n", "nothing was created")
        let lines = try historyShowing(t, "No connection was created").split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        XCTAssertTrue(lines.contains(url), "the URL is printed, whole, after the prompt closed:\n\(lines.joined(separator: "\n"))")
    }

    // MARK: (5) API key (header and query) and Basic, full screen

    func testAPIKeyInAHeaderRightAndWrong() throws {
        let server = try startServer()
        let dir = try newConnector("apikey-header", server, ["auth=apikey", "apikey.label=API Key", "apikey.name=X-API-Key",
                                                             "apikey.location=header"])
        let ok = try createAndTest(dir, credentials: [apiKey], expect: "200 OK",
                                   body: "{\"user\": \"test-user\", \"via\": \"header\"}")
        XCTAssertTrue(ok.contains("API Key  ••••••"), ok)
        XCTAssertTrue(ok.contains("GET \(server.apiURL) "), "nothing added to the URL:\n\(ok)")
        let refused = try createAndTest(dir, credentials: ["bad-" + UUID().uuidString], expect: "401",
                                        body: "{\"error\": \"invalid_api_key\"")
        XCTAssertTrue(refused.contains("GET \(server.apiURL) "), refused)
    }

    func testAPIKeyInTheQueryRightAndWrong() throws {
        let server = try startServer()
        let dir = try newConnector("apikey-query", server, ["auth=apikey", "apikey.label=API Key", "apikey.name=api_key",
                                                            "apikey.location=query"])
        let ok = try createAndTest(dir, credentials: [apiKey], expect: "200 OK",
                                   body: "{\"user\": \"test-user\", \"via\": \"query\"}")
        XCTAssertTrue(ok.contains("GET \(server.apiURL)?api_key=•••••• "), "the key is redacted from the URL shown:\n\(ok)")
        let refused = try createAndTest(dir, credentials: ["bad-" + UUID().uuidString], expect: "401",
                                        body: "{\"error\": \"invalid_api_key\"")
        XCTAssertTrue(refused.contains("GET \(server.apiURL)?api_key=•••••• "), refused)
    }

    func testBasicRightAndWrong() throws {
        let server = try startServer()
        let dir = try newConnector("basic", server, ["auth=basic"])
        let ok = try createAndTest(dir, credentials: [basicUser, password], expect: "200 OK",
                                   body: "{\"user\": \"test-user\", \"via\": \"basic\"}")
        XCTAssertTrue(ok.contains("Username  alice") && ok.contains("Password  ••••••"), "the user name shows, the password not:\n\(ok)")
        let refused = try createAndTest(dir, credentials: [basicUser, "bad-" + UUID().uuidString], expect: "401",
                                        body: "{\"error\": \"invalid_credentials\"")
        XCTAssertTrue(refused.contains("GET \(server.apiURL) "), refused)
    }

    // MARK: Service principal

    /// An Azure AD connector made with Service Principal support, its Login URL the test
    /// server: the end user chooses the service principal, gives client ID, secret and tenant,
    /// and `Sign in` gets the client's own token (no browser) that the test call carries.
    func testAServicePrincipalGetsAClientCredentialsTokenAndTestCallsWithIt() throws {
        let server = try startServer()
        let dir = try newConnector("sp", server, ["auth=oauth2", "oauth.provider=aad", "oauth.clientId=maker-app",
                                                  "oauth.loginUrl=\(server.baseURL)", "oauth.tenantId=common",
                                                  "oauth.resourceUrl=https://api.local.test", "oauth.servicePrincipal=true"])
        let t = try connect("\(q(dir)) --test /me", width: 100, height: 30)
        try t.waitFor("Connect with")
        let screen = try t.waitFor("Sign in with Azure Active Directory")
        XCTAssertFalse(screen.contains("Client Secret"), screen)
        try t.send("BTab")  // from Sign in back to the choice
        try t.waitUntil("the choice's help on the status line") {
            $0.split(separator: "\n").suffix(3).contains { $0.contains("Sign in as an end user, or connect as a service principal") }
        }
        try t.send("Right")
        try t.waitFor("Client Secret")
        try t.send("Tab")
        try t.type(server.clientId)
        try t.send("Tab")
        try t.type(clientSecret)
        try t.send("Tab")
        try t.type("contoso.onmicrosoft.com")
        try t.send("Tab")
        try t.send("Enter")  // Sign in
        var screens = [try t.waitUntil("the service principal's token") { $0.contains("✓ Signed in") }]
        try t.send("C-s")  // Create, and with --test the call at once
        screens.append(try t.waitUntil("the test call with the client's token") {
            self.matches($0, "200 OK · [0-9]+ ms") && $0.contains("\"via\": \"client_credentials\"")
        })
        XCTAssertTrue(server.process.stderr.contains("\"POST /contoso.onmicrosoft.com/oauth2/token\" 200"),
                      "the tenant the end user gave is in the Token URL:\n\(server.process.stderr)")
        try t.send("Escape")
        XCTAssertEqual(try t.waitForFile("exit.status"), "0\n")
        for (i, s) in screens.enumerated() { assertNone(of: ["client secret": clientSecret], in: s, "screen \(i)") }
        assertNone(of: ["client secret": clientSecret], in: try fullHistory(t), "the scrollback")
        let props = try String(contentsOfFile: dir + "/apiProperties.json", encoding: .utf8)
        XCTAssertTrue(props.contains("\"token:grantType\""), props)
    }

    // MARK: (6) Plain mode, answers piped in (more in PlainModeTests, in-process)

    /// An oauth2generic connector whose end users bring their own app: the URLs are templates
    /// with a `{tenant}` the end user gives (`token:tenant`), and the client ID and secret are
    /// theirs (`token:clientId`, `token:clientSecret`), not the file's placeholder.
    func testPlainTokenParametersFillTheTemplatesAndGiveTheClientAgainstTheRealServer() throws {
        let server = try startServer()
        let dir = try newConnector("own-app", server, oauth(server))
        let props = """
            {
              "properties": {
                "connectionParameters": {
                  "token": {"type": "oauthSetting", "oAuthSettings": {"identityProvider": "oauth2generic",
                    "clientId": "Enter your client ID", "scopes": ["read"], "redirectMode": "GlobalPerConnector",
                    "redirectUrl": "https://global.consent.azure-apim.net/redirect/own-app",
                    "customParameters": {
                      "authorizationUrlTemplate": {"value": "\(server.baseURL)/{Tenant}/oauth2/authorize"},
                      "tokenUrlTemplate": {"value": "\(server.baseURL)/{Tenant}/oauth2/token"},
                      "refreshUrlTemplate": {"value": "\(server.baseURL)/{Tenant}/oauth2/token"}}}},
                  "token:tenant": {"type": "string", "uiDefinition": {"displayName": "Tenant", "constraints": {"required": "true", "tabIndex": 1}}},
                  "token:clientId": {"type": "string", "uiDefinition": {"displayName": "Client ID", "constraints": {"required": "true", "tabIndex": 2}}},
                  "token:clientSecret": {"type": "securestring", "uiDefinition": {"displayName": "Client secret", "constraints": {"required": "true", "tabIndex": 3}}}
                },
                "iconBrandColor": "#007ee5"
              }
            }
            """
        try Data(props.utf8).write(to: URL(fileURLWithPath: dir + "/apiProperties.json"))
        let r = try CommandRunner.wizard(["connect", dir, "--plain", "--sign-in", "loopback", "--timeout", "20", "--test", "/me"],
                                         stdin: "acme\n\(server.clientId)\n\(clientSecret)\n\nn\n", environment: env)
        XCTAssertEqual(r.status, 0, r.transcript)
        XCTAssertFalse(r.stdout.contains("Client secret for client ID"), "the connection's own secret is used:\n\(r.transcript)")
        XCTAssertTrue(r.stdout.contains("Connection created:"), r.transcript)
        XCTAssertTrue(r.stdout.contains("{\"user\": \"test-user\", \"via\": \"bearer\"}"), r.transcript)
        let log = server.process.stderr
        XCTAssertTrue(log.contains("\"GET /acme/oauth2/authorize\" 302"), "{Tenant} filled from token:tenant:\n\(log)")
        XCTAssertTrue(log.contains("\"POST /acme/oauth2/token\" 200"), "the typed client ID and secret were accepted:\n\(log)")
        assertNone(of: ["client secret": clientSecret], in: r.stdout + r.stderr, "the output")
        let visit = try String(contentsOfFile: tmp + "/browser.log", encoding: .utf8)
        XCTAssertTrue(visit.contains("client_id=\(server.clientId)&"), visit)
    }

    func testPlainOAuthLoopbackSignsInCreatesAndTests() throws {
        let (server, dir) = try oauthConnector(kept: clientSecret)
        let r = try CommandRunner.wizard(["connect", dir, "--plain", "--sign-in", "loopback", "--timeout", "20", "--test", "/me",
                                          "--save-connection"], stdin: "\nn\n", environment: env)
        XCTAssertEqual(r.status, 0, r.transcript)
        XCTAssertTrue(r.stdout.contains("Sign in with Generic OAuth 2 in the browser that opened."), r.transcript)
        XCTAssertNotNil(r.stdout.range(of: "\nSigned in; the token expires in [0-3] s\\.\nCreate\\? \\[Y/n\\]: \nConnection created:\n",
                                       options: .regularExpression), r.transcript)
        XCTAssertTrue(r.stdout.contains("  Signed in with: Generic OAuth 2 (client ID wizard-test)"), r.transcript)
        XCTAssertTrue(r.stdout.contains("GET \(server.apiURL)\n200 OK in "), r.transcript)
        XCTAssertTrue(r.stdout.contains("{\"user\": \"test-user\", \"via\": \"bearer\"}"), r.transcript)
        let saved = try savedConnection()
        XCTAssertTrue(r.stdout.contains("Saved the connection to \(saved.path) (mode 0600)."), r.transcript)
        let token = try XCTUnwrap(saved.token, saved.text)
        assertNone(of: ["client secret": clientSecret, "access token": token.access, "refresh token": token.refresh],
                   in: r.stdout + r.stderr, "the output")
        try assertNoFile(under: dir, contains: ["client secret": clientSecret, "access token": token.access])
    }

    // MARK: Helpers

    /// The connector's redirect URL (apiProperties.json).
    func redirectURL(of dir: String) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/apiProperties.json"))
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let settings = ((json["properties"] as? [String: Any])?["connectionParameters"] as? [String: Any])
            .flatMap { ($0["token"] as? [String: Any])?["oAuthSettings"] as? [String: Any] }
        return try XCTUnwrap(settings?["redirectUrl"] as? String, String(decoding: data, as: UTF8.self))
    }

    /// The text of a box on screen from the line holding `start` (excluded) to its first empty line,
    /// its rows joined without the borders: a URL broken over several rows, whole.
    func boxText(_ screen: String, from start: String) -> String {
        var out = "", inside = false
        for line in screen.split(separator: "\n", omittingEmptySubsequences: false) {
            guard let open = line.firstIndex(of: "│"), let close = line.lastIndex(of: "│"), open < close else { continue }
            let content = line[line.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
            if inside {
                if content.isEmpty { break }
                out += content
            } else if content.contains(start) {
                inside = true
            }
        }
        return out
    }

    /// Full screen: fills the form's fields in turn (Enter moves to the next), moves to Create
    /// with Tab and presses it (`--test` then calls at once), and waits for `expect` (e.g. "200 OK") and `body`
    /// (the start of the body shown). Checks the
    /// typed values that are secrets (every one but a Basic user name) never show, masked or
    /// not, and that Esc then leaves with status 0. Returns the screen with the answer.
    func createAndTest(_ dir: String, credentials: [String], expect: String, body: String,
                       file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let t = try connect("\(q(dir)) --test /me")
        try t.waitUntil("the form", file: file, line: line) { $0.contains("Local API · New connection") && $0.contains("Create    Cancel") }
        let secrets = Dictionary(uniqueKeysWithValues: credentials.filter { $0 != basicUser }.map { ("typed credential", $0) })
        var screens: [String] = []
        for (i, value) in credentials.enumerated() {
            if i > 0 { try t.send("Enter") }
            try t.type(value)
            if value != basicUser {
                screens.append(try t.waitFor(" " + String(repeating: "•", count: value.count) + " ", file: file, line: line))
            } else {
                screens.append(try t.waitFor(value, file: file, line: line))
            }
        }
        try t.send("Tab")
        screens.append(try t.waitFor("Create the connection (^S).", file: file, line: line))
        try t.send("Enter")
        // With --test the call is made as soon as the connection is created (§5.2).
        let answer = try t.waitUntil("the test call's answer \"\(expect)\"", file: file, line: line) {
            // "200 OK · 3 ms", "401 UNAUTHORIZED · 2 ms": the status, its reason as sent, the time.
            $0.range(of: NSRegularExpression.escapedPattern(for: expect) + "[A-Za-z ]* · [0-9]+ ms", options: .regularExpression) != nil
                && $0.contains("Test again    Close") && $0.contains(body)
        }
        screens.append(answer)
        try t.send("Escape")
        XCTAssertEqual(try t.waitForFile("exit.status", file: file, line: line), "0\n", file: file, line: line)
        screens.append(try fullHistory(t))
        for (i, s) in screens.enumerated() { assertNone(of: secrets, in: s, "screen \(i)", file: file, line: line) }
        try assertNoFile(under: dir, contains: secrets, file: file, line: line)
        return answer
    }
}
