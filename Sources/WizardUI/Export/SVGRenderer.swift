import ConnectorKit

/// Draws a screen — the same buffer of cells the terminal shows — as an SVG picture in the
/// theme's colours, for documentation and demos (`connector-wizard prompt DIR --svg FILE`).
///
/// The picture is a grid of cells: one rectangle per run of cells with the same background,
/// and one `<text>` per run of glyphs with the same look, each glyph placed at its own cell (so
/// a wide character takes two cells and a fallback font cannot shift the rest of the line).
/// Box-drawing characters are drawn as lines that join from cell to cell, as a terminal draws
/// them (as text, a box's sides would come out dashed). The cursor is not drawn. The same buffer and theme always give the same bytes.
public enum SVGRenderer {
    /// The size of a cell and where text sits in it, in SVG user units (pixels).
    public struct Metrics: Equatable, Sendable {
        public var cellWidth = 8.4
        public var cellHeight = 18.0
        public var fontSize = 14.0
        /// From the top of a cell to the text's baseline.
        public var baseline = 13.0
        /// A margin around the cells in the page's colour, as a terminal window has.
        public var padding = 8.0
        public init() {}
    }

    /// The terminal's own foreground and background, for `.terminalDefault`.
    public struct DefaultColors: Equatable, Sendable {
        public var foreground: RGB
        public var background: RGB
        public init(foreground: RGB, background: RGB) {
            self.foreground = foreground
            self.background = background
        }

        /// Black on white, as xterm starts.
        public static let light = DefaultColors(foreground: RGB(0x00, 0x00, 0x00), background: RGB(0xff, 0xff, 0xff))
        /// xterm's light grey on black.
        public static let dark = DefaultColors(foreground: RGB(0xe5, 0xe5, 0xe5), background: RGB(0x00, 0x00, 0x00))

        /// The theme's own `text` and `background` where they are colours. A theme that leaves
        /// them to the terminal gets a light terminal, or a dark one when its panels are ANSI
        /// black (a theme made for the usual dark terminal).
        public static func of(_ theme: Theme) -> DefaultColors {
            let darkPanels = [theme.surface, theme.editable].contains(.ansi(0))
            var colors = darkPanels ? dark : light
            if case .rgb(let bg) = theme.background { colors.background = bg }
            if case .rgb(let fg) = theme.text { colors.foreground = fg }
            return colors
        }
    }

    public static let fontFamily = "DejaVu Sans Mono, Menlo, Consolas, monospace"

    /// xterm's 16 colours, for `.ansi(n)`.
    public static let ansiPalette: [RGB] = [
        RGB(0x00, 0x00, 0x00), RGB(0xcd, 0x00, 0x00), RGB(0x00, 0xcd, 0x00), RGB(0xcd, 0xcd, 0x00),
        RGB(0x00, 0x00, 0xee), RGB(0xcd, 0x00, 0xcd), RGB(0x00, 0xcd, 0xcd), RGB(0xe5, 0xe5, 0xe5),
        RGB(0x7f, 0x7f, 0x7f), RGB(0xff, 0x00, 0x00), RGB(0x00, 0xff, 0x00), RGB(0xff, 0xff, 0x00),
        RGB(0x5c, 0x5c, 0xff), RGB(0xff, 0x00, 0xff), RGB(0x00, 0xff, 0xff), RGB(0xff, 0xff, 0xff),
    ]

    /// The SVG document for `buffer` drawn in `theme`; `title` becomes the picture's `<title>`
    /// (what a screen reader says for it).
    public static func render(_ buffer: Buffer, theme: Theme, title: String? = nil, metrics m: Metrics = Metrics(),
                              defaults: DefaultColors? = nil) -> String {
        let defaults = defaults ?? DefaultColors.of(theme)
        let width = Double(buffer.width) * m.cellWidth + 2 * m.padding
        let height = Double(buffer.height) * m.cellHeight + 2 * m.padding
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(num(width))" height="\(num(height))" \
            viewBox="0 0 \(num(width)) \(num(height))" font-family="\(fontFamily)" font-size="\(num(m.fontSize))" \
            xml:space="preserve">

            """
        if let title { out += "<title>\(escape(title))</title>\n" }
        // The page, framed in the theme's border colour so that it stands apart from a page of
        // the same colour around the picture.
        let frame = rgb(theme.border, default: defaults.foreground)
        out += "<rect x=\"0.5\" y=\"0.5\" width=\"\(num(width - 1))\" height=\"\(num(height - 1))\" rx=\"6\" "
            + "fill=\"\(defaults.background.hex)\" stroke=\"\(frame.hex)\" stroke-opacity=\"0.5\"/>\n"
        out += "<g transform=\"translate(\(num(m.padding)) \(num(m.padding)))\">\n"

        // Backgrounds: one rectangle per run of cells of one colour, the page's own left out.
        for y in 0..<buffer.height {
            var x = 0
            while x < buffer.width {
                let bg = background(buffer[x, y], defaults)
                var end = x + 1
                while end < buffer.width, background(buffer[end, y], defaults) == bg { end += 1 }
                if bg != defaults.background {
                    out += "<rect x=\"\(num(Double(x) * m.cellWidth))\" y=\"\(num(Double(y) * m.cellHeight))\" "
                        + "width=\"\(num(Double(end - x) * m.cellWidth))\" height=\"\(num(m.cellHeight))\" fill=\"\(bg.hex)\"/>\n"
                }
                x = end
            }
        }

        // Box-drawing characters: lines from the cell's centre to its edges, so that they join
        // from cell to cell as in a terminal (a font's `│` is shorter than the line's height,
        // and would draw a box's sides dashed). One path per colour and weight, its straight
        // lines joined into runs.
        var strokes: [StrokeLook: [BoxGlyph.Segment]] = [:]
        var order: [StrokeLook] = []
        for y in 0..<buffer.height {
            for x in 0..<buffer.width {
                let cell = buffer[x, y]
                guard let glyph = BoxGlyph(cell.text) else { continue }
                let look = StrokeLook(color: colors(cell.style, defaults).fg, weight: glyph.weight,
                                      dim: cell.style.attrs.contains(.dim))
                if strokes[look] == nil { order.append(look) }
                strokes[look, default: []] += glyph.segments(x: Double(x) * m.cellWidth, y: Double(y) * m.cellHeight,
                                                             width: m.cellWidth, height: m.cellHeight)
            }
        }
        for look in order {
            let d = BoxGlyph.Segment.joined(strokes[look]!).map(\.path).joined(separator: " ")
            out += "<path d=\"\(d)\" fill=\"none\" stroke=\"\(look.color.hex)\" stroke-width=\"\(num(look.weight.strokeWidth))\" "
                + "stroke-linecap=\"square\"\(look.dim ? " stroke-opacity=\"0.6\"" : "")/>\n"
        }

        // Text: one element per run of glyphs of one look, each glyph at its cell.
        for y in 0..<buffer.height {
            let baseline = num(Double(y) * m.cellHeight + m.baseline)
            var x = 0
            while x < buffer.width {
                let cell = buffer[x, y]
                let look = TextLook(cell.style, defaults)
                // Blanks draw nothing, unless underlined (an input box without colour); full
                // blocks were drawn as backgrounds.
                if cell.isContinuation || (cell.text == " " && !look.underline) || cell.text == fullBlock || BoxGlyph(cell.text) != nil {
                    x += 1
                    continue
                }
                var glyphs: [(x: Int, text: String)] = [(x, cell.text)]
                var end = x + 1
                // The run goes on while the look stays the same. A single blank between words
                // belongs to it; two blanks, or blanks at its end, do not. A glyph of several code
                // points (a combining mark) stands alone, so each position in `x` is one glyph's.
                var blanks: [(x: Int, text: String)] = []
                while isSimple(cell.text), end < buffer.width {
                    let next = buffer[end, y]
                    if next.isContinuation { end += 1; continue }
                    guard TextLook(next.style, defaults) == look, isSimple(next.text), next.text != fullBlock,
                          BoxGlyph(next.text) == nil else { break }
                    if next.text == " " && !look.underline {
                        if !blanks.isEmpty { break }
                        blanks.append((end, " "))
                    } else {
                        glyphs += blanks + [(end, next.text)]
                        blanks = []
                    }
                    end += 1
                }
                end -= blanks.count
                let xs = glyphs.map { num(Double($0.x) * m.cellWidth) }.joined(separator: " ")
                out += "<text x=\"\(xs)\" y=\"\(baseline)\"\(look.attributes)>"
                    + escape(glyphs.map(\.text).joined()) + "</text>\n"
                x = end
            }
        }
        out += "</g>\n</svg>\n"
        return out
    }

    /// What a run of text shares.
    struct TextLook: Equatable {
        var fill: RGB
        var bold: Bool
        var underline: Bool
        var dim: Bool

        init(_ style: CellStyle, _ defaults: DefaultColors) {
            fill = SVGRenderer.colors(style, defaults).fg
            bold = style.attrs.contains(.bold)
            underline = style.attrs.contains(.underline)
            dim = style.attrs.contains(.dim)
        }

        var attributes: String {
            var a = " fill=\"\(fill.hex)\""
            if bold { a += " font-weight=\"bold\"" }
            if underline { a += " text-decoration=\"underline\"" }
            if dim { a += " fill-opacity=\"0.6\"" }
            return a
        }
    }

    /// What a run of box-drawing lines shares.
    struct StrokeLook: Hashable {
        var color: RGB
        var weight: BoxGlyph.Weight
        var dim: Bool
    }

    /// `█` fills its whole cell in a terminal (the colour swatch), so it is drawn as a
    /// rectangle: a glyph would leave gaps above and below, and differ from font to font.
    static let fullBlock = "\u{2588}"

    /// The colour a cell is filled with: its background, or its text colour for a full block.
    static func background(_ cell: Cell, _ defaults: DefaultColors) -> RGB {
        let c = colors(cell.style, defaults)
        return cell.text == fullBlock ? c.fg : c.bg
    }

    /// A cell's colours as drawn: defaults resolved, then reversed when asked.
    static func colors(_ style: CellStyle, _ defaults: DefaultColors) -> (fg: RGB, bg: RGB) {
        let fg = rgb(style.fg, default: defaults.foreground)
        let bg = rgb(style.bg, default: defaults.background)
        return style.attrs.contains(.reverse) ? (bg, fg) : (fg, bg)
    }

    static func rgb(_ color: TermColor, default d: RGB) -> RGB {
        switch color {
        case .terminalDefault: return d
        case .rgb(let c): return c
        case .ansi(let n): return ansiPalette[Int(n) % 16]
        }
    }

    /// One code point of the Basic Multilingual Plane: one position in an SVG `x` list in every
    /// renderer (those counting UTF-16 units and those counting code points).
    static func isSimple(_ text: String) -> Bool {
        let scalars = text.unicodeScalars
        return scalars.count == 1 && scalars.first!.value <= 0xFFFF
    }

    /// Text for XML: markup characters as entities; characters XML cannot hold as U+FFFD.
    public static func escape(_ text: String) -> String { Markup.escape(text) }

    /// A coordinate with at most two decimals and no trailing zeros: `8.4`, `16.8`, `18`.
    static func num(_ v: Double) -> String {
        let hundredths = Int((v * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let a = abs(hundredths)
        var s = sign + String(a / 100)
        let frac = a % 100
        if frac != 0 {
            s += frac % 10 == 0 ? ".\(frac / 10)" : (frac < 10 ? ".0\(frac)" : ".\(frac)")
        }
        return s
    }
}

/// A box-drawing character (U+2500…) as the lines it stands for: arms from the cell's centre to
/// the middle of its edges, straight or, for `╭╮╯╰`, turning with a rounded corner. Only the
/// characters whose lines are drawn here; any other is text.
struct BoxGlyph: Equatable {
    enum Weight: Hashable {
        case light, heavy, double

        var strokeWidth: Double {
            switch self {
            case .light: 1.2
            case .heavy: 2.4
            case .double: 1
            }
        }
    }

    struct Arms: OptionSet, Hashable {
        let rawValue: UInt8
        static let left = Arms(rawValue: 1), right = Arms(rawValue: 2), up = Arms(rawValue: 4), down = Arms(rawValue: 8)
    }

    var arms: Arms
    var weight: Weight
    var rounded = false

    init?(_ text: String) {
        guard let (arms, weight, rounded) = Self.table[text] else { return nil }
        self.arms = arms
        self.weight = weight
        self.rounded = rounded
    }

    static let table: [String: (Arms, Weight, Bool)] = [
        "─": ([.left, .right], .light, false), "━": ([.left, .right], .heavy, false), "═": ([.left, .right], .double, false),
        "│": ([.up, .down], .light, false), "┃": ([.up, .down], .heavy, false), "║": ([.up, .down], .double, false),
        "┌": ([.right, .down], .light, false), "┐": ([.left, .down], .light, false),
        "└": ([.right, .up], .light, false), "┘": ([.left, .up], .light, false),
        "├": ([.up, .down, .right], .light, false), "┤": ([.up, .down, .left], .light, false),
        "┬": ([.left, .right, .down], .light, false), "┴": ([.left, .right, .up], .light, false),
        "┼": ([.left, .right, .up, .down], .light, false),
        "╭": ([.right, .down], .light, true), "╮": ([.left, .down], .light, true),
        "╯": ([.left, .up], .light, true), "╰": ([.right, .up], .light, true),
        "╴": ([.left], .light, false), "╵": ([.up], .light, false), "╶": ([.right], .light, false), "╷": ([.down], .light, false),
    ]

    /// A piece of a line: straight across or down, or a rounded corner as path data.
    enum Segment: Equatable {
        case across(y: Double, from: Double, to: Double)
        case down(x: Double, from: Double, to: Double)
        case curve(String)

        var path: String {
            let n = SVGRenderer.num
            switch self {
            case .across(let y, let a, let b): return "M\(n(a)) \(n(y))H\(n(b))"
            case .down(let x, let a, let b): return "M\(n(x)) \(n(a))V\(n(b))"
            case .curve(let d): return d
            }
        }

        /// The segments with the straight ones that meet end to end joined into one: a box's
        /// side is one line, not one a cell.
        static func joined(_ list: [Segment]) -> [Segment] {
            func same(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 0.001 }
            var across: [(y: Double, from: Double, to: Double)] = []
            var down: [(x: Double, from: Double, to: Double)] = []
            var curves: [Segment] = []
            for s in list {
                switch s {
                case .across(let y, let a, let b): across.append((y, a, b))
                case .down(let x, let a, let b): down.append((x, a, b))
                case .curve: curves.append(s)
                }
            }
            var out: [Segment] = []
            for line in across.sorted(by: { ($0.y, $0.from) < ($1.y, $1.from) }) {
                if case .across(let y, let a, let b)? = out.last, same(y, line.y), same(b, line.from) {
                    out[out.count - 1] = .across(y: y, from: a, to: max(b, line.to))
                } else {
                    out.append(.across(y: line.y, from: line.from, to: line.to))
                }
            }
            for line in down.sorted(by: { ($0.x, $0.from) < ($1.x, $1.from) }) {
                if case .down(let x, let a, let b)? = out.last, same(x, line.x), same(b, line.from) {
                    out[out.count - 1] = .down(x: x, from: a, to: max(b, line.to))
                } else {
                    out.append(.down(x: line.x, from: line.from, to: line.to))
                }
            }
            return out + curves
        }
    }

    /// The lines of the cell at (`x`, `y`) of the given size: each arm reaches the cell's edge,
    /// where the next cell's arm begins.
    func segments(x: Double, y: Double, width w: Double, height h: Double) -> [Segment] {
        let n = SVGRenderer.num
        let cx = x + w / 2, cy = y + h / 2
        if rounded {
            // From the horizontal arm's edge to the vertical arm's, round through the centre.
            let r = min(w, h) / 2
            let hx = arms.contains(.left) ? x : x + w
            let sx = arms.contains(.left) ? cx - r : cx + r
            let vy = arms.contains(.up) ? y : y + h
            let sy = arms.contains(.up) ? cy - r : cy + r
            return [.curve("M\(n(hx)) \(n(cy))H\(n(sx))Q\(n(cx)) \(n(cy)) \(n(cx)) \(n(sy))V\(n(vy))")]
        }
        // Double lines: two strokes either side of the centre line.
        let offsets: [Double] = weight == .double ? [-1.5, 1.5] : [0]
        var out: [Segment] = []
        for o in offsets {
            if arms.contains(.left) || arms.contains(.right) {
                out.append(.across(y: cy + o, from: arms.contains(.left) ? x : cx, to: arms.contains(.right) ? x + w : cx))
            }
            if arms.contains(.up) || arms.contains(.down) {
                out.append(.down(x: cx + o, from: arms.contains(.up) ? y : cy, to: arms.contains(.down) ? y + h : cy))
            }
        }
        return out
    }
}
