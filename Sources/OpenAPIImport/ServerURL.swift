import ConnectorKit

/// A server's URL as the connector's Scheme, Host and Base URL.
enum ServerURL {
    /// An OpenAPI 3 server object's URL with each `{variable}` at its default.
    static func url(of server: JSONValue) -> String? {
        guard var url = server["url"]?.stringValue else { return nil }
        for (name, variable) in server["variables"]?.objectValue?.members ?? [] {
            let value = variable["default"]?.stringValue ?? variable["enum"]?.arrayValue?.first?.stringValue ?? ""
            url = url.replacingOccurrences("{\(name)}", value)
        }
        return url
    }

    /// `https://api.contoso.com/v1/` as (`https`, `api.contoso.com`, `/v1`); a URL without a
    /// scheme has none, a relative one no host.
    static func split(_ url: String) -> (scheme: String?, host: String, basePath: String) {
        var rest = Substring(url)
        var scheme: String?
        if let range = rest.firstRange(of: "://") {
            scheme = rest[..<range.lowerBound].lowercased()
            rest = rest[range.upperBound...]
        } else if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
        } else {
            return (nil, "", basePath(String(rest)))
        }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        var host = String(rest[..<slash])
        if let at = host.lastIndex(of: "@") { host = String(host[host.index(after: at)...]) }
        return (scheme, host, basePath(String(rest[slash...])))
    }

    /// A base path that starts with `/` and does not end with one (the paths bring their own).
    static func basePath(_ path: String) -> String {
        var p = path
        if let q = p.firstIndex(where: { $0 == "?" || $0 == "#" }) { p = String(p[..<q]) }
        if !p.hasPrefix("/") { p = "/" + p }
        while p.count > 1, p.hasSuffix("/") { p.removeLast() }
        return p
    }
}
