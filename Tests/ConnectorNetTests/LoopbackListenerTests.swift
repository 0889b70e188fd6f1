import ConnectorKit
import Dispatch
import Foundation
import Synchronization
import XCTest
@testable import ConnectorNet

final class LoopbackListenerTests: XCTestCase {
    typealias Items = [(name: String, value: String)]

    /// `waitForRedirect` on another thread, as the wizard runs it while its screen stays live.
    final class Waiter: Sendable {
        private let outcome = Mutex<Result<[String], ListenerFailure>?>(nil)
        private let done = DispatchSemaphore(value: 0)

        init(_ listener: LoopbackListener, timeout: Double = 20,
             cancelled: @escaping @Sendable () -> Bool = { false },
             accept: (@Sendable (Items) -> Bool)? = nil) {
            DispatchQueue.global().async { [self] in
                let result = Result { () throws(ListenerFailure) -> [String] in
                    let items = if let accept {
                        try listener.waitForRedirect(timeout: timeout, cancelled: cancelled, accept: accept)
                    } else {
                        try listener.waitForRedirect(timeout: timeout, cancelled: cancelled)
                    }
                    return items.map { "\($0.name)=\($0.value)" }
                }
                self.outcome.withLock { $0 = result }
                self.done.signal()
            }
        }

        /// The items as `name=value`, once the wait is over (10 s at most).
        func result() throws -> Result<[String], ListenerFailure> {
            guard done.wait(timeout: .now() + 10) == .success else { throw TestFailure("the wait did not end within 10 s") }
            return outcome.withLock { $0! }
        }
    }

    func testTheBrowsersRedirectGivesTheDecodedQuery() throws {
        let listener = try LoopbackListener()
        defer { listener.close() }
        XCTAssertGreaterThan(listener.port, 0)
        XCTAssertEqual(listener.redirectURI, "http://127.0.0.1:\(listener.port)/callback")
        let waiter = Waiter(listener)
        let page = try HTTPClient.send(HTTPRequest(url: listener.redirectURI + "?code=a%20b&state=x&scope=openid+email"))
        XCTAssertEqual(page.status, 200)
        XCTAssertEqual(page.header("Content-Type"), "text/html; charset=utf-8")
        XCTAssertTrue(page.text.contains("Signed in — you can close this tab and go back to the terminal."), page.text)
        XCTAssertEqual(try waiter.result().get(), ["code=a b", "state=x", "scope=openid email"])
    }

    func testOtherPathsAre404AndTheWaitGoesOn() throws {
        let listener = try LoopbackListener()
        defer { listener.close() }
        let waiter = Waiter(listener)
        let favicon = try HTTPClient.send(HTTPRequest(url: "http://127.0.0.1:\(listener.port)/favicon.ico"))
        XCTAssertEqual(favicon.status, 404)
        let post = try HTTPClient.send(HTTPRequest(method: "POST", url: listener.redirectURI + "?code=wrong"))
        XCTAssertEqual(post.status, 405)
        let page = try HTTPClient.send(HTTPRequest(url: listener.redirectURI + "?code=c1"))
        XCTAssertEqual(page.status, 200)
        XCTAssertEqual(try waiter.result().get(), ["code=c1"])
    }

    func testAnErrorIsShownEscaped() throws {
        let listener = try LoopbackListener()
        defer { listener.close() }
        let waiter = Waiter(listener)
        let page = try HTTPClient.send(HTTPRequest(
            url: listener.redirectURI + "?error=access_denied&error_description=%3Cscript%3Ealert(1)%3C%2Fscript%3E+%26+more"))
        XCTAssertEqual(page.status, 200)
        XCTAssertTrue(page.text.contains("access_denied"), page.text)
        XCTAssertTrue(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"), page.text)
        XCTAssertFalse(page.text.contains("<script>"), page.text)
        XCTAssertFalse(page.text.contains("Signed in"), page.text)
        XCTAssertEqual(try waiter.result().get(),
                       ["error=access_denied", "error_description=<script>alert(1)</script> & more"])
    }

    func testACallbackThatIsNotAcceptedIs400AndTheWaitGoesOn() throws {
        // The accepted callback that ends the wait: a sign-in, or an error of the same sign-in.
        for (ending, shown) in [("code=c2&state=mine", "Signed in — you can close this tab and go back to the terminal."),
                                ("error=access_denied&state=mine", "The sign-in failed: access_denied")] {
            let listener = try LoopbackListener()
            defer { listener.close() }
            let waiter = Waiter(listener, accept: { items in items.contains { $0.name == "state" && $0.value == "mine" } })
            // A forged redirect (another state), one that would show an error, one with no state.
            for query in ["code=forged&state=theirs", "error=access_denied&error_description=%3Cb%3Eno%3C%2Fb%3E&state=theirs",
                          "code=forged"] {
                let page = try HTTPClient.send(HTTPRequest(url: listener.redirectURI + "?" + query), timeout: 5)
                XCTAssertEqual(page.status, 400, query)
                XCTAssertEqual(page.header("Content-Type"), "text/html; charset=utf-8", query)
                XCTAssertTrue(page.text.contains("<p>This is not the sign-in this terminal is waiting for; it was ignored.</p>"),
                              page.text)
                for shown in ["Signed in", "failed", "forged", "access_denied", "<b>", "theirs", "<script", "://", "src="] {
                    XCTAssertFalse(page.text.contains(shown), "\(shown) in \(page.text)")
                }
                XCTAssertTrue(listener.isWaiting, query)
            }
            let page = try HTTPClient.send(HTTPRequest(url: listener.redirectURI + "?" + ending), timeout: 5)
            XCTAssertEqual(page.status, 200, ending)
            XCTAssertTrue(page.text.contains(shown), page.text)
            XCTAssertEqual(try waiter.result().get(), ending.split(separator: "&").map(String.init))
        }
    }

    /// This process's TCP sockets bound to 127.0.0.1:`port`: the listening one, or those accepted.
    private static func sockets(onPort port: Int, listening: Bool) -> [Int32] {
        (0..<Int32(4096)).filter { fd in
            var address = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let named = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            guard named == 0, address.sin_family == sa_family_t(AF_INET),
                  Int(UInt16(bigEndian: address.sin_port)) == port else { return false }
            var accepting: Int32 = 0
            var size = socklen_t(MemoryLayout<Int32>.size)
            return getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &size) == 0 && (accepting != 0) == listening
        }
    }

    func testAConnectionThatSaysNothingDoesNotHoldUpTheRedirect() throws {
        let listener = try LoopbackListener()
        defer { listener.close() }
        let waiter = Waiter(listener)
        // Browsers open spare connections ahead of time and may never use them.
        let idle = try Socket.connect(to: Endpoint(URLParts(listener.redirectURI)!),
                                      deadline: Deadline(seconds: 5) { false })
        defer { idle.close() }
        // The connection as accepted, the listening socket and the client's are all close-on-exec
        // (a browser started meanwhile inherits none) and non-blocking; accepted ones are so from
        // the start (accept4), not a moment later (accept, then fcntl: a browser started from
        // another thread in between would inherit the connection).
        XCTAssertNotNil(Accept4.function, "accept4 was not found in the C library")
        var accepted: [Int32] = []
        XCTAssertTrue(eventually {
            accepted = Self.sockets(onPort: listener.port, listening: false)
            return !accepted.isEmpty
        }, "the listener did not take the connection")
        let listening = Self.sockets(onPort: listener.port, listening: true)
        XCTAssertEqual(listening.count, 1)
        for fd in accepted + listening + [idle.fd] {
            XCTAssertNotEqual(fcntl(fd, F_GETFD) & FD_CLOEXEC, 0, "descriptor \(fd)")
            XCTAssertNotEqual(fcntl(fd, F_GETFL) & O_NONBLOCK, 0, "descriptor \(fd)")
        }
        let page = try HTTPClient.send(HTTPRequest(url: listener.redirectURI + "?code=z"), timeout: 5)
        XCTAssertEqual(page.status, 200)
        XCTAssertEqual(try waiter.result().get(), ["code=z"])
    }

    func testTimesOut() throws {
        let listener = try LoopbackListener()
        defer { listener.close() }
        let (result, took) = timed { Result { () throws(ListenerFailure) in try listener.waitForRedirect(timeout: 0.3) { false } } }
        XCTAssertEqual(result.map { _ in 0 }, .failure(.timedOut))
        XCTAssertGreaterThanOrEqual(took, 0.28)
        XCTAssertLessThan(took, 3)
    }

    func testCancels() throws {
        let listener = try LoopbackListener()
        defer { listener.close() }
        let start = ContinuousClock.now
        let (result, took) = timed {
            Result { () throws(ListenerFailure) in
                try listener.waitForRedirect(timeout: 30) { ContinuousClock.now - start > .milliseconds(200) }
            }
        }
        XCTAssertEqual(result.map { _ in 0 }, .failure(.cancelled))
        XCTAssertLessThan(took, 2)
    }

    /// A redirect that came another way (an address pasted in the terminal) ends the wait with
    /// its items, as the browser's would; the listener answered nobody.
    func testAPastedRedirectEndsTheWaitWithItsItems() throws {
        let listener = try LoopbackListener()
        defer { listener.close() }
        let start = ContinuousClock.now
        let (result, took) = timed {
            Result { () throws(ListenerFailure) in
                try listener.waitForRedirect(timeout: 30, cancelled: { false }, pasted: {
                    ContinuousClock.now - start > .milliseconds(200) ? [("code", "pasted"), ("state", "s")] : nil
                })
            }
        }
        XCTAssertEqual(result.map { $0.map { "\($0.name)=\($0.value)" } }, .success(["code=pasted", "state=s"]))
        XCTAssertLessThan(took, 2)
        // Cancelled meanwhile, the wait is cancelled: a paste does not outrun Esc.
        let both = Result { () throws(ListenerFailure) in
            try listener.waitForRedirect(timeout: 30, cancelled: { true }, pasted: { [("code", "late")] })
        }
        XCTAssertEqual(both.map { _ in 0 }, .failure(.cancelled))
    }

    func testClosingFromAnotherThreadEndsTheWait() throws {
        let listener = try LoopbackListener()
        let waiter = Waiter(listener)
        // Until the wait has begun, close() would simply close; let it begin first.
        XCTAssertTrue(eventually { listener.isWaiting })
        listener.close()
        XCTAssertEqual(try waiter.result().map { _ in 0 }, .failure(.cancelled))
        XCTAssertThrowsError(try listener.waitForRedirect(timeout: 1) { false }) {
            XCTAssertEqual($0 as? ListenerFailure, .failed("the listener on 127.0.0.1:\(listener.port) is closed"))
        }
        // The port is free again.
        let again = try LoopbackListener(port: listener.port)
        again.close()
    }

    func testAPortInUse() throws {
        let first = try LoopbackListener()
        defer { first.close() }
        XCTAssertThrowsError(try LoopbackListener(port: first.port)) {
            XCTAssertEqual($0 as? NetFailure, NetFailure("port \(first.port) on 127.0.0.1 is in use"))
        }
    }

    func testQueryDecoding() {
        let items = URLEncoding.query("a=1&b=&c&d=%E2%9C%93&e=x%3Dy%26z&f=100%&g=%zz")
        XCTAssertEqual(items.map { "\($0.name)|\($0.value)" },
                       ["a|1", "b|", "c|", "d|✓", "e|x=y&z", "f|100%", "g|%zz"])
    }
}
