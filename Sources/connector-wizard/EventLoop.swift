import ConnectorKit
import TerminalBackend
import WizardUI

#if canImport(Glibc)
import Glibc
#endif

/// Key → reduce → render → paint, until the maker quits or a signal arrives.
enum EventLoop {
    /// Returns the exit status: 0 after a quit, 128 + the signal's number after SIGTERM/SIGHUP/SIGINT.
    static func run(_ state: inout WizardState, terminal: Terminal, theme: Theme) -> Int32 {
        terminal.draw(Renderer.render(state, theme: theme))
        while true {
            if let signal = terminal.pendingSignal {
                return 128 + signal
            }
            guard let key = terminal.readKey() else { continue }
            var effects = state.handle(key)
            while !effects.isEmpty {
                switch effects.removeFirst() {
                case .save: effects += state.performSave()
                case .quit: return 0
                case .copy(let text): terminal.copyToClipboard(text)
                }
            }
            terminal.draw(Renderer.render(state, theme: theme))
        }
    }
}
