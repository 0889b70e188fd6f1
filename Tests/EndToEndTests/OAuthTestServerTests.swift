import Foundation
import XCTest

/// The test servers themselves, checked over plain HTTP before any test of the wizard relies on
/// them: the OAuth server refuses what RFC 6749, RFC 7636 and RFC 8252 say it must, a whole
/// code flow with PKCE through the scripted browser yields a token the API takes until it
/// expires, refreshing works, and the API's other credentials are checked.
final class OAuthTestServerTests: XCTestCase {
    let secret = "secret-" + UUID().uuidString
    let apiKey = "key-" + UUID().uuidString
    let password = "pw-" + UUID().uuidString
    var server: OAuthTestServer!
    var scratch = ""

    override func setUpWithError() throws {
        server = try OAuthTestServer(tokenLifetime: 3, clientSecret: secret, apiKey: apiKey, basicUser: "alice",
                                     basicPassword: password)
        scratch = NSTemporaryDirectory() + "cw-oauth-tests-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }

    override func tearDown() {
        server?.stop()
        server = nil
        try? FileManager.default.removeItem(atPath: scratch)
    }

    override class func tearDown() {
        try? FileManager.default.removeItem(atPath: CommandRunner.scratch)
        super.tearDown()
    }

    // MARK: helpers

    /// A PKCE pair (RFC 7636): a verifier of 64 unreserved characters and its S256 challenge,
    /// computed by Python's hashlib so that the test does not check itself.
    func pkce() throws -> (verifier: String, challenge: String) {
        let chars = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        let verifier = String((0..<64).map { _ in chars.randomElement()! })
        let r = try CommandRunner.run(["python3", "-c", """
            import base64, hashlib, sys
            print(base64.urlsafe_b64encode(hashlib.sha256(sys.argv[1].encode()).digest()).rstrip(b"=").decode())
            """, verifier])
        XCTAssertEqual(r.status, 0, r.transcript)
        return (verifier, r.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    func authorizeURL(redirect: String, challenge: String?, method: String? = "S256", clientId: String? = nil,
                      state: String = "st-1") -> String {
        var items = [("response_type", "code"), ("client_id", clientId ?? server.clientId), ("redirect_uri", redirect),
                     ("scope", "read"), ("state", state)]
        if let challenge {
            items.append(("code_challenge", challenge))
            if let method { items.append(("code_challenge_method", method)) }
        }
        return server.authorizeURL + "?" + TestHTTP.encode(items)
    }

    func tokenRequest(_ form: [(String, String)], basic: Bool = false) throws -> TestHTTP.Response {
        if basic {
            return try TestHTTP.post(server.tokenURL, form: form, headers: [TestHTTP.basic(server.clientId, secret)])
        }
        return try TestHTTP.post(server.tokenURL, form: form + [("client_id", server.clientId), ("client_secret", secret)])
    }

    func me(_ headers: [(String, String)] = [], query: String = "") throws -> TestHTTP.Response {
        try TestHTTP.get(server.apiURL + query, headers: headers)
    }

    func bearer(_ token: String) -> (String, String) { ("Authorization", "Bearer " + token) }

    /// Moves the server's clock on by `seconds`.
    func advanceClock(_ seconds: Double) throws {
        let r = try TestHTTP.post(server.baseURL + "/test/clock", form: [("advance", "\(seconds)")])
        XCTAssertEqual(r.status, 200, r.summary)
    }

    func assertUnauthorized(_ r: TestHTTP.Response, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.status, 401, "\(what): \(r.summary)", file: file, line: line)
        XCTAssertNotNil(r.json["error"], "\(what): a JSON error: \(r.summary)", file: file, line: line)
        XCTAssertFalse(r.headers(named: "WWW-Authenticate").isEmpty, "\(what): WWW-Authenticate", file: file, line: line)
    }

    func assertAccepted(_ r: TestHTTP.Response, via: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.status, 200, "via \(via): \(r.summary)", file: file, line: line)
        XCTAssertEqual(r.json["user"] as? String, "test-user", file: file, line: line)
        XCTAssertEqual(r.json["via"] as? String, via, file: file, line: line)
    }

    // MARK: authorization endpoint

    func testAuthorizeWithoutS256CodeChallengeIsRefusedAndAnyLoopbackPortIsAccepted() throws {
        let redirect = "http://127.0.0.1:5555/callback"
        let (_, challenge) = try pkce()

        for (what, url) in [("no code_challenge", authorizeURL(redirect: redirect, challenge: nil)),
                            ("the plain method", authorizeURL(redirect: redirect, challenge: challenge, method: "plain")),
                            ("no method (plain by default)", authorizeURL(redirect: redirect, challenge: challenge, method: nil))] {
            let r = try TestHTTP.get(url)
            XCTAssertEqual(r.status, 302, "\(what): \(r.summary)")
            let location = try XCTUnwrap(r.header("Location"), what)
            XCTAssertTrue(location.hasPrefix(redirect + "?"), "\(what): \(TestHTTP.redact(location))")
            XCTAssertEqual(TestHTTP.queryItem("error", in: location), "invalid_request", what)
            XCTAssertEqual(TestHTTP.queryItem("state", in: location), "st-1", what)
            XCTAssertNil(TestHTTP.queryItem("code", in: location), what)
        }

        // An unknown client or a redirect URI that is not the client's: an error page, no redirect.
        for (what, url) in [("unknown client", authorizeURL(redirect: redirect, challenge: challenge, clientId: "nobody")),
                            ("another host", authorizeURL(redirect: "http://localhost.example/callback", challenge: challenge)),
                            ("another path", authorizeURL(redirect: "http://127.0.0.1:5555/other", challenge: challenge)),
                            ("https", authorizeURL(redirect: "https://127.0.0.1:5555/callback", challenge: challenge))] {
            let r = try TestHTTP.get(url)
            XCTAssertEqual(r.status, 400, "\(what): \(r.summary)")
            XCTAssertNil(r.header("Location"), what)
            XCTAssertEqual(r.json["error"] as? String, what == "unknown client" ? "invalid_client" : "invalid_request", r.summary)
        }

        // RFC 8252 §7.3: the registered http://127.0.0.1/callback with any port.
        for port in [1024, 5555, 65535] {
            let r = try TestHTTP.get(authorizeURL(redirect: "http://127.0.0.1:\(port)/callback", challenge: challenge))
            XCTAssertEqual(r.status, 302, r.summary)
            let location = try XCTUnwrap(r.header("Location"))
            XCTAssertTrue(location.hasPrefix("http://127.0.0.1:\(port)/callback?code="), TestHTTP.redact(location))
            XCTAssertEqual(TestHTTP.queryItem("state", in: location), "st-1")
        }
    }

    func testDenyingServerRedirectsWithAccessDenied() throws {
        server.stop()
        server = try OAuthTestServer(clientSecret: secret, apiKey: apiKey, basicUser: "alice", basicPassword: password,
                                     deny: true)
        let (_, challenge) = try pkce()
        let r = try TestHTTP.get(authorizeURL(redirect: "http://127.0.0.1:4321/callback", challenge: challenge, state: "s-9"))
        XCTAssertEqual(r.status, 302, r.summary)
        let location = try XCTUnwrap(r.header("Location"))
        XCTAssertTrue(location.hasPrefix("http://127.0.0.1:4321/callback?"), location)
        XCTAssertEqual(TestHTTP.queryItem("error", in: location), "access_denied")
        XCTAssertNotNil(TestHTTP.queryItem("error_description", in: location))
        XCTAssertEqual(TestHTTP.queryItem("state", in: location), "s-9")
        XCTAssertNil(TestHTTP.queryItem("code", in: location))
    }

    // MARK: the whole code flow

    func testCodeFlowWithPKCEThroughTheScriptedBrowserThenExpiryAndRefresh() throws {
        let listener = try LoopbackListener()
        defer { listener.stop() }
        let redirect = "http://127.0.0.1:\(listener.port)/callback"
        let (verifier, challenge) = try pkce()
        let log = scratch + "/browser.log", page = scratch + "/page.html"

        // The browser: from the authorization endpoint to the listener, by redirect.
        let browser = try CommandRunner.run([OAuthTestServer.browserDirectory + "/xdg-open",
                                             authorizeURL(redirect: redirect, challenge: challenge, state: "flow-state")],
                                            environment: ["FAKE_BROWSER_LOG": log, "FAKE_BROWSER_PAGE": page])
        XCTAssertEqual(browser.status, 0, browser.transcript)
        let callback = try listener.waitForRequest()
        XCTAssertTrue(callback.hasPrefix("/callback?"), TestHTTP.redact(callback))
        let code = try XCTUnwrap(TestHTTP.queryItem("code", in: "http://x" + callback), TestHTTP.redact(callback))
        XCTAssertEqual(TestHTTP.queryItem("state", in: "http://x" + callback), "flow-state")
        XCTAssertEqual(try String(contentsOfFile: page, encoding: .utf8), LoopbackListener.page)

        // What the browser logged: both URLs, with code, state and challenge blanked out.
        let visited = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(visited.count, 2, visited.joined(separator: "\n"))
        XCTAssertTrue(visited.first?.hasPrefix(server.authorizeURL + "?") == true, visited.joined(separator: "\n"))
        XCTAssertTrue(visited.first?.contains("code_challenge=…&") == true, visited.joined(separator: "\n"))
        XCTAssertEqual(visited.last, redirect + "?code=…&state=…")
        for hidden in [code, challenge, "flow-state"] {
            XCTAssertFalse(visited.joined().contains(hidden), "the browser log shows a value it must hide")
        }

        // The token endpoint: the client must authenticate and the verifier must match.
        let exchange = [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirect)]
        var r = try TestHTTP.post(server.tokenURL, form: exchange + [("client_id", server.clientId), ("client_secret", "wrong"),
                                                                      ("code_verifier", verifier)])
        XCTAssertEqual(r.status, 401, r.summary)
        XCTAssertEqual(r.json["error"] as? String, "invalid_client")
        r = try TestHTTP.post(server.tokenURL, form: exchange + [("client_id", server.clientId), ("code_verifier", verifier)])
        XCTAssertEqual(r.json["error"] as? String, "invalid_client", "no secret ('none') is refused: \(r.summary)")
        r = try tokenRequest(exchange)
        XCTAssertEqual(r.status, 400, r.summary)
        XCTAssertEqual(r.json["error"] as? String, "invalid_request", "no code_verifier: \(r.summary)")
        r = try tokenRequest(exchange + [("code_verifier", String(verifier.reversed()))])
        XCTAssertEqual(r.json["error"] as? String, "invalid_grant", "a wrong code_verifier: \(r.summary)")

        r = try tokenRequest(exchange + [("code_verifier", verifier)])
        XCTAssertEqual(r.status, 200, r.summary)
        XCTAssertEqual(r.json["token_type"] as? String, "Bearer")
        XCTAssertEqual(r.json["expires_in"] as? Int, server.tokenLifetime)
        XCTAssertEqual(r.json["scope"] as? String, "read")
        let access = try XCTUnwrap(r.json["access_token"] as? String)
        let refresh = try XCTUnwrap(r.json["refresh_token"] as? String)

        r = try tokenRequest(exchange + [("code_verifier", verifier)])
        XCTAssertEqual(r.json["error"] as? String, "invalid_grant", "a code is used once: \(r.summary)")

        // The API takes the token until it expires, then refuses it: the server's clock is moved
        // on to two seconds before the end of the token's life, then past it (no waiting).
        assertAccepted(try me([bearer(access)]), via: "bearer")
        try advanceClock(Double(server.tokenLifetime) - 2)
        assertAccepted(try me([bearer(access)]), via: "bearer")
        try advanceClock(2.5)
        let refused = try me([bearer(access)])
        assertUnauthorized(refused, "an expired token")
        XCTAssertEqual(refused.json["error"] as? String, "invalid_token")
        XCTAssertTrue(refused.headers(named: "WWW-Authenticate").contains { $0.hasPrefix("Bearer ") && $0.contains("invalid_token") })

        // Refresh, with client_secret_basic this time: a new token the API takes, and the old
        // refresh token is spent.
        r = try tokenRequest([("grant_type", "refresh_token"), ("refresh_token", refresh)], basic: true)
        XCTAssertEqual(r.status, 200, r.summary)
        let renewed = try XCTUnwrap(r.json["access_token"] as? String)
        XCTAssertNotEqual(renewed, access)
        XCTAssertEqual(r.json["expires_in"] as? Int, server.tokenLifetime)
        assertAccepted(try me([bearer(renewed)]), via: "bearer")
        r = try tokenRequest([("grant_type", "refresh_token"), ("refresh_token", refresh)], basic: true)
        XCTAssertEqual(r.json["error"] as? String, "invalid_grant", "a spent refresh token: \(r.summary)")

        // The access log: requests, never their query strings or credentials.
        let accessLog = server.process.stderr
        XCTAssertTrue(accessLog.contains("\"GET /oauth/authorize\" 302"), accessLog)
        XCTAssertTrue(accessLog.contains("\"POST /oauth/token\" 200"), accessLog)
        XCTAssertTrue(accessLog.contains("\"GET /api/me\" 401"), accessLog)
        for hidden in [code, access, refresh, renewed, secret, "code_challenge"] {
            XCTAssertFalse(accessLog.contains(hidden), "the server's log shows a value it must not")
        }
    }

    // MARK: a service principal

    func testClientCredentialsGiveTheClientsOwnTokenAtBothTokenURLs() throws {
        for url in [server.tokenURL, server.baseURL + "/contoso.onmicrosoft.com/oauth2/token"] {
            var r = try TestHTTP.post(url, form: [("grant_type", "client_credentials"), ("client_id", server.clientId),
                                                  ("client_secret", secret)])
            XCTAssertEqual(r.status, 200, "\(url): \(r.summary)")
            XCTAssertNil(r.json["refresh_token"], "no refresh token for a client's own token")
            XCTAssertEqual(r.json["expires_in"] as? Int, server.tokenLifetime)
            let access = try XCTUnwrap(r.json["access_token"] as? String)
            let answer = try me([bearer(access)])
            XCTAssertEqual(answer.status, 200, answer.summary)
            XCTAssertEqual(answer.json["via"] as? String, "client_credentials")
            XCTAssertEqual(answer.json["client"] as? String, server.clientId)
            r = try TestHTTP.post(url, form: [("grant_type", "client_credentials"), ("client_id", server.clientId),
                                              ("client_secret", "wrong")])
            XCTAssertEqual(r.json["error"] as? String, "invalid_client", r.summary)
        }
    }

    // MARK: the API's other credentials

    func testAPIKeyInHeaderOrQueryAndBasicCredentials() throws {
        assertAccepted(try me([("X-API-Key", apiKey)]), via: "header")
        assertUnauthorized(try me([("X-API-Key", apiKey + "x")]), "a wrong key in the header")
        assertAccepted(try me(query: "?" + TestHTTP.encode([("api_key", apiKey)])), via: "query")
        assertUnauthorized(try me(query: "?" + TestHTTP.encode([("api_key", "nope")])), "a wrong key in the query")
        assertAccepted(try me([TestHTTP.basic("alice", password)]), via: "basic")
        assertUnauthorized(try me([TestHTTP.basic("alice", password + "x")]), "a wrong password")
        assertUnauthorized(try me([TestHTTP.basic("bob", password)]), "a wrong user")
        assertUnauthorized(try me([bearer("not-a-token")]), "an unknown bearer token")
        assertUnauthorized(try me([("Authorization", "Token " + apiKey)]), "an unknown scheme")
        let none = try me()
        assertUnauthorized(none, "no credentials")
        XCTAssertTrue(none.headers(named: "WWW-Authenticate").contains { $0.hasPrefix("Basic ") }, none.summary)
        XCTAssertFalse(server.process.stderr.contains(apiKey), "the server's log shows the API key")
    }

    // MARK: the browser and the server's life

    func testScriptedBrowserRefusesEveryHostButLoopback() throws {
        let log = scratch + "/browser.log"
        for url in ["http://example.com/", "https://127.0.0.1:1/", "file:///etc/passwd", "http://localhost.example/"] {
            let r = try CommandRunner.run([OAuthTestServer.browserDirectory + "/xdg-open", url],
                                          environment: ["FAKE_BROWSER_LOG": log])
            XCTAssertEqual(r.status, 1, "\(url): \(r.transcript)")
            XCTAssertTrue(r.stderr.contains("refusing"), "\(url): \(r.transcript)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: log), "a refused URL is not visited")
    }

    func testServerStopsWhenItsStandardInputCloses() throws {
        assertUnauthorized(try me(), "while it runs")
        server.process.closeInput()
        XCTAssertEqual(server.process.waitForExit(timeout: 10), 0, "still running, or failed:\(server.process.transcript)")
        XCTAssertThrowsError(try me(), "nothing listens any more")
    }
}

/// A throwaway loopback listener standing in for the app's: it answers one GET with `page`
/// and reports the request target on its standard output.
final class LoopbackListener {
    static let page = "<p>Signed in. You can close this window.</p>"
    let process: ServerProcess
    let port: Int

    init() throws {
        let script = """
            import http.server, os, sys, threading
            class Handler(http.server.BaseHTTPRequestHandler):
                def do_GET(self):
                    body = sys.argv[1].encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    print("GET " + self.path, flush=True)
                def log_message(self, *args):
                    pass
            def watch():
                while os.read(0, 4096):
                    pass
                os._exit(0)
            threading.Thread(target=watch, daemon=True).start()
            server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
            print(f"READY {server.server_port}", flush=True)
            server.handle_request()
            """
        let python = try XCTUnwrap(TmuxTerminal.which("python3"), "python3 is needed")
        process = try ServerProcess([python, "-c", script, Self.page], name: "loopback-listener")
        port = try XCTUnwrap(Int(process.waitForLine(prefix: "READY ", timeout: 20)))
    }

    /// The target of the one request (`/callback?code=…&state=…`), waiting for it.
    func waitForRequest() throws -> String {
        try process.waitForLine(prefix: "GET ", timeout: 10)
    }

    func stop() { process.stop() }
}
