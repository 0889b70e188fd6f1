/// The test call of §5.2: a request to `scheme://host + basePath + PATH` with the connection's
/// credentials applied as the platform applies them.
public enum TestCall {
    /// `scheme://host + basePath + path`. The scheme is `https` when the swagger's `schemes` list
    /// it or there are none, else the first listed; `path` gets a leading `/` when it has none
    /// and may carry a query; a `basePath` of `/` (or none) adds nothing. Nil when the swagger has
    /// no usable host (absent, empty, or text such as the template's `The hostname of the API, …`).
    public static func request(definition: JSONValue, path: String, method: String = "GET") -> HTTPRequest? {
        guard let host = definition["host"]?.stringValue?.trimmingWhitespace, !host.isEmpty,
              !host.contains(where: { $0.isWhitespace || $0 == "/" || $0 == "{" || $0 == "?" || $0 == "#" })
        else { return nil }
        let schemes = definition["schemes"]?.arrayValue?.compactMap { $0.stringValue?.lowercased() } ?? []
        let scheme = schemes.isEmpty || schemes.contains("https") ? "https" : schemes[0]
        var base = definition["basePath"]?.stringValue?.trimmingWhitespace ?? ""
        while base.hasSuffix("/") { base.removeLast() }
        if !base.isEmpty, !base.hasPrefix("/") { base = "/" + base }
        var tail = path.trimmingWhitespace
        if !tail.hasPrefix("/") { tail = "/" + tail }
        let url = scheme + "://" + host + base + tail
        guard URLParts(url) != nil else { return nil }
        return HTTPRequest(method: method, url: url)
    }

    /// Applies the credentials: an API key as header `name: value` or query `name=value`
    /// (URL-encoded), Basic as `Authorization: Basic base64(user:password)`, OAuth as
    /// `Authorization: Bearer token`. `values` are the connection's parameter values by name.
    /// Nothing is added for a credential that has no value, nor for `.none` and `.windows`.
    public static func apply(_ scheme: CredentialScheme, values: [String: String], token: String?,
                             to request: inout HTTPRequest) {
        switch scheme {
        case .none, .windows:
            return
        case .apiKey(let parameter, let name, let inQuery):
            guard let value = values[parameter] else { return }
            if inQuery {
                request.url = URLEncoding.appending([(name, value)], to: request.url)
            } else {
                request.setHeader(name, value)
            }
        case .basic(let username, let password):
            guard values[username] != nil || values[password] != nil else { return }
            let pair = (values[username] ?? "") + ":" + (values[password] ?? "")
            request.setHeader("Authorization", "Basic " + Base64.encode(Array(pair.utf8)))
        case .oauth:
            guard let token, !token.isEmpty else { return }
            request.setHeader("Authorization", "Bearer " + token)
        }
    }
}
