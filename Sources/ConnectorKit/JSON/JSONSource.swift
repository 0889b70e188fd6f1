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
public struct JSONSource: Sendable {
    public var bytes: [UInt8]
    public var value: JSONValue
    public var span: JSONSpan
}
