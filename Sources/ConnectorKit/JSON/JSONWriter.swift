/// Writes `JSONValue` as indented JSON, the way the platform's tools and most connectors do:
/// two-space indent, `"key": value`, empty containers as `{}` / `[]`, non-ASCII kept as UTF-8.
public struct JSONWriter: Sendable {
    public var indent: String
    public var lineEnding: String
    /// Escape DEL and the C1 controls too (`\u007f`, `\u0085`): for reports meant for a
    /// terminal, which keep the exact values but no control character a terminal acts on.
    public var escapingEveryControl = false

    public init(indent: String = "  ", lineEnding: String = "\n", escapingEveryControl: Bool = false) {
        self.indent = indent
        self.lineEnding = lineEnding
        self.escapingEveryControl = escapingEveryControl
    }

    /// The document as bytes, ending with a line ending.
    public func bytes(_ value: JSONValue) -> [UInt8] {
        bytes(value, keeping: nil)
    }

    /// The document as bytes. With the `source` it was read from, every part that is unchanged
    /// is copied from the source byte for byte (its own spacing and line breaks), and only the
    /// containers along the path to a change are laid out anew.
    public func bytes(_ value: JSONValue, keeping source: JSONSource?) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(source.map { $0.bytes.count + 1024 } ?? 4096)
        if let source {
            if value == source.value {
                // Unchanged: the file as it was, from its first byte to its last.
                return source.bytes
            }
            write(value, level: 0, original: (source.value, source.range), source: source, into: &out)
            // Whatever followed the document (its final line break, or none) stays.
            out.append(contentsOf: source.bytes[source.range.upperBound...])
            if source.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { out.insert(contentsOf: [0xEF, 0xBB, 0xBF], at: 0) }
            return out
        }
        write(value, level: 0, into: &out)
        out.append(contentsOf: lineEnding.utf8)
        return out
    }

    /// Writes `value`, copying from `source` what equals the `original` it was read as (the
    /// value and where it stood).
    private func write(_ value: JSONValue, level: Int, original: (JSONValue, Range<Int>)?, source: JSONSource,
                       into out: inout [UInt8]) {
        guard let (old, range) = original else { return write(value, level: level, into: &out) }
        if value == old {
            out.append(contentsOf: source.bytes[range])
            return
        }
        switch (value, old) {
        case (.object(let object), .object(let oldObject)) where !object.isEmpty:
            // Pair each member with the one of the same key in the original (in order, so that
            // duplicate keys pair up one by one); a kept member keeps the spacing around its key.
            // Where the members (or items) of a changed container stood, found in the bytes now.
            let span = JSONSpan(range: range, children: source.children(of: range))
            let bytes = source.bytes
            var unused: [String: [Int]] = [:]
            for (i, m) in oldObject.members.enumerated() { unused[m.key, default: []].append(i) }
            out.append(UInt8(ascii: "{"))
            for (i, member) in object.members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                var pair: (JSONValue, JSONSpan)?
                if var list = unused[member.key], !list.isEmpty {
                    let j = list.removeFirst()
                    unused[member.key] = list
                    if j < span.children.count { pair = (oldObject.members[j].value, span.children[j]) }
                }
                if let child = pair?.1 {
                    out.append(contentsOf: bytes[Self.whitespace(before: child.memberStart, in: bytes)..<child.memberStart])
                    out.append(contentsOf: bytes[child.memberStart..<child.range.lowerBound])
                } else {
                    newline(level + 1, &out)
                    Self.quote(member.key, into: &out, everyControl: escapingEveryControl)
                    out.append(contentsOf: ": ".utf8)
                }
                write(member.value, level: level + 1, original: pair.map { ($0.0, $0.1.range) }, source: source, into: &out)
            }
            closing(UInt8(ascii: "}"), of: span, level: level, source: bytes, into: &out)
        case (.array(let items), .array(let oldItems)) where !items.isEmpty:
            // An array written on one line (`[1, 2]`) stays on one line.
            // Where the members (or items) of a changed container stood, found in the bytes now.
            let span = JSONSpan(range: range, children: source.children(of: range))
            let bytes = source.bytes
            let inline = !span.children.isEmpty && !bytes[span.range].contains(0x0A)
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                let pair = i < oldItems.count && i < span.children.count ? (oldItems[i], span.children[i]) : nil
                if let child = pair?.1 {
                    out.append(contentsOf: bytes[Self.whitespace(before: child.range.lowerBound, in: bytes)..<child.range.lowerBound])
                } else if inline {
                    if i > 0 { out.append(UInt8(ascii: " ")) }
                } else {
                    newline(level + 1, &out)
                }
                write(item, level: level + 1, original: pair.map { ($0.0, $0.1.range) }, source: source, into: &out)
            }
            closing(UInt8(ascii: "]"), of: span, level: level, source: bytes, into: &out)
        default:
            write(value, level: level, into: &out)
        }
    }

    public func string(_ value: JSONValue) -> String {
        String(decoding: bytes(value), as: UTF8.self)
    }

    private func newline(_ level: Int, _ out: inout [UInt8]) {
        out.append(contentsOf: lineEnding.utf8)
        for _ in 0..<level { out.append(contentsOf: indent.utf8) }
    }

    private func write(_ value: JSONValue, level: Int, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n): out.append(contentsOf: n.utf8)
        case .string(let s): Self.quote(s, into: &out, everyControl: escapingEveryControl)
        case .array(let items):
            if items.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(level + 1, &out)
                write(item, level: level + 1, into: &out)
            }
            newline(level, &out)
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            if object.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            for (i, member) in object.members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(level + 1, &out)
                Self.quote(member.key, into: &out, everyControl: escapingEveryControl)
                out.append(contentsOf: ": ".utf8)
                write(member.value, level: level + 1, into: &out)
            }
            newline(level, &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Where the white space that ends just before `offset` begins.
    static func whitespace(before offset: Int, in source: [UInt8]) -> Int {
        var i = offset
        while i > 0, [0x20, 0x09, 0x0A, 0x0D].contains(source[i - 1]) { i -= 1 }
        return i
    }

    /// A changed container's closing bracket, after the white space it had in the original
    /// (a new line at this level when it was empty).
    private func closing(_ bracket: UInt8, of span: JSONSpan, level: Int, source: [UInt8], into out: inout [UInt8]) {
        if span.children.isEmpty {
            newline(level, &out)
        } else {
            let end = span.range.upperBound - 1
            out.append(contentsOf: source[Self.whitespace(before: end, in: source)..<end])
        }
        out.append(bracket)
    }

    /// `s` as a JSON string, quotes included, appended to `out`.
    public static func quote(_ s: String, into out: inout [UInt8], everyControl: Bool = false) {
        func escaped(_ value: UInt32) {
            let hex = String(value, radix: 16)
            out.append(contentsOf: "\\u00\(hex.count < 2 ? "0" : "")\(hex)".utf8)
        }
        out.append(UInt8(ascii: "\""))
        var afterC2 = false  // the byte before was 0xC2: a C1 control's lead byte in UTF-8
        for b in s.utf8 {
            if afterC2 {
                afterC2 = false
                if (0x80...0x9F).contains(b) { escaped(UInt32(b)); continue }
                out.append(0xC2)
            }
            switch b {
            case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
            case 0x0A: out.append(contentsOf: "\\n".utf8)
            case 0x0D: out.append(contentsOf: "\\r".utf8)
            case 0x09: out.append(contentsOf: "\\t".utf8)
            case 0x08: out.append(contentsOf: "\\b".utf8)
            case 0x0C: out.append(contentsOf: "\\f".utf8)
            case 0..<0x20: escaped(UInt32(b))
            case 0x7F where everyControl: escaped(0x7F)
            case 0xC2 where everyControl: afterC2 = true
            default: out.append(b)
            }
        }
        if afterC2 { out.append(0xC2) }
        out.append(UInt8(ascii: "\""))
    }
}
