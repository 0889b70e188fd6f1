import Foundation
import XCTest

/// Signing in over SSH (§5.1), end to end: the real binary in tmux against the real OAuth server
/// of `Tests/Servers`, with the scripted browser as a browser on another machine — it signs in at
/// the identity provider but stops at the redirect to the app's 127.0.0.1, where nothing of its
/// own machine listens, and writes the address it ended on to a file, as it would stand in a
/// laptop browser's address bar. The test gives that address to the app: pasted into the
/// full-screen waiting box (bracketed paste), or as a line in plain mode.
///
/// No credential, and not the authorization code, may show on a screen or in the scrollback.
final class ConnectOverSSHEndToEndTests: ConnectTestCase {
    /// Where the scripted browser writes the address it ended on.
    var endedOnFile: String { tmp + "/ended-on" }

    /// This test's folders and browser, the browser being on "another machine".
    var remoteEnv: [String: String] { env.merging(["FAKE_BROWSER_ENDED_ON": endedOnFile]) { $1 } }

    func testAnAddressPastedIntoTheWaitingBoxSignsInAndTheConnectionIsCreatedAndTestCalled() throws {
        let (server, dir) = try oauthConnector(kept: clientSecret)
        let t = try TmuxTerminal(wizardScript("connect \(q(dir)) --sign-in loopback --timeout 60 --test /me"), env: remoteEnv)
        try t.waitFor("Sign in from this terminal")
        try t.send("Enter")
        var screens = [try t.waitUntil("the waiting box with the ssh forward") {
            $0.contains("─ Signing in with Generic OAuth 2 ─") && $0.contains("Browser on another machine? Paste the address it ended on here.")
                && $0.contains("ssh -L ")
        }]

        let ended = try endedOn()
        XCTAssertTrue(screens[0].contains("Or run there first: ssh -L \(ended.port):127.0.0.1:\(ended.port) <this machine>"),
                      "the forward names the listener's own port:\n\(screens[0])")
        XCTAssertNoThrow(try TestHTTP.get("http://127.0.0.1:\(ended.port)/favicon.ico"), "the listener is on that port")
        let visits = try String(contentsOfFile: tmp + "/browser.log", encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertTrue(visits.first?.hasPrefix(server.authorizeURL + "?client_id=wizard-test&response_type=code&redirect_uri=http%3A%2F%2F127.0.0.1%3A\(ended.port)%2Fcallback&") == true,
                      visits.joined(separator: "\n"))

        // Another sign-in's answer: refused, and the wait goes on.
        try t.paste(ended.address.replacing("state=\(ended.state)", with: "state=X\(ended.state)"))
        screens.append(try t.waitUntil("the wrong state refused") {
            $0.contains("✗ That address is another sign-in's answer") && $0.contains("─ Signing in with Generic OAuth 2 ─")
        })
        try t.paste(ended.address)
        screens.append(try t.waitUntil("signed in") {
            self.matches($0, "Sign in  ✓ Signed in · token expires in [0-3] s ") && !$0.contains("Signing in with")
        })
        try t.send("C-s")
        screens.append(try t.waitUntil("the created connection") {
            $0.contains("✓ Connection created") && $0.contains("Signed in with  Generic OAuth 2 (client ID wizard-test)")
        })
        // --test: the call follows the Create at once.
        screens.append(try t.waitUntil("the test call's answer") {
            self.matches($0, "200 OK · [0-9]+ ms") && $0.contains("{\"user\": \"test-user\", \"via\": \"bearer\"}")
        })
        try t.send("Escape")
        XCTAssertEqual(try t.waitForFile("exit.status"), "0\n")
        XCTAssertEqual(try t.waitForFile("stty.after"), try String(contentsOfFile: t.workDir + "/stty.before", encoding: .utf8))
        screens.append(try fullHistory(t))

        let secrets = ["authorization code": ended.code, "client secret": clientSecret]
        for (i, s) in screens.enumerated() { assertNone(of: secrets, in: s, "screen \(i)") }
        try assertNoFile(under: dir, contains: secrets)
    }

    func testPlainModeTakesTheAddressTheBrowserEndedOnAsALine() throws {
        let (server, dir) = try oauthConnector(kept: clientSecret)
        let t = try TmuxTerminal(wizardScript("connect \(q(dir)) --plain --sign-in loopback --timeout 60 --test /me"), env: remoteEnv)
        try t.waitFor("Browser on another machine? Paste the address it ended on here, then Enter.")
        let ended = try endedOn()
        try t.waitFor("Or run there first: ssh -L \(ended.port):127.0.0.1:\(ended.port) <this machine>")

        try t.type("not an address")
        try t.send("Enter")
        try t.waitFor("That is not the address the browser ended on")
        try t.type(ended.address)
        try t.send("Enter")
        try t.waitFor("Address taken: exchanging the code...")
        try t.waitFor("Create? [Y/n]:")
        try t.send("Enter")
        try t.waitFor("Test again? [y/N]:")
        try t.type("n")
        try t.send("Enter")
        XCTAssertEqual(try t.waitForFile("exit.status"), "0\n")
        let history = try historyShowing(t, "Test again? [y/N]: n")
        XCTAssertTrue(matches(history, "\nSigned in; the token expires in [0-3] s\\.\n"), history)
        XCTAssertTrue(history.contains("GET \(server.apiURL)\n200 OK in "), history)
        XCTAssertTrue(history.contains("{\"user\": \"test-user\", \"via\": \"bearer\"}"), history)
        XCTAssertFalse(history.contains("not an address"), "what is typed while the sign-in waits is not echoed:\n\(history)")
        XCTAssertEqual(try t.waitForFile("stty.after"), try String(contentsOfFile: t.workDir + "/stty.before", encoding: .utf8),
                       "echo is back on")
        assertNone(of: ["authorization code": ended.code, "client secret": clientSecret], in: history, "the scrollback")
    }

    // MARK: Helpers

    /// The address the scripted browser ended on (waited for), with its port, code and state.
    func endedOn(file: StaticString = #filePath, line: UInt = #line) throws -> (address: String, port: Int, code: String, state: String) {
        let deadline = Date().addingTimeInterval(10)
        var text = ""
        while Date() < deadline {
            text = (try? String(contentsOfFile: endedOnFile, encoding: .utf8)) ?? ""
            if text.hasSuffix("\n") { break }
            usleep(20_000)
        }
        let address = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let prefix = "http://127.0.0.1:"
        XCTAssertTrue(address.hasPrefix(prefix) && address.contains("/callback?code="), "the address: \(address)", file: file, line: line)
        let port = try XCTUnwrap(Int(address.dropFirst(prefix.count).prefix { $0.isNumber }), address, file: file, line: line)
        let items = URLComponents(string: address)?.queryItems ?? []
        let code = try XCTUnwrap(items.first { $0.name == "code" }?.value, address, file: file, line: line)
        let state = try XCTUnwrap(items.first { $0.name == "state" }?.value, address, file: file, line: line)
        return (address, port, code, state)
    }
}
