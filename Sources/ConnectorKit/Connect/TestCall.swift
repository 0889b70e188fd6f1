/// The test call of §5.2: a request to `scheme://host + basePath + PATH` (or the host a
/// `dynamichosturl` policy builds from the connection) with the connection's credentials applied
/// as the platform applies them.
public enum TestCall {
    /// Why a test call cannot be made, as one sentence for the end user.
    public struct Unavailable: Error, Equatable, Sendable, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    /// `scheme://host + basePath + path` from the swagger alone. The scheme is `https` when the
    /// swagger's `schemes` list it or there are none, else the first listed; `path` gets a leading
    /// `/` when it has none and may carry a query; a `basePath` of `/` (or none) adds nothing. Nil
    /// when the swagger has no usable host (absent, empty, or text such as the template's
    /// `The hostname of the API, …`).
    ///
    /// This does not see a `dynamichosturl` policy, so for a connector that routes by one it is
    /// the swagger's placeholder host: send nothing there. Test calls use
    /// `request(properties:definition:path:values:)`.
    public static func request(definition: JSONValue, path: String, method: String = "GET") -> HTTPRequest? {
        guard let base = swaggerBase(definition), let url = joined(base, path) else { return nil }
        return HTTPRequest(method: method, url: url)
    }

    /// The request of a test call as the platform routes it. With a `dynamichosturl` policy for
    /// every operation, its `x-ms-apimTemplateParameter.urlTemplate` replaces `scheme://host +
    /// basePath` (as the platform does: a template that leaves the base path out loses it), each
    /// `@connectionParameters('name')` or `@connectionParameters('name','default')` taking the
    /// connection's value (`values`, by parameter name, trimmed), the default when that is empty;
    /// the result must be an absolute http(s) URL whose host holds no placeholder, no user
    /// information, and nothing a value smuggled in (a value filling part of the host cannot hold
    /// `/ ? # @ \` or spaces). Without such a policy, `scheme://host + basePath` as
    /// `request(definition:path:)` builds it.
    ///
    /// Unavailable, rather than a request to a host the end user did not choose, when the host
    /// comes from an empty value, when a `dynamichosturl` policy applies to some operations only
    /// (`x-ms-apimTemplate-operationName`), when it needs the request's headers or query, or
    /// when the swagger names no usable host. `set` is an index into
    /// `connectionParameterSets.values` (the first when nil): where the parameters' display
    /// names are read.
    public static func request(properties: JSONValue, definition: JSONValue, path: String, values: [String: String],
                               set: Int? = nil, method: String = "GET") -> Result<HTTPRequest, Unavailable> {
        let chosen = ChosenAuthentication(properties: properties, definition: definition, set: set)
        let hostPolicies = chosen.policies.filter { $0["templateId"]?.stringValue?.lowercased() == "dynamichosturl" }
        let base: String
        if hostPolicies.isEmpty {
            guard let b = swaggerBase(definition) else {
                return .failure(Unavailable("The connector names no usable host, so there is nowhere to send a test call."))
            }
            base = b
        } else if let scoped = hostPolicies.first(where: ChosenAuthentication.isScoped) {
            let title = scoped["title"]?.stringValue?.trimmingWhitespace ?? ""
            return .failure(Unavailable("The connector sets the host for some of its operations only"
                + (title.isEmpty ? "" : " (policy “\(title)”)")
                + ", so a test call cannot know which host the platform would use."))
        } else {
            let template = hostPolicies.last?[path: ["parameters", "x-ms-apimTemplateParameter.urlTemplate"]]?.stringValue ?? ""
            switch policyBase(template.trimmingWhitespace, chosen: chosen, values: values) {
            case .success(let b): base = b
            case .failure(let why): return .failure(why)
            }
        }
        guard let url = joined(base, path) else {
            return .failure(Unavailable("The test path does not make a usable URL with \(base)."))
        }
        return .success(HTTPRequest(method: method, url: url))
    }

    /// `scheme://host + basePath` (no trailing `/`), nil without a usable host.
    static func swaggerBase(_ definition: JSONValue) -> String? {
        guard let host = definition["host"]?.stringValue?.trimmingWhitespace, !host.isEmpty,
              !host.contains(where: { $0.isWhitespace || $0 == "/" || $0 == "{" || $0 == "?" || $0 == "#" })
        else { return nil }
        let schemes = definition["schemes"]?.arrayValue?.compactMap { $0.stringValue?.lowercased() } ?? []
        let scheme = schemes.isEmpty || schemes.contains("https") ? "https" : schemes[0]
        var base = definition["basePath"]?.stringValue?.trimmingWhitespace ?? ""
        if !base.isEmpty, !base.hasPrefix("/") { base = "/" + base }
        return scheme + "://" + host + base
    }

    /// `base` without trailing `/`, then `path` with a leading `/` (what a request line cannot
    /// hold percent-encoded); nil when that is no http(s) URL.
    static func joined(_ base: String, _ path: String) -> String? {
        var base = base
        while base.hasSuffix("/") { base.removeLast() }
        var tail = URLEncoding.target(path.trimmingWhitespace)
        if !tail.hasPrefix("/") { tail = "/" + tail }
        let url = base + tail
        return URLParts(url) == nil ? nil : url
    }

    /// The base URL a `dynamichosturl` template makes from the connection's values.
    static func policyBase(_ template: String, chosen: ChosenAuthentication,
                           values: [String: String]) -> Result<String, Unavailable> {
        let expression = PolicyTemplate(template)
        guard !expression.pieces.isEmpty else {
            return .failure(Unavailable("The connector's host policy has no URL template, so a test call cannot know which host to use."))
        }
        var out = ""
        for piece in expression.pieces {
            switch piece {
            case .text(let text):
                out += text
            case .request(let call):
                return .failure(Unavailable("The host comes from \(call), which only the request being made can tell, "
                    + "so a test call cannot know which host the platform would use."))
            case .parameter(let name, let fallback):
                let defined = chosen.parameters[name] != nil
                let label = chosen.displayName(of: name)
                var value = (values[name] ?? "").trimmingWhitespace
                if value.isEmpty { value = fallback?.trimmingWhitespace ?? "" }
                if value.isEmpty {
                    return .failure(Unavailable(defined || values[name] != nil
                        ? "The host comes from \(label), which is empty."
                        : "The host comes from the connection parameter \(name), which this connection does not have."))
                }
                if let problem = misplaced(value, after: out, label: label) { return .failure(problem) }
                out += value
            }
        }
        guard !out.contains(where: { $0 == "?" || $0 == "#" }), let parts = URLParts(out),
              let authority = out.firstRange(of: "://").map({ out[$0.upperBound...].prefix { $0 != "/" } }),
              !authority.contains(where: { "@{}%\\".contains($0) || $0.isWhitespace }),
              !parts.host.isEmpty
        else {
            return .failure(Unavailable("The host URL the connector builds from this connection, \(out), "
                + "is not an absolute http or https URL."))
        }
        return .success(out)
    }

    /// Why `value` cannot follow `prefix` in a URL: where the host is being written it must not
    /// end the host or add user information; in the path it must not start a query or fragment.
    /// At the very start it is the whole beginning of the URL, checked as a whole afterwards.
    static func misplaced(_ value: String, after prefix: String, label: String) -> Unavailable? {
        if value.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false }) {
            return Unavailable("The host comes from \(label), which holds a space or a control character.")
        }
        if prefix.isEmpty { return nil }
        let afterScheme = prefix.firstRange(of: "://").map { prefix[$0.upperBound...] }
        let inHost = afterScheme.map { !$0.contains(where: { $0 == "/" || $0 == "?" || $0 == "#" }) } ?? true
        if inHost {
            if value.contains("://") {
                return Unavailable("The host comes from \(label), which holds a URL where only a host name "
                    + "(such as api.example.com) belongs.")
            }
            if value.contains(where: { "/?#@\\".contains($0) }) {
                return Unavailable("The host comes from \(label), which holds a character a host name cannot have (/ ? # @ or \\).")
            }
        } else if value.contains(where: { "?#\\".contains($0) }) {
            return Unavailable("The host URL takes \(label), which holds a character its path cannot have (? # or \\).")
        }
        return nil
    }

    /// Applies the credentials: an API key as header `name: value` or query `name=value`
    /// (URL-encoded), the same with the policy's template filled for `.apiKeyTemplate`, Basic as `Authorization: Basic base64(user:password)`, OAuth as
    /// `Authorization: Bearer token`. `values` are the connection's parameter values by name.
    /// Nothing is added for a credential that has no value, nor for `.none` and `.windows`.
    public static func apply(_ scheme: CredentialScheme, values: [String: String], token: String?,
                             to request: inout HTTPRequest) {
        switch scheme {
        case .none, .windows:
            return
        case .apiKey(let parameter, let name, let inQuery):
            guard let value = values[parameter] else { return }
            set(name, value, inQuery: inQuery, on: &request)
        case .apiKeyTemplate(let parameter, let name, let inQuery, let template):
            guard values[parameter] != nil, let value = PolicyTemplate(template).evaluated({ values[$0] }) else { return }
            set(name, value, inQuery: inQuery, on: &request)
        case .basic(let username, let password):
            guard values[username] != nil || values[password] != nil else { return }
            let pair = (values[username] ?? "") + ":" + (values[password] ?? "")
            request.setHeader("Authorization", "Basic " + Base64.encode(Array(pair.utf8)))
        case .oauth:
            guard let token, !token.isEmpty else { return }
            request.setHeader("Authorization", "Bearer " + token)
        }
    }

    /// Header `name: value`, or query `name=value` (URL-encoded) added to the URL.
    private static func set(_ name: String, _ value: String, inQuery: Bool, on request: inout HTTPRequest) {
        if inQuery {
            request.url = URLEncoding.appending([(name, value)], to: request.url)
        } else {
            request.setHeader(name, value)
        }
    }
}
