import ConnectorKit
import XCTest

/// What comes back to the loopback listener (RFC 6749 §4.1.2, §10.12).
final class AuthorizationRedirectTests: XCTestCase {
    func testTheCodeWhenTheStateMatches() {
        XCTAssertEqual(AuthorizationRedirect(target: "/callback?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz", expectedState: "xyz"),
                       .code("SplxlOBeZQQYbYS6WxSbIA"))
        XCTAssertEqual(AuthorizationRedirect(target: "/?state=a%2Fb&code=M.R3_BAY%2Fc", expectedState: "a/b"),
                       .code("M.R3_BAY/c"), "both decoded")
    }

    func testAnyOtherStateIsRejectedEvenWithACode() {
        XCTAssertEqual(AuthorizationRedirect(target: "/callback?code=abc&state=other", expectedState: "xyz"), .stateMismatch)
        XCTAssertEqual(AuthorizationRedirect(target: "/callback?code=abc", expectedState: "xyz"), .stateMismatch)
        XCTAssertEqual(AuthorizationRedirect(target: "/favicon.ico", expectedState: "xyz"), .stateMismatch)
        XCTAssertEqual(AuthorizationRedirect(target: "/callback?code=abc&state=", expectedState: ""), .stateMismatch,
                       "an empty expected state never matches")
        XCTAssertEqual(AuthorizationRedirect(target: "/callback?error=access_denied&state=forged", expectedState: "xyz"),
                       .stateMismatch, "an error with the wrong state is not this sign-in's either")
    }

    func testErrorsAsTheyCame() {
        XCTAssertEqual(AuthorizationRedirect(target: "/cb?error=access_denied&error_description=The+user+said+no.&state=xyz",
                                             expectedState: "xyz"),
                       .error(code: "access_denied", description: "The user said no."))
        XCTAssertEqual(AuthorizationRedirect(target: "/cb?error=consent_required&state=xyz&code=ignored", expectedState: "xyz"),
                       .error(code: "consent_required", description: nil))
        XCTAssertEqual(AuthorizationRedirect(target: "/cb?state=xyz", expectedState: "xyz"), .missingCode)
    }

    func testTheCodeIsNotPrinted() {
        let r = AuthorizationRedirect.code("Secret-Code-Pangolin")
        var dumped = ""
        dump(r, to: &dumped)
        for text in ["\(r)", String(reflecting: r), dumped] {
            XCTAssertFalse(text.contains("Pangolin"), text)
        }
        XCTAssertEqual("\(r)", "code(••••••)")
    }
}
