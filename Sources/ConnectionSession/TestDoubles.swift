import ConnectorKit
import ConnectorNet
import Dispatch
import Synchronization

/// A clock that moves only when told: a token expires the moment a test says so, with no waiting.
public final class ManualClock: SessionClock {
    private let seconds: Mutex<Int>

    public init(_ start: Int) { seconds = Mutex(start) }

    public var now: Int { seconds.withLock { $0 } }
    public var monotonicMilliseconds: Int { seconds.withLock { $0 } * 1000 }

    public func advance(_ by: Int) { seconds.withLock { $0 += by } }
}

/// Servers answered in-process by `answer`: every request is kept for a test to look at, and
/// none leaves the process.
public final class ScriptedTransport: HTTPTransport {
    private let log = Mutex<[HTTPRequest]>([])
    private let answer: @Sendable (HTTPRequest, _ index: Int) -> HTTPResponse

    /// `answer` gets each request and how many came before it.
    public init(_ answer: @escaping @Sendable (HTTPRequest, _ index: Int) -> HTTPResponse) {
        self.answer = answer
    }

    public var requests: [HTTPRequest] { log.withLock { $0 } }

    public func fetch(_ request: HTTPRequest, timeout: Double, cancelled: @escaping @Sendable () -> Bool,
                      bodyLimit: Int?) throws(NetFailure) -> HTTPResult {
        let index = log.withLock { list -> Int in
            list.append(request)
            return list.count - 1
        }
        var response = answer(request, index)
        var truncated = false
        if let bodyLimit, response.body.count > bodyLimit {
            response.body = Array(response.body.prefix(max(bodyLimit, 0)))
            truncated = true
        }
        return HTTPResult(response: response, truncated: truncated)
    }
}

/// A browser for tests and demos that signs in at once: it goes straight back to the authorization
/// URL's loopback `redirect_uri` with `code` and the `state` it was given, as an identity provider
/// does once the end user has signed in. Real HTTP, on 127.0.0.1 only; false (no browser) for a
/// URL without a loopback redirect.
public func redirectingBrowser(code: String) -> @Sendable (String) -> Bool {
    { url in
        let query = url.firstIndex(of: "?").map { String(url[url.index(after: $0)...]) } ?? ""
        let items = URLEncoding.query(query)
        guard let redirect = items.first(where: { $0.name == "redirect_uri" })?.value,
              redirect.hasPrefix("http://127.0.0.1:"),
              let state = items.first(where: { $0.name == "state" })?.value else { return false }
        let callback = URLEncoding.appending([("code", code), ("state", state)], to: redirect)
        DispatchQueue.global().async { _ = try? HTTPClient.send(HTTPRequest(url: callback), timeout: 5) }
        return true
    }
}

/// A browser on another machine, as over SSH: it is given the URL (kept here) and never comes
/// back to the listener; `endedOn` is the address its address bar then shows.
public final class RemoteBrowser: Sendable {
    private let opened = Mutex<String?>(nil)

    public init() {}

    public var url: String? { opened.withLock { $0 } }
    public var open: @Sendable (String) -> Bool { { [self] url in opened.withLock { $0 = url }; return true } }

    /// A query item of the URL it was given.
    public func item(_ name: String) -> String? {
        guard let url, let q = url.firstIndex(of: "?") else { return nil }
        return URLEncoding.query(String(url[url.index(after: q)...])).first { $0.name == name }?.value
    }

    /// The redirect URI with these pairs.
    public func endedOn(_ pairs: [(String, String)]) -> String {
        URLEncoding.appending(pairs, to: item("redirect_uri") ?? "http://127.0.0.1:1/callback")
    }
}
