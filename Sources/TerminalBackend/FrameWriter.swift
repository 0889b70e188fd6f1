import WizardUI

/// The control sequences of one terminal, as its terminfo entry gives them (`Terminal` reads
/// them with ncurses), or as tests give them.
public struct TerminalSequences {
    /// `cup`: the cursor to (row, column), both from 0.
    public var moveTo: (_ row: Int, _ column: Int) -> [UInt8]
    /// `cub1`: the cursor one column left (empty where the terminal has none).
    public var left: [UInt8]
    /// `clear`: the whole screen blank, the cursor home.
    public var clear: [UInt8]
    /// `sgr0`: no attribute, the terminal's own colours.
    public var reset: [UInt8]
    /// `bold`, `smul`, `rev`, `dim` (empty where the terminal has none).
    public var bold: [UInt8]
    public var underline: [UInt8]
    public var reverse: [UInt8]
    public var dim: [UInt8]
    /// `setaf` / `setab` with a colour number (from `Terminal.colorNumber`, never -1).
    public var foreground: (Int32) -> [UInt8]
    public var background: (Int32) -> [UInt8]
    /// `op`: both colours back to the terminal's own (empty: `reset` is used instead).
    public var defaultColors: [UInt8]
    /// `initc`: palette slot (`.redefined` depth) to an exact colour, in 0…1000 a component.
    public var setPaletteColor: ((Int32, Int32, Int32, Int32) -> [UInt8])?
    /// Whether the bottom-right cell can be written without the screen scrolling: the
    /// terminal has no automatic margins, or wraps only at the next character (`xenl`).
    public var writesBottomRightCell: Bool

    public init(moveTo: @escaping (Int, Int) -> [UInt8], left: [UInt8], clear: [UInt8], reset: [UInt8], bold: [UInt8],
                underline: [UInt8], reverse: [UInt8], dim: [UInt8], foreground: @escaping (Int32) -> [UInt8],
                background: @escaping (Int32) -> [UInt8], defaultColors: [UInt8],
                setPaletteColor: ((Int32, Int32, Int32, Int32) -> [UInt8])?, writesBottomRightCell: Bool) {
        self.moveTo = moveTo
        self.left = left
        self.clear = clear
        self.reset = reset
        self.bold = bold
        self.underline = underline
        self.reverse = reverse
        self.dim = dim
        self.foreground = foreground
        self.background = background
        self.defaultColors = defaultColors
        self.setPaletteColor = setPaletteColor
        self.writesBottomRightCell = writesBottomRightCell
    }

    /// What `xterm-256color` says (ECMA-48 with the 256-colour extension), for tests.
    public static var xterm256: TerminalSequences {
        TerminalSequences(
            moveTo: { Array("\u{1B}[\($0 + 1);\($1 + 1)H".utf8) }, left: [0x08],
            clear: Array("\u{1B}[H\u{1B}[2J".utf8), reset: Array("\u{1B}(B\u{1B}[m".utf8),
            bold: Array("\u{1B}[1m".utf8), underline: Array("\u{1B}[4m".utf8), reverse: Array("\u{1B}[7m".utf8),
            dim: Array("\u{1B}[2m".utf8),
            foreground: { n in Array((n < 8 ? "\u{1B}[3\(n)m" : n < 16 ? "\u{1B}[9\(n - 8)m" : "\u{1B}[38;5;\(n)m").utf8) },
            background: { n in Array((n < 8 ? "\u{1B}[4\(n)m" : n < 16 ? "\u{1B}[10\(n - 8)m" : "\u{1B}[48;5;\(n)m").utf8) },
            defaultColors: Array("\u{1B}[39;49m".utf8),
            setPaletteColor: nil, writesBottomRightCell: true)
    }
}

/// Turns frames into the bytes a terminal needs to show them, writing only the cells that
/// changed (`ScreenDiff`) and remembering between frames where the cursor stands and which
/// attributes and colours are on: a key typed where the caret is costs the character itself,
/// not a cursor move and a set of attributes each time. Pure, so what a key costs on the wire is
/// tested in-process; `Terminal` writes the bytes.
public struct FrameWriter {
    public let sequences: TerminalSequences
    public let depth: ColorDepth
    /// Whether -1 (the terminal's own colour) may be used; else white on black stands for it.
    public let defaultsAllowed: Bool

    /// Where the terminal's cursor is; nil when not known (after writing the last column).
    private var cursor: (row: Int, column: Int)?
    /// The attributes and colour numbers the terminal draws with now; nil when not known.
    private var pen: Pen?
    /// Whether the screen is blank in the terminal's own colours (just cleared).
    private var screenIsBlank: Bool
    private var slots = PaletteSlots()
    /// Whether a palette slot has been set (so the terminal's palette must be given back).
    public private(set) var redefinedPalette = false
    /// The style the pen was last set for (a cheap check before working out colour numbers).
    private var lastStyle: CellStyle?
    /// Each style's pen, and each colour number's sequences, worked out once. A screen has a
    /// few dozen: lists searched in order cost less than dictionaries (and their set-up).
    private var pens: [(style: CellStyle, pen: Pen)] = []
    private var foregrounds: [(number: Int32, bytes: [UInt8])] = []
    private var backgrounds: [(number: Int32, bytes: [UInt8])] = []

    private struct Pen: Equatable {
        var attrs: TextAttributes
        var fg: Int32
        var bg: Int32
    }

    /// `screenIsBlank`: the terminal has just been cleared (ncurses does that as it starts), so
    /// the first frame need not clear it again.
    public init(sequences: TerminalSequences, depth: ColorDepth, defaultsAllowed: Bool = true, screenIsBlank: Bool = false) {
        self.sequences = sequences
        self.depth = depth
        self.defaultsAllowed = defaultsAllowed
        self.screenIsBlank = screenIsBlank
    }

    /// Forgets what the terminal shows and how it is set (something else wrote to it).
    public mutating func forget() {
        cursor = nil
        pen = nil
        lastStyle = nil
        screenIsBlank = false
    }

    /// The bytes that change the screen from the frame `diff` was made from to `buffer`, and
    /// put the cursor at `cursor` (a caret; nil leaves it where the writing ended, hidden).
    public mutating func bytes(for buffer: Buffer, diff: ScreenDiff, cursor target: (x: Int, y: Int)?) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(diff.clearsScreen ? buffer.width * buffer.height * 2 : 64)
        if diff.clearsScreen {
            if !screenIsBlank {
                out += sequences.reset
                out += sequences.clear
                pen = Pen(attrs: [], fg: -1, bg: -1)
                lastStyle = nil
            }
            cursor = nil
        }
        screenIsBlank = false
        let lastRow = diff.rows - 1
        var lastWide = (cell: Cell(""), width: 0)
        for span in diff.spans {
            var x = span.columns.lowerBound
            while x < span.columns.upperBound {
                let cell = buffer[x, span.row]
                // Most cells are one ASCII character: no width to look up, nothing to replace.
                let ascii = cell.printableASCII
                var width = 1
                if ascii == 0 {
                    // Rules and box sides repeat one character along a row.
                    if !cell.sameGrapheme(as: lastWide.cell) { lastWide = (cell, TextWidth.of(cell.text)) }
                    width = lastWide.width
                }
                var replaced = false
                if ascii != 0 {
                } else if cell.isContinuation {
                    // The right half of a wide character, drawn with its left half.
                    if x > 0, TextWidth.of(buffer[x - 1, span.row].text) == 2 {
                        x += 1
                        continue
                    }
                    replaced = true
                } else if width == 2, x + 1 >= diff.columns {
                    replaced = true  // a wide character cut by the terminal's edge
                } else if width == 0 || cell.text.unicodeScalars.first.map(Self.isControl) ?? true {
                    replaced = true  // never let a control character move the cursor
                }
                if replaced { width = 1 }
                if span.row == lastRow, x + width >= diff.columns, !sequences.writesBottomRightCell {
                    x += width
                    continue
                }
                move(to: span.row, x, into: &out)
                if lastStyle != cell.style {
                    setPen(for: cell.style, into: &out)
                    lastStyle = cell.style
                }
                if ascii != 0 {
                    out.append(ascii)
                } else if replaced {
                    out.append(0x20)
                } else if cell.text.unicodeScalars.count <= 5 {
                    out.append(contentsOf: cell.text.utf8)
                } else {
                    // A spacing character and up to four combining marks, as a terminal keeps.
                    for scalar in cell.text.unicodeScalars.prefix(5) { out.append(contentsOf: String(scalar).utf8) }
                }
                x += width
                cursor = x < diff.columns ? (span.row, x) : nil
            }
        }
        if let target, target.x >= 0, target.y >= 0, target.x < diff.columns, target.y < diff.rows,
           cursor == nil || cursor! != (target.y, target.x) {
            move(to: target.y, target.x, into: &out)
            cursor = (target.y, target.x)
        }
        // The pen follows the caret: set for the text before it, which is what the next key
        // typed there is drawn in, so that key costs its character alone.
        if let target, target.x > 0, target.x <= diff.columns, target.y >= 0, target.y < diff.rows {
            let style = buffer[target.x - 1, target.y].style
            if lastStyle != style {
                setPen(for: style, into: &out)
                lastStyle = style
            }
        }
        return out
    }

    /// The cursor to (row, column) from where it stands: nothing when it is there, one column
    /// back by `cub1` (a caret moved left), else `cup`.
    private func move(to row: Int, _ column: Int, into out: inout [UInt8]) {
        if let c = cursor, c.row == row {
            if c.column == column { return }
            if c.column == column + 1, !sequences.left.isEmpty {
                out += sequences.left
                return
            }
        }
        out += sequences.moveTo(row, column)
    }

    /// The escape sequences that change the terminal's pen to `style`, only what differs.
    private mutating func setPen(for style: CellStyle, into out: inout [UInt8]) {
        let want: Pen
        if let known = pens.first(where: { $0.style == style }) {
            want = known.pen
        } else {
            want = Pen(attrs: style.attrs, fg: number(style.fg, into: &out, background: false),
                       bg: number(style.bg, into: &out, background: true))
            pens.append((style, want))
        }
        if pen == want { return }
        var now = pen ?? Pen(attrs: [], fg: -1, bg: -1)
        // Attributes only go off all at once (sgr0), which also gives back the default colours;
        // a pen not known starts from there too.
        if pen == nil || !now.attrs.isSubset(of: want.attrs) {
            out += sequences.reset
            now = Pen(attrs: [], fg: -1, bg: -1)
        }
        if (want.fg == -1 && now.fg != -1) || (want.bg == -1 && now.bg != -1) {
            if sequences.defaultColors.isEmpty {
                out += sequences.reset
                now = Pen(attrs: [], fg: -1, bg: -1)
            } else {
                out += sequences.defaultColors
                now.fg = -1
                now.bg = -1
            }
        }
        let on = want.attrs.subtracting(now.attrs)
        if on.contains(.bold) { out += sequences.bold }
        if on.contains(.underline) { out += sequences.underline }
        if on.contains(.reverse) { out += sequences.reverse }
        if on.contains(.dim) { out += sequences.dim }
        if want.fg != now.fg { out += foreground(want.fg) }
        if want.bg != now.bg { out += background(want.bg) }
        pen = want
    }

    private mutating func foreground(_ n: Int32) -> [UInt8] {
        if let known = foregrounds.first(where: { $0.number == n }) { return known.bytes }
        let made = sequences.foreground(n)
        foregrounds.append((n, made))
        return made
    }

    private mutating func background(_ n: Int32) -> [UInt8] {
        if let known = backgrounds.first(where: { $0.number == n }) { return known.bytes }
        let made = sequences.background(n)
        backgrounds.append((n, made))
        return made
    }

    /// The colour number for `color` at this depth (-1: the terminal's own). At `.redefined` a
    /// 24-bit colour gets a palette slot of its own, set exactly the first time it is drawn.
    private mutating func number(_ color: TermColor, into out: inout [UInt8], background: Bool) -> Int32 {
        var n = Terminal.colorNumber(color, depth: depth)
        if depth == .redefined, let set = sequences.setPaletteColor {
            var rgb: RGB?
            switch color {
            case .rgb(let c): rgb = c
            case .ansi(let a) where a >= 16: rgb = Palette.rgb(Int(a))
            default: rgb = nil
            }
            if let rgb {
                let (slot, isNew) = slots.slot(for: rgb)
                if isNew {
                    let c = PaletteSlots.scaled(rgb)
                    out += set(slot, c.r, c.g, c.b)
                    redefinedPalette = true
                }
                n = slot
            }
        }
        return defaulted(n, background: background)
    }

    private func defaulted(_ n: Int32, background: Bool) -> Int32 {
        guard n < 0, !defaultsAllowed, depth != .none else { return n }
        return background ? 0 : 7
    }

    private static func isControl(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (0x7F..<0xA0).contains(s.value)
    }
}
