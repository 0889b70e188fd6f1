import ConnectorKit

/// Draws a screen — the same buffer of cells the terminal shows — as an SVG picture in the
/// theme's colours, for documentation and demos (`connector-wizard prompt DIR --svg FILE`).
///
/// The picture is a grid of cells: one rectangle per run of cells with the same background,
/// and one `<text>` per run of glyphs with the same look, each glyph placed at its own cell (so
/// a wide character takes two cells and a fallback font cannot shift the rest of the line).
/// The cursor is not drawn. The same buffer and theme always give the same bytes.
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

        // Text: one element per run of glyphs of one look, each glyph at its cell.
        for y in 0..<buffer.height {
            let baseline = num(Double(y) * m.cellHeight + m.baseline)
            var x = 0
            while x < buffer.width {
                let cell = buffer[x, y]
                let look = TextLook(cell.style, defaults)
                // Blanks draw nothing, unless underlined (an input box without colour); full
                // blocks were drawn as backgrounds.
                if cell.isContinuation || (cell.text == " " && !look.underline) || cell.text == fullBlock {
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
                    guard TextLook(next.style, defaults) == look, isSimple(next.text), next.text != fullBlock else { break }
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
