/// A mistyped command (`conect`): the command it is closest to, so the wizard says `Did you
/// mean connect?` instead of starting a new connector in `./conect/`.
public enum CommandSuggestion {
    /// The name within two edits (insert, delete, replace, swap) of `word`, the nearest first;
    /// nil when none is that close, or `word` looks like a path.
    public static func closest(to word: String, among names: [String]) -> String? {
        guard !word.contains("/"), !word.isEmpty else { return nil }
        let w = Array(word.lowercased())
        let scored = names.map { ($0, distance(w, Array($0.lowercased()))) }.filter { $0.1 <= min(2, max(1, $0.0.count / 3)) }
        return scored.min { $0.1 < $1.1 }?.0
    }

    /// Optimal string alignment distance (Levenshtein with adjacent swaps).
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }
}
