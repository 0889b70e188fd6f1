import Foundation
import XCTest

/// What the end-to-end tests of `connector-wizard connect` (and of the wizard's tab 3) share: a
/// temporary folder per test (the connector folders, `config/` with the kept client secret and the
/// gateways file, `state/` with saved connections, the scripted browser's log), the real OAuth
/// server of `Tests/Servers`, connector folders made with the product's own `new`, the terminal,
/// and the checks that no credential is on a screen, in the scrollback or in a file.
class ConnectTestCase: XCTestCase {
    /// Random per test, so that a match can only come from a leak.
    let clientSecret = "cs-" + UUID().uuidString
    let apiKey = "key-" + UUID().uuidString
    let password = "pw-" + UUID().uuidString
    let basicUser = "alice"

    /// Per test: the connector folders, `config/` (the kept client secret, the gateways file),
    /// `state/` (saved connections) and the scripted browser's log.
    var tmp = ""
    var servers: [OAuthTestServer] = []

    override func setUpWithError() throws {
        tmp = NSTemporaryDirectory() + "cw-connect-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: tmp + "/config", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: tmp + "/state", withIntermediateDirectories: true)
        // Another test class may have removed the runner's scratch folder when it was done.
        try FileManager.default.createDirectory(atPath: CommandRunner.scratch, withIntermediateDirectories: true)
    }

    override func tearDown() {
        for s in servers { s.stop() }
        servers = []
        try? FileManager.default.removeItem(atPath: tmp)
    }

    // MARK: Helpers

    /// For every run: the per-test config and state folders, the scripted browser first on PATH.
    var env: [String: String] {
        ["XDG_CONFIG_HOME": tmp + "/config", "XDG_STATE_HOME": tmp + "/state",
         "PATH": OAuthTestServer.browserDirectory + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
         "FAKE_BROWSER_LOG": tmp + "/browser.log"]
    }

    var connectionsFolder: String { tmp + "/state/connector-wizard/connections" }

    func q(_ s: String) -> String { TmuxTerminal.quote(s) }

    func startServer(deny: Bool = false) throws -> OAuthTestServer {
        let s = try OAuthTestServer(tokenLifetime: 3, clientSecret: clientSecret, apiKey: apiKey, basicUser: basicUser,
                                    basicPassword: password, deny: deny)
        servers.append(s)
        return s
    }

    /// The OAuth settings of a generic provider at `server`.
    func oauth(_ server: OAuthTestServer) -> [String] {
        ["auth=oauth2", "oauth.provider=generic", "oauth.clientId=\(server.clientId)",
         "oauth.authorizationUrl=\(server.authorizeURL)", "oauth.tokenUrl=\(server.tokenURL)",
         "oauth.refreshUrl=\(server.tokenURL)", "oauth.scope=read write"]
    }

    /// The OAuth server (denying every sign-in with `deny`) and a connector that signs in there,
    /// with `kept` as the client secret kept by `set` (none when nil).
    func oauthConnector(deny: Bool = false, kept: String?) throws -> (server: OAuthTestServer, dir: String) {
        let server = try startServer(deny: deny)
        let dir = try newConnector("oauth", server, oauth(server))
        if let kept { try keepClientSecret(kept, for: dir) }
        return (server, dir)
    }

    /// `connector-wizard new` for an API at `server`'s `/api`; returns the folder.
    func newConnector(_ name: String, _ server: OAuthTestServer, _ auth: [String],
                      file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let dir = tmp + "/" + name
        let host = String(server.baseURL.dropFirst("http://".count))
        let r = try CommandRunner.wizard(["new", dir, "title=Local API", "scheme=http", "host=\(host)", "basePath=/api"] + auth,
                                         environment: env)
        XCTAssertEqual(r.status, 0, r.transcript, file: file, line: line)
        guard r.status == 0 else { throw CommandRunner.Failure("new failed") }
        return dir
    }

    /// `echo SECRET | connector-wizard set DIR --client-secret-stdin`, as its user does.
    func keepClientSecret(_ secret: String, for dir: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try CommandRunner.wizard(["set", dir, "--client-secret-stdin"], stdin: secret + "\n", environment: env)
        XCTAssertEqual(r.status, 0, r.transcript, file: file, line: line)
        XCTAssertTrue(r.stdout.contains("Client secret kept for this user"), r.transcript, file: file, line: line)
        XCTAssertFalse(r.stdout.contains(secret) || r.stderr.contains(secret), "set does not print the secret", file: file, line: line)
    }

    /// `connect …` in a new terminal, with this test's folders and browser.
    func connect(_ args: String, width: Int = 80, height: Int = 24) throws -> TmuxTerminal {
        try TmuxTerminal(wizardScript("connect " + args), width: width, height: height, env: env)
    }

    /// `connect DIR --sign-in loopback ARGS`, and Enter on Sign in once it has the focus.
    func signingIn(_ dir: String, _ args: String, width: Int = 80) throws -> TmuxTerminal {
        let t = try connect("\(q(dir)) --sign-in loopback \(args)", width: width)
        try t.waitFor("Sign in from this terminal")
        try t.send("Enter")
        return t
    }

    /// The pane's whole history and screen, wrapped lines joined.
    func fullHistory(_ t: TmuxTerminal) throws -> String {
        try t.run(["capture-pane", "-p", "-J", "-S", "-", "-E", "-", "-t", "main"])
    }

    /// Polls the pane's whole history until it holds `text` (what the app printed as it ended
    /// may reach the pane a moment after its exit status); returns it.
    func historyShowing(_ t: TmuxTerminal, _ text: String, timeout: Double = 10,
                        file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        repeat {
            last = try fullHistory(t)
            if last.contains(text) { return last }
            usleep(20_000)
        } while Date() < deadline
        XCTFail("Timed out after \(timeout) s waiting for \"\(text)\" in the scrollback:\n\(last)", file: file, line: line)
        throw TmuxTerminal.Failure.command("timeout")
    }

    struct SavedConnection {
        var path: String
        var text: String
        var mode: Int
        var token: (access: String, refresh: String)?
    }

    /// The one connection `--save-connection` wrote.
    func savedConnection(file: StaticString = #filePath, line: UInt = #line) throws -> SavedConnection {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: connectionsFolder)) ?? []
        let json = names.filter { $0.hasSuffix(".json") }
        XCTAssertEqual(json.count, 1, "one saved connection in \(connectionsFolder): \(names)", file: file, line: line)
        let path = connectionsFolder + "/" + (try XCTUnwrap(json.first, file: file, line: line))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let mode = (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
        XCTAssertEqual(mode, 0o600, "mode of \(path)", file: file, line: line)
        let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
        let token = object?["token"] as? [String: Any]
        var pair: (String, String)?
        if let a = token?["accessToken"] as? String, let r = token?["refreshToken"] as? String, !a.isEmpty, !r.isEmpty {
            pair = (a, r)
        }
        return SavedConnection(path: path, text: text, mode: mode, token: pair)
    }

    func matches(_ text: String, _ pattern: String) -> Bool {
        text.range(of: pattern, options: .regularExpression) != nil
    }

    func assertNone(of secrets: [String: String], in text: String, _ place: String,
                    file: StaticString = #filePath, line: UInt = #line) {
        for (what, value) in secrets where text.contains(value) {
            XCTFail("the \(what) is in \(place):\n\(text)", file: file, line: line)
        }
    }

    /// No file under `folder` holds any of `secrets`.
    func assertNoFile(under folder: String, contains secrets: [String: String],
                      file: StaticString = #filePath, line: UInt = #line) throws {
        let files = FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String } ?? []
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder), "\(folder) exists", file: file, line: line)
        for name in files {
            guard let data = FileManager.default.contents(atPath: folder + "/" + name) else { continue }
            let text = String(decoding: data, as: UTF8.self)
            for (what, value) in secrets where text.contains(value) {
                XCTFail("the \(what) is in \(folder)/\(name)", file: file, line: line)
            }
        }
    }
}
