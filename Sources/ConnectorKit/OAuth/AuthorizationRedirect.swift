/// What the browser brought back to the loopback redirect URI (RFC 6749 §4.1.2, RFC 8252 §7.3),
/// read from the request target the listener received (`/callback?code=…&state=…`).
///
/// `state` is checked first, for answers and errors alike (RFC 6749 §10.12): a request without
/// the state this sign-in sent is not its answer. Prints without the code.
public enum AuthorizationRedirect: Equatable, Sendable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The authorization code, to exchange at the token URL.
    case code(String)
    /// The provider refused or failed: `error` and `error_description` as they came.
    case error(code: String, description: String?)
    /// The state is missing or not the one sent.
    case stateMismatch
    /// The state matches but there is neither a code nor an error.
    case missingCode

    public init(target: String, expectedState: String) {
        let query = target.firstIndex(of: "?").map { String(target[target.index(after: $0)...]) } ?? ""
        self.init(items: URLEncoding.query(String(query.prefix { $0 != "#" })), expectedState: expectedState)
    }

    /// From the query items already decoded (what the loopback listener hands over).
    public init(items pairs: [(name: String, value: String)], expectedState: String) {
        func value(_ name: String) -> String? {
            guard let v = pairs.first(where: { $0.name == name })?.value, !v.isEmpty else { return nil }
            return v
        }
        if expectedState.isEmpty || value("state") != expectedState {
            self = .stateMismatch
        } else if let error = value("error") {
            self = .error(code: error, description: value("error_description"))
        } else if let code = value("code") {
            self = .code(code)
        } else {
            self = .missingCode
        }
    }

    public var description: String {
        switch self {
        case .code: "code(••••••)"
        case .error(let code, let description): "error(\(code)\(description.map { ": " + $0 } ?? ""))"
        case .stateMismatch: "stateMismatch"
        case .missingCode: "missingCode"
        }
    }

    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .enum) }
}
