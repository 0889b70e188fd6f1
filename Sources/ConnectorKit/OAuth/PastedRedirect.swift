/// The address a browser ended on, given in the terminal instead of reaching the loopback
/// listener: when the browser runs on another machine (the maker works over SSH), its redirect
/// to `http://127.0.0.1:PORT/callback` goes nowhere there, but the address it ended on holds
/// `code` and `state` all the same (§5.1, "Over SSH").
///
/// The address is read as the listener reads a callback's query and checked with
/// `AuthorizationRedirect`, as every redirect is: only the code of an address with this sign-in's
/// `state` is taken. Whatever else is given is refused with one sentence that says why, and never
/// repeats the address (it may hold a code).
public enum PastedRedirect {
    public enum Outcome: Sendable {
        /// The state matches and a code came: the address's query items, to go on with as if the
        /// listener had received them.
        case taken(items: [(name: String, value: String)])
        /// Why the address is not this sign-in's answer, in one sentence.
        case refused(String)
    }

    /// Checks `text` (a whole address; a bare `code=…&state=…` query will do) against the
    /// `state` the sign-in sent. White space anywhere is dropped first: a URL has none, and one
    /// copied from a terminal that wrapped it has line breaks in it.
    public static func check(_ text: String, expectedState: String) -> Outcome {
        guard let items = items(of: text) else { return .refused(notAnAddress) }
        switch AuthorizationRedirect(items: items, expectedState: expectedState) {
        case .code:
            return .taken(items: items)
        case .stateMismatch:
            let state = items.first { $0.name == "state" }?.value ?? ""
            return .refused(state.isEmpty ? missingState : wrongState)
        case .error(let code, let description):
            var sentence = "The identity provider answered \(code)" + (description.map { ": \($0)" } ?? "")
            if !sentence.hasSuffix(".") { sentence += "." }
            // A code sent along with the error stays unshown, even if the description repeats it.
            let codes = items.filter { $0.name == "code" }.map(\.value)
            return .refused(Redactor(secrets: codes).redact(sentence))
        case .missingCode:
            return .refused(missingCode)
        }
    }

    public static let notAnAddress = "That is not the address the browser ended on: copy all of it from the browser's address bar."
    public static let missingState = "That address has no state to check it by, so it was refused."
    public static let wrongState = "That address is another sign-in's answer (its state is not this one's), so it was refused."
    public static let missingCode = "That address holds no authorization code: give the one the browser ended on after signing in, not the sign-in URL."

    /// The query items of an address: after its `?` (a `#fragment` dropped), or the whole text
    /// when it is a bare query; nil when it has none of `code`, `state` and `error`.
    static func items(of text: String) -> [(name: String, value: String)]? {
        var compact = String(text.filter { !$0.isWhitespace })
        compact = String(compact.drop { "<\"'".contains($0) }.reversed().drop { ">\"'".contains($0) }.reversed())
        let query: Substring
        if let mark = compact.firstIndex(of: "?") {
            query = compact[compact.index(after: mark)...]
        } else if compact.contains("=") {
            query = compact[...]
        } else {
            return nil
        }
        let items = URLEncoding.query(String(query.prefix { $0 != "#" }))
        guard items.contains(where: { ["code", "state", "error"].contains($0.name) }) else { return nil }
        return items
    }

    /// The address as it may be shown: up to its query as given (when it is a web address), each
    /// value of the query masked, and anything that is no address at all masked whole.
    public static func shown(_ text: String) -> String {
        let compact = String(text.filter { !$0.isWhitespace })
        let lower = compact.lowercased()
        let isWebAddress = lower.hasPrefix("http://") || lower.hasPrefix("https://")
        var head = ""
        var query = Substring(compact)
        if let mark = compact.firstIndex(of: "?"), isWebAddress {
            head = String(compact[...mark])
            query = compact[compact.index(after: mark)...]
        } else if isWebAddress {
            return compact
        } else if !compact.contains("=") {
            return compact.isEmpty ? "" : Redactor.mask
        }
        let parts = query.split(separator: "&", omittingEmptySubsequences: false).map { part -> String in
            guard let eq = part.firstIndex(of: "=") else { return part.isEmpty ? "" : Redactor.mask }
            return part[...eq] + (part[part.index(after: eq)...].isEmpty ? "" : Redactor.mask)
        }
        return head + parts.joined(separator: "&")
    }

    /// The loopback listener's port, from the `redirect_uri` (or, under another name, the first
    /// `http://127.0.0.1:` value) of a live sign-in's authorization URL: the port an `ssh -L`
    /// from the browser's machine forwards. Nil when the URL names none.
    public static func listenerPort(inAuthorizationURL url: String) -> Int? {
        let query = url.firstIndex(of: "?").map { String(url[url.index(after: $0)...].prefix { $0 != "#" }) } ?? ""
        let items = URLEncoding.query(query)
        let prefix = "http://127.0.0.1:"
        let values = items.filter { $0.name == "redirect_uri" }.map(\.value) + items.map(\.value)
        for value in values where value.hasPrefix(prefix) {
            if let port = Int(value.dropFirst(prefix.count).prefix { $0.isNumber }), (1...65535).contains(port) { return port }
        }
        return nil
    }
}
