import XCTest
import WizardUI

/// Compares a rendered screen with the text stored in `__Snapshots__/<name>.txt`.
/// `SNAPSHOT_RECORD=1 swift test` writes the files anew; look at them before committing.
/// A missing snapshot fails: a screen nobody has looked at is not a passing test.
func assertSnapshot(_ buffer: Buffer, named name: String, file: StaticString = #filePath, line: UInt = #line) {
    let dir = URL(fileURLWithPath: "\(file)").deletingLastPathComponent().appendingPathComponent("__Snapshots__")
    let url = dir.appendingPathComponent("\(name).txt")
    let actual = buffer.text + "\n"
    if ProcessInfo.processInfo.environment["SNAPSHOT_RECORD"] == "1" {
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try? actual.write(to: url, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        XCTFail("No snapshot \(name).txt; record it with SNAPSHOT_RECORD=1 and look at it. The screen was:\n\(actual)",
                file: file, line: line)
        return
    }
    if expected != actual {
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var diff = ""
        for i in 0..<max(e.count, a.count) {
            let el = i < e.count ? String(e[i]) : "∅"
            let al = i < a.count ? String(a[i]) : "∅"
            if el != al { diff += "row \(i):\n  expected |\(el)|\n  actual   |\(al)|\n" }
        }
        XCTFail("Snapshot \(name) differs:\n\(diff)\nThe screen was:\n\(actual)", file: file, line: line)
    }
}
