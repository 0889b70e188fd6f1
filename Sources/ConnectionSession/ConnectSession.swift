import ConnectorKit
import ConnectorNet
import Synchronization
import WizardUI

#if canImport(Glibc)
import Glibc
#endif

/// The connection prompt's host side (§5.1, §5.2): the live sign-in (loopback listener, PKCE,
/// code exchange, refresh) and the test call, each a blocking function that returns what the
/// prompt shows. The terminal UI runs them on a background queue; plain mode calls them in turn.
/// The OAuth token and client secret live here, in memory, never in the UI's state. The clock,
/// the HTTP transport and the browser are injected, so tests drive it in-process.
public final class ConnectSession: @unchecked Sendable {
    public struct Options: Sendable {
        /// The loopback listener's port; 0 for an ephemeral one.
        var port = 0
        /// How long a sign-in waits for the browser.
        var signInTimeout = 300.0
        /// Open the browser with xdg-open (else only show the URL).
        var openBrowser = true
        /// How long an HTTP request may take.
        var requestTimeout = 30.0

        public init(port: Int = 0, signInTimeout: Double = 300, openBrowser: Bool = true, requestTimeout: Double = 30) {
            self.port = port
            self.signInTimeout = signInTimeout
            self.openBrowser = openBrowser
            self.requestTimeout = requestTimeout
        }
    }

    public let options: Options
    public let clock: any SessionClock
    let transport: any HTTPTransport
    /// Opens a URL in the browser; true when one was started.
    let browser: @Sendable (String) -> Bool
    private let lock = Mutex<Secrets>(Secrets())
    /// One refresh at a time: two with the same refresh token would spend it twice, and a server
    /// that rotates refresh tokens takes the second for a replay.
    private let refreshGate = Mutex<Void>(())
    private let cancelFlag = CancelFlag()

    private struct Secrets {
        var clientSecret: String?
        var token: OAuthToken?
        var verifier: String?
    }

    /// The sign-in waiting for its redirect: the `state` it sent, the query items of an address
    /// given in the terminal as its answer (`offerRedirect`), which end the wait, and whether the
    /// wait is over (the code is being exchanged).
    private struct Awaited {
        var state: String?
        var pasted: [(name: String, value: String)]?
        var over = false
    }

    private let awaited = Mutex<Awaited>(Awaited())

    public init(options: Options, clientSecret: String?, clock: any SessionClock = SystemClock(),
                transport: any HTTPTransport = NetworkTransport(), browser: @escaping @Sendable (String) -> Bool = { Browser.open($0) }) {
        self.options = options
        self.clock = clock
        self.transport = transport
        self.browser = browser
        lock.withLock { $0.clientSecret = clientSecret }
    }

    public var hasClientSecret: Bool { lock.withLock { $0.clientSecret != nil } }
    public var token: OAuthToken? { lock.withLock { $0.token } }

    public func cancel() { cancelFlag.set(true) }

    /// Everything shown is redacted of these: the client secret, the token, the PKCE verifier.
    public func redactor(extra: [String] = [], basicPairs: [(String, String)] = []) -> Redactor {
        let s = lock.withLock { $0 }
        let own = [s.clientSecret, s.token?.accessToken, s.token?.refreshToken, s.verifier].compactMap { $0 }
        return Redactor(secrets: own + extra, basicPairs: basicPairs)
    }

    /// The session's clock, in seconds since 1970.
    public var now: Int { clock.now }

    /// Set to stop a sign-in or token request in progress; read from the worker's thread.
    final class CancelFlag: Sendable {
        private let value = Atomic<Bool>(false)
        var isSet: Bool { value.load(ordering: .relaxed) }
        func set(_ on: Bool) { value.store(on, ordering: .relaxed) }
    }

    // MARK: Sign-in

    /// A live sign-in (RFC 8252 with PKCE): listen on 127.0.0.1, open the browser, wait for the
    /// redirect, check `state`, exchange the code. `waiting` is told the URL once it is open.
    /// While it waits, `offerRedirect` (from another thread) may give the address the browser
    /// ended on instead, for a browser on another machine whose redirect cannot reach the listener.
    public func signIn(_ config: OAuthConfiguration, clientSecret typed: String?,
                waiting: (_ url: String, _ browserOpened: Bool, _ deadline: Int) -> Void) -> ConnectEvent {
        cancelFlag.set(false)
        if let typed { lock.withLock { $0.clientSecret = typed.isEmpty ? nil : typed } }
        if config.usesClientCredentials { return clientCredentials(config) }
        let listener: LoopbackListener
        do {
            listener = try LoopbackListener(port: options.port)
        } catch {
            return .signInFailed("Cannot listen for the sign-in: \(error.description).")
        }
        defer { listener.close() }
        let pkce = PKCE.random()
        let state = RandomText.token()
        lock.withLock { $0.verifier = pkce.verifier }
        // Before the browser opens: an address may be given as soon as the URL is known.
        awaited.withLock { $0 = Awaited(state: state) }
        defer { awaited.withLock { $0 = Awaited() } }
        let url = config.loopbackAuthorizationURL(redirectURI: listener.redirectURI, state: state, pkce: pkce)
        let opened = options.openBrowser && browser(url)
        waiting(url, opened, now + Int(options.signInTimeout))
        let items: [(name: String, value: String)]
        do {
            let flag = cancelFlag
            // A callback without this sign-in's state (a stale tab, another program) is answered
            // 400 and ignored; the wait goes on for the real one.
            items = try listener.waitForRedirect(timeout: options.signInTimeout, cancelled: { flag.isSet },
                                                 accept: { $0.first { $0.name == "state" }?.value == state },
                                                 pasted: { [self] in awaited.withLock { $0.pasted } })
        } catch {
            switch error {
            case .timedOut: return .signInFailed("No sign-in came back within \(ConnectState.duration(Int(options.signInTimeout))).")
            case .cancelled: return .signInFailed(ConnectState.cancelledText)
            case .failed(let why): return .signInFailed("The sign-in listener failed: \(why).")
            }
        }
        // The wait is over: an address given from now on is too late.
        awaited.withLock { $0.over = true }
        // The state is checked before anything else the redirect says (RFC 6749 §10.12).
        let code: String
        switch AuthorizationRedirect(items: items, expectedState: state) {
        case .code(let c):
            code = c
        case .stateMismatch:
            return .signInFailed("The sign-in came back with a state that does not match, so it was refused.")
        case .error(let error, let description):
            return .signInFailed(redactor().redact("The identity provider answered \(error)" + (description.map { ": \($0)" } ?? "")))
        case .missingCode:
            return .signInFailed("The sign-in came back without an authorization code.")
        }
        let secret = lock.withLock { $0.clientSecret }
        let result = exchange(config) { auth in
            config.tokenRequest(code: code, redirectURI: listener.redirectURI, verifier: pkce.verifier,
                                clientSecret: secret, authentication: auth)
        }
        if case .success(.token(let t)) = result { lock.withLock { $0.token = t } }
        return event(for: result, refreshed: false, extra: [code] + config.secrets)
    }

    /// A service principal's token (RFC 6749 §4.4): the client-credentials grant at the Token URL.
    func clientCredentials(_ config: OAuthConfiguration) -> ConnectEvent {
        let secret = lock.withLock { $0.clientSecret }
        let result = exchange(config) { auth in config.clientCredentialsRequest(clientSecret: secret, authentication: auth) }
        if case .success(.token(let t)) = result { lock.withLock { $0.token = t } }
        return event(for: result, refreshed: false, extra: config.secrets)
    }

    /// The address the browser ended on, given in the terminal while `signIn` waits (pasted or
    /// typed, from any thread): checked as the listener's redirects are, against the sign-in's
    /// `state` (`PastedRedirect`, `AuthorizationRedirect`). This sign-in's answer ends the wait,
    /// and the code is exchanged as if the listener had received it; anything else is refused
    /// with a sentence, and the wait goes on. Returns at once.
    public func offerRedirect(_ text: String) -> ConnectEvent {
        enum Verdict { case none, already, checked(PastedRedirect.Outcome) }
        let verdict: Verdict = awaited.withLock { a in
            guard let state = a.state else { return .none }
            guard a.pasted == nil, !a.over else { return .already }
            let outcome = PastedRedirect.check(text, expectedState: state)
            if case .taken(let items) = outcome { a.pasted = items }
            return .checked(outcome)
        }
        switch verdict {
        case .none: return .signInAddressRefused("No sign-in is waiting for an address.")
        case .already: return .signInAddressRefused("The sign-in has its answer already; its code is being exchanged.")
        case .checked(.taken): return .signInAddressTaken
        case .checked(.refused(let why)): return .signInAddressRefused(redactor().redact(why))
        }
    }

    /// Refreshes the token at the Refresh URL.
    public func refresh(_ config: OAuthConfiguration) -> ConnectEvent {
        let asked = token
        return refreshGate.withLock { _ in
            // Another refresh ended while this one waited: its token is the fresh one.
            if let current = token, current != asked, !current.isExpired(now: now) {
                return .refreshed(expiresAt: current.expiresAt, refreshable: current.refreshToken != nil)
            }
            return refreshNow(config)
        }
    }

    private func refreshNow(_ config: OAuthConfiguration) -> ConnectEvent {
        // A service principal has no refresh token: it asks for a new one the same way.
        if config.usesClientCredentials, token?.refreshToken == nil {
            let event = clientCredentials(config)
            if case .signedIn(let expiresAt, let refreshable) = event { return .refreshed(expiresAt: expiresAt, refreshable: refreshable) }
            return event
        }
        guard let old = token, let refreshToken = old.refreshToken else {
            return .signInFailed("There is no refresh token; sign in again.")
        }
        let secret = lock.withLock { $0.clientSecret }
        let result = exchange(config) { auth in config.refreshRequest(refreshToken: refreshToken, clientSecret: secret, authentication: auth) }
        if case .success(.token(let t)) = result { lock.withLock { $0.token = t.merging(previous: old) } }
        return event(for: result, refreshed: true, extra: config.secrets)
    }

    /// Sends a token request with the client secret in the body, and once more with HTTP Basic
    /// when the server says the client could not be authenticated that way.
    private func exchange(_ config: OAuthConfiguration,
                          _ request: (OAuthConfiguration.ClientAuthentication) -> HTTPRequest) -> Result<TokenResult, NetFailure> {
        let hasSecret = lock.withLock { $0.clientSecret != nil } || config.connectionClientSecret != nil
        var last: Result<TokenResult, NetFailure> = .failure(NetFailure("no request was made"))
        for auth in hasSecret ? [OAuthConfiguration.ClientAuthentication.post, .basic] : [.post] {
            do {
                let response = try transport.fetch(request(auth), timeout: options.requestTimeout,
                                                   cancelled: { [cancelFlag] in cancelFlag.isSet }, bodyLimit: nil).response
                let result = TokenResult(response: response, now: now, redactor: redactor(extra: config.secrets))
                last = .success(result)
                if case .error("invalid_client", _, _) = result { continue }
                return last
            } catch {
                return .failure(error)
            }
        }
        return last
    }

    private func event(for result: Result<TokenResult, NetFailure>, refreshed: Bool, extra: [String]) -> ConnectEvent {
        let r = redactor(extra: extra)
        switch result {
        case .failure(let f):
            return .signInFailed(r.redact("The token request failed: \(f.description)"))
        case .success(.token(let t)):
            let stored = token ?? t
            return refreshed ? .refreshed(expiresAt: stored.expiresAt, refreshable: stored.refreshToken != nil)
                : .signedIn(expiresAt: stored.expiresAt, refreshable: stored.refreshToken != nil)
        case .success(.error(let code, let description, let status)):
            // As the token endpoint sent them.
            return .signInFailed(r.redact("The token endpoint answered \(status): \(code)" + (description.map { " — \($0)" } ?? "")))
        case .success(.unexpected(let status, let summary)):
            return .signInFailed(r.redact("The token endpoint answered \(status) without a token: \(summary)"))
        }
    }

    // MARK: Test call

    /// A test call (§5.2): refreshes an expired token first, applies the credentials as the
    /// platform does, and reports status, time and the start of the body, all redacted.
    public func test(_ prepared: Result<HTTPRequest, TestCall.Unavailable>, scheme: CredentialScheme, values: [String: String],
              secrets: [String], oauth: OAuthConfiguration?) -> [ConnectEvent] {
        var events: [ConnectEvent] = []
        var refreshedFirst = false
        if case .oauth = scheme, let t = token, t.isExpired(now: now), t.refreshToken != nil, let oauth {
            let e = refresh(oauth)
            events.append(e)
            if case .signInFailed = e { return events + [.testFailed("The token had expired and could not be refreshed.")] }
            refreshedFirst = true
        }
        var request: HTTPRequest
        switch prepared {
        case .success(let r): request = r
        case .failure(let why): return events + [.testFailed(why.description)]
        }
        TestCall.apply(scheme, values: values, token: token?.accessToken, to: &request)
        var pairs: [(String, String)] = []
        if case .basic(let u, let p) = scheme { pairs.append((values[u] ?? "", values[p] ?? "")) }
        let r = redactor(extra: secrets, basicPairs: pairs)
        let start = clock.monotonicMilliseconds
        do {
            // The start of the body is all that is shown: a huge answer is read in part.
            let result = try transport.fetch(request, timeout: options.requestTimeout, cancelled: { false },
                                             bodyLimit: Self.testBodyLimit)
            let response = result.response
            let ms = clock.monotonicMilliseconds - start
            events.append(.testFinished(TestReport(method: request.method, url: r.redact(request.url), status: response.status,
                                                   reason: response.reason, milliseconds: ms,
                                                   body: Self.bodyStart(r.redact(TestCall.readableBody(response))), refreshedFirst: refreshedFirst)))
        } catch {
            events.append(.testFailed(r.redact("The request to \(request.url) failed: \(error.description)")))
        }
        return events
    }

    /// How much of a test call's answer is read.
    public static let testBodyLimit = 1 << 20

    /// The first 2,000 characters of a body, control characters shown as `·`.
    public static func bodyStart(_ text: String, limit: Int = 2000) -> String {
        var out = ""
        for c in text.prefix(limit) {
            if c == "\n" || c == "\t" { out.append(c == "\t" ? " " : "\n"); continue }
            if c == "\r\n" { out.append("\n"); continue }
            out.append(c.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F } ? c : "·")
        }
        if text.count > limit { out += "…" }
        return out
    }
}

extension OAuthConfiguration {
    /// What the end user gave that must never be shown: the `token:clientSecret`.
    var secrets: [String] { [connectionClientSecret].compactMap { $0 } }
}
