/// A row of buttons, right-aligned, two cells apart.
enum Buttons {
    static func draw(_ b: inout Buffer, _ names: [String], right: Int, y: Int, focused: Int, theme t: Theme) {
        let labels = names.map { " \($0) " }
        let total = labels.reduce(0) { $0 + TextWidth.of($1) } + 2 * max(0, labels.count - 1)
        var bx = right - total
        for (i, label) in labels.enumerated() {
            bx += b.put(label, x: bx, y: y, style: i == focused ? t.buttonFocused : t.button) + 2
        }
    }
}
