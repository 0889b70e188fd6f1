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

    /// Where each line starts and ends in `text` (character offsets), the line breaks and the
    /// spaces consumed by a break left out. `width(i)` is the width of line `i`.
    public static func ranges(_ text: [Character], width: (Int) -> Int, break mode: Break = .words) -> [Range<Int>] {
        var out: [Range<Int>] = []
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
                    out.append(p..<lineEnd)
                    p = lineEnd
                    break
                }
                if mode != .anywhere {
                    if text[n] == " " {
                        out.append(p..<n)
                        p = n + 1
                        continue
                    }
                    if let space = text[(p + 1)..<n].lastIndex(of: " ") {
                        out.append(p..<space)
                        p = space + 1
                        continue
                    }
                    if mode == .wordsKeepingLong {
                        let wordEnd = text[n..<lineEnd].firstIndex(of: " ") ?? lineEnd
                        out.append(p..<wordEnd)
                        p = wordEnd < lineEnd ? wordEnd + 1 : lineEnd
                        if p == lineEnd { break }
                        continue
                    }
                }
                out.append(p..<n)
                p = n
            } while p < lineEnd
            guard lineEnd < text.count else { return out }
            start = lineEnd + 1
        }
    }

    /// `text` as lines of at most `width` cells.
    public static func lines(_ text: String, width: Int, break mode: Break = .words) -> [String] {
        let chars = Array(text)
        return ranges(chars, width: { _ in width }, break: mode).map { String(chars[$0]) }
    }

    /// `text` as lines of at most `width` cells with `first` before the first line and `rest`
    /// before the others (a message's label and its indent).
    public static func lines(_ text: String, width: Int, first: String, rest: String, break mode: Break = .words) -> [String] {
        let chars = Array(text)
        let firstWidth = TextWidth.of(first), restWidth = TextWidth.of(rest)
        return ranges(chars, width: { $0 == 0 ? width - firstWidth : width - restWidth }, break: mode).enumerated().map {
            ($0.offset == 0 ? first : rest) + String(chars[$0.element])
        }
    }
}
