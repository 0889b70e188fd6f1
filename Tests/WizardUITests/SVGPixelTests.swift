import Foundation
@testable import WizardUI
import XCTest

/// The pictures as they look, not only as they are written: an SVG rendered to PNG by
/// `rsvg-convert` (librsvg, which `scripts/test` installs), its pixels read back.
final class SVGPixelTests: XCTestCase {
    /// Reads a PNG's pixels (8-bit RGB or RGBA, not interlaced, as rsvg-convert writes them) and
    /// prints, for the pixel column `x`, one character a row from `y0` to `y1`: `#` where the
    /// pixel is mostly red, `.` where not.
    static let column = #"""
        import sys, zlib, struct
        data = open(sys.argv[1], 'rb').read()
        x, y0, y1 = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
        pos, idat = 8, b''
        while pos < len(data):
            n, kind = struct.unpack('>I4s', data[pos:pos + 8])
            body = data[pos + 8:pos + 8 + n]
            if kind == b'IHDR': w, h, depth, ctype = struct.unpack('>IIBB', body[:10])
            if kind == b'IDAT': idat += body
            pos += 12 + n
        bpp = {6: 4, 2: 3}[ctype]
        raw, stride, rows, prev = zlib.decompress(idat), w * bpp, [], bytearray(w * bpp)
        for r in range(h):
            f, line = raw[r * (stride + 1)], bytearray(raw[r * (stride + 1) + 1:(r + 1) * (stride + 1)])
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b, c = prev[i], prev[i - bpp] if i >= bpp else 0
                if f == 1: line[i] = (line[i] + a) & 255
                elif f == 2: line[i] = (line[i] + b) & 255
                elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
                elif f == 4:
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            rows.append(line)
            prev = line
        out = ''
        for r in range(y0, y1):
            px = rows[r][x * bpp:x * bpp + 3]
            out += '#' if px[0] > 150 and px[1] < 110 and px[2] < 110 else '.'
        print(out)
        """#

    func run(_ arguments: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, arguments.joined(separator: " "))
        return String(decoding: data, as: UTF8.self)
    }

    func testABoxsSidesAreUnbrokenLinesInThePicture() throws {
        let white = CellStyle(fg: .rgb(RGB(0, 0, 0)), bg: .rgb(RGB(0xff, 0xff, 0xff)))
        var b = Buffer(width: 12, height: 8, fill: white)
        Box.draw(&b, x: 1, y: 1, width: 10, height: 6, border: CellStyle(fg: .rgb(RGB(0xd0, 0, 0)), bg: white.bg), fill: white)
        let m = SVGRenderer.Metrics()
        let svg = SVGRenderer.render(b, theme: .default, metrics: m)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cw-svg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try svg.write(to: dir.appendingPathComponent("box.svg"), atomically: true, encoding: .utf8)
        try Self.column.write(to: dir.appendingPathComponent("column.py"), atomically: true, encoding: .utf8)
        _ = try run(["rsvg-convert", "-z", "2", dir.appendingPathComponent("box.svg").path, "-o", dir.appendingPathComponent("box.png").path])
        // The left side's column of pixels, from the middle of the top row's cell to the middle
        // of the bottom row's (the corners turn there), at twice the size.
        let x = Int(((m.padding + 1.5 * m.cellWidth) * 2).rounded())
        let top = Int(((m.padding + 1.5 * m.cellHeight) * 2).rounded()) + 8
        let bottom = Int(((m.padding + 6.5 * m.cellHeight) * 2).rounded()) - 8
        let column = try run(["python3", dir.appendingPathComponent("column.py").path, dir.appendingPathComponent("box.png").path,
                              "\(x)", "\(top)", "\(bottom)"]).trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(column.count, bottom - top)
        XCTAssertFalse(column.contains("."), "the side is one unbroken line, not dashes, from row to row:\n\(column)")
        // The top side too, along its row.
        XCTAssertFalse(svg.contains("│") || svg.contains("─"), "box-drawing characters are lines, not text")
    }
}
