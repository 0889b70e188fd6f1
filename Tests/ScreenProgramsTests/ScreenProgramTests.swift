import ConnectionSession
import ConnectorKit
import ConnectorNet
import Foundation
import ScreenPrograms
import Synchronization
import WizardUI
import XCTest

/// The wizard and the connection prompt run by the one program loop on a recording screen:
/// keys in, frames out, effects carried out (a real save, test calls to in-process servers).
final class ScreenProgramTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/fixtures/connectors").standardized.path

    func scratch() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cw-screen-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        return dir
    }

    func idleHost(clock: ManualClock = ManualClock(1_800_000_000), transport: ScriptedTransport = ScriptedTransport { _, _ in
        HTTPResponse(status: 500)
    }, screen: RecordingScreen) -> ConnectHost {
        let session = ConnectSession(options: .init(openBrowser: false), clientSecret: nil, clock: clock, transport: transport,
                                     browser: { _ in false })
        return ConnectHost(session: session, saver: nil, copy: { [weak screen] in screen?.copyToClipboard($0) })
    }

    func testTheWizardSavesARealConnectorAndCopiesItsRedirectURL() throws {
        let folder = try scratch() + "/facebook"
        try FileManager.default.copyItem(atPath: Self.fixtures + "/custom-connectors/Facebook", toPath: folder)
        let document = try ConnectorDocument.open(folder)
        let screen = RecordingScreen(script: [
            .key(.end), .key(.char("!")), .key(.ctrl("s")), .waitFor("Saved", polls: 5), .key(.char("c")),
            .key(.escape), .key(.ctrl("q")),
        ])
        var program = WizardProgram(state: WizardState(document: document), theme: .default, host: idleHost(screen: screen))
        let status = ProgramLoop.run(&program, on: screen)
        XCTAssertNil(screen.timedOut)
        XCTAssertEqual(status, 0, "Ctrl-Q after the save quits at once: \(screen.screen)")
        XCTAssertTrue(screen.frames.first?.text.contains("Update connector") == true, screen.frames.first?.text ?? "")
        let definition = try String(contentsOfFile: folder + "/apiDefinition.swagger.json", encoding: .utf8)
        XCTAssertTrue(definition.contains(#""title": "Facebook!""#), "the typed title was saved")
        XCTAssertEqual(screen.copied.count, 1)
        XCTAssertTrue(screen.copied.first?.hasPrefix("https://global.consent.azure-apim.net/redirect") == true, "\(screen.copied)")
        XCTAssertFalse(program.state.isDirty)
    }

    func testTheWizardAsksBeforeQuittingWithUnsavedChangesAndStopsAtASignal() throws {
        let document = try ConnectorDocument.open(try scratch() + "/new")
        let screen = RecordingScreen(keys: Array("Contoso").map { .char($0) } + [.ctrl("q")])
        var program = WizardProgram(state: WizardState(document: document), theme: .default, host: idleHost(screen: screen))
        let status = ProgramLoop.run(&program, on: screen)
        XCTAssertEqual(status, 129, "the script ran out while the question was open: the screen's hang-up ends the loop")
        XCTAssertTrue(screen.screen.contains("Save changes before quitting?"), screen.screen)
        XCTAssertEqual(program.state.draft.general.title, "Contoso")
    }

    /// A connector whose end users give an API key, sent in the X-Key header.
    let properties: JSONValue = ["properties": ["connectionParameters": ["api_key": [
        "type": "securestring",
        "uiDefinition": ["displayName": "Contoso API key", "constraints": ["required": "true", "tabIndex": 1]],
    ]]]]
    let definition: JSONValue = ["swagger": "2.0", "host": "api.contoso.test", "basePath": "/v1", "schemes": ["https"],
                                 "securityDefinitions": ["key": ["type": "apiKey", "in": "header", "name": "X-Key"]]]

    func testTheConnectionPromptCreatesAConnectionAndTestCallsWithTheKeyRedacted() throws {
        let transport = ScriptedTransport { request, _ in
            let key = request.headers.first { $0.name == "X-Key" }?.value ?? "none"
            return HTTPResponse(status: 200, reason: "OK", body: Array("hello, the key was \(key)".utf8))
        }
        let clock = ManualClock(1_800_000_000)
        let state = ConnectState(properties: properties, definition: definition, testPath: "/me", now: clock.now)
        let screen = RecordingScreen(width: 80, height: 30, script:
            Array("k3y-typed").map { .key(.char($0)) } + [.key(.ctrl("s")), .waitFor("Connection created", polls: 5), .key(.enter), .waitFor("200", polls: 100), .key(.escape)])
        let host = idleHost(clock: clock, transport: transport, screen: screen)
        var program = ConnectProgram(state: state, theme: .default, host: host, folder: "contoso")
        let status = ProgramLoop.run(&program, on: screen)
        XCTAssertNil(screen.timedOut)
        XCTAssertEqual(status, 0)
        XCTAssertEqual(program.state.outcome, .created)
        XCTAssertEqual(transport.requests.map(\.url), ["https://api.contoso.test/v1/me"])
        XCTAssertEqual(transport.requests.first?.headers.first { $0.name == "X-Key" }?.value, "k3y-typed")
        for frame in screen.frames {
            XCTAssertFalse(frame.text.contains("k3y-typed"), "the key is never on screen:\n\(frame.text)")
        }
        XCTAssertTrue(screen.frames.contains { $0.text.contains("hello, the key was") }, screen.screen)
    }

    /// `connect --test /me`: Create, and the call follows with no key pressed (§5.2).
    func testWithTestGivenCreateCallsAtOnce() throws {
        let transport = ScriptedTransport { _, _ in HTTPResponse(status: 200, reason: "OK", body: Array("called".utf8)) }
        let clock = ManualClock(1_800_000_000)
        let state = ConnectState(properties: properties, definition: definition, testPath: "/me", testAtOnce: true, now: clock.now)
        let screen = RecordingScreen(width: 80, height: 30, script:
            Array("k3y").map { .key(.char($0)) } + [.key(.ctrl("s")), .waitFor("200 OK", polls: 100), .key(.escape)])
        let host = idleHost(clock: clock, transport: transport, screen: screen)
        var program = ConnectProgram(state: state, theme: .default, host: host, folder: "contoso")
        XCTAssertEqual(ProgramLoop.run(&program, on: screen), 0)
        XCTAssertNil(screen.timedOut, screen.screen)
        XCTAssertEqual(transport.requests.map(\.url), ["https://api.contoso.test/v1/me"])
    }

    /// `--save-connection` into a folder that cannot be written: the created screen says so on
    /// its status line (an event the program applies; the save itself changes no state).
    func testAConnectionThatCannotBeSavedSaysWhy() throws {
        let blocked = FileManager.default.temporaryDirectory.appendingPathComponent("cw-\(UUID().uuidString.prefix(6))").path
        try Data("a file, not a folder".utf8).write(to: URL(fileURLWithPath: blocked))
        defer { try? FileManager.default.removeItem(atPath: blocked) }
        let saver = ConnectionFile(document: .new(in: "contoso"), store: { ConnectionStore(directory: blocked + "/connections") })
        let screen = RecordingScreen(width: 160, height: 30, script:
            Array("k3y-typed").map { .key(.char($0)) } + [.key(.ctrl("s")), .waitFor("The connection was not saved", polls: 5), .key(.escape)])
        let session = ConnectSession(options: .init(openBrowser: false), clientSecret: nil, clock: ManualClock(1_800_000_000),
                                     transport: ScriptedTransport { _, _ in HTTPResponse(status: 500) }, browser: { _ in false })
        let host = ConnectHost(session: session, saver: saver, copy: { _ in })
        var program = ConnectProgram(state: ConnectState(properties: properties, definition: definition), theme: .default,
                                     host: host, folder: "contoso")
        _ = ProgramLoop.run(&program, on: screen)
        XCTAssertNil(screen.timedOut, screen.screen)
        XCTAssertEqual(program.state.outcome, .created, "the connection exists; only its file is missing")
        XCTAssertNil(host.savedTo)
        let said = try XCTUnwrap(screen.frames.last { $0.text.contains("The connection was not saved: ") }, "the reason on screen")
        XCTAssertTrue(said.text.contains(blocked), "the sentence names the folder:\n\(said.text)")
        XCTAssertFalse(screen.frames.contains { $0.text.contains("k3y-typed") })
    }

    /// The refresh of the end-to-end test, in-process: the token expires when the test clock is
    /// moved on, and the Refresh token button and Ctrl-R each get a new one at the Refresh URL.
    func testRefreshTokenButtonAndCtrlRRefreshAnExpiredTokenWithoutWaiting() throws {
        let properties = oauthConnector(refreshURL: "https://login.contoso.test/refresh")
        let definition = oauthDefinition
        let transport = tokenEndpoint()
        let clock = ManualClock(1_800_000_000)
        let session = ConnectSession(options: .init(signInTimeout: 10), clientSecret: "client-s3cret", clock: clock,
                                     transport: transport, browser: redirectingBrowser(code: "the-code"))
        let state = ConnectState(properties: properties, definition: definition, liveSignIn: true, hasStoredClientSecret: true,
                                 now: clock.now)
        let expired = "The token has expired; a test call refreshes it first."
        let screen = RecordingScreen(width: 80, height: 30, script: [
            .key(.enter), .waitFor("✓ Signed in", polls: 500), .key(.ctrl("s")), .waitFor("Refresh token", polls: 5),
            .perform { clock.advance(61) }, .waitFor(expired, polls: 5),
            .key(.tab), .waitFor("Get a new access token with the refresh token (^R).", polls: 5), .key(.enter),
            .waitFor("Token refreshed", polls: 500),
            .perform { clock.advance(61) }, .waitFor(expired, polls: 5),
            .key(.ctrl("r")), .waitFor("Token refreshed", polls: 500),
            .key(.escape),
        ])
        let host = ConnectHost(session: session, saver: nil, copy: { _ in })
        var program = ConnectProgram(state: state, theme: .default, host: host, folder: "contoso")
        let status = ProgramLoop.run(&program, on: screen)
        XCTAssertNil(screen.timedOut)
        XCTAssertEqual(status, 0)
        XCTAssertEqual(program.state.outcome, .created)
        XCTAssertEqual(transport.requests.map(\.url), ["https://login.contoso.test/token", "https://login.contoso.test/refresh",
                                                       "https://login.contoso.test/refresh"])
        let forms = transport.requests.map { String(decoding: $0.body, as: UTF8.self) }
        XCTAssertTrue(forms[1].contains("refresh_token=refresh-1") && forms[2].contains("refresh_token=refresh-2"), "\(forms)")
        XCTAssertEqual(session.token?.accessToken, "access-3")
        XCTAssertFalse(screen.screen.contains(expired), screen.screen)
        for frame in screen.frames {
            for secret in ["client-s3cret", "access-1", "access-2", "access-3", "refresh-1", "refresh-2", "refresh-3"] {
                XCTAssertFalse(frame.text.contains(secret), "\(secret) on screen:\n\(frame.text)")
            }
        }
    }

    // MARK: Signing in over SSH

    /// An OAuth connector signing in at login.contoso.test, whose token endpoint issues
    /// `access-N` (N counting its requests).
    var oauthProperties: JSONValue { oauthConnector(refreshURL: "https://login.contoso.test/token") }

    func oauthConnector(refreshURL: String) -> JSONValue {
        ["properties": ["connectionParameters": ["token": [
            "type": "oauthSetting",
            "oAuthSettings": ["identityProvider": "oauth2", "clientId": "contoso-app", "scopes": ["read"],
                              "customParameters": ["authorizationUrl": ["value": "https://login.contoso.test/authorize"],
                                                   "tokenUrl": ["value": "https://login.contoso.test/token"],
                                                   "refreshUrl": ["value": .string(refreshURL)]]],
        ]]]]
    }
    let oauthDefinition: JSONValue = ["swagger": "2.0", "host": "api.contoso.test", "basePath": "/v1", "schemes": ["https"]]

    func tokenEndpoint() -> ScriptedTransport {
        ScriptedTransport { _, index in
            let body = #"{"access_token":"access-\#(index + 1)","token_type":"Bearer","expires_in":60,"refresh_token":"refresh-\#(index + 1)"}"#
            return HTTPResponse(status: 200, reason: "OK", headers: [HTTPHeader("Content-Type", "application/json")], body: Array(body.utf8))
        }
    }

    /// The browser runs on another machine: the address it ended on is pasted into the waiting
    /// box. A wrong state, no state, the provider's `error=access_denied` and garbage are each
    /// refused with their sentence while the wait goes on; then the right one signs in, its code
    /// exchanged with the PKCE verifier and the listener's redirect URI, as the listener's would be.
    func testAPastedAddressWithTheRightStateSignsInAfterWrongOnesWereRefused() throws {
        let transport = tokenEndpoint()
        let browser = RemoteBrowser()
        let clock = ManualClock(1_800_000_000)
        let session = ConnectSession(options: .init(signInTimeout: 60), clientSecret: "client-s3cret", clock: clock,
                                     transport: transport, browser: browser.open)
        let state = ConnectState(properties: oauthProperties, definition: oauthDefinition, liveSignIn: true,
                                 hasStoredClientSecret: true, now: clock.now)
        let code = "pasted-Code-Okapi"
        let screen = RecordingScreen(width: 80, height: 30, script: [
            .key(.enter), .waitFor(SignInWait.pasteHint, polls: 500),
            .keyMade { .paste(browser.endedOn([("code", code), ("state", "another-sign-in")])) },
            .waitFor("✗ That address is another sign-in's answer", polls: 100),
            .keyMade { .paste(browser.endedOn([("code", code)])) },
            .waitFor("✗ That address has no state to check it by, so it was refused.", polls: 100),
            .keyMade { .paste(browser.endedOn([("error", "access_denied"), ("error_description", "The user said no"),
                                               ("state", browser.item("state") ?? "")])) },
            .waitFor("✗ The identity provider answered access_denied: The user said no.", polls: 100),
            .key(.paste("my-laptop $ ")),
            .waitFor("✗ That is not the address the browser ended on", polls: 100),
            .perform { XCTAssertTrue(transport.requests.isEmpty, "no code was exchanged for a refused address") },
            // Wrapped by the terminal it was copied from: its line break goes.
            .keyMade { .paste(browser.endedOn([("code", code), ("state", browser.item("state") ?? "")]).replacing("/callback", with: "/call\nback")) },
            .waitFor("✓ Signed in", polls: 500),
            .key(.ctrl("s")), .waitFor("Connection created", polls: 5), .key(.escape),
        ])
        let host = ConnectHost(session: session, saver: nil, copy: { _ in })
        var program = ConnectProgram(state: state, theme: .default, host: host, folder: "contoso")
        let status = ProgramLoop.run(&program, on: screen)
        XCTAssertNil(screen.timedOut)
        XCTAssertEqual(status, 0)
        XCTAssertEqual(program.state.outcome, .created)

        let redirect = try XCTUnwrap(browser.item("redirect_uri"))
        let port = try XCTUnwrap(Int(redirect.dropFirst("http://127.0.0.1:".count).prefix { $0.isNumber }), redirect)
        XCTAssertEqual(redirect, "http://127.0.0.1:\(port)/callback")
        let waiting = try XCTUnwrap(screen.frames.first { $0.text.contains(SignInWait.pasteHint) }).text
        XCTAssertTrue(waiting.contains("ssh -L \(port):127.0.0.1:\(port) <this machine>"), "the listener's own port:\n\(waiting)")

        XCTAssertEqual(transport.requests.map(\.url), ["https://login.contoso.test/token"], "one exchange, for the right address")
        let form = Dictionary(URLEncoding.query(String(decoding: try XCTUnwrap(transport.requests.first).body, as: UTF8.self))
            .map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        XCTAssertEqual(form["grant_type"], "authorization_code")
        XCTAssertEqual(form["code"], code)
        XCTAssertEqual(form["redirect_uri"], redirect, "the redirect URI the authorization request named: the listener's")
        let verifier = try XCTUnwrap(form["code_verifier"])
        XCTAssertEqual(PKCE(verifier: verifier).challenge, browser.item("code_challenge"), "the verifier of the URL's challenge")
        XCTAssertEqual(session.token?.accessToken, "access-1")
        for frame in screen.frames {
            for secret in [code, verifier, "client-s3cret", "access-1", "refresh-1"] {
                XCTAssertFalse(frame.text.contains(secret), "\(secret) on screen:\n\(frame.text)")
            }
        }
    }

    /// Typed rather than pasted (a terminal without bracketed paste sends the characters one by
    /// one): the box shows the address with its values masked, Backspace edits it, Enter gives it.
    func testATypedAddressShowsMaskedAndEnterGivesIt() throws {
        let transport = tokenEndpoint()
        let browser = RemoteBrowser()
        let clock = ManualClock(1_800_000_000)
        let session = ConnectSession(options: .init(signInTimeout: 60), clientSecret: nil, clock: clock,
                                     transport: transport, browser: browser.open)
        let state = ConnectState(properties: oauthProperties, definition: oauthDefinition, liveSignIn: true,
                                 hasStoredClientSecret: false, now: clock.now)
        let code = "typed-Code-Quoll"
        func typing(_ text: String) -> [RecordingScreen.Step] { text.map { .key(.char($0)) } }
        // The state is known once the sign-in started: each of its 22 characters is made then.
        let state22 = (0..<22).map { i in RecordingScreen.Step.keyMade { .char(Array(browser.item("state") ?? "").dropFirst(i).first ?? "?") } }
        let screen = RecordingScreen(width: 80, height: 30, script: [
            .key(.enter), .waitFor("Client secret", polls: 5), .key(.enter), .waitFor(SignInWait.pasteHint, polls: 500),
            .waitFor(" C Copy URL  Esc Cancel sign-in", polls: 5),
        ] + typing("http://127.0.0.1/callback?code=\(code)x") + [
            .waitFor("/callback?code=•••••• ", polls: 5), .waitFor(" Enter Use address  Esc Cancel sign-in", polls: 5),
            .key(.backspace),
        ] + typing("&state=") + state22 + [
            .waitFor("/callback?code=••••••&state=•••••• ", polls: 5),
            .key(.enter), .waitFor("✓ Signed in", polls: 500), .key(.escape),
        ])
        let host = ConnectHost(session: session, saver: nil, copy: { _ in })
        var program = ConnectProgram(state: state, theme: .default, host: host, folder: "contoso")
        _ = ProgramLoop.run(&program, on: screen)
        XCTAssertNil(screen.timedOut)
        XCTAssertEqual(browser.item("state")?.count, 22, "the loop above types all of the state")
        XCTAssertEqual(transport.requests.count, 1)
        let form = URLEncoding.query(String(decoding: try XCTUnwrap(transport.requests.first).body, as: UTF8.self))
        XCTAssertEqual(form.first { $0.name == "code" }?.value, code, "Backspace took the x off")
        XCTAssertTrue(screen.frames.contains { $0.text.contains("✓ Signed in") }, screen.screen)
        for frame in screen.frames {
            XCTAssertFalse(frame.text.contains(code) || frame.text.contains(String(code.prefix(5))), "the code on screen:\n\(frame.text)")
        }
    }
}
