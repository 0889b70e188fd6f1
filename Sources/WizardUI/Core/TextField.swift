/// A text field's value while it is edited: its text and its caret (in characters), and the
/// edits every form makes to it — the wizard's fields, the connection prompt's, its client
/// secret box and its test path. The forms keep the text where it belongs (the draft, the
/// connection's values) and edit it through this, so typing, the caret keys and pasting work
/// the same everywhere.
public struct TextField: Equatable, Sendable {
    public private(set) var text: String
    /// 0…`text.count`.
    public private(set) var caret: Int
    /// Whether the field holds several lines (Description); a one-line field never gets a
    /// line break.
    public let multiline: Bool
    /// The whole value is selected, as after Tab into a filled field of a browser form: typed or
    /// pasted text replaces it, Backspace and Delete erase it, and a caret key drops the
    /// selection (Left and Home to the start, Right and End to the end). Never set on an empty
    /// field.
    public private(set) var selected: Bool

    /// `caret` nil (or past the end) stands at the end.
    public init(_ text: String, caret: Int? = nil, multiline: Bool = false, selected: Bool = false) {
        self.text = text
        self.caret = min(max(0, caret ?? text.count), text.count)
        self.multiline = multiline
        self.selected = selected && !text.isEmpty
        if self.selected { self.caret = text.count }
    }

    public enum Edit: Equatable, Sendable {
        case left, right, home, end, backspace, deleteForward, clear
        /// A line break (Enter in a multi-line field).
        case newline
    }

    public mutating func apply(_ edit: Edit) {
        if selected {
            selected = false
            switch edit {
            case .left, .home:
                caret = 0
                return
            case .right, .end:
                caret = text.count
                return
            case .backspace, .deleteForward, .clear:
                text = ""
                caret = 0
                return
            case .newline:
                guard multiline else { return }
                text = ""
                caret = 0
            }
        }
        switch edit {
        case .left: caret = max(0, caret - 1)
        case .right: caret = min(text.count, caret + 1)
        case .home: caret = 0
        case .end: caret = text.count
        case .backspace:
            guard caret > 0 else { return }
            text.remove(at: text.index(text.startIndex, offsetBy: caret - 1))
            caret -= 1
        case .deleteForward:
            guard caret < text.count else { return }
            text.remove(at: text.index(text.startIndex, offsetBy: caret))
        case .clear:
            text = ""
            caret = 0
        case .newline:
            if multiline { insert("\n") }
        }
    }

    /// Typed or pasted text at the caret. Line breaks (CR LF, CR, LF) become one line break in a
    /// multi-line field; in a one-line field the lines are joined with a space. A tab is a space.
    public mutating func insert(_ typed: String) {
        let clean = Self.clean(typed, multiline: multiline)
        guard !clean.isEmpty else { return }
        if selected {
            selected = false
            text = ""
            caret = 0
        }
        // Typing at the end (nearly every key) appends: inserting goes through the standard
        // library's general replacement, a large stretch of code for one character.
        let at = text.index(text.startIndex, offsetBy: caret)
        if at == text.endIndex { text += clean } else { text.insert(contentsOf: clean, at: at) }
        caret += clean.count
    }

    static func clean(_ typed: String, multiline: Bool) -> String {
        // A typed key (nearly every call): nothing to change.
        if !typed.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0x09 }) { return typed }
        var lines: [String] = []
        var line = ""
        var previousCR = false
        for u in typed.unicodeScalars {
            if u == "\n", previousCR {
                previousCR = false
                continue
            }
            previousCR = u == "\r"
            if u == "\r" || u == "\n" {
                lines.append(line)
                line = ""
            } else {
                line.unicodeScalars.append(u == "\t" ? " " : u)
            }
        }
        lines.append(line)
        // Joined by hand: `joined(separator:)` is the standard library's unspecialized generic.
        var out = ""
        var first = true
        for l in lines where multiline || !l.isEmpty {
            if !first { out += multiline ? "\n" : " " }
            out += l
            first = false
        }
        return out
    }
}

/// Moving the highlight of a list (a choice's options, a popup): every form steps the same way,
/// wrapping around at the ends.
public enum ListStep {
    public static func moved(_ index: Int, by step: Int, count: Int) -> Int {
        guard count > 0 else { return 0 }
        return ((index + step) % count + count) % count
    }
}
