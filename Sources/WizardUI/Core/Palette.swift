/// The xterm palette: the colour each of its 256 entries shows by default, and the nearest
/// entry to a 24-bit colour. Pure arithmetic, shared by the terminal and the `themes` samples.
public enum Palette {
    /// The nearest entry of the xterm 256-colour palette, searching only the 6×6×6 cube
    /// (16–231) and the grey ramp (232–255): the first 16 differ from terminal to terminal.
    public static func nearest256(_ rgb: RGB) -> Int {
        // The cube's nearest point is the nearest level on each axis separately.
        let r = cubeIndex(rgb.r), g = cubeIndex(rgb.g), b = cubeIndex(rgb.b)
        var best = 16 + 36 * r + 6 * g + b
        var bestDistance = distance(rgb, RGB(cubeLevels[r], cubeLevels[g], cubeLevels[b]))
        for i in 0..<24 {
            let v = UInt8(8 + 10 * i)
            let d = distance(rgb, RGB(v, v, v))
            if d < bestDistance {
                best = 232 + i
                bestDistance = d
            }
        }
        return best
    }

    /// The nearest of the 16 ANSI colours (as xterm draws them by default).
    public static func nearest16(_ rgb: RGB) -> Int { nearest(rgb, among: 16) }

    /// The nearest of the 8 basic ANSI colours (as xterm draws them by default).
    public static func nearest8(_ rgb: RGB) -> Int { nearest(rgb, among: 8) }

    /// The colour xterm shows by default for palette entry `index` (0–255).
    public static func rgb(_ index: Int) -> RGB {
        switch index {
        case ..<16:
            return ansiColors[max(0, index)]
        case 16..<232:
            let i = index - 16
            return RGB(cubeLevels[i / 36], cubeLevels[i / 6 % 6], cubeLevels[i % 6])
        default:
            let v = UInt8(8 + 10 * (min(index, 255) - 232))
            return RGB(v, v, v)
        }
    }

    private static let cubeLevels: [UInt8] = [0, 95, 135, 175, 215, 255]

    /// xterm's default colours for ANSI 0–15.
    private static let ansiColors: [RGB] = [
        RGB(0, 0, 0), RGB(205, 0, 0), RGB(0, 205, 0), RGB(205, 205, 0),
        RGB(0, 0, 238), RGB(205, 0, 205), RGB(0, 205, 205), RGB(229, 229, 229),
        RGB(127, 127, 127), RGB(255, 0, 0), RGB(0, 255, 0), RGB(255, 255, 0),
        RGB(92, 92, 255), RGB(255, 0, 255), RGB(0, 255, 255), RGB(255, 255, 255),
    ]

    private static func cubeIndex(_ v: UInt8) -> Int {
        v < 48 ? 0 : v < 115 ? 1 : (Int(v) - 35) / 40
    }

    private static func nearest(_ rgb: RGB, among count: Int) -> Int {
        var best = 0
        var bestDistance = Int.max
        for i in 0..<count {
            let d = distance(rgb, ansiColors[i])
            if d < bestDistance {
                best = i
                bestDistance = d
            }
        }
        return best
    }

    private static func distance(_ a: RGB, _ b: RGB) -> Int {
        let dr = Int(a.r) - Int(b.r), dg = Int(a.g) - Int(b.g), db = Int(a.b) - Int(b.b)
        return dr * dr + dg * dg + db * db
    }
}
