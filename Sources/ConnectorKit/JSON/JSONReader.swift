import CJSONScan
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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

    /// Reads a document. With `keepSource`, the result also keeps the bytes it was read from, so
    /// that a writer can give back unchanged parts byte for byte. That costs nothing at read time:
    /// the bytes are shared, not copied, and where each value stood is worked out from them only
    /// when a writer asks (`JSONSource.span`).
    ///
    /// With `deferring`, an object that is a member of the document's object and takes
    /// `deferredSize` bytes or more (a swagger's `paths` and `definitions`) is checked as fully as
    /// any other part (its errors and warnings are the same), but its members are made into
    /// values only when first asked for, from the same bytes.
    ///
    /// `checkingDeferred: false` only finds where a deferred object ends, by its brackets and
    /// quotes, without checking it: a first look at a file whose full reading runs elsewhere
    /// (the wizard's first frame), never a reading to save or report from. A broken deferred
    /// object can then go unnoticed, or make an error appear somewhere else.
    public static func read(_ bytes: [UInt8], keepSource: Bool = false, deferring: Bool = false,
                            checkingDeferred: Bool = true) throws(SyntaxError) -> Result {
        guard !bytes.isEmpty else { throw SyntaxError(line: 1, column: 1, message: "the file is empty") }
        let outcome = bytes.withUnsafeBufferPointer { buffer -> Swift.Result<Result, SyntaxError> in
            var reader = JSONReader(buffer)
            if deferring, bytes.count >= deferredSize { reader.deferIn = bytes }
            reader.checksDeferred = checkingDeferred
            do throws(SyntaxError) {
                let (result, range) = try reader.readDocument()
                var r = result
                if keepSource { r.source = JSONSource(bytes: bytes, value: r.value, range: range) }
                return .success(r)
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    public static func read(_ text: String) throws(SyntaxError) -> Result {
        try read(Array(text.utf8))
    }

    /// The bytes, read through a pointer: the hot loops stay free of bounds checks, and every
    /// access is guarded by `pos < count` (or a length checked before).
    private let p: UnsafePointer<UInt8>
    private let count: Int
    private var pos = 0
    private var warnings: [Warning] = []
    /// The kinds of warning already given (each kind is said once, at its first place).
    private var warnedKinds: UInt8 = 0
    /// The keys already warned about as duplicates (each key once).
    private var warnedDuplicates: Set<String> = []
    private var depth = 0
    /// The items of the open arrays and the members of the open objects, one stack each: a
    /// container's are moved into an array of exactly their number when it closes, so no array
    /// grows (and leaves spare room) item by item.
    private let items = Stack<JSONValue>()
    private let members = Stack<(key: String, value: JSONValue)>()
    /// The keys of the objects open while checking (`checkObject`), as places in the bytes.
    private let keySpans = Stack<KeySpan>()
    /// The bytes, when large members of the document's object are deferred.
    private var deferIn: [UInt8]?
    /// Whether deferred members are checked, or only skipped (`read(…checkingDeferred:)`).
    private var checksDeferred = true

    /// Members of the document's object this large or larger are deferred (`deferring`).
    public static let deferredSize = 32 << 10

    private init(_ buffer: UnsafeBufferPointer<UInt8>) {
        p = buffer.baseAddress!
        count = buffer.count
    }

    private enum Kind: UInt8 {
        case bom = 1, comma = 2, control = 4, utf8 = 8, unicodeSpace = 16
    }

    private mutating func readDocument() throws(SyntaxError) -> (Result, Range<Int>) {
        var bom = false
        if count >= 3, p[0] == 0xEF, p[1] == 0xBB, p[2] == 0xBF {
            pos = 3
            bom = true
            warn("starts with a UTF-8 byte-order mark", kind: .bom)
        }
        skipWhitespace()
        guard pos < count else { throw error("the file is empty") }
        let start = pos
        let value = try readValue()
        let end = pos
        skipWhitespace()
        if pos < count { throw error("unexpected \(describe(p[pos])) after the end of the document") }
        let buffer = UnsafeBufferPointer(start: p, count: count)
        let result = Result(value: value, warnings: warnings, lineEnding: Self.lineEnding(of: buffer), hadByteOrderMark: bom,
                            indent: Self.indent(of: buffer), source: nil)
        return (result, start..<end)
    }

    /// The white space that starts the first indented line.
    static func indent(of bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { indent(of: $0) }
    }

    static func indent(of bytes: UnsafeBufferPointer<UInt8>) -> String {
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0A {
                var j = i + 1
                while j < bytes.count, bytes[j] == 0x20 || bytes[j] == 0x09 { j += 1 }
                if j > i + 1, j < bytes.count, bytes[j] != 0x0A, bytes[j] != 0x0D {
                    return String(decoding: UnsafeBufferPointer(rebasing: bytes[(i + 1)..<j]), as: UTF8.self)
                }
            }
            i += 1
        }
        return "  "
    }

    static func lineEnding(of bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { lineEnding(of: $0) }
    }

    static func lineEnding(of bytes: UnsafeBufferPointer<UInt8>) -> String {
        // Without a CR there is no CR LF: most files, told by one fast search.
        guard let base = bytes.baseAddress, memchr(base, 0x0D, bytes.count) != nil else { return "\n" }
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
        guard pos < count else { throw error("the file ends where a value was expected") }
        switch p[pos] {
        case UInt8(ascii: "{"): return try readObject()
        case UInt8(ascii: "["): return try readArray()
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try readNumber()
        default: throw error("unexpected \(describe(p[pos])) where a value was expected")
        }
    }

    /// A value checked, not made: the same errors and warnings as `readValue`.
    private mutating func checkValue() throws(SyntaxError) {
        guard pos < count else { throw error("the file ends where a value was expected") }
        switch p[pos] {
        case UInt8(ascii: "{"): try checkObject()
        case UInt8(ascii: "["): try checkArray()
        case UInt8(ascii: "\""): try checkString()
        case UInt8(ascii: "t"): try expectWord("true")
        case UInt8(ascii: "f"): try expectWord("false")
        case UInt8(ascii: "n"): try expectWord("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try skipNumber()
        default: throw error("unexpected \(describe(p[pos])) where a value was expected")
        }
    }

    private mutating func enter() throws(SyntaxError) {
        depth += 1
        if depth > 512 { throw error("nesting deeper than 512 levels") }
    }

    /// Objects up to this many members look for a duplicate key by comparing with each earlier
    /// one; a larger one keeps a set of its keys.
    private static let linearKeySearch = 16

    private mutating func readObject() throws(SyntaxError) -> JSONValue {
        let start = pos
        try enter()
        defer { depth -= 1 }
        pos += 1
        let mark = members.count
        var seen: Set<String>?
        skipWhitespace()
        if peek(UInt8(ascii: "}")) { pos += 1; return .object(JSONObject()) }
        while true {
            skipWhitespace()
            guard pos < count else { throw error("the object opened at \(location(of: start)) is never closed") }
            guard p[pos] == UInt8(ascii: "\"") else {
                throw error("unexpected \(describe(p[pos])) where a quoted key was expected")
            }
            let keyStart = pos
            let key = try readString()
            if isDuplicate(key, since: mark, seen: &seen) {
                warnDuplicate(key, at: keyStart)
            }
            skipWhitespace()
            guard peek(UInt8(ascii: ":")) else { throw error("expected ':' after the key \"\(key)\"") }
            pos += 1
            skipWhitespace()
            let value = depth == 1 && deferIn != nil ? try readMemberOfDocument() : try readValue()
            members.push((key: key, value: value))
            if try closes(UInt8(ascii: "}"), containerAt: start, keyAt: keyStart) {
                return closeObject(from: mark)
            }
        }
    }

    private func closeObject(from mark: Int) -> JSONValue {
        .object(JSONObject(members.pop(from: mark)))
    }

    private func closeArray(from mark: Int) -> JSONValue {
        .array(items.pop(from: mark))
    }

    /// A member of the document's object: an object of `deferredSize` bytes or more is checked
    /// and deferred, anything else read as usual. An object is checked first (which also tells
    /// its size), and a small one read again, making its values: its warnings were given by the
    /// check and are not given twice.
    private mutating func readMemberOfDocument() throws(SyntaxError) -> JSONValue {
        guard let bytes = deferIn, pos < count, p[pos] == UInt8(ascii: "{") else { return try readValue() }
        let start = pos
        if checksDeferred { try checkValue() } else { try skipContainer() }
        if pos - start >= Self.deferredSize {
            return .object(JSONObject(deferred: DeferredMembers(bytes: bytes, range: start..<pos)))
        }
        pos = start
        return try readValue()
    }

    /// Past the object or array at `pos`, by its brackets and quotes alone (`checksDeferred`),
    /// 64 bytes at a time (CJSONScan).
    private mutating func skipContainer() throws(SyntaxError) {
        let end = cw_json_skip_container(p, count, pos)
        guard end > pos, end <= count else { throw error("the object opened at \(location(of: pos)) is never closed") }
        pos = end
    }

    /// The members of the object at `range` in `bytes`, which a reader has checked (and deferred).
    static func members(of range: Range<Int>, in bytes: [UInt8]) -> [(key: String, value: JSONValue)] {
        bytes.withUnsafeBufferPointer { buffer in
            var reader = JSONReader(buffer)
            reader.pos = range.lowerBound
            guard case .object(let object)? = try? reader.readValue() else { return [] }
            return object.members
        }
    }

    /// Whether an earlier member of the object being read (its members start at `mark`) has
    /// `key`, as a set of strings would tell.
    private func isDuplicate(_ key: String, since mark: Int, seen: inout Set<String>?) -> Bool {
        if seen != nil { return !seen!.insert(key).inserted }
        let n = members.count - mark
        if n < Self.linearKeySearch {
            var i = mark
            while i < members.count {
                if members[i].key == key { return true }
                i += 1
            }
            return false
        }
        var set = Set<String>(minimumCapacity: 2 * n)
        for i in mark..<members.count { set.insert(members[i].key) }
        let duplicate = !set.insert(key).inserted
        seen = set
        return duplicate
    }

    /// An object checked, not made: the same errors and warnings as `readObject`, but a key with
    /// no escape and only ASCII bytes is not made into a string. Such keys are compared as bytes,
    /// which for them is what comparing strings means (an ASCII string equals no string of other
    /// bytes). Once a key is anything else (an escape, a byte above 0x7F: `"\u0061"` equals `"a"`,
    /// and `"\u212A"` equals `"K"`, as strings), the object's keys are compared as strings from
    /// there on, as `readObject` does.
    private mutating func checkObject() throws(SyntaxError) {
        let start = pos
        try enter()
        defer { depth -= 1 }
        pos += 1
        let mark = keySpans.count
        defer { keySpans.drop(from: mark) }
        skipWhitespace()
        if peek(UInt8(ascii: "}")) { pos += 1; return }
        // White space is skipped after the '{' and after each ','.
        while true {
            try expectKey(inObjectAt: start)
            // Up to `linearKeySearch` plain keys here; a larger object, or one with another
            // key, goes on in `checkLargeObject`.
            guard keySpans.count - mark < Self.linearKeySearch, let end = plainASCIIEnd(from: pos + 1) else {
                return try checkLargeObject(at: start, keysFrom: mark)
            }
            let keyStart = pos
            let span = KeySpan(start: pos + 1, count: end - pos - 1)
            pos = end + 1
            var i = mark
            while i < keySpans.count {
                if sameBytes(keySpans[i], span) {
                    warnDuplicate(string(of: span), at: keyStart)
                    break
                }
                i += 1
            }
            keySpans.push(span)
            if try checkMember(ofObjectAt: start, keyAt: keyStart) { return }
        }
    }

    /// The rest of an object being checked, from the key at `pos`: its keys so far are those of
    /// `keySpans` from `mark`.
    @inline(never)
    private mutating func checkLargeObject(at start: Int, keysFrom mark: Int) throws(SyntaxError) {
        var table = KeyTable()
        var strings: Set<String>?
        while true {
            let keyStart = pos
            if strings == nil, let end = plainASCIIEnd(from: pos + 1) {
                let span = KeySpan(start: pos + 1, count: end - pos - 1)
                pos = end + 1
                if isDuplicate(span, since: mark, table: &table) {
                    warnDuplicate(string(of: span), at: keyStart)
                }
                keySpans.push(span)
            } else {
                let key = try readString()
                if strings == nil {
                    var set = Set<String>(minimumCapacity: 2 * (keySpans.count - mark + 1))
                    for i in mark..<keySpans.count { set.insert(string(of: keySpans[i])) }
                    strings = set
                }
                if !strings!.insert(key).inserted {
                    warnDuplicate(key, at: keyStart)
                }
            }
            if try checkMember(ofObjectAt: start, keyAt: keyStart) { return }
            try expectKey(inObjectAt: start)
        }
    }

    /// Where a key of the object opened at `start` is expected, its opening quote.
    @inline(__always)
    private func expectKey(inObjectAt start: Int) throws(SyntaxError) {
        guard pos < count else { throw error("the object opened at \(location(of: start)) is never closed") }
        guard p[pos] == UInt8(ascii: "\"") else {
            throw error("unexpected \(describe(p[pos])) where a quoted key was expected")
        }
    }

    /// The key whose opening quote is at `offset`, read again (it was read before), for an error.
    private func key(at offset: Int) -> String {
        var reader = self
        reader.pos = offset
        return (try? reader.readString()) ?? ""
    }

    /// What follows the key at `keyStart` of the object opened at `start` being checked: ':',
    /// the value, then ',' or '}'. True when that closed the object.
    @inline(__always)
    private mutating func checkMember(ofObjectAt start: Int, keyAt keyStart: Int) throws(SyntaxError) -> Bool {
        skipWhitespace()
        guard peek(UInt8(ascii: ":")) else { throw error("expected ':' after the key \"\(key(at: keyStart))\"") }
        pos += 1
        skipWhitespace()
        try checkValue()
        return try closes(UInt8(ascii: "}"), containerAt: start, keyAt: keyStart)
    }

    /// What follows a value in the object or array opened at `start`: true past its closing
    /// `close` (a ',' just before it is a trailing comma, said), false past a ',' with more to
    /// come. Anything else is an error naming the member's key (at `keyAt`) or the array.
    /// Transparent: it runs after every member and item, and `@inline(__always)` left it a call.
    @_transparent
    private mutating func closes(_ close: UInt8, containerAt start: Int, keyAt: Int?) throws(SyntaxError) -> Bool {
        skipWhitespace()
        if pos < count, p[pos] == UInt8(ascii: ",") {
            let comma = pos
            pos += 1
            skipWhitespace()
            guard peek(close) else { return false }
            warnTrailingComma(before: close, at: comma)
            pos += 1
            return true
        }
        if pos < count, p[pos] == close {
            pos += 1
            return true
        }
        throw notClosed(close, containerAt: start, keyAt: keyAt)
    }

    @inline(never)
    private mutating func warnTrailingComma(before close: UInt8, at comma: Int) {
        warn("trailing comma before '\(Character(Unicode.Scalar(close)))'", at: comma, kind: .comma)
    }

    /// Why the container opened at `start` does not go on at `pos` (`closes`).
    @inline(never)
    private func notClosed(_ close: UInt8, containerAt start: Int, keyAt: Int?) -> SyntaxError {
        guard pos < count else {
            return error("the \(keyAt == nil ? "array" : "object") opened at \(location(of: start)) is never closed")
        }
        let place = keyAt.map { "after the value of \"\(key(at: $0))\"" } ?? "in the array"
        return error("expected ',' or '\(Character(Unicode.Scalar(close)))' \(place), found \(describe(p[pos]))")
    }

    /// Where a key stands in the bytes: its text between the quotes, plain ASCII.
    private struct KeySpan {
        var start: Int
        var count: Int
    }

    /// The keys of a large object being checked, by the hash of their bytes: open addressing,
    /// each slot an index into `keySpans` plus one (0 is empty).
    private struct KeyTable {
        var slots: [Int] = []
        var used = 0
    }

    private func string(of span: KeySpan) -> String {
        String(decoding: UnsafeBufferPointer(start: p + span.start, count: span.count), as: UTF8.self)
    }

    @inline(__always)
    private func sameBytes(_ a: KeySpan, _ b: KeySpan) -> Bool {
        a.count == b.count && memcmp(p + a.start, p + b.start, a.count) == 0
    }

    private func hash(_ span: KeySpan) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var i = span.start
        let end = span.start + span.count
        while i < end {
            h = (h ^ UInt64(p[i])) &* 0x100_0000_01b3
            i += 1
        }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    /// Whether an earlier key of the object being checked (its keys start at `mark`) has the
    /// bytes of `span`; from `linearKeySearch` keys on, through `table`, which then also takes
    /// `span` (as the index it gets when pushed).
    private func isDuplicate(_ span: KeySpan, since mark: Int, table: inout KeyTable) -> Bool {
        if table.slots.isEmpty {
            let n = keySpans.count - mark
            if n < Self.linearKeySearch {
                var i = mark
                while i < keySpans.count {
                    if sameBytes(keySpans[i], span) { return true }
                    i += 1
                }
                return false
            }
            table.slots = [Int](repeating: 0, count: 4 * Self.linearKeySearch)
            for i in mark..<keySpans.count { _ = insert(i, into: &table) }
        } else if 2 * (table.used + 1) > table.slots.count {
            let old = table.slots
            table.slots = [Int](repeating: 0, count: 2 * old.count)
            table.used = 0
            for slot in old where slot != 0 { _ = insert(slot - 1, into: &table) }
        }
        return !insert(keySpans.count, span: span, into: &table)
    }

    /// Puts the key at `index` of `keySpans` (or `span`, the one about to be pushed there) into
    /// `table`, unless a key of the same bytes is there: then false.
    private func insert(_ index: Int, span given: KeySpan? = nil, into table: inout KeyTable) -> Bool {
        let span = given ?? keySpans[index]
        let mask = table.slots.count - 1
        var i = hash(span) & mask
        while true {
            let slot = table.slots[i]
            if slot == 0 {
                table.slots[i] = index + 1
                table.used += 1
                return true
            }
            if sameBytes(keySpans[slot - 1], span) { return false }
            i = (i + 1) & mask
        }
    }

    private mutating func readArray() throws(SyntaxError) -> JSONValue {
        let start = pos
        try enter()
        defer { depth -= 1 }
        pos += 1
        let mark = items.count
        skipWhitespace()
        if peek(UInt8(ascii: "]")) { pos += 1; return .array([]) }
        while true {
            skipWhitespace()
            items.push(try readValue())
            if try closes(UInt8(ascii: "]"), containerAt: start, keyAt: nil) { return closeArray(from: mark) }
        }
    }

    /// An array checked, not made: the same errors and warnings as `readArray`.
    private mutating func checkArray() throws(SyntaxError) {
        let start = pos
        try enter()
        defer { depth -= 1 }
        pos += 1
        skipWhitespace()
        if peek(UInt8(ascii: "]")) { pos += 1; return }
        // White space is skipped after the '[' and after each ','.
        while true {
            try checkValue()
            if try closes(UInt8(ascii: "]"), containerAt: start, keyAt: nil) { return }
        }
    }

    private mutating func readNumber() throws(SyntaxError) -> JSONValue {
        let start = pos
        try skipNumber()
        return .number(String(decoding: UnsafeBufferPointer(start: p + start, count: pos - start), as: UTF8.self))
    }

    private mutating func skipNumber() throws(SyntaxError) {
        if p[pos] == UInt8(ascii: "-") { pos += 1 }
        func digits(_ r: inout JSONReader) -> Int {
            let s = r.pos
            while r.pos < r.count, r.p[r.pos] &- UInt8(ascii: "0") < 10 { r.pos += 1 }
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
    }

    private mutating func expectWord(_ word: StaticString) throws(SyntaxError) {
        let n = word.utf8CodeUnitCount
        guard pos + n <= count, memcmp(p + pos, word.utf8Start, n) == 0 else {
            throw error("unexpected \(describe(p[pos])) where a value was expected")
        }
        pos += n
    }

    // MARK: strings

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// The bytes of `w` (little-endian) that end the plain run of a string, a quote, a backslash
    /// or a control character, each marked by its high bit: the lowest mark is exact (marks
    /// above it may be false).
    @inline(__always)
    private static func stringStops(_ w: UInt64) -> UInt64 {
        let quote = w ^ (ones &* 0x22)
        let backslash = w ^ (ones &* 0x5C)
        let stops = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((w &- ones &* 0x20) & ~w)
        return stops & highs
    }

    /// Where the string whose text starts at `start` is closed, when it has no escape, no
    /// control character and no byte above 0x7F (nil otherwise, or when it is never closed).
    @inline(__always)
    private func plainASCIIEnd(from start: Int) -> Int? {
        guard let (end, high) = plainEnd(from: start), high & Self.highs == 0 else { return nil }
        return end
    }

    /// Where the string whose text starts at `start` is closed, and its bytes or-ed together,
    /// when it has no escape and no control character (nil otherwise, or when it is never closed).
    @inline(__always)
    private func plainEnd(from start: Int) -> (Int, UInt64)? {
        var i = start
        var high: UInt64 = 0
        // Eight bytes at a time; the first that stops the run found in its word.
        while i + 8 <= count {
            let w = UInt64(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
            let stops = Self.stringStops(w)
            if stops != 0 {
                let k = stops.trailingZeroBitCount >> 3
                high |= w & ((1 << (8 * UInt64(k))) &- 1)
                i += k
                return p[i] == UInt8(ascii: "\"") ? (i, high) : nil
            }
            high |= w
            i += 8
        }
        while i < count {
            let b = p[i]
            if b == UInt8(ascii: "\"") { return (i, high) }
            if b == UInt8(ascii: "\\") || b < 0x20 { return nil }
            high |= UInt64(b)
            i += 1
        }
        return nil
    }

    /// The string at `pos`.
    private mutating func readString() throws(SyntaxError) -> String {
        let open = pos
        let start = pos + 1
        // Fast path: plain UTF-8 with no escapes, no control characters, made into a string
        // straight from the bytes.
        if let (end, high) = plainEnd(from: start) {
            let text = UnsafeBufferPointer(start: p + start, count: end - start)
            if high & Self.highs == 0 {
                pos = end + 1
                return String(decoding: text, as: UTF8.self)
            }
            if let s = String(validating: text, as: UTF8.self) {
                pos = end + 1
                return s
            }
        }
        return try readEscapedString(from: open)
    }

    /// The string at `pos` checked, not made: the same errors and warnings as `readString`.
    private mutating func checkString() throws(SyntaxError) {
        if let (end, high) = plainEnd(from: pos + 1) {
            if high & Self.highs == 0 {
                pos = end + 1
                return
            }
            if String(validating: UnsafeBufferPointer(start: p + pos + 1, count: end - pos - 1), as: UTF8.self) != nil {
                pos = end + 1
                return
            }
        }
        _ = try readEscapedString(from: pos)
    }

    /// A string with escapes, control characters or bytes that are not UTF-8.
    private mutating func readEscapedString(from open: Int) throws(SyntaxError) -> String {
        pos = open + 1
        var out: [UInt8] = []
        out.reserveCapacity(64)
        while true {
            // The run of plain bytes up to the next quote, backslash or control character.
            let runStart = pos
            while pos < count {
                let b = p[pos]
                if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b < 0x20 { break }
                pos += 1
            }
            if pos > runStart { out.append(contentsOf: UnsafeBufferPointer(start: p + runStart, count: pos - runStart)) }
            guard pos < count else {
                throw error("the string opened at \(location(of: open)) is never closed", at: open)
            }
            let b = p[pos]
            switch b {
            case UInt8(ascii: "\""):
                pos += 1
                return decodeText(out, at: open)
            case UInt8(ascii: "\\"):
                pos += 1
                guard pos < count else { throw error("the file ends inside an escape") }
                let e = p[pos]
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
                    if (0xD800...0xDBFF).contains(scalar), pos + 1 < count,
                       p[pos] == UInt8(ascii: "\\"), p[pos + 1] == UInt8(ascii: "u") {
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
                    UTF8.encode(u) { out.append($0) }
                default:
                    pos -= 1
                    throw error("invalid escape '\\\(describe(e, quoted: false))' in a string")
                }
            default:
                // A control character (b < 0x20).
                let name = b == 0x09 ? "a TAB" : b == 0x0A ? "a line break" : "a control character"
                warn("\(name) stands raw inside a string (read as it is)", at: pos, kind: .control)
                out.append(b)
                pos += 1
            }
        }
    }

    private mutating func readHex4() throws(SyntaxError) -> UInt32 {
        guard pos + 4 <= count else { throw error("the file ends inside a \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = p[pos]
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
        warn("a string is not valid UTF-8 (read as Windows-1252)", at: offset, kind: .utf8)
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

    @inline(__always)
    private func peek(_ b: UInt8) -> Bool { pos < count && p[pos] == b }

    @inline(__always)
    private mutating func skipWhitespace() {
        // Most often there is none (a byte that cannot start white space), or one space.
        if pos < count {
            let b = p[pos]
            if b &- 0x21 < 0xC2 - 0x21 { return }
            if b == 0x20, pos + 1 < count, p[pos + 1] &- 0x21 < 0xC2 - 0x21 {
                pos += 1
                return
            }
        }
        while pos < count {
            switch p[pos] {
            case 0x20:
                // Indentation: eight bytes at a time, up to the first that is not a space.
                pos += 1
                while pos + 8 <= count {
                    let w = UInt64(littleEndian: UnsafeRawPointer(p + pos).loadUnaligned(as: UInt64.self)) ^ (Self.ones &* 0x20)
                    if w != 0 {
                        pos += w.trailingZeroBitCount >> 3
                        break
                    }
                    pos += 8
                }
            case 0x09, 0x0A, 0x0D: pos += 1
            case 0xC2, 0xE1, 0xE2, 0xE3, 0xEF: guard skipUnicodeSpace() else { return }
            default: return
            }
        }
    }

    /// A Unicode space between values (an editor's no-break or em space): white space to a
    /// lenient reader, and said. False, and `pos` unmoved, when the character is something else.
    private mutating func skipUnicodeSpace() -> Bool {
        guard let n = Self.unicodeSpaceLength(at: pos, in: UnsafeBufferPointer(start: p, count: count)) else { return false }
        let scalar = String(decoding: UnsafeBufferPointer(start: p + pos, count: n), as: UTF8.self).unicodeScalars.first!.value
        let hex = String(scalar, radix: 16, uppercase: true)
        warn("U+\(String(repeating: "0", count: max(0, 4 - hex.count)) + hex) between values, read as white space", kind: .unicodeSpace)
        pos += n
        return true
    }

    /// The length of the UTF-8 sequence at `i` when it is a Unicode space separator (U+00A0,
    /// U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000) or a byte-order mark.
    static func unicodeSpaceLength(at i: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
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
        let end = min(offset, count)
        while i < end {
            if p[i] == 0x0A { line += 1; lineStart = i + 1 }
            i += 1
        }
        return (line, column(from: lineStart, to: end))
    }

    private mutating func warn(_ message: @autoclosure () -> String, at offset: Int? = nil, kind: Kind) {
        guard warnedKinds & kind.rawValue == 0 else { return }
        warnedKinds |= kind.rawValue
        let (l, c) = advancingLineColumn(to: offset ?? pos)
        warnings.append(Warning(line: l, column: c, message: message()))
    }

    private mutating func warnDuplicate(_ key: String, at offset: Int) {
        guard warnedDuplicates.insert(key).inserted else { return }
        let (l, c) = advancingLineColumn(to: offset)
        warnings.append(Warning(line: l, column: c, message: "duplicate key \"\(key)\" (the last one is used)"))
    }

    /// The column of `end` on the line starting at `lineStart`, in characters (a BOM not counted).
    private func column(from lineStart: Int, to end: Int) -> Int {
        var column = 1
        var j = lineStart
        while j < end {
            if p[j] & 0xC0 != 0x80 { column += 1 }
            j += 1
        }
        if lineStart == 0, end >= 3, count >= 3, p[0] == 0xEF, p[1] == 0xBB, p[2] == 0xBF { column -= 1 }
        return column
    }

    /// Where the last warning was: the next one, further on, is counted from there, so that
    /// thousands of warnings (a file with every key twice) keep the read linear.
    private var lineCursor = (offset: 0, line: 1, lineStart: 0)

    private mutating func advancingLineColumn(to offset: Int) -> (Int, Int) {
        let end = min(offset, count)
        if end < lineCursor.offset { return lineColumn(of: offset) }
        var (i, line, lineStart) = lineCursor
        while i < end {
            if p[i] == 0x0A { line += 1; lineStart = i + 1 }
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
            while end < count, end - pos < 4, p[end] & 0xC0 == 0x80 { end += 1 }
            if let s = String(validating: UnsafeBufferPointer(start: p + pos, count: end - pos), as: UTF8.self),
               let u = s.unicodeScalars.first {
                let hex = String(u.value, radix: 16, uppercase: true)
                return "U+\(String(repeating: "0", count: max(0, 4 - hex.count)))\(hex)"
            }
        }
        let hex = String(b, radix: 16, uppercase: true)
        return "byte 0x\(hex.count < 2 ? "0" : "")\(hex)"
    }
}

/// A stack of values kept in one buffer, from which the top ones are moved out into an array of
/// exactly their number.
private final class Stack<Element> {
    private var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    private(set) var count = 0

    init() {
        capacity = 64
        base = .allocate(capacity: capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    subscript(i: Int) -> Element {
        @inline(__always) get { base[i] }
    }

    @inline(__always)
    func push(_ element: __owned Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: element)
        count += 1
    }

    private func grow() {
        let bigger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity *= 2
    }

    /// Removes the elements from `mark` to the top.
    func drop(from mark: Int) {
        (base + mark).deinitialize(count: count - mark)
        count = mark
    }

    /// The elements from `mark` to the top, moved out, in order.
    func pop(from mark: Int) -> [Element] {
        let n = count - mark
        let source = base + mark
        count = mark
        return [Element](unsafeUninitializedCapacity: n) { buffer, initialized in
            buffer.baseAddress!.moveInitialize(from: source, count: n)
            initialized = n
        }
    }
}

/// The members of a deferred object: where it stands in the bytes, and its members once read.
final class DeferredMembers: @unchecked Sendable {
    let bytes: [UInt8]
    let range: Range<Int>
    /// Guards `read`: a value may be shared between threads.
    private let lock: UnsafeMutablePointer<pthread_mutex_t>
    private var read: [(key: String, value: JSONValue)]?

    init(bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        self.range = range
        lock = .allocate(capacity: 1)
        lock.initialize(to: pthread_mutex_t())
        pthread_mutex_init(lock, nil)
    }

    deinit {
        pthread_mutex_destroy(lock)
        lock.deinitialize(count: 1)
        lock.deallocate()
    }

    var members: [(key: String, value: JSONValue)] {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        if let read { return read }
        let members = JSONReader.members(of: range, in: bytes)
        read = members
        return members
    }

    /// Whether `other` stands for the same bytes (then its members are the same).
    func isSame(as other: DeferredMembers) -> Bool {
        self === other || (range == other.range && bytes == other.bytes)
    }
}
