/// The row above the hints: a message, a finding, or help for what has the focus.
enum StatusLine {
    static func draw(_ b: inout Buffer, _ text: String, style: CellStyle, theme t: Theme) {
        let y = b.height - 2
        b.fill(x: 0, y: y, width: b.width, height: 1, style: t.statusBar)
        b.put(TextWidth.truncate(" " + text, to: b.width), x: 0, y: y, style: style)
    }
}
