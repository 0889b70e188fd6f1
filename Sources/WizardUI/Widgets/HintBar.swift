/// The bottom row: each key and what it does, made from the same bindings that do the work.
enum HintBar {
    /// `dropFirst`: the labels to leave out, in this order, while the bar is too narrow.
    static func draw(_ b: inout Buffer, _ all: [(key: String, label: String)], theme t: Theme, dropFirst: [String]) {
        let y = b.height - 1
        b.fill(x: 0, y: y, width: b.width, height: 1, style: t.statusBar)
        var hints = all
        func width(_ h: [(key: String, label: String)]) -> Int {
            h.reduce(1) { $0 + TextWidth.of($1.key) + 1 + TextWidth.of($1.label) + 2 }
        }
        for drop in dropFirst where width(hints) > b.width {
            hints.removeAll { $0.label == drop }
        }
        var x = 1
        for h in hints {
            let need = TextWidth.of(h.key) + 1 + TextWidth.of(h.label)
            if x + need > b.width { break }
            x += b.put(h.key, x: x, y: y, style: t.hintKey)
            x += 1
            x += b.put(h.label, x: x, y: y, style: t.hintText)
            x += 2
        }
    }
}
