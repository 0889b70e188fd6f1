import Foundation
import XCTest

/// The real OAuth 2.0 server of the end-to-end tests (`Tests/Servers/oauth_server.py`, authlib
/// on Flask, 127.0.0.1 only): an authorization endpoint that approves at once as "test-user"
/// (or denies), a token endpoint (authorization code with mandatory S256 PKCE, refresh token;
/// client_secret_post or client_secret_basic) and a protected API, `GET /api/me`, that takes a
/// bearer token, an `X-API-Key` header, an `api_key` query item or Basic credentials.
///
///     let server = try OAuthTestServer(clientSecret: "…", apiKey: "…", basicUser: "u", basicPassword: "…")
///     defer { server.stop() }
///     server.baseURL  // http://127.0.0.1:<port>
///
/// The server stops when `stop()` closes its standard input, and so also when the test process
/// dies. Starting it needs python3 with authlib and flask; without them `init` throws, saying
/// what to install.
final class OAuthTestServer {
    /// `http://127.0.0.1:<port>`, no trailing slash.
    let baseURL: String
    let clientId: String
    let tokenLifetime: Int
    let process: ServerProcess

    var authorizeURL: String { baseURL + "/oauth/authorize" }
    var tokenURL: String { baseURL + "/oauth/token" }
    var apiURL: String { baseURL + "/api/me" }
    /// The client's registered redirect URI; any port on 127.0.0.1 is accepted for it.
    static let redirectURI = "http://127.0.0.1/callback"

    init(tokenLifetime: Int = 3, clientId: String = "wizard-test", clientSecret: String, apiKey: String,
         basicUser: String, basicPassword: String, deny: Bool = false) throws {
        self.clientId = clientId
        self.tokenLifetime = tokenLifetime
        let needs = "it needs python3 with authlib and flask (python3 -m pip install authlib flask; scripts/test installs them)"
        guard let python = TmuxTerminal.which("python3") else {
            throw ServerProcess.Failure("The OAuth test server cannot start, python3 is not on PATH: \(needs).")
        }
        var argv = [python, Self.script, "--port", "0", "--client-id", clientId, "--client-secret", clientSecret,
                    "--token-lifetime", "\(tokenLifetime)", "--api-key", apiKey,
                    "--basic-user", basicUser, "--basic-password", basicPassword]
        if deny { argv.append("--deny") }
        process = try ServerProcess(argv, name: "oauth-server")
        do {
            baseURL = try process.waitForLine(prefix: "READY ", timeout: 20)
        } catch {
            process.stop()
            throw ServerProcess.Failure("The OAuth test server did not start: \(needs).\n\(error)")
        }
    }

    deinit { stop() }

    /// Stops the server (closing its standard input) and removes its files.
    func stop() { process.stop() }

    /// `Tests/Servers/oauth_server.py`.
    static var script: String { serversDirectory + "/oauth_server.py" }

    /// `Tests/Servers/browser`, absolute: the scripted browser (`xdg-open`) that a test puts
    /// first on PATH, so that the app's "open the sign-in page" follows the redirects to its own
    /// loopback listener without a person. `FAKE_BROWSER_LOG` names a file that gets each URL
    /// it visits (with codes, states and secrets blanked out); `FAKE_BROWSER_ENDED_ON` makes it a
    /// browser on another machine, which stops at the redirect to the listener and writes that
    /// address to the file it names.
    static var browserDirectory: String { serversDirectory + "/browser" }

    static var serversDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../Servers").standardized.path
    }
}

/// A helper program a test starts and stops: standard input is a pipe that only this process
/// holds (so closing it, or this process dying, tells the program to stop), standard output
/// and error go to files in a folder of its own, read while it runs.
final class ServerProcess {
    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    let name: String
    let pid: pid_t
    let directory: String
    private var input: Int32
    private var status: Int32?
    private static let counter = TmuxTerminal.Counter()

    init(_ argv: [String], name: String, environment: [String: String]? = nil) throws {
        self.name = name
        directory = NSTemporaryDirectory() + "cw-\(name)-\(getpid())-\(Self.counter.next())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var fds: [Int32] = [-1, -1]
        // Close-on-exec, so that no other child (a wizard, a tmux server) inherits the write end
        // and keeps the program alive; posix_spawn's dup2 gives the child its read end as fd 0.
        guard pipe(&fds) == 0, fcntl(fds[0], F_SETFD, FD_CLOEXEC) == 0, fcntl(fds[1], F_SETFD, FD_CLOEXEC) == 0 else {
            throw Failure("pipe: \(String(cString: strerror(errno)))")
        }
        defer { close(fds[0]) }
        do {
            pid = try Spawn.start(argv, stdin: .descriptor(fds[0]), stdout: directory + "/stdout",
                                  stderr: directory + "/stderr", environment: environment)
        } catch {
            close(fds[1])
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
        input = fds[1]
    }

    deinit { stop() }

    var stdout: String { read("stdout") }
    var stderr: String { read("stderr") }

    private func read(_ file: String) -> String {
        FileManager.default.contents(atPath: directory + "/" + file).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// Waits (polling) for a whole line of standard output that starts with `prefix` and returns
    /// the rest of it; throws, with the program's standard error, if it ends first or the time
    /// runs out.
    func waitForLine(prefix: String, timeout: Double) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            let lines = stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            if let line = lines.first(where: { $0.hasPrefix(prefix) }) { return String(line.dropFirst(prefix.count)) }
            if let code = exitStatus() {
                throw Failure("\(name) ended (status \(code)) before printing \"\(prefix)\".\(transcript)")
            }
            usleep(20_000)
        } while Date() < deadline
        throw Failure("\(name) printed no \"\(prefix)\" line within \(timeout) s.\(transcript)")
    }

    /// Standard output and error, for failure messages.
    var transcript: String { "\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)" }

    /// The exit status once the program has ended, nil while it runs.
    func exitStatus() -> Int32? {
        if status == nil { status = Spawn.exitStatus(pid) }
        return status
    }

    /// Polls until the program ends; its exit status, or nil if it still runs after `timeout`.
    func waitForExit(timeout: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while exitStatus() == nil, Date() < deadline { usleep(20_000) }
        return exitStatus()
    }

    /// Closes the program's standard input: the agreed signal to stop.
    func closeInput() {
        if input >= 0 {
            close(input)
            input = -1
        }
    }

    /// Closes standard input and waits for the program to end (SIGTERM, then SIGKILL, if it
    /// does not within 5 s each), then removes its files. Safe to call more than once.
    func stop() {
        closeInput()
        if waitForExit(timeout: 5) == nil {
            kill(pid, SIGTERM)
            if waitForExit(timeout: 5) == nil {
                kill(pid, SIGKILL)
                status = Spawn.wait(pid)
            }
        }
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// A minimal HTTP/1.0 client for checks against the test servers: one request a connection, to
/// `http://127.0.0.1:<port>` only, 10 s timeouts. Independent of the code under test.
enum TestHTTP {
    struct Response {
        var status: Int
        var headers: [(name: String, value: String)]
        var body: String

        func header(_ name: String) -> String? { headers(named: name).first }
        func headers(named name: String) -> [String] {
            headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
        }

        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
        }

        /// Status and body for failure messages, with token values blanked out.
        var summary: String {
            let body = body.replacingOccurrences(of: #""(access_token|refresh_token)": *"[^"]*""#,
                                                 with: #""$1": "…""#, options: .regularExpression)
            return "HTTP \(status) \(headers(named: "Location").map { "→ " + TestHTTP.redact($0) }.joined()) \(body)"
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func get(_ url: String, headers: [(String, String)] = []) throws -> Response {
        try send("GET", url, headers: headers, body: nil)
    }

    /// POSTs `form` as application/x-www-form-urlencoded.
    static func post(_ url: String, form: [(String, String)], headers: [(String, String)] = []) throws -> Response {
        try send("POST", url, headers: headers + [("Content-Type", "application/x-www-form-urlencoded")],
                 body: encode(form))
    }

    static func send(_ method: String, _ url: String, headers: [(String, String)], body: String?) throws -> Response {
        let prefix = "http://127.0.0.1:"
        guard url.hasPrefix(prefix) else { throw Failure(description: "TestHTTP talks to http://127.0.0.1 only: \(url)") }
        let rest = url.dropFirst(prefix.count)
        let portEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        guard let port = UInt16(rest[..<portEnd]) else { throw Failure(description: "no port in \(url)") }
        var target = String(rest[portEnd...])
        if !target.hasPrefix("/") { target = "/" + target }

        var request = "\(method) \(target) HTTP/1.0\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        if let body { request += "Content-Length: \(body.utf8.count)\r\n" }
        request += "\r\n" + (body ?? "")

        let raw = try exchange(Array(request.utf8), port: port)
        guard let split = raw.range(of: "\r\n\r\n") else { throw Failure(description: "no header end in: \(raw)") }
        let head = raw[..<split.lowerBound].components(separatedBy: "\r\n")
        let statusParts = head[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Failure(description: "bad status line: \(head[0])") }
        let fields = head.dropFirst().compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return Response(status: status, headers: fields, body: String(raw[split.upperBound...]))
    }

    /// Writes the request and reads the whole answer (the server closes the connection).
    private static func exchange(_ request: [UInt8], port: UInt16) throws -> String {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect to 127.0.0.1:\(port): \(String(cString: strerror(errno)))") }
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw Failure(description: "write: \(String(cString: strerror(errno)))") }
            sent += n
        }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n == 0 { break }
            guard n > 0 else { throw Failure(description: "read from 127.0.0.1:\(port): \(String(cString: strerror(errno)))") }
            answer += buffer[..<n]
        }
        return String(decoding: answer, as: UTF8.self)
    }

    /// application/x-www-form-urlencoded (also right for a query).
    static func encode(_ items: [(String, String)]) -> String {
        var unreserved = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        unreserved.insert(charactersIn: "-._~")
        return items.map {
            "\($0.0.addingPercentEncoding(withAllowedCharacters: unreserved)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: unreserved)!)"
        }.joined(separator: "&")
    }

    /// The value of a query item of `url` (percent-decoded), nil when absent.
    static func queryItem(_ name: String, in url: String) -> String? {
        URLComponents(string: url)?.queryItems?.first { $0.name == name }?.value
    }

    /// `Authorization: Basic …` for `user` and `password`.
    static func basic(_ user: String, _ password: String) -> (String, String) {
        ("Authorization", "Basic " + Data("\(user):\(password)".utf8).base64EncodedString())
    }

    /// A URL with the values of code, state and secrets blanked out, for messages.
    static func redact(_ url: String) -> String {
        url.replacingOccurrences(of: #"([?&#](code|state|code_challenge|client_secret|access_token|api_key)=)[^&#]*"#,
                                 with: "$1…", options: .regularExpression)
    }
}
