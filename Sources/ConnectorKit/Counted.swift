extension String {
    /// `1 error`, `2 errors`: the count and the word, plural when it is not one.
    public func counted(_ n: Int) -> String {
        "\(n) \(self)\(n == 1 ? "" : "s")"
    }
}
