/// The bottom row: each key and what it does, made from the same bindings that do the work.
enum HintBar {
    /// `dropFirst`: the labels to leave out, in this order, while the bar is too narrow.
    static func draw(_ b: inout Buffer, _ all: [(key: String, label: String)], theme t: Theme, dropFirst: [String]) {
        let y = b.height - 1
        b.fill(x: 0, y: y, width: b.width, height: 1, style: t.statusBar)
        // Each hint measured once: its key, a space, its label.
        var hints = all.map { (key: $0.key, label: $0.label, need: TextWidth.of($0.key) + 1 + TextWidth.of($0.label)) }
        var width = hints.reduce(1) { $0 + $1.need + 2 }
        for drop in dropFirst where width > b.width {
            hints.removeAll { $0.label == drop }
            width = hints.reduce(1) { $0 + $1.need + 2 }
        }
        var x = 1
        for h in hints {
            let need = h.need
            if x + need > b.width { break }
            x += b.put(h.key, x: x, y: y, style: t.hintKey)
            x += 1
            x += b.put(h.label, x: x, y: y, style: t.hintText)
            x += 2
        }
    }
}
