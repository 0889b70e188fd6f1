/// Where a value stood in the bytes it was read from; a container's children are its members
/// (or items) in order.
public struct JSONSpan: Sendable {
    public var range: Range<Int>
    public var children: [JSONSpan]
    /// For an object's member, where its key starts (the value starts at `range`).
    public var memberStart: Int

    init(range: Range<Int>, children: [JSONSpan]) {
        self.range = range
        self.children = children
        memberStart = range.lowerBound
    }
}

/// A document as it was read: its bytes, its value and where each value stood. With it the
/// writer gives back every unchanged part byte for byte, so a save changes in the file only the
/// lines of what the maker changed, and `git diff` shows just that.
///
/// Reading keeps only the bytes (shared with the reader's caller, not copied) and where the
/// document's value stands in them; where each value inside stood is found again in the bytes
/// when a writer asks, which is only on a save.
public struct JSONSource: Sendable {
    public var bytes: [UInt8]
    public var value: JSONValue
    /// Where the document's value stands in `bytes` (after a byte-order mark and white space).
    var range: Range<Int>

    init(bytes: [UInt8], value: JSONValue, range: Range<Int>) {
        self.bytes = bytes
        self.value = value
        self.range = range
    }

    /// Where each value stood, the whole tree: found again in the bytes at each call.
    public var span: JSONSpan {
        bytes.withUnsafeBufferPointer { JSONSpanScanner(bytes: $0).span(of: range) }
    }

    /// Where each member (or item) of the container at `range` stood; their own children are
    /// left empty.
    func children(of range: Range<Int>) -> [JSONSpan] {
        bytes.withUnsafeBufferPointer { JSONSpanScanner(bytes: $0).children(of: range, deep: false) }
    }
}

/// Finds where values stand in bytes that `JSONReader` has read without an error: it skips
/// what the reader skipped (white space, Unicode spaces, trailing commas) and takes strings,
/// numbers and words as the reader took them, without making any value.
struct JSONSpanScanner {
    let bytes: UnsafeBufferPointer<UInt8>

    /// The span of the value at `range` with all its children.
    func span(of range: Range<Int>) -> JSONSpan {
        JSONSpan(range: range, children: children(of: range, deep: true))
    }

    /// The members (or items) of the container at `range`, each with its own children when
    /// `deep`. Nothing for a value that is not a container.
    func children(of range: Range<Int>, deep: Bool) -> [JSONSpan] {
        guard range.count >= 2 else { return [] }
        return walk(range.lowerBound, deep: deep).children
    }

    /// The value that starts at `start`: where it ends, and its members (or items), each with
    /// its own children when `deep`. Every byte is looked at once, however deep the nesting.
    private func walk(_ start: Int, deep: Bool) -> (end: Int, children: [JSONSpan]) {
        let open = bytes[start]
        guard open == UInt8(ascii: "{") || open == UInt8(ascii: "[") else { return (endOfValue(at: start), []) }
        let close = open == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
        var out: [JSONSpan] = []
        var i = skipSpace(start + 1)
        while i < bytes.count, bytes[i] != close {
            let memberStart = i
            if open == UInt8(ascii: "{") {
                i = skipSpace(endOfString(at: i))
                i = skipSpace(i + 1)  // past the ':'
            }
            let value = deep ? walk(i, deep: true) : (end: endOfValue(at: i), children: [])
            var span = JSONSpan(range: i..<value.end, children: value.children)
            span.memberStart = memberStart
            out.append(span)
            i = skipSpace(value.end)
            if i < bytes.count, bytes[i] == UInt8(ascii: ",") { i = skipSpace(i + 1) }
        }
        return (min(i + 1, bytes.count), out)
    }

    /// White space as the reader skips it, Unicode spaces included.
    func skipSpace(_ start: Int) -> Int {
        var i = start
        while i < bytes.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            case 0xC2, 0xE1, 0xE2, 0xE3, 0xEF:
                guard let n = JSONReader.unicodeSpaceLength(at: i, in: bytes) else { return i }
                i += n
            default: return i
            }
        }
        return i
    }

    /// Just past the string whose opening quote is at `start`.
    func endOfString(at start: Int) -> Int {
        var i = start + 1
        // Eight bytes at a time while none is a quote or a backslash.
        if let base = bytes.baseAddress {
            let ones: UInt64 = 0x0101_0101_0101_0101
            while i + 8 <= bytes.count {
                let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                let quote = w ^ (ones &* 0x22)
                let backslash = w ^ (ones &* 0x5C)
                if (((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)) & (ones &* 0x80) != 0 { break }
                i += 8
            }
        }
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\""): return i + 1
            case UInt8(ascii: "\\"): i += 2
            default: i += 1
            }
        }
        return bytes.count
    }

    /// Just past the value that starts at `start`.
    func endOfValue(at start: Int) -> Int {
        guard start < bytes.count else { return start }
        switch bytes[start] {
        case UInt8(ascii: "\""):
            return endOfString(at: start)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var i = start
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "\""): i = endOfString(at: i); continue
                case 0x20:
                    // Indentation: eight spaces at a time.
                    i += 1
                    while i + 8 <= bytes.count,
                          UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self) == 0x2020_2020_2020_2020 { i += 8 }
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return i + 1 }
                default: break
                }
                i += 1
            }
            return bytes.count
        case UInt8(ascii: "t"), UInt8(ascii: "n"): return min(start + 4, bytes.count)
        case UInt8(ascii: "f"): return min(start + 5, bytes.count)
        default:
            // A number: its digits, sign, point and exponent.
            var i = start
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
                     UInt8(ascii: "e"), UInt8(ascii: "E"): i += 1
                default: return i
                }
            }
            return i
        }
    }
}
