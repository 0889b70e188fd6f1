import ConnectionSession
import ConnectorKit
import WizardUI

/// The end user's connection prompt as a program for `ProgramLoop` (§5): keys go through the
/// prompt's reducer, what it asks for goes to `host`, and the host's events (sign-in, test
/// calls) are taken in between keys.
public struct ConnectProgram: ScreenProgram {
    public var state: ConnectState
    public let theme: Theme
    public let host: ConnectHost
    let folder: String

    public init(state: ConnectState, theme: Theme, host: ConnectHost, folder: String) {
        self.state = state
        self.theme = theme
        self.host = host
        self.folder = folder
    }

    public var isFinished: Bool { state.outcome != nil }

    public func render() -> Buffer { ConnectRenderer.render(state, theme: theme, folder: folder) }

    public mutating func handle(_ key: Key) {
        for effect in state.handle(key) {
            for event in host.perform(effect, state) { state.receive(event) }
        }
    }

    public mutating func pump() -> Bool { host.pump(&state) }
}

/// Does what the connection prompt asks (§5.1, §5.2): sign-in, refresh and test calls on a
/// background queue, whose results come back as events; copying; `--save-connection`.
public final class ConnectHost {
    public let session: ConnectSession
    /// Puts text on the clipboard (the terminal's, through OSC 52).
    let copy: (String) -> Void
    let saver: ConnectionFile?
    let mailbox = Mailbox()
    /// Where `--save-connection` wrote the connection.
    public private(set) var savedTo: String?

    public init(session: ConnectSession, saver: ConnectionFile?, copy: @escaping (String) -> Void) {
        self.session = session
        self.copy = copy
        self.saver = saver
    }

    /// Starts what `effect` asks for, reading `s`; what is known at once comes back as events for
    /// the caller to apply (the rest arrives through `pump`). The state is never changed here.
    public func perform(_ effect: ConnectEffect, _ s: ConnectState) -> [ConnectEvent] {
        let (session, mailbox, prompt) = (self.session, self.mailbox, s.platformState)
        switch effect {
        case .signIn(let typed):
            guard let config = s.oauth else { return [] }
            mailbox.run(for: prompt) {
                [session.signIn(config, clientSecret: typed) { url, opened, deadline in
                    mailbox.post(.signInWaiting(url: url, browserOpened: opened, deadline: deadline), for: prompt)
                }]
            }
        case .cancelSignIn:
            session.cancel()
        case .signInAddress(let text):
            // Checked at once: the answer is on the waiting box before the next key.
            return [session.offerRedirect(text)]
        case .copy(let text):
            copy(text)
        case .created:
            return save(s)
        case .test(let path):
            let (prepared, scheme, values, secrets, oauth) = (s.testRequest(path: path), s.scheme, s.connectionValues, s.typedSecrets, s.oauth)
            mailbox.run(for: prompt) {
                session.test(prepared, scheme: scheme, values: values, secrets: secrets, oauth: oauth)
            }
        case .refresh:
            guard let config = s.oauth else { return [] }
            mailbox.run(for: prompt) { [session.refresh(config)] }
        case .quit:
            break
        }
        return []
    }

    /// Applies the events that came back, and the clock; true when the screen needs drawing.
    public func pump(_ s: inout ConnectState) -> Bool {
        var changed = false
        // The clock first: what the events say (a token's lifetime) is reckoned from now.
        let now = session.now
        if now != s.now {
            s.receive(.tick(now: now))
            changed = true
        }
        for event in mailbox.drain(for: s.platformState) {
            s.receive(event)
            if case .refreshed = event {
                for e in save(s) { s.receive(e) }
            }
            changed = true
        }
        return changed
    }

    /// `--save-connection`: the created connection, written again when its token changes.
    func save(_ s: ConnectState) -> [ConnectEvent] {
        guard let saver, s.stage == .created else { return [] }
        switch saver.write(s, token: session.token) {
        case .success(let path):
            savedTo = path
            return []
        case .failure(let why):
            return [.connectionNotSaved(why.description)]
        }
    }
}
