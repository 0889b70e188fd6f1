/// Why the terminal interface could not start; `description` is one sentence for the user.
public enum TerminalError: Error, CustomStringConvertible, Sendable {
    /// Standard input or output is not a terminal (piped, redirected, or run without a tty).
    case notATerminal
    /// ncurses does not know the terminal type named by `TERM` (or `TERM` is unset).
    case unknownTerminal(String)

    public var description: String {
        switch self {
        case .notATerminal:
            "The interactive wizard needs a terminal, but standard input or output is not one."
        case .unknownTerminal(let term):
            "Cannot start the terminal interface: the terminal type \"\(term)\" is unknown (check TERM)."
        }
    }
}
