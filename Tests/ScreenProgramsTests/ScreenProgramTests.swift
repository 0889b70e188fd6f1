import ConnectionSession
import ConnectorKit
import ConnectorNet
import Foundation
import ScreenPrograms
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
        let properties: JSONValue = ["properties": ["connectionParameters": ["token": [
            "type": "oauthSetting",
            "oAuthSettings": ["identityProvider": "oauth2", "clientId": "contoso-app", "scopes": ["read"],
                              "customParameters": ["authorizationUrl": ["value": "https://login.contoso.test/authorize"],
                                                   "tokenUrl": ["value": "https://login.contoso.test/token"],
                                                   "refreshUrl": ["value": "https://login.contoso.test/refresh"]]],
        ]]]]
        let definition: JSONValue = ["swagger": "2.0", "host": "api.contoso.test", "basePath": "/v1", "schemes": ["https"]]
        let transport = ScriptedTransport { request, index in
            let body = #"{"access_token":"access-\#(index + 1)","token_type":"Bearer","expires_in":60,"refresh_token":"refresh-\#(index + 1)"}"#
            return HTTPResponse(status: 200, reason: "OK", headers: [HTTPHeader("Content-Type", "application/json")], body: Array(body.utf8))
        }
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
}
