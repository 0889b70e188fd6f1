import ConnectorKit
import XCTest

/// The address a browser on another machine ended on, given in the terminal (§5.1, "Over SSH").
final class PastedRedirectTests: XCTestCase {
    func refusal(_ text: String, _ state: String = "xyz") -> String? {
        if case .refused(let why) = PastedRedirect.check(text, expectedState: state) { return why }
        return nil
    }

    func taken(_ text: String, _ state: String = "xyz") -> [String]? {
        if case .taken(let items) = PastedRedirect.check(text, expectedState: state) { return items.map { "\($0.name)=\($0.value)" } }
        return nil
    }

    func testTheRightStatesAddressIsTakenAsTheListenerWouldReadIt() {
        XCTAssertEqual(taken("http://127.0.0.1:43123/callback?code=a%2Fb&state=xyz"), ["code=a/b", "state=xyz"])
        XCTAssertEqual(taken("  http://127.0.0.1:43123/call\nback?code=abc&st\r\nate=xyz#top \n"), ["code=abc", "state=xyz"],
                       "white space (a terminal's wrapping) and the fragment go")
        XCTAssertEqual(taken("<http://localhost:43123/callback?state=xyz&code=abc>"), ["state=xyz", "code=abc"])
        XCTAssertEqual(taken("code=abc&state=xyz"), ["code=abc", "state=xyz"], "the query alone")
    }

    func testEverythingElseIsRefusedWithItsSentence() {
        XCTAssertEqual(refusal("http://127.0.0.1:1/callback?code=abc&state=other"), PastedRedirect.wrongState)
        XCTAssertEqual(refusal("http://127.0.0.1:1/callback?code=abc"), PastedRedirect.missingState)
        XCTAssertEqual(refusal("http://127.0.0.1:1/callback?code=abc&state="), PastedRedirect.missingState)
        XCTAssertEqual(refusal("http://127.0.0.1:1/callback?code=abc&state=xyz", ""), PastedRedirect.wrongState,
                       "an empty expected state never matches")
        XCTAssertEqual(refusal("http://127.0.0.1:1/callback?error=access_denied&error_description=The+user+said+no&state=xyz"),
                       "The identity provider answered access_denied: The user said no.")
        XCTAssertEqual(refusal("http://127.0.0.1:1/callback?error=access_denied&state=forged"), PastedRedirect.wrongState,
                       "an error of another sign-in is not this one's either")
        XCTAssertEqual(refusal("http://127.0.0.1:1/callback?error=server_error&error_description=code+Okapi7+failed&code=Okapi7&state=xyz"),
                       "The identity provider answered server_error: code •••••• failed.", "never the code")
        XCTAssertEqual(refusal("https://login.contoso.test/authorize?client_id=app&redirect_uri=x&state=xyz"), PastedRedirect.missingCode,
                       "the sign-in URL itself")
        for garbage in ["", "   ", "hello", "http://127.0.0.1:43123/callback", "http://127.0.0.1:1/callback?foo=bar", "Okapi7"] {
            XCTAssertEqual(refusal(garbage), PastedRedirect.notAnAddress, garbage)
        }
    }

    func testShownWithEveryValueMasked() {
        XCTAssertEqual(PastedRedirect.shown("http://127.0.0.1:43123/callback?code=Okapi7&state=xyz"),
                       "http://127.0.0.1:43123/callback?code=••••••&state=••••••")
        XCTAssertEqual(PastedRedirect.shown("http://127.0.0.1:43123/callback?code="), "http://127.0.0.1:43123/callback?code=")
        XCTAssertEqual(PastedRedirect.shown("http://127.0.0.1:43123/callb"), "http://127.0.0.1:43123/callb")
        XCTAssertEqual(PastedRedirect.shown("code=Okapi7&state"), "code=••••••&••••••")
        XCTAssertEqual(PastedRedirect.shown("Okapi7"), "••••••", "a bare code is no address, and not shown")
    }

    func testTheListenersPortIsTheRedirectURIs() {
        XCTAssertEqual(PastedRedirect.listenerPort(inAuthorizationURL:
            "https://login.contoso.test/authorize?client_id=a&redirect_uri=http%3A%2F%2F127.0.0.1%3A43123%2Fcallback&state=s"), 43123)
        XCTAssertEqual(PastedRedirect.listenerPort(inAuthorizationURL:
            "https://login.contoso.test/authorize?redirectUrl=http%3A%2F%2F127.0.0.1%3A8400%2Fcallback"), 8400, "under a template's name")
        XCTAssertNil(PastedRedirect.listenerPort(inAuthorizationURL:
            "https://login.contoso.test/authorize?redirect_uri=https%3A%2F%2Fglobal.consent.azure-apim.net%2Fredirect"))
    }
}
