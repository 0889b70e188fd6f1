/// A bordered box.
enum Box {
    static func draw(_ b: inout Buffer, x: Int, y: Int, width w: Int, height h: Int, border: CellStyle, fill: CellStyle,
                     title: String? = nil, titleStyle: CellStyle? = nil) {
        guard w >= 2, h >= 2 else { return }
        b.fill(x: x, y: y, width: w, height: h, style: fill)
        b.put("╭" + String(repeating: "─", count: w - 2) + "╮", x: x, y: y, style: border)
        for yy in (y + 1)..<(y + h - 1) {
            b.put("│", x: x, y: yy, style: border)
            b.put("│", x: x + w - 1, y: yy, style: border)
        }
        b.put("╰" + String(repeating: "─", count: w - 2) + "╯", x: x, y: y + h - 1, style: border)
        if let title {
            b.put(" \(title) ", x: x + 2, y: y, style: titleStyle ?? border, maxWidth: w - 4)
        }
    }
}
