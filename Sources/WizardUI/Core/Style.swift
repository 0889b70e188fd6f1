/// A 24-bit colour; the terminal backend maps it to what the terminal can show.
public struct RGB: Hashable, Sendable {
    public var r: UInt8, g: UInt8, b: UInt8
    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    /// Parses `#rrggbb`; nil for anything else.
    public init?(hex: String) {
        guard hex.count == 7, hex.first == "#", let v = UInt32(hex.dropFirst(), radix: 16) else { return nil }
        self.init(UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF))
    }

    public var hex: String {
        let digits = Array("0123456789abcdef")
        return "#" + [r, g, b].map { "\(digits[Int($0 >> 4)])\(digits[Int($0 & 0xF)])" }.joined()
    }
}

public enum TermColor: Hashable, Sendable {
    /// The terminal's own foreground or background.
    case terminalDefault
    case rgb(RGB)
    /// One of the 16 ANSI colours, for themes that follow the terminal's palette.
    case ansi(UInt8)
}

public struct TextAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = TextAttributes(rawValue: 1)
    public static let underline = TextAttributes(rawValue: 2)
    public static let reverse = TextAttributes(rawValue: 4)
    public static let dim = TextAttributes(rawValue: 8)
}

/// How a cell looks.
public struct CellStyle: Hashable, Sendable {
    public var fg: TermColor
    public var bg: TermColor
    public var attrs: TextAttributes

    public init(fg: TermColor = .terminalDefault, bg: TermColor = .terminalDefault, attrs: TextAttributes = []) {
        self.fg = fg
        self.bg = bg
        self.attrs = attrs
    }

    public static let plain = CellStyle()

    public func with(_ a: TextAttributes) -> CellStyle {
        var s = self
        s.attrs.formUnion(a)
        return s
    }

    public func on(_ bg: TermColor) -> CellStyle {
        var s = self
        s.bg = bg
        return s
    }
}
