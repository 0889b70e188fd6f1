import ConnectionSession
import ConnectorKit
import ConnectorNet
import Foundation
import PlainMode
import Synchronization
import WizardUI
import XCTest

/// Plain mode's connection prompt (§7, §5) in-process: answers on its input, the identity
/// provider and the API answered by a scripted transport, a manual clock. The binary's own
/// plain prompt, against the real OAuth server, is in ConnectEndToEndTests.
final class PlainConnectTests: XCTestCase {
    static let apiKey = "k3y-Quokka-0815"

    /// A connector saved the way the wizard saves it, opened as `connect DIR` opens it.
    func connector(_ configure: (inout ConnectorDraft) -> Void) throws -> ConnectorDocument {
        var d = ConnectorDraft()
        d.general.title = "Contoso Invoicing"
        d.general.description = "Creates, sends and tracks the invoices of Contoso customers."
        d.general.host = "api.contoso.test"
        d.general.basePath = "/v1"
        configure(&d)
        let folder = try makeTempDir() + "/contoso"
        _ = try ConnectorWriter.save(d, into: .new(in: folder), newID: { "0123456789abcdef" })
        return try ConnectorDocument.open(folder)
    }

    /// The API: `/v1/me` answers who called it and how; the token endpoint issues `access-N`.
    func servers() -> ScriptedTransport {
        let issued = Mutex(0)
        return ScriptedTransport { request, _ in
            if request.url == "https://login.contoso.test/token" {
                let n = issued.withLock { $0 += 1; return $0 }
                let body = #"{"access_token":"access-\#(n)-Zebra","token_type":"Bearer","expires_in":60,"refresh_token":"refresh-\#(n)"}"#
                return HTTPResponse(status: 200, reason: "OK", headers: [HTTPHeader("Content-Type", "application/json")], body: Array(body.utf8))
            }
            let key = request.headers.first { $0.name.lowercased() == "x-api-key" }?.value
            let bearer = request.headers.first { $0.name.lowercased() == "authorization" }?.value
            guard key == Self.apiKey || bearer?.hasPrefix("Bearer access-") == true else {
                return HTTPResponse(status: 401, reason: "Unauthorized", body: Array(#"{"error": "invalid_credentials"}"#.utf8))
            }
            let via = key != nil ? "header" : "bearer"
            return HTTPResponse(status: 200, reason: "OK", headers: [HTTPHeader("Content-Type", "application/json")],
                                body: Array(#"{"user": "test-user", "via": "\#(via)"}"#.utf8))
        }
    }

    func oauthConnector() throws -> ConnectorDocument {
        try connector {
            $0.authKind = .oauth2
            $0.oauth.provider = "generic"
            $0.oauth.clientId = "contoso-app"
            $0.oauth.authorizationUrl = "https://login.contoso.test/authorize"
            $0.oauth.tokenUrl = "https://login.contoso.test/token"
            $0.oauth.refreshUrl = "https://login.contoso.test/token"
            $0.oauth.scope = "invoices.read offline_access"
        }
    }

    func run(_ document: ConnectorDocument, _ answers: [String], live: Bool = false, kept secret: String? = nil,
             servers: ScriptedTransport, clock: ManualClock = ManualClock(1_800_000_000)) -> (status: Int32, console: RecordedConsole) {
        let session = ConnectSession(options: .init(signInTimeout: 10), clientSecret: secret, clock: clock, transport: servers,
                                     browser: redirectingBrowser(code: "the-code"))
        let state = ConnectState(properties: document.apiProperties, definition: document.definition, liveSignIn: live,
                                 hasStoredClientSecret: session.hasClientSecret, testPath: "/me", now: session.now)
        let console = RecordedConsole(answers: answers)
        var prompt = PlainConnect(state: state, session: session, saver: nil, testGiven: true, console: console.console)
        return (prompt.run(), console)
    }

    func testAnAPIKeyConnectionIsCreatedAndTestCalledWithTheKeyNeverShown() throws {
        let doc = try connector { $0.authKind = .apikey }
        let api = servers()
        let (status, r) = run(doc, [Self.apiKey, "", "n"], servers: api)
        XCTAssertEqual(status, 0, r.transcript)
        let lines = r.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(Array(lines.prefix(3)), ["Contoso Invoicing: new connection", "Fields marked * are required.", "API Key *: "],
                       "required fields are marked as the dialog marks them:\n\(r.transcript)")
        XCTAssertTrue(r.output.contains("Create? [Y/n]: \nConnection created:\n  API Key: ••••••\n"), r.transcript)
        XCTAssertTrue(r.output.contains("GET https://api.contoso.test/v1/me\n200 OK in "), r.transcript)
        XCTAssertTrue(r.output.contains("  {\"user\": \"test-user\", \"via\": \"header\"}\nTest again? [y/N]: n"), r.transcript)
        XCTAssertFalse(r.transcript.contains(Self.apiKey), "the key is never shown:\n\(r.transcript)")
        XCTAssertEqual(api.requests.count, 1)
        XCTAssertEqual(api.requests.first?.headers.first { $0.name == "X-API-Key" }?.value, Self.apiKey, "sent as the connector says")
    }

    func testRequiredFieldsAreMarkedAndOptionalOnesAreNot() {
        let properties: JSONValue = ["properties": ["connectionParameters": [
            "account": ["type": "string", "uiDefinition": ["displayName": "Account", "constraints": ["required": "true", "tabIndex": 1]]],
            "note": ["type": "string", "uiDefinition": ["displayName": "Note", "constraints": ["required": "false", "tabIndex": 2]]],
            "region": ["type": "string", "allowedValues": [["value": "eu"], ["value": "us"]],
                       "uiDefinition": ["displayName": "Region", "constraints": ["required": "true", "tabIndex": 3]]],
        ]]]
        let session = ConnectSession(options: .init(), clientSecret: nil, clock: ManualClock(1_800_000_000),
                                     transport: ScriptedTransport { _, _ in HTTPResponse(status: 200) }, browser: { _ in false })
        let state = ConnectState(properties: properties, definition: ["swagger": "2.0", "host": "api.contoso.test"])
        let console = RecordedConsole(answers: ["", "contoso", "", "", "n"])
        var prompt = PlainConnect(state: state, session: session, saver: nil, testGiven: false, console: console.console)
        _ = prompt.run()
        let out = console.output
        XCTAssertTrue(out.hasPrefix("\(state.prompt.title): new connection\nFields marked * are required.\nAccount *: "), console.transcript)
        XCTAssertTrue(out.contains("  Account is required.\nAccount *: "), "the reason names the field as before:\n\(console.transcript)")
        XCTAssertTrue(out.contains("\nNote: "), "an optional field has no mark:\n\(console.transcript)")
        XCTAssertTrue(out.contains("Region *, one of:"), console.transcript)
    }

    func testAWrongKeyShowsTheAPIsAnswerAndTestAgainCallsAgain() throws {
        let doc = try connector { $0.authKind = .apikey }
        let api = servers()
        let (status, r) = run(doc, ["wrong-key", "", "y", "n"], servers: api)
        XCTAssertEqual(status, 0, "the connection was created; the API refused the key:\n\(r.transcript)")
        XCTAssertEqual(r.output.components(separatedBy: "401 Unauthorized in ").count - 1, 2, r.transcript)
        XCTAssertTrue(r.output.contains("{\"error\": \"invalid_credentials\"}"), r.transcript)
        XCTAssertEqual(api.requests.count, 2)
    }

    func testEndOfInputBeforeCreateCancelsAndCallsNothing() throws {
        let doc = try connector { $0.authKind = .apikey }
        let api = servers()
        let (status, r) = run(doc, [Self.apiKey], servers: api)
        XCTAssertEqual(status, 1, r.transcript)
        XCTAssertTrue(r.output.contains("Create? [Y/n]: "), r.transcript)
        XCTAssertFalse(r.output.contains("Connection created"), r.transcript)
        XCTAssertTrue(r.errors.contains("Cancelled; no connection was created."), r.transcript)
        XCTAssertEqual(api.requests.count, 0)
        XCTAssertFalse(r.transcript.contains(Self.apiKey))
    }

    func testOAuthSignsInOnTheLoopbackCreatesAndTestCallsWithTheBearerToken() throws {
        let doc = try oauthConnector()
        let api = servers()
        let (status, r) = run(doc, ["", "n"], live: true, kept: "client-s3cret", servers: api)
        XCTAssertEqual(status, 0, r.transcript)
        XCTAssertTrue(r.output.contains("Sign in with Generic OAuth 2 in the browser that opened."), r.transcript)
        XCTAssertTrue(r.output.contains("\nSigned in; the token expires in 1 min.\nCreate? [Y/n]: \nConnection created:\n"),
                      "the manual clock has not moved: the whole minute is left\n\(r.transcript)")
        XCTAssertTrue(r.output.contains("  Signed in with: Generic OAuth 2 (client ID contoso-app)"), r.transcript)
        XCTAssertTrue(r.output.contains("{\"user\": \"test-user\", \"via\": \"bearer\"}"), r.transcript)
        let exchange = try XCTUnwrap(api.requests.first)
        let form = String(decoding: exchange.body, as: UTF8.self)
        XCTAssertTrue(form.contains("grant_type=authorization_code") && form.contains("code=the-code") && form.contains("code_verifier="), form)
        XCTAssertEqual(api.requests.last?.headers.first { $0.name == "Authorization" }?.value, "Bearer access-1-Zebra")
        for hidden in ["client-s3cret", "access-1-Zebra", "refresh-1"] {
            XCTAssertFalse(r.transcript.contains(hidden), "\(hidden) shown:\n\(r.transcript)")
        }
    }

    /// Over SSH: the browser never reaches the listener, and the address it ended on is given as a
    /// line once the URL is known, as a person pastes it. A wrong state, no state, an
    /// `error=access_denied` and garbage each get their sentence and the wait goes on; the right
    /// address signs in, its code exchanged with the PKCE verifier and the listener's redirect URI.
    func testOAuthSignsInWithTheAddressTheBrowserEndedOnGivenAsALine() throws {
        let doc = try oauthConnector()
        let api = servers()
        let browser = RemoteBrowser()
        let clock = ManualClock(1_800_000_000)
        let session = ConnectSession(options: .init(signInTimeout: 20), clientSecret: "client-s3cret", clock: clock, transport: api,
                                     browser: browser.open)
        let state = ConnectState(properties: doc.apiProperties, definition: doc.definition, liveSignIn: true,
                                 hasStoredClientSecret: true, testPath: "/me", now: session.now)
        let r = RecordedConsole(answers: [], later: true)
        let code = "pasted-Code-Wombat"
        let answers = r.answers
        DispatchQueue.global().async {
            while browser.url == nil { usleep(5_000) }
            let sent = browser.item("state") ?? ""
            let endedOn = browser.endedOn
            answers.write([endedOn([("code", code), ("state", "another-sign-in")]), endedOn([("code", code)]),
                           endedOn([("error", "access_denied"), ("error_description", "The user said no"), ("state", sent)]),
                           "what is this?", endedOn([("code", code), ("state", sent)]),
                           "", "n"])
            answers.end()
        }
        var prompt = PlainConnect(state: state, session: session, saver: nil, testGiven: true, console: r.console)
        XCTAssertEqual(prompt.run(), 0, r.transcript)

        let redirect = try XCTUnwrap(browser.item("redirect_uri"))
        let port = try XCTUnwrap(Int(redirect.dropFirst("http://127.0.0.1:".count).prefix { $0.isNumber }), redirect)
        let said = [
            "Waiting up to 20 s for the browser (Ctrl-C cancels)...",
            "Browser on another machine? Paste the address it ended on here, then Enter.",
            "Or run there first: ssh -L \(port):127.0.0.1:\(port) <this machine>",
            PastedRedirect.wrongState, PastedRedirect.missingState,
            "The identity provider answered access_denied: The user said no.",
            PastedRedirect.notAnAddress,
            "Address taken: exchanging the code...",
            "Signed in; the token expires in 1 min.",
            "Create? [Y/n]: ",
        ]
        XCTAssertTrue(r.output.contains(said.joined(separator: "\n")), "in this order, one a line:\n\(r.transcript)")
        XCTAssertTrue(r.output.contains("{\"user\": \"test-user\", \"via\": \"bearer\"}"), r.transcript)

        XCTAssertEqual(api.requests.map(\.url), ["https://login.contoso.test/token", "https://api.contoso.test/v1/me"],
                       "one exchange, for the right address")
        let form = URLEncoding.query(String(decoding: try XCTUnwrap(api.requests.first).body, as: UTF8.self))
        func value(_ name: String) -> String? { form.first { $0.name == name }?.value }
        XCTAssertEqual(value("grant_type"), "authorization_code")
        XCTAssertEqual(value("code"), code)
        XCTAssertEqual(value("redirect_uri"), redirect, "the redirect URI the authorization request named: the listener's")
        let verifier = try XCTUnwrap(value("code_verifier"))
        XCTAssertEqual(PKCE(verifier: verifier).challenge, browser.item("code_challenge"))
        for hidden in [code, verifier, "client-s3cret", "access-1-Zebra", "refresh-1"] {
            XCTAssertFalse(r.transcript.contains(hidden), "\(hidden) shown:\n\(r.transcript)")
        }
    }

    /// End of input while the sign-in waits cancels it, at once: nothing is created.
    func testEndOfInputWhileTheSignInWaitsCancelsIt() throws {
        let doc = try oauthConnector()
        let api = servers()
        let browser = RemoteBrowser()
        let session = ConnectSession(options: .init(signInTimeout: 20), clientSecret: "client-s3cret", clock: ManualClock(1_800_000_000),
                                     transport: api, browser: browser.open)
        let state = ConnectState(properties: doc.apiProperties, definition: doc.definition, liveSignIn: true,
                                 hasStoredClientSecret: true, testPath: "/me", now: session.now)
        let r = RecordedConsole(answers: [])
        var prompt = PlainConnect(state: state, session: session, saver: nil, testGiven: true, console: r.console)
        let started = Date()
        XCTAssertEqual(prompt.run(), 1, r.transcript)
        XCTAssertLessThan(Date().timeIntervalSince(started), 5, "not the 20 s timeout")
        XCTAssertTrue(r.output.contains("Browser on another machine?"), r.transcript)
        XCTAssertTrue(r.errors.contains("Cancelled; no connection was created."), r.transcript)
        XCTAssertTrue(api.requests.isEmpty)
    }

    func testAServicePrincipalIsChosenAndGetsItsTokenWithoutABrowser() throws {
        let doc = try connector {
            $0.authKind = .oauth2
            $0.oauth.provider = "aad"
            $0.oauth.clientId = "maker-app"
            $0.oauth.loginUrl = "https://login.contoso.test"
            $0.oauth.resourceUrl = "https://api.contoso.test"
            $0.oauth.servicePrincipal = true
        }
        let api = ScriptedTransport { request, _ in
            if request.url == "https://login.contoso.test/fabrikam/oauth2/token" {
                return HTTPResponse(status: 200, reason: "OK", headers: [HTTPHeader("Content-Type", "application/json")],
                                    body: Array(#"{"access_token":"sp-Zebra-1","token_type":"Bearer","expires_in":60}"#.utf8))
            }
            let bearer = request.headers.first { $0.name == "Authorization" }?.value
            return HTTPResponse(status: bearer == "Bearer sp-Zebra-1" ? 200 : 401, reason: "", body: Array("{}".utf8))
        }
        let (status, r) = run(doc, ["2", "sp-app", "sp-s3cret", "fabrikam", "", "n"], servers: api)
        XCTAssertEqual(status, 0, r.transcript)
        XCTAssertTrue(r.output.contains("Connect with *, one of:\n  1) Sign in with Azure Active Directory\n  2) Service principal\n"), r.transcript)
        XCTAssertTrue(r.output.contains("Getting the service principal's token from https://login.contoso.test/fabrikam/oauth2/token..."),
                      r.transcript)
        XCTAssertTrue(r.output.contains("Signed in; the token expires in 1 min."), r.transcript)
        XCTAssertTrue(r.output.contains("GET https://api.contoso.test/v1/me\n200 "), r.transcript)
        let form = String(decoding: try XCTUnwrap(api.requests.first).body, as: UTF8.self)
        XCTAssertTrue(form.contains("grant_type=client_credentials") && form.contains("client_id=sp-app"), form)
        XCTAssertFalse(r.transcript.contains("sp-s3cret") || r.transcript.contains("sp-Zebra-1"), r.transcript)
    }
}
