#if canImport(Glibc)
import WizardUI

/// Turning a theme's colours into the numbers a terminal of a given depth understands. Pure
/// arithmetic with no ncurses, so it can be unit tested without a terminal.
extension Terminal {
    /// The colour number ncurses should use for `color` at `depth`; -1 is the terminal's own
    /// default colour (and everything at depth `.none`).
    public static func colorNumber(_ color: TermColor, depth: ColorDepth) -> Int32 {
        switch (color, depth) {
        case (_, .none), (.terminalDefault, _):
            return -1
        case (.rgb(let c), .direct):
            return directValue(c)
        case (.rgb(let c), .c256), (.rgb(let c), .redefined):
            // `.redefined` colours get their own slots (`PaletteSlots`); this is the fallback.
            return Int32(Palette.nearest256(c))
        case (.rgb(let c), .c16):
            return Int32(Palette.nearest16(c))
        case (.rgb(let c), .c8):
            return Int32(Palette.nearest8(c))
        case (.ansi(let n), .direct):
            // Below 8 a direct-colour terminfo entry still means the terminal's own palette.
            return n < 8 ? Int32(n) : directValue(Palette.rgb(Int(n)))
        case (.ansi(let n), .c256), (.ansi(let n), .redefined):
            return Int32(n)
        case (.ansi(let n), .c16):
            return n < 16 ? Int32(n) : Int32(Palette.nearest16(Palette.rgb(Int(n))))
        case (.ansi(let n), .c8):
            return n < 16 ? Int32(n % 8) : Int32(Palette.nearest8(Palette.rgb(Int(n))))
        }
    }

    /// A 24-bit colour as a direct-colour number. Direct terminfo entries treat numbers below 8
    /// (xterm-direct), 16 or 256 (its variants) as palette indexes, so those — all dark blues
    /// and black — get a green component of 1, a difference no eye can see.
    static func directValue(_ c: RGB) -> Int32 {
        let v = Int32(c.r) << 16 | Int32(c.g) << 8 | Int32(c.b)
        return v < 256 ? v | 0x100 : v
    }
}
#endif
