import ConnectorKit
import Foundation
import XCTest
@testable import ConnectorNet

/// A folder of its own under the system's temporary folder, removed with `remove()`.
struct ScratchFolder {
    let path: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "/cw-net-XXXXXX").utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw TestFailure("cannot make a scratch folder: \(String(cString: strerror(errno)))")
        }
        path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }

    func read(_ name: String) -> String? {
        FileManager.default.contents(atPath: file(name)).map { String(decoding: $0, as: UTF8.self) }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Polls `condition` every 10 ms until it holds or `timeout` seconds pass; true when it held.
func eventually(within timeout: Double = 10, _ condition: () -> Bool) -> Bool {
    let end = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
    while ContinuousClock.now < end {
        if condition() { return true }
        usleep(10_000)
    }
    return condition()
}

/// Runs `body` with an environment variable set (nil: unset), then puts back what was there,
/// so no test leaks its environment into the next.
func withEnvironment<T>(_ name: String, _ value: String?, _ body: () throws -> T) rethrows -> T {
    let previous = getenv(name).map { String(cString: $0) }
    if let value { setenv(name, value, 1) } else { unsetenv(name) }
    defer { if let previous { setenv(name, previous, 1) } else { unsetenv(name) } }
    return try body()
}

/// Seconds that `body` took.
func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = ContinuousClock.now
    let value = try body()
    let (s, atto) = (ContinuousClock.now - start).components
    return (value, Double(s) + Double(atto) / 1e18)
}

/// The sentence `body` failed with, or a test failure when it succeeded.
func failure<T>(of body: () throws(NetFailure) -> T, file: StaticString = #filePath,
                line: UInt = #line) -> String {
    do {
        let response = try body()
        XCTFail("expected a failure, got \(response)", file: file, line: line)
        return ""
    } catch {
        return error.description
    }
}

/// The test server (test_server.py) in a child process of its own, stopped by `stop()`.
final class TestServer {
    let pid: pid_t
    /// nil when the server could not listen (no IPv6 on this machine); then `unavailable` says why.
    let port: Int?
    let unavailable: String?
    let folder: ScratchFolder

    var certificate: String { folder.file("cert.pem") }

    /// Starts `python3 test_server.py mode` and waits (20 s at most) for it to print its port.
    /// Fails loudly when python3 is missing: these tests must not pass without running.
    init(_ mode: String) throws {
        guard let python = Executable.find("python3") else {
            throw TestFailure("python3 is not on PATH: ConnectorNetTests need it to run their test servers")
        }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("test_server.py").path
        folder = try ScratchFolder()
        do {
            pid = try Subprocess.spawn([python, script, mode, folder.path], stdout: folder.file("out"),
                                       stderr: folder.file("err"))
        } catch {
            folder.remove()
            throw TestFailure("cannot start the test server: \(error)")
        }
        var exited = false
        let folder = self.folder, pid = self.pid
        let printed = eventually(within: 20) {
            if folder.read("out")?.contains("\n") == true { return true }
            var status: Int32 = 0
            exited = waitpid(pid, &status, WNOHANG) == pid
            return exited
        }
        let out = folder.read("out")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if let port = Int(out) {
            self.port = port
            self.unavailable = nil
        } else if out.hasPrefix("unavailable") {
            self.port = nil
            self.unavailable = out
        } else {
            if !exited {
                kill(pid, SIGKILL)
                Subprocess.wait(pid)
            }
            let err = folder.read("err") ?? ""
            folder.remove()
            throw TestFailure("the test server (\(mode)) did not start\(printed ? "" : " within 20 s"): \(out)\n\(err)")
        }
    }

    func url(_ path: String, scheme: String = "http", host: String = "127.0.0.1") -> String {
        "\(scheme)://\(host):\(port ?? 0)\(path)"
    }

    /// GET `path` from this server.
    func get(_ path: String, scheme: String = "http", timeout: Double = 30) throws(NetFailure) -> HTTPResponse {
        try HTTPClient.send(HTTPRequest(url: url(path, scheme: scheme)), timeout: timeout)
    }

    func stop() {
        kill(pid, SIGKILL)
        Subprocess.wait(pid)
        folder.remove()
    }
}

extension XCTestCase {
    /// A test server stopped when the test ends.
    func startServer(_ mode: String = "http") throws -> TestServer {
        let server = try TestServer(mode)
        addTeardownBlock { server.stop() }
        return server
    }
}
