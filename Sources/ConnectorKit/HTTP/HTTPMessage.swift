/// An HTTP request as the connection prompt makes it: a token request, a refresh, a test call.
/// A value, so building one (and applying credentials to it) is tested without a network.
///
/// Printing one shows the method, the URL without its query, and the header names only: a
/// request carries credentials (an `Authorization` header, a key in the query, a client secret in
/// the body), and none may reach a log or an error message by accident.
public struct HTTPRequest: Equatable, Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var method: String
    /// The absolute URL, query included.
    public var url: String
    /// Header fields in the order they are sent; names as written.
    public var headers: [HTTPHeader]
    public var body: [UInt8]

    public init(method: String = "GET", url: String, headers: [HTTPHeader] = [], body: [UInt8] = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The first value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? { headers.value(of: name) }

    public var description: String {
        let bare = url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
        let names = headers.map(\.name).joined(separator: ", ")
        return "\(method) \(bare)\(url.contains("?") ? "?…" : "") [\(names)] \(body.count) bytes"
    }

    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    /// Sets a header, replacing any of the same name.
    public mutating func setHeader(_ name: String, _ value: String) {
        headers.removeAll { $0.name.lowercased() == name.lowercased() }
        headers.append(HTTPHeader(name, value))
    }
}

/// What came back.
public struct HTTPResponse: Equatable, Sendable {
    public var status: Int
    public var reason: String
    public var headers: [HTTPHeader]
    public var body: [UInt8]

    public init(status: Int, reason: String = "", headers: [HTTPHeader] = [], body: [UInt8] = []) {
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? { headers.value(of: name) }

    /// The body as text (invalid UTF-8 repaired).
    public var text: String { String(decoding: body, as: UTF8.self) }
}

extension [HTTPHeader] {
    /// The first value of the field named `name`, compared without case (RFC 9110 §5.1).
    public func value(of name: String) -> String? {
        first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

public struct HTTPHeader: Equatable, Sendable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// An absolute `http`/`https` URL taken apart: what a connection needs to open a socket and
/// write a request line. `http://[::1]:8080/a/b?c=d` → scheme `http`, host `::1`, port 8080,
/// target `/a/b?c=d`.
public struct URLParts: Equatable, Sendable {
    /// Lower-cased.
    public var scheme: String
    /// Without brackets for an IPv6 literal.
    public var host: String
    public var port: Int?
    /// The path, starting with `/` (`/` when the URL has none).
    public var path: String
    /// The query without `?`, or nil.
    public var query: String?

    public init?(_ url: String) {
        guard let colon = url.firstIndex(of: ":") else { return nil }
        let scheme = url[..<colon].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        var rest = url[url.index(after: colon)...]
        guard rest.hasPrefix("//") else { return nil }
        rest = rest.dropFirst(2)
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        var target = rest[authorityEnd...]
        // user:password@ is never sent as such; drop it.
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty { return nil }
        } else if let c = authority.lastIndex(of: ":") {
            host = authority[..<c]
            portText = authority[authority.index(after: c)...]
        } else {
            host = authority
        }
        guard !host.isEmpty else { return nil }
        if let portText, !portText.isEmpty {
            guard let p = Int(portText), (1...65535).contains(p) else { return nil }
            port = p
        } else {
            port = nil
        }
        if target.hasPrefix("?") { target = "/" + target }
        if target.isEmpty { target = "/" }
        if let q = target.firstIndex(of: "?") {
            path = String(target[..<q])
            query = String(target[target.index(after: q)...])
        } else {
            path = String(target)
            query = nil
        }
        self.scheme = scheme
        self.host = String(host).lowercased()
    }

    /// The port to connect to: the given one, else 443 for https and 80 for http.
    public var effectivePort: Int { port ?? (scheme == "https" ? 443 : 80) }

    /// What follows the method in the request line: path and query.
    public var target: String { query.map { path + "?" + $0 } ?? path }

    /// The `Host` header: the host (bracketed when IPv6) and the port when it is not the default.
    public var hostHeader: String {
        let h = host.contains(":") ? "[\(host)]" : host
        return port.map { h + ":\($0)" } ?? h
    }

    /// True for `127.0.0.1` (any 127/8 address), `::1` and `localhost`.
    public var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
