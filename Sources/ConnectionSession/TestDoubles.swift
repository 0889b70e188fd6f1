import ConnectorKit
import ConnectorNet
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
