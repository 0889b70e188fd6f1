import ConnectorKit
import ConnectorNet

/// How a connection session's token requests and test calls reach a server. Injected, so tests
/// answer them in-process; `NetworkTransport` is the real one.
public protocol HTTPTransport: Sendable {
    /// As `HTTPClient.fetch`: the response, cut at `bodyLimit` bytes when one is given.
    func fetch(_ request: HTTPRequest, timeout: Double, cancelled: @escaping @Sendable () -> Bool,
               bodyLimit: Int?) throws(NetFailure) -> HTTPResult
}

/// HTTP/1.1 over the network, through `HTTPClient`.
public struct NetworkTransport: HTTPTransport {
    public init() {}

    public func fetch(_ request: HTTPRequest, timeout: Double, cancelled: @escaping @Sendable () -> Bool,
                      bodyLimit: Int?) throws(NetFailure) -> HTTPResult {
        try HTTPClient.fetch(request, timeout: timeout, cancelled: cancelled, bodyLimit: bodyLimit)
    }
}
