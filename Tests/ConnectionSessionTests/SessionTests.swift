import ConnectionSession
import ConnectorKit
import ConnectorNet
import Foundation
import Synchronization
import WizardUI
import XCTest

/// The identity provider and the API, in-process: the token endpoint issues `access-N` and
/// `refresh-N` (N counting token requests), and the API echoes the Authorization it got.
func fakeServers() -> ScriptedTransport {
    let issued = Mutex(0)
    return ScriptedTransport { request, _ in
        if request.url == "https://login.contoso.test/token" {
            let n = issued.withLock { $0 += 1; return $0 }
            let body = #"{"access_token":"access-\#(n)","token_type":"Bearer","expires_in":60,"refresh_token":"refresh-\#(n)"}"#
            return HTTPResponse(status: 200, reason: "OK", headers: [HTTPHeader("Content-Type", "application/json")], body: Array(body.utf8))
        }
        let auth = request.headers.first { $0.name.lowercased() == "authorization" }?.value ?? "none"
        return HTTPResponse(status: 200, reason: "OK", body: Array("seen: \(auth)".utf8))
    }
}

final class SessionTests: XCTestCase {
    let oauth = OAuthConfiguration(properties: ["properties": ["connectionParameters": ["token": [
        "type": "oauthSetting",
        "oAuthSettings": ["identityProvider": "oauth2", "clientId": "contoso-app", "scopes": ["read"],
                          "customParameters": ["authorizationUrl": ["value": "https://login.contoso.test/authorize"],
                                               "tokenUrl": ["value": "https://login.contoso.test/token"],
                                               "refreshUrl": ["value": "https://login.contoso.test/token"]]],
    ]]]], definition: [:])!

    func signedInSession(clock: ManualClock, servers: ScriptedTransport) -> ConnectSession {
        let session = ConnectSession(options: .init(signInTimeout: 10), clientSecret: "client-s3cret", clock: clock,
                                     transport: servers, browser: redirectingBrowser(code: "the-code"))
        var waited: (String, Bool, Int)?
        let event = session.signIn(oauth, clientSecret: nil) { waited = ($0, $1, $2) }
        XCTAssertEqual(event, .signedIn(expiresAt: clock.now + 60, refreshable: true))
        XCTAssertEqual(waited?.1, true, "the browser was opened")
        XCTAssertEqual(waited?.2, clock.now + 10, "the wait's deadline is on the session's clock")
        return session
    }

    func testTheCodeIsExchangedAtTheTokenURLWithPKCEAndTheClientSecret() throws {
        let clock = ManualClock(1_800_000_000), servers = fakeServers()
        let session = signedInSession(clock: clock, servers: servers)
        let exchange = try XCTUnwrap(servers.requests.first)
        XCTAssertEqual(exchange.method, "POST")
        let form = String(decoding: exchange.body, as: UTF8.self)
        for part in ["grant_type=authorization_code", "code=the-code", "client_id=contoso-app", "client_secret=client-s3cret",
                     "code_verifier=", "redirect_uri=http%3A%2F%2F127.0.0.1%3A"] {
            XCTAssertTrue(form.contains(part), "\(part) in \(form)")
        }
        XCTAssertEqual(session.token?.accessToken, "access-1")
    }

    func testAnExpiredTokenIsRefreshedBeforeTheTestCallWithoutWaiting() throws {
        let clock = ManualClock(1_800_000_000), servers = fakeServers()
        let session = signedInSession(clock: clock, servers: servers)
        let call = HTTPRequest(url: "https://api.contoso.test/v1/me")

        clock.advance(59)
        let fresh = session.test(.success(call), scheme: .oauth(parameter: "token"), values: [:], secrets: [], oauth: oauth)
        guard case .testFinished(let first)? = fresh.last, fresh.count == 1 else { return XCTFail("\(fresh)") }
        XCTAssertFalse(first.refreshedFirst, "a token with a second left is used as it is")
        XCTAssertEqual(servers.requests.last?.headers.first { $0.name == "Authorization" }?.value, "Bearer access-1")
        XCTAssertFalse(first.body.contains("access-1"), "the token is redacted from what is shown: \(first.body)")

        clock.advance(2)
        let events = session.test(.success(call), scheme: .oauth(parameter: "token"), values: [:], secrets: [], oauth: oauth)
        XCTAssertEqual(events.first, .refreshed(expiresAt: clock.now + 60, refreshable: true))
        guard case .testFinished(let second)? = events.last, events.count == 2 else { return XCTFail("\(events)") }
        XCTAssertTrue(second.refreshedFirst)
        let refresh = servers.requests[servers.requests.count - 2]
        let form = String(decoding: refresh.body, as: UTF8.self)
        XCTAssertTrue(form.contains("grant_type=refresh_token") && form.contains("refresh_token=refresh-1"), form)
        XCTAssertEqual(servers.requests.last?.headers.first { $0.name == "Authorization" }?.value, "Bearer access-2",
                       "the test call carries the refreshed token")
        XCTAssertEqual(session.token?.accessToken, "access-2")
        XCTAssertEqual(second.milliseconds, 0, "the call's time is on the session's clock")
    }

    func testCtrlRRefreshesAtTheRefreshURLAndTheNewLifetimeCountsFromNow() {
        let clock = ManualClock(1_800_000_000), servers = fakeServers()
        let session = signedInSession(clock: clock, servers: servers)
        clock.advance(61)
        XCTAssertEqual(session.refresh(oauth), .refreshed(expiresAt: clock.now + 60, refreshable: true))
        let tokenRequests = servers.requests.filter { $0.url.hasSuffix("/token") }.count
        XCTAssertEqual(tokenRequests, 2, "one exchange and one refresh")
        XCTAssertEqual(session.token?.expiresAt, clock.now + 60)
    }

    /// A service principal: no browser, no listener; the client-credentials grant at the Token
    /// URL with the end user's client ID, secret and tenant, and the token renewed the same way.
    func testAServicePrincipalGetsItsTokenWithTheClientCredentialsGrant() throws {
        let clock = ManualClock(1_800_000_000)
        let servers = ScriptedTransport { request, index in
            let body = #"{"access_token":"sp-access-\#(index + 1)","token_type":"Bearer","expires_in":60}"#
            return HTTPResponse(status: 200, reason: "OK", headers: [HTTPHeader("Content-Type", "application/json")], body: Array(body.utf8))
        }
        let opened = Mutex(false)
        let session = ConnectSession(options: .init(signInTimeout: 10), clientSecret: nil, clock: clock, transport: servers,
                                     browser: { _ in opened.withLock { $0 = true }; return true })
        let aad = OAuthConfiguration(properties: ["properties": ["connectionParameters": ["token": [
            "type": "oauthSetting",
            "oAuthSettings": ["identityProvider": "aad", "clientId": "[[DUMMY]]",
                              "customParameters": ["loginUri": ["value": "https://login.contoso.test"], "tenantId": ["value": "common"],
                                                   "resourceUri": ["value": "https://api.contoso.test"]]],
        ]]]], definition: [:])!
        let sp = aad.filled(with: ["token:grantType": "client_credentials", "token:clientId": "sp-app", "token:clientSecret": "sp-s3cret",
                                   "token:TenantId": "fabrikam"])
        let event = session.signIn(sp, clientSecret: nil) { _, _, _ in XCTFail("a service principal does not wait for a browser") }
        XCTAssertEqual(event, .signedIn(expiresAt: clock.now + 60, refreshable: false))
        XCTAssertFalse(opened.withLock { $0 }, "no browser")
        let request = try XCTUnwrap(servers.requests.first)
        XCTAssertEqual(request.url, "https://login.contoso.test/fabrikam/oauth2/token")
        let form = Dictionary(URLEncoding.query(String(decoding: request.body, as: UTF8.self)).map { ($0.name, $0.value) },
                              uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(form, ["grant_type": "client_credentials", "client_id": "sp-app", "client_secret": "sp-s3cret",
                              "resource": "https://api.contoso.test"])
        XCTAssertEqual(session.token?.accessToken, "sp-access-1")
        clock.advance(61)
        XCTAssertEqual(session.refresh(sp), .refreshed(expiresAt: clock.now + 60, refreshable: false), "renewed the same way")
        XCTAssertEqual(session.token?.accessToken, "sp-access-2")
    }

    /// Over SSH: the address the browser ended on, given from another thread while the listener
    /// waits. Checked against this sign-in's state; the right one ends the wait and its code is
    /// exchanged with the listener's redirect URI.
    func testAnOfferedAddressIsCheckedAndTheRightOneIsExchanged() throws {
        let servers = fakeServers()
        let opened = Mutex<String?>(nil)
        let session = ConnectSession(options: .init(signInTimeout: 10), clientSecret: "client-s3cret", clock: ManualClock(1_800_000_000),
                                     transport: servers, browser: { _ in true })
        XCTAssertEqual(session.offerRedirect("http://127.0.0.1:1/callback?code=x&state=y"),
                       .signInAddressRefused("No sign-in is waiting for an address."))
        let answers = Mutex<[ConnectEvent]>([])
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            while opened.withLock({ $0 }) == nil { usleep(2_000) }
            let url = opened.withLock { $0 } ?? ""
            let items = URLEncoding.query(String(url[url.index(after: url.firstIndex(of: "?")!)...]))
            let state = items.first { $0.name == "state" }?.value ?? ""
            let redirect = items.first { $0.name == "redirect_uri" }?.value ?? ""
            for text in ["\(redirect)?code=c0de&state=wrong", "\(redirect)?code=c0de&state=\(state)", "\(redirect)?code=again&state=\(state)"] {
                let answer = session.offerRedirect(text)
                answers.withLock { $0.append(answer) }
            }
            done.signal()
        }
        let event = session.signIn(oauth, clientSecret: nil) { url, _, _ in opened.withLock { $0 = url } }
        XCTAssertEqual(done.wait(timeout: .now() + 5), .success)
        XCTAssertEqual(event, .signedIn(expiresAt: 1_800_000_060, refreshable: true))
        XCTAssertEqual(answers.withLock { $0 }, [.signInAddressRefused(PastedRedirect.wrongState), .signInAddressTaken,
                                                 .signInAddressRefused("The sign-in has its answer already; its code is being exchanged.")])
        let form = String(decoding: try XCTUnwrap(servers.requests.first).body, as: UTF8.self)
        XCTAssertTrue(form.contains("code=c0de&") && form.contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A"), form)
        XCTAssertEqual(servers.requests.count, 1)
        XCTAssertEqual(session.offerRedirect("http://127.0.0.1:1/callback?code=x&state=y"),
                       .signInAddressRefused("No sign-in is waiting for an address."), "the sign-in is over")
    }
}
