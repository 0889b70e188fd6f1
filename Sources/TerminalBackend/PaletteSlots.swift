import WizardUI

/// The palette slots a `.redefined` terminal gives the 24-bit colours drawn: 16…255, one per
/// colour, in the order they first appear (the first 16 stay the terminal's own ANSI colours,
/// which the `ansi` theme uses). When every slot is taken, a colour gets the slot whose colour
/// is nearest. Pure bookkeeping: `FrameWriter` sets each new slot in the terminal.
struct PaletteSlots {
    static let slots: ClosedRange<Int32> = 16...255
    private var given: [RGB: Int32] = [:]
    private var byOrder: [(color: RGB, slot: Int32)] = []

    /// The slot for `color`, and whether it was just given (so it must be set in the terminal).
    mutating func slot(for color: RGB) -> (slot: Int32, isNew: Bool) {
        if let slot = given[color] { return (slot, false) }
        let next = Self.slots.lowerBound + Int32(byOrder.count)
        guard Self.slots.contains(next) else {
            let nearest = byOrder.min { Self.distance($0.color, color) < Self.distance($1.color, color) }
            return (nearest?.slot ?? Self.slots.lowerBound, false)
        }
        given[color] = next
        byOrder.append((color, next))
        return (next, true)
    }

    /// A colour on ncurses' scale of 0…1000 a component.
    static func scaled(_ c: RGB) -> (r: Int32, g: Int32, b: Int32) {
        // Rounded up: terminfo's initc scales back down by truncating, so the colour comes back exact.
        func s(_ v: UInt8) -> Int32 { (Int32(v) * 1000 + 254) / 255 }
        return (s(c.r), s(c.g), s(c.b))
    }

    static func distance(_ a: RGB, _ b: RGB) -> Int {
        let dr = Int(a.r) - Int(b.r), dg = Int(a.g) - Int(b.g), db = Int(a.b) - Int(b.b)
        return dr * dr + dg * dg + db * db
    }
}
