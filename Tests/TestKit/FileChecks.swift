import Foundation
import XCTest

/// What the tests check of what a command left behind: files, secrets, plain text.
extension XCTestCase {
    /// Every file of a folder by name.
    public func contents(of folder: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            out[name] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
        }
        return out
    }

    /// No file under `folder` holds `secret`.
    public func assertNoFile(under folder: String, contains secret: String, file: StaticString = #filePath, line: UInt = #line) {
        let needle = Data(secret.utf8)
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return }
        for case let path as String in walker {
            let full = folder + "/" + path
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue,
                  let data = FileManager.default.contents(atPath: full) else { continue }
            XCTAssertNil(data.range(of: needle), "\(full) holds the secret", file: file, line: line)
        }
    }

    /// No escape sequences, no colours, no box drawing; short lines (but for a URL or a long
    /// temporary path).
    public func assertPlainText(_ text: String, allowingLongLinesWith long: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "control characters in:\n\(text)",
                       file: file, line: line)
        XCTAssertFalse(text.unicodeScalars.contains { (0x2500...0x259F).contains($0.value) }, "box drawing in:\n\(text)",
                       file: file, line: line)
        for l in text.split(separator: "\n") where l.count > 80 && !(l.split(separator: " ").last ?? "").hasPrefix("https://")
            && !l.contains(long) {
            XCTFail("a line longer than 80 characters: \(l)", file: file, line: line)
        }
    }
}
