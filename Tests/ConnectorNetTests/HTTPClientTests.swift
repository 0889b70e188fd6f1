import ConnectorKit
import Foundation
import Synchronization
import XCTest
@testable import ConnectorNet

final class HTTPClientTests: XCTestCase {
    func testGETSendsHostUserAgentAndConnectionClose() throws {
        let server = try startServer()
        let response = try server.get("/echo?a=1&b=two")
        XCTAssertEqual("\(response.status) \(response.reason)", "200 OK")
        XCTAssertEqual(seen(response), [
            "X-Method": "GET", "X-Target": "/echo?a=1&b=two", "X-Seen-Host": "127.0.0.1:\(server.port!)",
            "X-Seen-User-Agent": "connector-wizard", "X-Seen-Connection": "close",
            "X-Seen-Content-Length": "(none)", "X-Seen-Authorization": "(none)", "X-Seen-Transfer-Encoding": "(none)",
        ])
        XCTAssertEqual(response.body, [])
    }

    /// What the echo server saw of the request, from its `X-` headers.
    private func seen(_ response: HTTPResponse) -> [String: String] {
        Dictionary(response.headers.filter { $0.name.hasPrefix("X-") }.map { ($0.name, $0.value) }) { first, _ in first }
    }

    func testPOSTSendsItsBodyWithContentLength() throws {
        let server = try startServer()
        let form = Array("grant_type=authorization_code&code=a+b".utf8)
        var request = HTTPRequest(method: "POST", url: server.url("/echo"), body: form)
        request.setHeader("Content-Type", "application/x-www-form-urlencoded")
        request.setHeader("Authorization", "Basic YTpi")
        let response = try HTTPClient.send(request)
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.header("X-Method"), "POST")
        XCTAssertEqual(response.header("X-Seen-Content-Length"), "\(form.count)")
        XCTAssertEqual(response.header("X-Seen-Authorization"), "Basic YTpi")
        XCTAssertEqual(response.body, form)

        // Every byte value, and more than one read's worth, comes back as sent.
        let binary = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let echoed = try HTTPClient.send(HTTPRequest(method: "PUT", url: server.url("/echo"), body: binary))
        XCTAssertEqual(echoed.body, binary)
    }

    func testAnEmptyPOSTSaysContentLengthZero() throws {
        let server = try startServer()
        let response = try HTTPClient.send(HTTPRequest(method: "POST", url: server.url("/echo")))
        XCTAssertEqual(response.header("X-Seen-Content-Length"), "0")
    }

    func testTheClientsOwnHeadersWin() throws {
        let server = try startServer()
        var request = HTTPRequest(url: server.url("/echo"))
        request.headers = [HTTPHeader("Host", "elsewhere"), HTTPHeader("Connection", "keep-alive"),
                           HTTPHeader("User-Agent", "custom/1")]
        let response = try HTTPClient.send(request)
        XCTAssertEqual(response.header("X-Seen-Host"), "127.0.0.1:\(server.port!)")
        XCTAssertEqual(response.header("X-Seen-Connection"), "close")
        XCTAssertEqual(response.header("X-Seen-User-Agent"), "custom/1")
    }

    func testEveryFramingOfTheBody() throws {
        let server = try startServer()
        let framings: [(path: String, text: String, contentLength: String?)] = [
            ("/unauthorized", "{\"error\":\"invalid_token\"}", "25"),
            ("/chunked", "hello, chunked world", nil),
            ("/close", "until the end", nil),
            ("/continue", "after the interim answers", "25"),
        ]
        for framing in framings {
            let response = try server.get(framing.path)
            XCTAssertEqual(response.text, framing.text, framing.path)
            XCTAssertEqual(response.header("Content-Length"), framing.contentLength, framing.path)
        }
    }

    func testStatusesOtherThan200AreAnswersNotFailures() throws {
        let server = try startServer()
        let unauthorized = try server.get("/unauthorized")
        XCTAssertEqual(unauthorized.status, 401)
        XCTAssertEqual(unauthorized.reason, "Unauthorized")
        XCTAssertEqual(unauthorized.header("www-authenticate"), "Bearer error=\"invalid_token\"")

        // 1xx answers are skipped; redirects are not followed.
        XCTAssertEqual(try server.get("/continue").status, 200)
        let redirect = try server.get("/redirect")
        XCTAssertEqual(redirect.status, 302)
        XCTAssertEqual(redirect.header("Location"), "/echo")

        // No body after HEAD, whatever Content-Length says.
        let head = try HTTPClient.send(HTTPRequest(method: "HEAD", url: server.url("/unauthorized")))
        XCTAssertEqual(head.status, 401)
        XCTAssertEqual(head.header("Content-Length"), "25")
        XCTAssertEqual(head.body, [])
    }

    func testAnAnswerCutShortIsAFailure() throws {
        let server = try startServer()
        XCTAssertEqual(failure { () throws(NetFailure) in try server.get("/cut") },
                       "the answer from 127.0.0.1:\(server.port!) was cut off (the connection closed early)")
    }

    func testBodiesOver16MiBAreRefused() throws {
        let server = try startServer()
        for path in ["/big", "/bigclose", "/bigbody", "/bigchunked"] {
            XCTAssertEqual(failure { () throws(NetFailure) in try server.get(path) },
                           "the answer from 127.0.0.1:\(server.port!) is larger than 16 MiB", path)
        }
    }

    func testASignedChunkSizeIsMalformedNotACrash() throws {
        let server = try startServer()
        // `Int("-1", radix: 16)` is -1 and `Int("+5", radix: 16)` is 5: neither is a chunk size.
        for path in ["/chunk-minus", "/chunk-plus"] {
            XCTAssertEqual(failure { () throws(NetFailure) in try server.get(path) },
                           "the answer from 127.0.0.1:\(server.port!) is not valid HTTP (a chunk size is not a number)", path)
            XCTAssertEqual(failure { () throws(NetFailure) in
                try HTTPClient.fetch(HTTPRequest(url: server.url(path)), bodyLimit: 3)
            }, "the answer from 127.0.0.1:\(server.port!) is not valid HTTP (a chunk size is not a number)", path)
        }
    }

    func testAFoldedHeaderLineContinuesTheValueBeforeIt() throws {
        let server = try startServer()
        let response = try server.get("/folded")
        XCTAssertEqual(response.headers, [
            HTTPHeader("X-Folded", "first second third"), HTTPHeader("X-Empty", "alone"),
            HTTPHeader("X-After", "yes"), HTTPHeader("Content-Length", "2"),
        ])
        XCTAssertEqual(response.text, "ok")
    }

    func testWhiteSpaceBeforeAHeadersColonIsMalformed() throws {
        let server = try startServer()
        for path in ["/space-before-colon", "/tab-before-colon"] {
            XCTAssertEqual(failure { () throws(NetFailure) in try server.get(path) },
                           "the answer from 127.0.0.1:\(server.port!) is not valid HTTP "
                               + "(a header name has characters that HTTP does not allow)", path)
        }
    }

    func testABodyLimitKeepsTheFirstPartOfABigBody() throws {
        let server = try startServer()
        // Both go on well past 16 MiB; with a limit, its first bytes come back instead of a failure.
        // The server sends bytes 0 to 250 over and over.
        var expected: [UInt8] = []
        let block = (0..<251).map { UInt8($0) }
        while expected.count < HTTPClient.maximumBodySize { expected += block }
        for path in ["/bigbody", "/bigchunked"] {
            XCTAssertEqual(failure { () throws(NetFailure) in try HTTPClient.fetch(HTTPRequest(url: server.url(path))) },
                           "the answer from 127.0.0.1:\(server.port!) is larger than 16 MiB", path)
            for limit in [0, 1, 2_500_000, HTTPClient.maximumBodySize] {
                let result = try HTTPClient.fetch(HTTPRequest(url: server.url(path)), bodyLimit: limit)
                XCTAssertEqual(result.response.status, 200, path)
                XCTAssertTrue(result.truncated, "\(path) \(limit)")
                XCTAssertEqual(result.response.body.count, limit, path)
                XCTAssertTrue(limit == 0 || result.response.body.withUnsafeBytes { body in
                    expected.withUnsafeBytes { memcmp(body.baseAddress!, $0.baseAddress!, limit) == 0 }
                }, "\(path) \(limit)")
            }
        }
    }

    func testABodyLimitCutsOnlyWhatGoesPastIt() throws {
        let server = try startServer()
        // Content-Length, chunked (a chunk ends after 7 and 15 bytes), until close.
        let bodies = [("/unauthorized", "{\"error\":\"invalid_token\"}"), ("/chunked", "hello, chunked world"),
                      ("/close", "until the end")]
        for (path, text) in bodies {
            for limit in [-1, 0, 1, 7, 15, text.utf8.count - 1, text.utf8.count, text.utf8.count + 1, 1 << 30] {
                let result = try HTTPClient.fetch(HTTPRequest(url: server.url(path)), bodyLimit: limit)
                let kept = max(0, min(limit, text.utf8.count))
                XCTAssertEqual(result.response.text, String(text.utf8.prefix(kept))!, "\(path) \(limit)")
                XCTAssertEqual(result.truncated, limit < text.utf8.count, "\(path) \(limit)")
            }
            // Without a limit, as `send`.
            let whole = try HTTPClient.fetch(HTTPRequest(url: server.url(path)))
            XCTAssertEqual(whole.response.text, text, path)
            XCTAssertFalse(whole.truncated, path)
        }
        // No body at all: nothing to cut.
        let head = try HTTPClient.fetch(HTTPRequest(method: "HEAD", url: server.url("/unauthorized")), bodyLimit: 0)
        XCTAssertEqual(head.response.header("Content-Length"), "25")
        XCTAssertFalse(head.truncated)
    }

    func testConnectionRefused() throws {
        let port = try closedPort()
        XCTAssertEqual(failure { () throws(NetFailure) in try HTTPClient.send(HTTPRequest(url: "http://127.0.0.1:\(port)/")) },
                       "cannot connect to 127.0.0.1:\(port) (connection refused)")
    }

    func testAServerThatNeverAnswersTimesOut() throws {
        let server = try startServer()
        let (message, took) = timed {
            failure { () throws(NetFailure) in try HTTPClient.send(HTTPRequest(url: server.url("/silent")), timeout: 0.5) }
        }
        XCTAssertEqual(message, "no answer from 127.0.0.1:\(server.port!) within 0.5 s")
        XCTAssertGreaterThanOrEqual(took, 0.45)
        XCTAssertLessThan(took, 5)
    }

    func testCancellingEndsTheWaitPromptly() throws {
        let server = try startServer()
        let start = ContinuousClock.now
        let cancel: @Sendable () -> Bool = { ContinuousClock.now - start > .milliseconds(300) }
        let (message, took) = timed {
            failure { () throws(NetFailure) in
                try HTTPClient.send(HTTPRequest(url: server.url("/silent")), timeout: 30, cancelled: cancel)
            }
        }
        XCTAssertEqual(message, "the request to 127.0.0.1:\(server.port!) was cancelled")
        XCTAssertGreaterThanOrEqual(took, 0.3)
        XCTAssertLessThan(took, 2)
    }

    func testIPv6Loopback() throws {
        let server = try startServer("v6")
        if let port = server.port {
            let response = try HTTPClient.send(HTTPRequest(url: "http://[::1]:\(port)/echo"))
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.header("X-Seen-Host"), "[::1]:\(port)")
        } else {
            // No IPv6 here: the client must say so in a sentence, not crash or hang.
            let message = failure { () throws(NetFailure) in try HTTPClient.send(HTTPRequest(url: "http://[::1]:9/"), timeout: 5) }
            XCTAssertTrue(message.hasPrefix("cannot connect to [::1]:9 ("), message)
        }
    }

    func testAURLThatIsNotHTTP() {
        XCTAssertEqual(failure { () throws(NetFailure) in try HTTPClient.send(HTTPRequest(url: "ftp://example.com/x")) },
                       "the address is not an http or https URL")
    }

    func testNoSecretInAnyFailure() throws {
        let server = try startServer()
        let refused = try closedPort()
        let secret = "s3cr3t-value"
        for (url, timeout) in [("http://127.0.0.1:\(refused)/token?client_secret=\(secret)", 5.0),
                               (server.url("/silent?client_secret=\(secret)"), 0.3),
                               (server.url("/cut?client_secret=\(secret)"), 5),
                               ("http://user:\(secret)@127.0.0.1:\(refused)/", 5)] {
            var request = HTTPRequest(method: "POST", url: url, body: Array("client_secret=\(secret)".utf8))
            request.setHeader("Authorization", "Bearer \(secret)")
            let message = failure { () throws(NetFailure) in try HTTPClient.send(request, timeout: timeout) }
            XCTAssertFalse(message.isEmpty)
            XCTAssertFalse(message.contains(secret), message)
        }
        var split = HTTPRequest(url: server.url("/echo"))
        split.setHeader("Authorization", "Bearer \(secret)\r\nX-Injected: 1")
        let message = failure { () throws(NetFailure) in try HTTPClient.send(split) }
        XCTAssertEqual(message, "the header Authorization has a line break in its value")
    }

    /// A port on 127.0.0.1 that nothing listens on (it was free a moment ago).
    private func closedPort() throws -> Int {
        let listener = try LoopbackListener()
        listener.close()
        return listener.port
    }
}

final class HTTPSTests: XCTestCase {
    func testASelfSignedCertificateIsNotTrusted() throws {
        let server = try startServer("https")
        let message = withEnvironment("SSL_CERT_FILE", nil) {
            failure { () throws(NetFailure) in try server.get("/echo", scheme: "https") }
        }
        XCTAssertEqual(message, "the certificate of 127.0.0.1:\(server.port!) is not trusted (self-signed certificate)")
    }

    func testTrustedThroughSSLCertFile() throws {
        let server = try startServer("https")
        let before = getenv("SSL_CERT_FILE").map { String(cString: $0) }
        try withEnvironment("SSL_CERT_FILE", server.certificate) {
            let get = try server.get("/echo?x=1", scheme: "https")
            XCTAssertEqual(get.status, 200)
            XCTAssertEqual(get.header("X-Target"), "/echo?x=1")
            XCTAssertEqual(get.header("X-Seen-Host"), "127.0.0.1:\(server.port!)")

            let body = (0..<100_000).map { UInt8(truncatingIfNeeded: $0) }
            let post = try HTTPClient.send(HTTPRequest(method: "POST", url: server.url("/echo", scheme: "https"), body: body))
            XCTAssertEqual(post.body, body)

            XCTAssertEqual(try server.get("/chunked", scheme: "https").text,
                           "hello, chunked world")
            XCTAssertEqual(try server.get("/close", scheme: "https").text,
                           "until the end")
        }
        XCTAssertEqual(getenv("SSL_CERT_FILE").map { String(cString: $0) }, before,
                       "the test's environment must not outlive it")
    }

    func testACertificateForAnotherHost() throws {
        let server = try startServer("https")
        // The certificate names IP 127.0.0.1 only; `localhost` is another name for the check.
        let message = withEnvironment("SSL_CERT_FILE", server.certificate) {
            failure { () throws(NetFailure) in
                try HTTPClient.send(HTTPRequest(url: server.url("/echo", scheme: "https", host: "localhost")))
            }
        }
        XCTAssertEqual(message, "the certificate of localhost:\(server.port!) is for another host (hostname mismatch)")
    }

    func testHTTPSToAPlainHTTPServer() throws {
        let server = try startServer("http")
        let message = failure { () throws(NetFailure) in
            try HTTPClient.send(HTTPRequest(url: server.url("/echo", scheme: "https")), timeout: 5)
        }
        XCTAssertTrue(message.hasPrefix("the secure connection to 127.0.0.1:\(server.port!) failed ("), message)
    }

    func testCancellingDuringAnHTTPSRequest() throws {
        let server = try startServer("https")
        let start = ContinuousClock.now
        let cancel: @Sendable () -> Bool = { ContinuousClock.now - start > .milliseconds(300) }
        let (message, took) = withEnvironment("SSL_CERT_FILE", server.certificate) {
            timed {
                failure { () throws(NetFailure) in
                    try HTTPClient.send(HTTPRequest(url: server.url("/silent", scheme: "https")), cancelled: cancel)
                }
            }
        }
        XCTAssertEqual(message, "the request to 127.0.0.1:\(server.port!) was cancelled")
        XCTAssertLessThan(took, 2)
    }
}
