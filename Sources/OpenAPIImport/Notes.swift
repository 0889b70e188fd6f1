/// What an import has to tell the maker, one line for each kind of thing: what Swagger 2.0 or
/// the platform cannot hold and where it stood (the first few places, then how many in all),
/// and what was carried over in another form.
struct Notes {
    private var order: [String] = []
    private var places: [String: [String]] = [:]

    /// Says `what` (a sentence without its place) about `place` (e.g. `GET /pets`); said once,
    /// with every place it was said about.
    mutating func add(_ what: String, at place: String? = nil) {
        if places[what] == nil {
            order.append(what)
            places[what] = []
        }
        if let place, !(places[what]!.contains(place)) { places[what]!.append(place) }
    }

    var isEmpty: Bool { order.isEmpty }

    /// One line each, in the order they were first said.
    var lines: [String] {
        order.map { what in
            let at = places[what] ?? []
            guard !at.isEmpty else { return what }
            let shown = at.prefix(3).joined(separator: "; ")
            let more = at.count > 3 ? "; and \(at.count - 3) more (\(at.count) in all)" : ""
            return "\(what): \(shown)\(more)"
        }
    }
}
