import Synchronization

/// The one text wrapper, by display width: every form, box, dialog and plain-mode message
/// breaks its text into lines here.
///
/// Lines end at line breaks, and where the next character would pass the width: after the
/// last space in reach (that space is consumed by the break), or — `cut` — anywhere. A word
/// longer than a whole line is cut there too, unless `long` is `.keep` (a URL in plain mode
/// stays whole on a line of its own).
public enum Wrap {
    public enum Break: Sendable {
        /// Between words; a word longer than the line is cut.
        case words
        /// Between words; a word longer than the line keeps a line of its own, whole.
        case wordsKeepingLong
        /// After exactly as many characters as fit (a URL in a box).
        case anywhere
    }

    /// A line's characters, `lowerBound..<upperBound`. (Not a `Range`: an array of ranges has
    /// the runtime check, the first time, that its bound is Comparable, by a scan of every
    /// conformance in the program.)
    public struct Line: Equatable, Sendable {
        public let lowerBound: Int
        public let upperBound: Int

        init(_ lowerBound: Int, _ upperBound: Int) {
            self.lowerBound = lowerBound
            self.upperBound = upperBound
        }

        public var range: Range<Int> { lowerBound..<upperBound }
    }

    /// Where each line starts and ends in `text` (character offsets), the line breaks and the
    /// spaces consumed by a break left out. `width(i)` is the width of line `i`.
    public static func ranges(_ text: [Character], width: (Int) -> Int, break mode: Break = .words) -> [Line] {
        ranges(codes(text), width: width, break: mode)
    }

    /// What the wrapper knows of a character: its width in the low bits, and these.
    private static let space: UInt8 = 0x10, lineBreak: UInt8 = 0x20, widthBits: UInt8 = 0x0F

    private static func codes(_ text: [Character]) -> [UInt8] {
        text.map { c in c == "\n" ? lineBreak : c == " " ? space | 1 : UInt8(TextWidth.of(c)) }
    }

    /// `ranges` from the bytes of text that is all printable ASCII and line breaks (a byte a
    /// character, of one cell); nil for any other text.
    static func ranges(ascii text: String, width: Int, break mode: Break = .words) -> [Line]? {
        asciiCodes(text).map { ranges($0, width: { _ in width }, break: mode) }
    }

    /// The codes of text that is all printable ASCII and line breaks (nearly every message), a
    /// byte a character: nil for any other text.
    private static func asciiCodes(_ text: String) -> [UInt8]? {
        var codes: [UInt8] = []
        codes.reserveCapacity(text.utf8.count)
        for b in text.utf8 {
            switch b {
            case 0x0A: codes.append(lineBreak)
            case 0x20: codes.append(space | 1)
            case 0x21...0x7E: codes.append(1)
            default: return nil
            }
        }
        return codes
    }

    private static func ranges(_ t: [UInt8], width: (Int) -> Int, break mode: Break) -> [Line] {
        var out: [Line] = []
        var start = 0
        while true {
            let lineEnd = t[start...].firstIndex { $0 & lineBreak != 0 } ?? t.count
            var p = start
            repeat {
                let w = max(1, width(out.count))
                // As many characters as fit.
                var n = p, cells = 0
                while n < lineEnd, cells + Int(t[n] & widthBits) <= w {
                    cells += Int(t[n] & widthBits)
                    n += 1
                }
                if n == p, n < lineEnd { n += 1 }  // a character wider than the line still goes somewhere
                if n >= lineEnd {
                    out.append(Line(p, lineEnd))
                    p = lineEnd
                    break
                }
                if mode != .anywhere {
                    if t[n] & space != 0 {
                        out.append(Line(p, n))
                        p = n + 1
                        continue
                    }
                    if let blank = t[(p + 1)..<n].lastIndex(where: { $0 & space != 0 }) {
                        out.append(Line(p, blank))
                        p = blank + 1
                        continue
                    }
                    if mode == .wordsKeepingLong {
                        let wordEnd = t[n..<lineEnd].firstIndex { $0 & space != 0 } ?? lineEnd
                        out.append(Line(p, wordEnd))
                        p = wordEnd < lineEnd ? wordEnd + 1 : lineEnd
                        if p == lineEnd { break }
                        continue
                    }
                }
                out.append(Line(p, n))
                p = n
            } while p < lineEnd
            guard lineEnd < t.count else { return out }
            start = lineEnd + 1
        }
    }

    /// The lines of `text` for line widths `width(i)`, each made into a string by `make`.
    private static func wrap(_ text: String, width: (Int) -> Int, break mode: Break,
                             _ make: (Int, String) -> String) -> [String] {
        if let codes = asciiCodes(text) {
            let bytes = Array(text.utf8)
            return ranges(codes, width: width, break: mode).enumerated().map {
                make($0.offset, String(decoding: bytes[$0.element.range], as: UTF8.self))
            }
        }
        let chars = Array(text)
        return ranges(codes(chars), width: width, break: mode).enumerated().map {
            make($0.offset, String(characters: chars[$0.element.range]))
        }
    }

    /// `text` as lines of at most `width` cells.
    public static func lines(_ text: String, width: Int, break mode: Break = .words) -> [String] {
        if let known = recent.withLock({ $0.lines(text, width, mode) }) { return known }
        let lines = wrap(text, width: { _ in width }, break: mode) { $1 }
        recent.withLock { $0.keep(text, width, mode, lines) }
        return lines
    }

    /// The last texts wrapped: a frame wraps the same notes and findings at every key.
    private static let recent = Mutex(Recent())

    private struct Recent {
        private var entries: [(text: String, width: Int, mode: Break, lines: [String])] = []
        private var next = 0

        func lines(_ text: String, _ width: Int, _ mode: Break) -> [String]? {
            entries.first { $0.width == width && $0.mode == mode && $0.text == text }?.lines
        }

        mutating func keep(_ text: String, _ width: Int, _ mode: Break, _ lines: [String]) {
            if entries.count < 16 {
                entries.append((text, width, mode, lines))
            } else {
                entries[next] = (text, width, mode, lines)
                next = (next + 1) % entries.count
            }
        }
    }

    /// `text` as lines of at most `width` cells with `first` before the first line and `rest`
    /// before the others (a message's label and its indent).
    public static func lines(_ text: String, width: Int, first: String, rest: String, break mode: Break = .words) -> [String] {
        let firstWidth = TextWidth.of(first), restWidth = TextWidth.of(rest)
        return wrap(text, width: { $0 == 0 ? width - firstWidth : width - restWidth }, break: mode) {
            ($0 == 0 ? first : rest) + $1
        }
    }
}

extension String {
    /// The characters as a string. (The standard library's `String(_:)` of a sequence is generic
    /// code it cannot specialize for a caller in another module: it asks the runtime for the
    /// sequence's associated types, on the way to the first frame and at every key.)
    init(characters: ArraySlice<Character>) {
        self.init()
        for c in characters { append(c) }
    }
}
