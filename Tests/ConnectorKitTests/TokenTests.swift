import ConnectorKit
import XCTest

/// Token-endpoint answers as real providers give them, and tokens that never print themselves.
final class TokenTests: XCTestCase {
    static let now = 1_700_000_000

    func response(_ status: Int, _ body: String, type: String? = "application/json; charset=utf-8", reason: String = "")
        -> HTTPResponse
    {
        HTTPResponse(status: status, reason: reason, headers: type.map { [HTTPHeader("Content-Type", $0)] } ?? [],
                     body: Array(body.utf8))
    }

    // MARK: - Reading answers

    /// RFC 6749 §5.1's example answer.
    func testRFC6749SuccessfulResponse() {
        let body = """
            {
              "access_token":"2YotnFZFEjr1zCsicMWpAA",
              "token_type":"example",
              "expires_in":3600,
              "refresh_token":"tGzv3JOkF0XG5Qx2TlKWIA",
              "example_parameter":"example_value"
            }
            """
        XCTAssertEqual(TokenResult(response: response(200, body), now: Self.now),
                       .token(OAuthToken(accessToken: "2YotnFZFEjr1zCsicMWpAA", tokenType: "example",
                                         refreshToken: "tGzv3JOkF0XG5Qx2TlKWIA", expiresAt: Self.now + 3600, scope: nil)))
    }

    /// Azure AD v1 writes numbers as strings and adds `expires_on`.
    func testAADStringNumbers() {
        let body = #"{"token_type":"Bearer","scope":"User.Read","expires_in":"3599","ext_expires_in":"3599","# +
            #""expires_on":"1700003599","not_before":"1699999700","resource":"https://graph.microsoft.com/","# +
            #""access_token":"eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.e30.sig","refresh_token":"0.AAAAx-rt"}"#
        guard case .token(let t) = TokenResult(response: response(200, body), now: Self.now) else {
            return XCTFail("a token")
        }
        XCTAssertEqual(t.accessToken, "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.e30.sig")
        XCTAssertEqual(t.tokenType, "Bearer")
        XCTAssertEqual(t.refreshToken, "0.AAAAx-rt")
        XCTAssertEqual(t.expiresAt, Self.now + 3599)
        XCTAssertEqual(t.scope, "User.Read")
        let onlyExpiresOn = #"{"access_token":"a","expires_on":"1700003000"}"#
        XCTAssertEqual(TokenResult(response: response(200, onlyExpiresOn), now: Self.now),
                       .token(OAuthToken(accessToken: "a", expiresAt: 1_700_003_000)), "token type Bearer when absent")
    }

    /// GitHub answers form-encoded unless asked for JSON, and reports errors with status 200.
    func testGitHubFormEncodedAnswers() {
        let ok = "access_token=gho_16C7e42F292c6912E7710c838347Ae178B4a&scope=repo%2Cgist&token_type=bearer"
        XCTAssertEqual(TokenResult(response: response(200, ok, type: "application/x-www-form-urlencoded; charset=utf-8"), now: Self.now),
                       .token(OAuthToken(accessToken: "gho_16C7e42F292c6912E7710c838347Ae178B4a", tokenType: "bearer",
                                         refreshToken: nil, expiresAt: nil, scope: "repo,gist")))
        let error = "error=bad_verification_code&error_description=The+code+passed+is+incorrect+or+expired."
            + "&error_uri=https%3A%2F%2Fdocs.github.com%2Fapps%2Foauth"
        XCTAssertEqual(TokenResult(response: response(200, error, type: nil), now: Self.now),
                       .error(code: "bad_verification_code", description: "The code passed is incorrect or expired.", status: 200),
                       "read as a form even without a Content-Type")
    }

    func testOAuthErrorsAreKeptExactly() {
        let aad = #"{"error":"invalid_grant","error_description":"AADSTS70008: The provided authorization code or refresh token has expired due to inactivity.\r\nTrace ID: 0f1e","error_codes":[70008]}"#
        XCTAssertEqual(TokenResult(response: response(400, aad), now: Self.now),
                       .error(code: "invalid_grant",
                              description: "AADSTS70008: The provided authorization code or refresh token has expired due to inactivity.\r\nTrace ID: 0f1e",
                              status: 400))
        XCTAssertEqual(TokenResult(response: response(401, #"{"error":"invalid_client"}"#), now: Self.now),
                       .error(code: "invalid_client", description: nil, status: 401))
    }

    func testAnythingElseIsUnexpectedWithTheFirstLine() {
        let html = "\n<html><head><title>502 Bad Gateway</title></head>\n<body>nginx</body></html>\n"
        XCTAssertEqual(TokenResult(response: response(502, html, type: "text/html"), now: Self.now),
                       .unexpected(status: 502, summary: "<html><head><title>502 Bad Gateway</title></head>"))
        let long = #"{"message":""# + String(repeating: "x", count: 300) + #""}"#
        guard case .unexpected(200, let summary) = TokenResult(response: response(200, long), now: Self.now) else {
            return XCTFail("a JSON object without a token or an error")
        }
        XCTAssertEqual(summary.count, 200)
        XCTAssertTrue(long.hasPrefix(summary))
        XCTAssertEqual(TokenResult(response: response(500, "", type: nil, reason: "Internal Server Error"), now: Self.now),
                       .unexpected(status: 500, summary: "Internal Server Error"), "an empty body: the reason phrase")
        XCTAssertEqual(TokenResult(response: response(200, "{not json", type: nil), now: Self.now),
                       .unexpected(status: 200, summary: "{not json"))
        XCTAssertEqual(TokenResult(response: response(403, #"{"access_token":"a"}"#), now: Self.now),
                       .unexpected(status: 403, summary: #"{"access_token":"a"}"#), "a token only comes with a 2xx status")
    }

    func testExpiresInSpellings() {
        for (value, seconds) in [("3600", 3600), ("\"3600\"", 3600), ("3600.0", 3600), ("0", 0)] {
            let body = #"{"access_token":"a","expires_in":\#(value)}"#
            guard case .token(let t) = TokenResult(response: response(200, body), now: Self.now) else { return XCTFail(value) }
            XCTAssertEqual(t.expiresAt, Self.now + seconds, value)
        }
        guard case .token(let t) = TokenResult(response: response(200, #"{"access_token":"a","expires_in":"soon"}"#), now: Self.now) else {
            return XCTFail("a token")
        }
        XCTAssertNil(t.expiresAt, "an expiry that is not a number is no expiry")
    }

    /// A redactor sees the whole body before the summary is cut: a secret straddling the
    /// 200th character (here 181st to 206th) leaves no prefix behind.
    func testTheSummaryIsRedactedBeforeItIsCut() {
        let secret = "Cl13nt-S3cr3t-Quokka-Zebra"
        let body = String(repeating: "x", count: 180) + secret + " echoed\nsecond line"
        let redactor = Redactor(secrets: [secret])
        guard case .unexpected(400, let summary) = TokenResult(response: response(400, body, type: "text/plain"), now: Self.now,
                                                               redactor: redactor) else {
            return XCTFail("unexpected")
        }
        XCTAssertEqual(summary, String(repeating: "x", count: 180) + "•••••• echoed")
        guard case .unexpected(400, let cut) = TokenResult(response: response(400, body, type: "text/plain"), now: Self.now) else {
            return XCTFail("unexpected")
        }
        XCTAssertEqual(redactor.redact(cut), cut, "redacting after the cut cannot find the secret")
        XCTAssertTrue(cut.hasSuffix("Cl13nt-S3cr3t-Quokka"), "…which is why the redactor is passed in")
        let split = TokenResult(response: response(502, "\n\nsecret \(secret)", type: nil, reason: "Bad Gateway"), now: Self.now,
                                redactor: redactor)
        XCTAssertEqual(split, .unexpected(status: 502, summary: "secret ••••••"))
        let error = TokenResult(response: response(401, #"{"error":"invalid_client","error_description":"bad secret \#(secret)"}"#),
                                now: Self.now, redactor: redactor)
        XCTAssertEqual(error, .error(code: "invalid_client", description: "bad secret ••••••", status: 401))
        let token = TokenResult(response: response(200, #"{"access_token":"\#(secret)"}"#), now: Self.now, redactor: redactor)
        XCTAssertEqual(token, .token(OAuthToken(accessToken: secret)), "the token itself is never redacted")
    }

    func testRefreshWithoutRefreshTokenKeepsThePreviousOne() {
        let previous = OAuthToken(accessToken: "old", refreshToken: "rt-1", expiresAt: Self.now)
        let same = TokenResult(response: response(200, #"{"access_token":"new","expires_in":60}"#), now: Self.now)
        XCTAssertEqual(same.merging(previous: previous),
                       .token(OAuthToken(accessToken: "new", refreshToken: "rt-1", expiresAt: Self.now + 60)))
        let rotated = TokenResult(response: response(200, #"{"access_token":"new","refresh_token":"rt-2"}"#), now: Self.now)
        XCTAssertEqual(rotated.merging(previous: previous), .token(OAuthToken(accessToken: "new", refreshToken: "rt-2")))
        let error = TokenResult.error(code: "invalid_grant", description: nil, status: 400)
        XCTAssertEqual(error.merging(previous: previous), error)
        XCTAssertEqual(OAuthToken(accessToken: "a").merging(previous: nil).refreshToken, nil)
    }

    // MARK: - Expiry

    func testExpiry() {
        let t = OAuthToken(accessToken: "a", expiresAt: Self.now + 90)
        XCTAssertFalse(t.isExpired(now: Self.now))
        XCTAssertEqual(t.secondsLeft(now: Self.now), 90)
        XCTAssertFalse(t.isExpired(now: Self.now + 89))
        XCTAssertTrue(t.isExpired(now: Self.now + 90), "expired from the second it expires on")
        XCTAssertEqual(t.secondsLeft(now: Self.now + 90), 0)
        XCTAssertEqual(t.secondsLeft(now: Self.now + 500), 0)
        let forever = OAuthToken(accessToken: "a")
        XCTAssertFalse(forever.isExpired(now: .max))
        XCTAssertNil(forever.secondsLeft(now: Self.now))
    }

    /// Lifetimes are clamped to 0 … ten years from now; nothing overflows.
    func testExtremeLifetimesAreClampedAndNeverTrap() {
        let tenYears = OAuthToken.longestLifetime
        XCTAssertEqual(tenYears, 315_576_000)
        let cases: [(String, Int?)] = [
            (#""expires_in":9223372036854775807"#, Self.now + tenYears),
            (#""expires_in":"9223372036854775807""#, Self.now + tenYears),
            (#""expires_in":1e300"#, Self.now + tenYears),
            (#""expires_in":99999999999999999999"#, Self.now + tenYears),
            (#""expires_in":-9223372036854775808"#, Self.now),
            (#""expires_in":-60"#, Self.now),
            (#""expires_on":"-9223372036854775808""#, Self.now),
            (#""expires_on":"9223372036854775807""#, Self.now + tenYears),
            (#""expires_on":"1700003599""#, 1_700_003_599),
            (#""expires_on":"1600000000""#, Self.now),
        ]
        for (field, expected) in cases {
            guard case .token(let t) = TokenResult(response: response(200, #"{"access_token":"a",\#(field)}"#), now: Self.now) else {
                XCTFail(field)
                continue
            }
            XCTAssertEqual(t.expiresAt, expected, field)
            _ = t.secondsLeft(now: .min)
            _ = t.secondsLeft(now: .max)
        }
        guard case .token(let late) = TokenResult(response: response(200, #"{"access_token":"a","expires_in":9223372036854775807}"#),
                                                  now: .max - 5) else { return XCTFail("a token") }
        XCTAssertEqual(late.expiresAt, .max, "saturates rather than traps")
        let far = OAuthToken(accessToken: "a", expiresAt: .max)
        XCTAssertEqual(far.secondsLeft(now: .min), .max)
        XCTAssertFalse(far.isExpired(now: .min))
        let past = OAuthToken(accessToken: "a", expiresAt: .min)
        XCTAssertEqual(past.secondsLeft(now: .max), 0)
        XCTAssertTrue(past.isExpired(now: .max))
    }

    // MARK: - Never printed

    func testTokensPrintRedacted() {
        let access = "ya29.A0ARrdaM-Access-Quokka", refresh = "1//0gRefresh-Zebra"
        let t = OAuthToken(accessToken: access, tokenType: "Bearer", refreshToken: refresh, expiresAt: 42, scope: "repo")
        var dumped = ""
        dump(t, to: &dumped)
        var dumpedResult = ""
        dump(TokenResult.token(t), to: &dumpedResult)
        let shown = ["\(t)", String(describing: t), String(reflecting: t), dumped, "\(TokenResult.token(t))",
                     String(reflecting: TokenResult.token(t)), dumpedResult, "\([t])", "\(Optional(t) as Any)"]
        for text in shown {
            XCTAssertFalse(text.contains("Quokka"), text)
            XCTAssertFalse(text.contains("Zebra"), text)
        }
        XCTAssertEqual("\(t)", #"OAuthToken(Bearer ••••••, refresh token ••••••, expires at 42, scope "repo")"#)
        XCTAssertTrue(dumped.contains("expiresAt"), "reflection shows what is not secret")
    }
}
