import WizardUI

/// The full-screen terminal in a theme, as the wizard and the connection prompt start it: the
/// theme asked for (or the default, with the reason), and colour only where the terminal has it
/// and NO_COLOR is not set (attributes still mark focus and errors).
public struct FullScreen {
    public var terminal: Terminal
    public var theme: Theme
    /// Why the theme asked for was not used.
    public var themeFailure: ThemeCatalog.Failure?

    public enum StartFailure: Error {
        /// ncurses does not know the terminal (or there is no TERM): plain mode is the way on.
        /// The sentence says why.
        case unknownTerminal(String)
        /// The terminal cannot be started at all.
        case cannotStart(String)
    }

    /// `themeFailure` is known before the terminal starts, so it can be said first: `loaded` is
    /// called with it (nil when the theme loaded).
    public static func start(theme name: String, environment: (String) -> String?,
                             loaded: (ThemeCatalog.Failure?) -> Void = { _ in }) -> Result<FullScreen, StartFailure> {
        let noColor = !(environment("NO_COLOR") ?? "").isEmpty
        var (look, themeFailure) = ThemeCatalog.load(name, environment: environment)
        loaded(themeFailure)
        let terminal: Terminal
        do {
            terminal = try Terminal(colorMode: noColor ? .none : .auto, colorTerm: environment("COLORTERM"))
        } catch {
            if case .unknownTerminal = error as? TerminalError {
                var reason = "\(error)"
                if reason.hasSuffix(".") { reason.removeLast() }
                return .failure(.unknownTerminal(reason))
            }
            return .failure(.cannotStart("\(error)"))
        }
        if noColor || terminal.colorDepth == .none { look = look.withoutColor }
        return .success(FullScreen(terminal: terminal, theme: look, themeFailure: themeFailure))
    }
}
