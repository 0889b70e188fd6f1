/// The one way text is trimmed: from both ends while a test holds, or from the end only.
extension StringProtocol {
    /// Without the leading and trailing characters for which `drop` is true.
    public func trimming(while drop: (Character) -> Bool) -> String {
        guard let first = firstIndex(where: { !drop($0) }), let last = lastIndex(where: { !drop($0) }) else { return "" }
        return String(self[first...last])
    }

    /// Without leading and trailing white space (CR LF and a byte-order mark included).
    public var trimmingWhitespace: String { trimming { $0.isWhitespace || $0 == "\u{FEFF}" } }

    /// Without the leading and trailing characters that are in `set`.
    public func trimmingCharacters(in set: String) -> String { trimming { set.contains($0) } }

    /// Without the spaces at its end (a row of a text picture).
    public var droppingTrailingSpaces: String {
        guard let last = lastIndex(where: { $0 != " " }) else { return "" }
        return String(self[...last])
    }
}
