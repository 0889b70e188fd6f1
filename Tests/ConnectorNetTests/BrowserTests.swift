import Foundation
import XCTest
@testable import ConnectorNet

final class BrowserTests: XCTestCase {
    func testOpensTheURLWithXdgOpenFromPATH() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        // A stand-in that notes its argument and where its standard streams lead, then stays a
        // moment, as a real xdg-open may.
        let script = """
            #!/bin/sh
            streams=$(readlink /proc/$$/fd/0 /proc/$$/fd/1 /proc/$$/fd/2)
            printf '%s\\n%s\\n' "$1" "$streams" > "\(folder.file("opened.part"))"
            mv "\(folder.file("opened.part"))" "\(folder.file("opened"))"
            sleep 0.5
            """
        let fake = folder.file("xdg-open")
        try script.write(toFile: fake, atomically: true, encoding: .utf8)
        chmod(fake, 0o755)
        let url = "https://login.example.com/authorize?client_id=abc&redirect_uri=http%3A%2F%2F127.0.0.1%3A8400%2Fcallback"
        let path = folder.path + ":" + (getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin")
        let (opened, took) = withEnvironment("PATH", path) { timed { Browser.open(url) } }
        XCTAssertTrue(opened)
        XCTAssertLessThan(took, 0.15, "open must not wait for xdg-open")
        XCTAssertTrue(eventually { folder.read("opened") != nil }, "the fake xdg-open never ran")
        XCTAssertFalse(children(named: "xdg-open").isEmpty, "the check below would see no child at all")
        XCTAssertEqual(folder.read("opened"), "\(url)\n/dev/null\n/dev/null\n/dev/null\n")
        // Reaped once it exits: no zombie left behind.
        XCTAssertTrue(eventually { children(named: "xdg-open").isEmpty },
                      "xdg-open is still a child of the tests: \(children(named: "xdg-open"))")
    }

    func testNoXdgOpenOnAnEmptyPATH() {
        XCTAssertFalse(withEnvironment("PATH", "") { Browser.open("https://example.com/") })
    }

    func testOnlyWebAddressesAreOpened() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let fake = folder.file("xdg-open")
        try "#!/bin/sh\ntouch \"\(folder.file("ran"))\"\n".write(toFile: fake, atomically: true, encoding: .utf8)
        chmod(fake, 0o755)
        withEnvironment("PATH", folder.path) {
            XCTAssertFalse(Browser.open("file:///etc/passwd"))
            XCTAssertFalse(Browser.open("--help"))
        }
        XCTAssertNil(folder.read("ran"))
    }

    /// This process's children called `name`, as "pid state" (state Z for a zombie).
    private func children(named name: String) -> [String] {
        let me = getpid()
        let pids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return pids.compactMap { pid -> String? in
            guard Int(pid) != nil, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")") else { return nil }
            let comm = stat[stat.index(after: open)..<close]
            let rest = stat[stat.index(after: close)...].split(separator: " ")
            guard comm == name, rest.count > 2, Int32(rest[1]) == me else { return nil }
            return "\(pid) \(rest[0])"
        }
    }
}
