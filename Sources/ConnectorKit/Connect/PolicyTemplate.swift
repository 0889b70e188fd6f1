/// A policy template's value as the platform evaluates it (§5.2): literal text and expressions.
/// `@connectionParameters('name')` and `@connectionParameters('name','default')` (either quote,
/// any case) take a value of the connection, the default when that value is empty. Any other
/// expression (`@header('x')`, `@queryParameters('y')`, …) depends on the request being made,
/// which the wizard does not have. An `@` that starts no call is text.
struct PolicyTemplate: Equatable {
    enum Piece: Equatable {
        case text(String)
        case parameter(name: String, defaultValue: String?)
        /// Another expression, as written.
        case request(String)
    }

    let pieces: [Piece]

    init(_ template: String) {
        var pieces: [Piece] = []
        var text = ""
        var i = template.startIndex
        while i < template.endIndex {
            if template[i] == "@", let (piece, end) = Self.expression(in: template, at: template.index(after: i)) {
                if !text.isEmpty { pieces.append(.text(text)) }
                text = ""
                pieces.append(piece)
                i = end
            } else {
                text.append(template[i])
                i = template.index(after: i)
            }
        }
        if !text.isEmpty { pieces.append(.text(text)) }
        self.pieces = pieces
    }

    /// True when every expression is a connection parameter.
    var isEvaluable: Bool {
        !pieces.contains { if case .request = $0 { true } else { false } }
    }

    /// The connection parameters named, in order.
    var parameterNames: [String] {
        pieces.compactMap { if case .parameter(let name, _) = $0 { name } else { nil } }
    }

    /// The text with each parameter replaced by `value(name)`, or its default when that is nil or
    /// empty (nothing when there is none); nil when another expression is in it.
    func evaluated(_ value: (String) -> String?) -> String? {
        var out = ""
        for piece in pieces {
            switch piece {
            case .text(let s): out += s
            case .parameter(let name, let fallback):
                let v = value(name) ?? ""
                out += v.isEmpty ? fallback ?? "" : v
            case .request: return nil
            }
        }
        return out
    }

    /// The call after an `@` at `i`: `name(` quoted arguments separated by commas `)`. Nil when
    /// no `name(` follows; a call without a closing parenthesis is text too.
    private static func expression(in s: String, at start: String.Index) -> (Piece, String.Index)? {
        var i = start
        while i < s.endIndex, s[i].isASCII, s[i].isLetter || s[i] == "_" { i = s.index(after: i) }
        guard i > start, i < s.endIndex, s[i] == "(" else { return nil }
        let name = s[start..<i].lowercased()
        i = s.index(after: i)
        var arguments: [String] = []
        var wellFormed = true
        func skipSpace() { while i < s.endIndex, s[i].isWhitespace { i = s.index(after: i) } }
        skipSpace()
        if i < s.endIndex, s[i] != ")" {
            while true {
                guard i < s.endIndex, s[i] == "'" || s[i] == "\"",
                      let close = s[s.index(after: i)...].firstIndex(of: s[i])
                else { wellFormed = false; break }
                arguments.append(String(s[s.index(after: i)..<close]))
                i = s.index(after: close)
                skipSpace()
                guard i < s.endIndex, s[i] == "," else { break }
                i = s.index(after: i)
                skipSpace()
            }
        }
        if !wellFormed || i >= s.endIndex || s[i] != ")" {
            guard let close = s[i...].firstIndex(of: ")") else { return nil }
            i = close
            wellFormed = false
        }
        let end = s.index(after: i)
        let raw = "@" + s[start..<end]
        if wellFormed, name == "connectionparameters", (1...2).contains(arguments.count), !arguments[0].isEmpty {
            return (.parameter(name: arguments[0], defaultValue: arguments.count == 2 ? arguments[1] : nil), end)
        }
        return (.request(raw), end)
    }
}
