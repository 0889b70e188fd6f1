import ConnectorKit
import TerminalBackend
import WizardUI

#if canImport(Glibc)
import Glibc
#endif

/// Key → reduce → render → paint, until the maker quits or a signal arrives. Tab 3's connection
/// prompt hands its sign-in and test calls to `host`, whose results come back between keys.
enum EventLoop {
    /// Returns the exit status: 0 after a quit, 128 + the signal's number after SIGTERM/SIGHUP/SIGINT.
    static func run(_ state: inout WizardState, terminal: Terminal, theme: Theme, host: ConnectHost) -> Int32 {
        terminal.draw(Renderer.render(state, theme: theme))
        defer { host.session.cancel() }
        var current: String?
        while true {
            if let signal = terminal.pendingSignal {
                return 128 + signal
            }
            var changed = false
            if let key = terminal.readKey() {
                changed = true
                var effects = state.handle(key)
                while !effects.isEmpty {
                    switch effects.removeFirst() {
                    case .save: effects += state.performSave()
                    case .quit: return 0
                    case .copy(let text): terminal.copyToClipboard(text)
                    case .connect(var effect):
                        // The client secret as the form has it now.
                        let secret = state.draft.oauth.clientSecret
                        if case .signIn(nil) = effect, !secret.isEmpty { effect = .signIn(clientSecret: secret.reveal()) }
                        if var c = state.connect {
                            host.perform(effect, &c)
                            state.connect = c
                        }
                    }
                }
            }
            // A prompt made anew (the form changed): what the old one started is stopped.
            if let prompt = state.connect?.platformState, prompt != current {
                if current != nil { host.session.cancel() }
                current = prompt
            }
            if var c = state.connect, host.pump(&c) {
                state.connect = c
                changed = changed || state.tab == .test
            }
            if changed { terminal.draw(Renderer.render(state, theme: theme)) }
        }
    }
}
