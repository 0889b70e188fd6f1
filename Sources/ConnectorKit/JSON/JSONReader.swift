/// Reads JSON from bytes into `JSONValue`, keeping key order.
///
/// Real connector files are not always strict JSON. Where the meaning is unambiguous the reader
/// accepts the file and records a warning: a UTF-8 byte-order mark, trailing commas, raw control
/// characters inside strings, bytes that are not UTF-8 (read as Windows-1252, as editors do),
/// Unicode spaces between values (a no-break or em space an editor put there),
/// duplicate object keys (the last one wins, as in every JSON reader). Anything else is an error
/// with a line and column.
public struct JSONReader {
    public struct Warning: Equatable, Sendable, CustomStringConvertible {
        public var line: Int
        public var column: Int
        public var message: String
        public var description: String { "line \(line), column \(column): \(message)" }
    }

    public struct SyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
        public var line: Int
        public var column: Int
        public var message: String
        public var description: String { "line \(line), column \(column): \(message)" }
    }

    public struct Result: Sendable {
        public var value: JSONValue
        public var warnings: [Warning]
        /// "\r\n" when most lines of the file end that way, else "\n".
        public var lineEnding: String
        public var hadByteOrderMark: Bool
        /// The indent of the file's first indented line (two spaces when it has none).
        public var indent: String
        /// Where each value stood in the bytes, when asked for (`keepSource`).
        public var source: JSONSource?
    }

    /// Reads a document. With `keepSource`, the result also remembers where each value stood,
    /// so that a writer can give back unchanged parts byte for byte.
    public static func read(_ bytes: [UInt8], keepSource: Bool = false) throws(SyntaxError) -> Result {
        var reader = JSONReader(bytes: bytes, keepSpans: keepSource)
        return try reader.readDocument()
    }

    public static func read(_ text: String) throws(SyntaxError) -> Result {
        try read(Array(text.utf8))
    }

    private let bytes: [UInt8]
    private var pos = 0
    private var warnings: [Warning] = []
    private var warnedKinds: Set<String> = []
    private var depth = 0
    private let keepSpans: Bool
    /// The spans of the values being read, one list per open container.
    private var spanStack: [[JSONSpan]] = [[]]

    private init(bytes: [UInt8], keepSpans: Bool) {
        self.bytes = bytes
        self.keepSpans = keepSpans
    }

    private mutating func readDocument() throws(SyntaxError) -> Result {
        var bom = false
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            pos = 3
            bom = true
            warn("starts with a UTF-8 byte-order mark", kind: "bom")
        }
        skipWhitespace()
        guard pos < bytes.count else { throw error("the file is empty") }
        let value = try readValue()
        skipWhitespace()
        if pos < bytes.count { throw error("unexpected \(describe(bytes[pos])) after the end of the document") }
        let source = keepSpans ? spanStack[0].first.map { JSONSource(bytes: bytes, value: value, span: $0) } : nil
        return Result(value: value, warnings: warnings, lineEnding: Self.lineEnding(of: bytes), hadByteOrderMark: bom,
                      indent: Self.indent(of: bytes), source: source)
    }

    /// The white space that starts the first indented line.
    static func indent(of bytes: [UInt8]) -> String {
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0A {
                var j = i + 1
                while j < bytes.count, bytes[j] == 0x20 || bytes[j] == 0x09 { j += 1 }
                if j > i + 1, j < bytes.count, bytes[j] != 0x0A, bytes[j] != 0x0D {
                    return String(decoding: bytes[(i + 1)..<j], as: UTF8.self)
                }
            }
            i += 1
        }
        return "  "
    }

    static func lineEnding(of bytes: [UInt8]) -> String {
        var crlf = 0
        var lf = 0
        var previous: UInt8 = 0
        for b in bytes where b == 0x0A || b == 0x0D {
            if b == 0x0A { if previous == 0x0D { crlf += 1 } else { lf += 1 } }
            previous = b
        }
        // `previous` only tracks CR/LF bytes, which is enough: CR LF are always adjacent.
        return crlf > lf ? "\r\n" : "\n"
    }

    // MARK: values

    private mutating func readValue() throws(SyntaxError) -> JSONValue {
        guard keepSpans else { return try readBareValue() }
        let start = pos
        spanStack.append([])
        let value = try readBareValue()
        let children = spanStack.removeLast()
        spanStack[spanStack.count - 1].append(JSONSpan(range: start..<pos, children: children))
        return value
    }

    private mutating func readBareValue() throws(SyntaxError) -> JSONValue {
        guard pos < bytes.count else { throw error("the file ends where a value was expected") }
        switch bytes[pos] {
        case UInt8(ascii: "{"): return try readObject()
        case UInt8(ascii: "["): return try readArray()
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try readNumber()
        default: throw error("unexpected \(describe(bytes[pos])) where a value was expected")
        }
    }

    private mutating func enter() throws(SyntaxError) {
        depth += 1
        if depth > 512 { throw error("nesting deeper than 512 levels") }
    }

    private mutating func readObject() throws(SyntaxError) -> JSONValue {
        let start = pos
        try enter()
        defer { depth -= 1 }
        pos += 1
        var object = JSONObject()
        var seen: Set<String> = []
        skipWhitespace()
        if peek(UInt8(ascii: "}")) { pos += 1; return .object(object) }
        while true {
            skipWhitespace()
            guard pos < bytes.count else { throw error("the object opened at \(location(of: start)) is never closed") }
            guard bytes[pos] == UInt8(ascii: "\"") else {
                throw error("unexpected \(describe(bytes[pos])) where a quoted key was expected")
            }
            let keyStart = pos
            let key = try readString()
            if !seen.insert(key).inserted {
                warn("duplicate key \"\(key)\" (the last one is used)", at: keyStart, kind: "dup:\(key)")
            }
            skipWhitespace()
            guard peek(UInt8(ascii: ":")) else { throw error("expected ':' after the key \"\(key)\"") }
            pos += 1
            skipWhitespace()
            let value = try readValue()
            object.appendMember(key, value)
            if keepSpans {
                let top = spanStack.count - 1
                spanStack[top][spanStack[top].count - 1].memberStart = keyStart
            }
            skipWhitespace()
            guard pos < bytes.count else { throw error("the object opened at \(location(of: start)) is never closed") }
            if bytes[pos] == UInt8(ascii: ",") {
                let comma = pos
                pos += 1
                skipWhitespace()
                if peek(UInt8(ascii: "}")) {
                    warn("trailing comma before '}'", at: comma, kind: "comma")
                    pos += 1
                    return .object(object)
                }
            } else if bytes[pos] == UInt8(ascii: "}") {
                pos += 1
                return .object(object)
            } else {
                throw error("expected ',' or '}' after the value of \"\(key)\", found \(describe(bytes[pos]))")
            }
        }
    }

    private mutating func readArray() throws(SyntaxError) -> JSONValue {
        let start = pos
        try enter()
        defer { depth -= 1 }
        pos += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if peek(UInt8(ascii: "]")) { pos += 1; return .array(items) }
        while true {
            skipWhitespace()
            items.append(try readValue())
            skipWhitespace()
            guard pos < bytes.count else { throw error("the array opened at \(location(of: start)) is never closed") }
            if bytes[pos] == UInt8(ascii: ",") {
                let comma = pos
                pos += 1
                skipWhitespace()
                if peek(UInt8(ascii: "]")) {
                    warn("trailing comma before ']'", at: comma, kind: "comma")
                    pos += 1
                    return .array(items)
                }
            } else if bytes[pos] == UInt8(ascii: "]") {
                pos += 1
                return .array(items)
            } else {
                throw error("expected ',' or ']' in the array, found \(describe(bytes[pos]))")
            }
        }
    }

    private mutating func readNumber() throws(SyntaxError) -> JSONValue {
        let start = pos
        if bytes[pos] == UInt8(ascii: "-") { pos += 1 }
        func digits(_ r: inout JSONReader) -> Int {
            let s = r.pos
            while r.pos < r.bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(r.bytes[r.pos]) { r.pos += 1 }
            return r.pos - s
        }
        guard digits(&self) > 0 else { throw error("a number needs digits") }
        if peek(UInt8(ascii: ".")) {
            pos += 1
            guard digits(&self) > 0 else { throw error("a number needs digits after '.'") }
        }
        if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
            pos += 1
            if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) { pos += 1 }
            guard digits(&self) > 0 else { throw error("a number needs digits in its exponent") }
        }
        return .number(String(decoding: bytes[start..<pos], as: UTF8.self))
    }

    private mutating func expectWord(_ word: String) throws(SyntaxError) {
        let w = word.utf8
        guard pos + w.count <= bytes.count, bytes[pos..<pos + w.count].elementsEqual(w) else {
            throw error("unexpected \(describe(bytes[pos])) where a value was expected")
        }
        pos += w.count
    }

    // MARK: strings

    private mutating func readString() throws(SyntaxError) -> String {
        let open = pos
        pos += 1
        let start = pos
        // Fast path: plain UTF-8 with no escapes, no control characters.
        while pos < bytes.count {
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") {
                if let s = String(validating: bytes[start..<pos], as: UTF8.self) {
                    pos += 1
                    return s
                }
                break
            }
            if b == UInt8(ascii: "\\") || b < 0x20 { break }
            pos += 1
        }
        pos = start
        var out: [UInt8] = []
        out.reserveCapacity(64)
        while true {
            guard pos < bytes.count else {
                throw error("the string opened at \(location(of: open)) is never closed", at: open)
            }
            let b = bytes[pos]
            switch b {
            case UInt8(ascii: "\""):
                pos += 1
                return decodeText(out, at: open)
            case UInt8(ascii: "\\"):
                pos += 1
                guard pos < bytes.count else { throw error("the file ends inside an escape") }
                let e = bytes[pos]
                pos += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try readHex4()
                    if (0xD800...0xDBFF).contains(scalar), pos + 1 < bytes.count,
                       bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") {
                        let save = pos
                        pos += 2
                        let low = try readHex4()
                        if (0xDC00...0xDFFF).contains(low) {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            pos = save
                        }
                    }
                    let u = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                default:
                    pos -= 1
                    throw error("invalid escape '\\\(describe(e, quoted: false))' in a string")
                }
            default:
                if b < 0x20 {
                    let name = b == 0x09 ? "a TAB" : b == 0x0A ? "a line break" : "a control character"
                    warn("\(name) stands raw inside a string (read as it is)", at: pos, kind: "ctl")
                }
                out.append(b)
                pos += 1
            }
        }
    }

    private mutating func readHex4() throws(SyntaxError) -> UInt32 {
        guard pos + 4 <= bytes.count else { throw error("the file ends inside a \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[pos]
            let d: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(b - UInt8(ascii: "A") + 10)
            default: throw error("\\u needs four hex digits")
            }
            v = v << 4 | d
            pos += 1
        }
        return v
    }

    /// Bytes that are not UTF-8 are read as Windows-1252, which is what such files were saved in.
    private mutating func decodeText(_ bytes: [UInt8], at offset: Int) -> String {
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        warn("a string is not valid UTF-8 (read as Windows-1252)", at: offset, kind: "utf8")
        var s = ""
        var i = 0
        while i < bytes.count {
            // Keep the valid UTF-8 runs; map each stray byte on its own.
            let lead = bytes[i]
            let len = lead < 0x80 ? 1 : lead >> 5 == 0x6 ? 2 : lead >> 4 == 0xE ? 3 : lead >> 3 == 0x1E ? 4 : 0
            if len > 0, i + len <= bytes.count, let part = String(validating: bytes[i..<i + len], as: UTF8.self) {
                s += part
                i += len
            } else {
                s.unicodeScalars.append(Self.windows1252(lead))
                i += 1
            }
        }
        return s
    }

    static func windows1252(_ b: UInt8) -> Unicode.Scalar {
        let high: [UInt32] = [
            0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
            0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
        ]
        if (0x80...0x9F).contains(b) { return Unicode.Scalar(high[Int(b - 0x80)]) ?? "\u{FFFD}" }
        return Unicode.Scalar(b)
    }

    // MARK: helpers

    private func peek(_ b: UInt8) -> Bool { pos < bytes.count && bytes[pos] == b }

    private mutating func skipWhitespace() {
        while pos < bytes.count {
            switch bytes[pos] {
            case 0x20, 0x09, 0x0A, 0x0D: pos += 1
            case 0xC2, 0xE1, 0xE2, 0xE3, 0xEF:
                // A Unicode space between values (an editor's no-break or em space): white space
                // to a lenient reader, and said.
                guard let n = unicodeSpaceLength(at: pos) else { return }
                let scalar = String(decoding: bytes[pos..<(pos + n)], as: UTF8.self).unicodeScalars.first!.value
                let hex = String(scalar, radix: 16, uppercase: true)
                warn("U+\(String(repeating: "0", count: max(0, 4 - hex.count)) + hex) between values, read as white space", kind: "unicode space")
                pos += n
            default: return
            }
        }
    }

    /// The length of the UTF-8 sequence at `i` when it is a Unicode space separator (U+00A0,
    /// U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000) or a byte-order mark.
    private func unicodeSpaceLength(at i: Int) -> Int? {
        func at(_ k: Int) -> UInt8? { i + k < bytes.count ? bytes[i + k] : nil }
        switch (bytes[i], at(1), at(2)) {
        case (0xC2, 0xA0?, _): return 2
        case (0xE1, 0x9A?, 0x80?): return 3
        case (0xE2, 0x80?, let c?) where (0x80...0x8A).contains(c) || c == 0xA8 || c == 0xA9 || c == 0xAF: return 3
        case (0xE2, 0x81?, 0x9F?): return 3
        case (0xE3, 0x80?, 0x80?): return 3
        case (0xEF, 0xBB?, 0xBF?): return 3
        default: return nil
        }
    }

    private func location(of offset: Int) -> String {
        let (l, c) = lineColumn(of: offset)
        return "line \(l), column \(c)"
    }

    /// Line and column (both from 1; the column counts characters, not bytes).
    func lineColumn(of offset: Int) -> (Int, Int) {
        var line = 1
        var lineStart = 0
        var i = 0
        let end = min(offset, bytes.count)
        while i < end {
            if bytes[i] == 0x0A { line += 1; lineStart = i + 1 }
            i += 1
        }
        return (line, column(from: lineStart, to: end))
    }

    private mutating func warn(_ message: String, at offset: Int? = nil, kind: String) {
        guard warnedKinds.insert(kind).inserted else { return }
        let (l, c) = advancingLineColumn(to: offset ?? pos)
        warnings.append(Warning(line: l, column: c, message: message))
    }

    /// The column of `end` on the line starting at `lineStart`, in characters (a BOM not counted).
    private func column(from lineStart: Int, to end: Int) -> Int {
        var column = 1
        var j = lineStart
        while j < end {
            if bytes[j] & 0xC0 != 0x80 { column += 1 }
            j += 1
        }
        if lineStart == 0, end >= 3, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { column -= 1 }
        return column
    }

    /// Where the last warning was: the next one, further on, is counted from there, so that
    /// thousands of warnings (a file with every key twice) keep the read linear.
    private var lineCursor = (offset: 0, line: 1, lineStart: 0)

    private mutating func advancingLineColumn(to offset: Int) -> (Int, Int) {
        let end = min(offset, bytes.count)
        if end < lineCursor.offset { return lineColumn(of: offset) }
        var (i, line, lineStart) = lineCursor
        while i < end {
            if bytes[i] == 0x0A { line += 1; lineStart = i + 1 }
            i += 1
        }
        lineCursor = (end, line, lineStart)
        return (line, column(from: lineStart, to: end))
    }

    private func error(_ message: String, at offset: Int? = nil) -> SyntaxError {
        let (l, c) = lineColumn(of: offset ?? pos)
        return SyntaxError(line: l, column: c, message: message)
    }

    private func describe(_ b: UInt8, quoted: Bool = true) -> String {
        if b >= 0x21 && b < 0x7F {
            let c = String(UnicodeScalar(b))
            return quoted ? "'\(c)'" : c
        }
        if b >= 0x80 {
            // Name the whole character when it is one (e.g. an em-space used as white space).
            var end = pos + 1
            while end < bytes.count, end - pos < 4, bytes[end] & 0xC0 == 0x80 { end += 1 }
            if let s = String(validating: bytes[pos..<end], as: UTF8.self), let u = s.unicodeScalars.first {
                let hex = String(u.value, radix: 16, uppercase: true)
                return "U+\(String(repeating: "0", count: max(0, 4 - hex.count)))\(hex)"
            }
        }
        let hex = String(b, radix: 16, uppercase: true)
        return "byte 0x\(hex.count < 2 ? "0" : "")\(hex)"
    }
}
