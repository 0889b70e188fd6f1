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
        var out: [Line] = []
        var start = 0
        while true {
            let lineEnd = text[start...].firstIndex(of: "\n") ?? text.count
            var p = start
            repeat {
                let w = max(1, width(out.count))
                // As many characters as fit.
                var n = p, cells = 0
                while n < lineEnd, cells + TextWidth.of(text[n]) <= w {
                    cells += TextWidth.of(text[n])
                    n += 1
                }
                if n == p, n < lineEnd { n += 1 }  // a character wider than the line still goes somewhere
                if n >= lineEnd {
                    out.append(Line(p, lineEnd))
                    p = lineEnd
                    break
                }
                if mode != .anywhere {
                    if text[n] == " " {
                        out.append(Line(p, n))
                        p = n + 1
                        continue
                    }
                    if let space = text[(p + 1)..<n].lastIndex(of: " ") {
                        out.append(Line(p, space))
                        p = space + 1
                        continue
                    }
                    if mode == .wordsKeepingLong {
                        let wordEnd = text[n..<lineEnd].firstIndex(of: " ") ?? lineEnd
                        out.append(Line(p, wordEnd))
                        p = wordEnd < lineEnd ? wordEnd + 1 : lineEnd
                        if p == lineEnd { break }
                        continue
                    }
                }
                out.append(Line(p, n))
                p = n
            } while p < lineEnd
            guard lineEnd < text.count else { return out }
            start = lineEnd + 1
        }
    }

    /// `text` as lines of at most `width` cells.
    public static func lines(_ text: String, width: Int, break mode: Break = .words) -> [String] {
        let chars = Array(text)
        return ranges(chars, width: { _ in width }, break: mode).map { String(characters: chars[$0.range]) }
    }

    /// `text` as lines of at most `width` cells with `first` before the first line and `rest`
    /// before the others (a message's label and its indent).
    public static func lines(_ text: String, width: Int, first: String, rest: String, break mode: Break = .words) -> [String] {
        let chars = Array(text)
        let firstWidth = TextWidth.of(first), restWidth = TextWidth.of(rest)
        return ranges(chars, width: { $0 == 0 ? width - firstWidth : width - restWidth }, break: mode).enumerated().map {
            ($0.offset == 0 ? first : rest) + String(characters: chars[$0.element.range])
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
