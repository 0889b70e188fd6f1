#if canImport(Glibc)
import CNCurses
import WizardUI

/// ncurses colours a cell through a numbered (foreground, background) pair. This allocates
/// pairs as styles first appear (ncurses 6 `alloc_pair`, extended pair numbers) and remembers
/// them, so drawing a cell costs a dictionary lookup at most.
struct ColorPairs {
    let depth: ColorDepth
    /// Whether -1 (the terminal's own colour) is allowed; if not, default is white on black.
    let defaultsAllowed: Bool
    private var pairs: [Colors: Int32] = [:]
    /// `.redefined`: the palette slot each 24-bit colour was given.
    private var slots = PaletteSlots()

    private struct Colors: Hashable {
        var fg: TermColor
        var bg: TermColor
    }

    init(depth: ColorDepth, defaultsAllowed: Bool) {
        self.depth = depth
        self.defaultsAllowed = defaultsAllowed
    }

    /// The pair number for this foreground and background; 0 (the terminal's colours) when
    /// there is no colour or ncurses has no pair left.
    mutating func pair(fg: TermColor, bg: TermColor) -> Int32 {
        guard depth != .none else { return 0 }
        let key = Colors(fg: fg, bg: bg)
        if let pair = pairs[key] { return pair }
        var f = number(fg)
        var b = number(bg)
        if !defaultsAllowed {
            if f < 0 { f = 7 }
            if b < 0 { b = 0 }
        }
        let pair = f < 0 && b < 0 ? 0 : max(0, alloc_pair(f, b))
        pairs[key] = pair
        return pair
    }

    /// The colour number for `color`: at depth `.redefined` a 24-bit colour's own palette slot,
    /// set to it exactly the first time; otherwise `Terminal.colorNumber`.
    mutating func number(_ color: TermColor) -> Int32 {
        guard depth == .redefined else { return Terminal.colorNumber(color, depth: depth) }
        let rgb: RGB
        switch color {
        case .rgb(let c): rgb = c
        case .ansi(let n) where n >= 16: rgb = Palette.rgb(Int(n))
        default: return Terminal.colorNumber(color, depth: depth)
        }
        let (slot, isNew) = slots.slot(for: rgb)
        if isNew {
            let c = PaletteSlots.scaled(rgb)
            _ = init_extended_color(slot, c.r, c.g, c.b)
        }
        return slot
    }

    /// ncurses attributes for text attributes; drawn whether or not there is colour.
    static func attributes(_ a: TextAttributes) -> attr_t {
        var result = cw_a_normal()
        if a.contains(.bold) { result |= cw_a_bold() }
        if a.contains(.underline) { result |= cw_a_underline() }
        if a.contains(.reverse) { result |= cw_a_reverse() }
        if a.contains(.dim) { result |= cw_a_dim() }
        return result
    }
}
#endif
