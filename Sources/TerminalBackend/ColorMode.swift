/// Whether the caller wants colour at all. `.none` is how `NO_COLOR` (or `--no-color`) reaches
/// the backend: nothing is coloured, but bold, underline, reverse and dim are still drawn, so
/// focus and selection stay visible.
public enum ColorMode: Sendable {
    case auto
    case none
}

/// How many colours the terminal can show, which decides how an `RGB` is mapped.
public enum ColorDepth: Sendable {
    /// 24-bit colour: the terminfo entry has the `RGB` flag or 2^24 colours (`*-direct`).
    case direct
    /// 24-bit colour on a 256-colour terminfo entry: `COLORTERM` says the terminal has true
    /// colour, the entry has no direct-colour variant here, but the terminal can redefine its
    /// palette (`ccc`). Each colour drawn gets a palette slot of its own, set to it exactly
    /// (`initc`); the terminal gets its own palette back on exit (`oc`).
    case redefined
    /// The xterm 256-colour palette.
    case c256
    /// The 16 ANSI colours.
    case c16
    /// The 8 basic ANSI colours.
    case c8
    /// No colour: monochrome terminal, or colour turned off by the caller.
    case none
}
