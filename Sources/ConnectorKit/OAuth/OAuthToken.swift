/// A token from the token endpoint. Prints redacted: `description`, `debugDescription`,
/// interpolation, `dump` and reflection never show the access or refresh token.
public struct OAuthToken: Equatable, Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var accessToken: String
    /// As the endpoint wrote it (`Bearer`, `bearer`); `Bearer` when it wrote none.
    public var tokenType: String
    public var refreshToken: String?
    /// Seconds since the epoch; nil when the endpoint did not say.
    public var expiresAt: Int?
    public var scope: String?

    public init(accessToken: String, tokenType: String = "Bearer", refreshToken: String? = nil, expiresAt: Int? = nil,
                scope: String? = nil) {
        self.accessToken = accessToken
        self.tokenType = tokenType
        self.refreshToken = refreshToken
        self.expiresAt = expiresAt
        self.scope = scope
    }

    /// The longest lifetime a token endpoint is believed: ten years (of 365¼ days). A longer
    /// `expires_in`, or an `expires_on` further ahead, is read as this.
    public static let longestLifetime = 315_576_000

    /// True from the second it expires on; a token without an expiry never counts as expired
    /// (the API's 401 will say so).
    public func isExpired(now: Int) -> Bool {
        expiresAt.map { now >= $0 } ?? false
    }

    /// Seconds until it expires (0 once it has); nil without an expiry. Never overflows: a
    /// distance beyond `Int` is `Int.max`.
    public func secondsLeft(now: Int) -> Int? {
        expiresAt.map { max(0, $0.saturatingMinus(now)) }
    }

    /// A refreshed token that came without a refresh token keeps the previous one
    /// (RFC 6749 §6: the server may or may not issue a new one).
    public func merging(previous: OAuthToken?) -> OAuthToken {
        var merged = self
        if merged.refreshToken == nil { merged.refreshToken = previous?.refreshToken }
        return merged
    }

    public var description: String {
        var parts = ["\(tokenType) ••••••"]
        if refreshToken != nil { parts.append("refresh token ••••••") }
        if let expiresAt { parts.append("expires at \(expiresAt)") }
        if let scope { parts.append("scope \"\(scope)\"") }
        return "OAuthToken(" + parts.joined(separator: ", ") + ")"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["tokenType": tokenType, "hasRefreshToken": refreshToken != nil,
                                "expiresAt": expiresAt as Any, "scope": scope as Any], displayStyle: .struct)
    }
}

/// What a token endpoint answered, for an authorization-code exchange or a refresh.
public enum TokenResult: Equatable, Sendable {
    case token(OAuthToken)
    /// The endpoint's `error` and `error_description`, exactly as they came (RFC 6749 §5.2).
    case error(code: String, description: String?, status: Int)
    /// Neither a token nor an OAuth error: the status and the body's first line, cut to 200 characters.
    case unexpected(status: Int, summary: String)

    /// Reads a JSON body, or a form-encoded one (GitHub answers so without `Accept: application/json`).
    /// `expires_in` may be a number or a string; `now` (seconds since the epoch) turns it into `expiresAt`.
    /// Nothing is redacted: an `.unexpected` summary is cut before anyone could redact it, so a
    /// secret straddling the cut would leave a prefix; callers that show it pass a redactor.
    public init(response: HTTPResponse, now: Int) {
        self.init(response: response, now: now, redactor: nil)
    }

    /// The same, with `redactor` applied to the whole body before an `.unexpected` summary is cut
    /// from it, and to an `.error`'s code and description. The token itself is never redacted.
    /// A lifetime is clamped to 0 … `OAuthToken.longestLifetime` from `now`: `expires_in` (or
    /// `expires`) as seconds, else `expires_on` (AAD v1) as the moment itself.
    public init(response: HTTPResponse, now: Int, redactor: Redactor?) {
        let fields = Self.fields(of: response)
        let status = response.status
        func field(_ name: String) -> String? {
            guard let v = fields?.last(where: { $0.name == name })?.value, !v.isEmpty else { return nil }
            return v
        }
        if (200..<300).contains(status), let access = field("access_token") {
            var expiresAt: Int?
            if let seconds = (field("expires_in") ?? field("expires")).flatMap(Self.integer) {
                expiresAt = Self.moment(now, plus: seconds)
            } else if let on = field("expires_on").flatMap(Self.integer) {
                // AAD v1 also gives the moment itself.
                expiresAt = Self.moment(now, plus: on.saturatingMinus(now))
            }
            self = .token(OAuthToken(accessToken: access, tokenType: field("token_type") ?? "Bearer",
                                     refreshToken: field("refresh_token"), expiresAt: expiresAt, scope: field("scope")))
        } else if let code = field("error") {
            let shown: (String) -> String = { redactor?.redact($0) ?? $0 }
            self = .error(code: shown(code), description: field("error_description").map(shown), status: status)
        } else {
            self = .unexpected(status: status, summary: Self.summary(of: response, redactor: redactor))
        }
    }

    /// `now + seconds`, the lifetime clamped to 0 … `OAuthToken.longestLifetime`.
    static func moment(_ now: Int, plus seconds: Int) -> Int {
        now.saturatingPlus(min(max(0, seconds), OAuthToken.longestLifetime))
    }

    /// A refresh answer without a refresh token keeps the previous one.
    public func merging(previous: OAuthToken?) -> TokenResult {
        if case .token(let t) = self { return .token(t.merging(previous: previous)) }
        return self
    }

    /// The body's top-level values as text (JSON strings, numbers and booleans; form pairs),
    /// nil when it is neither a JSON object nor a form.
    static func fields(of response: HTTPResponse) -> [(name: String, value: String)]? {
        let text = response.text.trimmingWhitespace
        if text.hasPrefix("{") {
            guard let object = (try? JSONReader.read(text))?.value.objectValue else { return nil }
            return object.members.compactMap { m in
                switch m.value {
                case .string(let s): return (m.key, s)
                case .number(let n): return (m.key, n)
                case .bool(let b): return (m.key, b ? "true" : "false")
                default: return nil
                }
            }
        }
        let type = response.header("Content-Type")?.lowercased() ?? ""
        let looksLikeForm = !text.isEmpty && !text.contains(where: { $0 == " " || $0.isNewline || $0 == "<" }) && text.contains("=")
        guard type.contains("x-www-form-urlencoded") || looksLikeForm else { return nil }
        return URLEncoding.query(text)
    }

    /// `3599`, `"3599"` or `3599.0`; a number beyond `Int` is `Int.max` or `Int.min`.
    static func integer(_ text: String) -> Int? {
        if let n = Int(text) { return n }
        guard let d = Double(text), d.isFinite else { return nil }
        if d >= Double(Int.max) { return .max }
        if d <= Double(Int.min) { return .min }
        return Int(d.rounded(.down))
    }

    /// The body's first non-blank line, at most 200 characters; the reason phrase for an empty
    /// body. Redacted (the whole body, so also a secret across lines) before it is cut.
    static func summary(of response: HTTPResponse, redactor: Redactor? = nil) -> String {
        let show: (String) -> String = { redactor?.redact($0) ?? $0 }
        let line = show(response.text).split(whereSeparator: \.isNewline)
            .map(\.trimmingWhitespace)
            .first { !$0.isEmpty }
        return String((line ?? show(response.reason)).prefix(200))
    }
}

extension Int {
    /// `self + other`, stopping at `Int.max` or `Int.min` instead of overflowing.
    func saturatingPlus(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }

    /// `self - other`, stopping at `Int.max` or `Int.min` instead of overflowing.
    func saturatingMinus(_ other: Int) -> Int {
        let (difference, overflow) = subtractingReportingOverflow(other)
        return overflow ? (other < 0 ? .max : .min) : difference
    }
}
