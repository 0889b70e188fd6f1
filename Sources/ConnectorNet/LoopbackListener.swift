#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import ConnectorKit
import Synchronization

public enum ListenerFailure: Error, Equatable {
    case timedOut
    case cancelled
    /// The system's reason, as a sentence.
    case failed(String)
}

/// The redirect target of a sign-in in the browser: a socket on 127.0.0.1 that takes the
/// browser's request to `/callback` and hands its query to the wizard (RFC 8252 §7.3).
public final class LoopbackListener: @unchecked Sendable {
    public let port: Int

    /// "http://127.0.0.1:<port>/callback"
    public var redirectURI: String { "http://127.0.0.1:\(port)/callback" }

    private struct State {
        var fd: Int32
        var waiting = false
        var closeRequested = false
    }

    private let state: Mutex<State>

    /// How long a browser's connection may dawdle before its request is complete; others (a
    /// speculative connection that never sends anything) are served meanwhile.
    static let clientPatience: Duration = .seconds(10)
    static let maximumRequestHead = 16 << 10

    /// Listens on 127.0.0.1 only (RFC 8252 §7.3), on `port` (0 = an ephemeral one). Throws when
    /// the port is taken ("port 8400 on 127.0.0.1 is in use").
    public init(port: Int = 0) throws(NetFailure) {
        guard (0...65535).contains(port) else { throw NetFailure("\(port) is not a port number") }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue | SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { throw NetFailure("cannot listen on 127.0.0.1 (\(reason(errno)))") }
        // A port left in TIME_WAIT by the last sign-in may be reused; one still listened on may not.
        var on: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            let code = errno
            Glibc.close(fd)
            if code == EADDRINUSE { throw NetFailure("port \(port) on 127.0.0.1 is in use") }
            throw NetFailure("cannot listen on 127.0.0.1:\(port) (\(reason(code)))")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.port = Int(UInt16(bigEndian: address.sin_port))
        self.state = Mutex(State(fd: fd))
    }

    deinit {
        state.withLock { if $0.fd >= 0 { Glibc.close($0.fd) } }
    }

    /// Whether a `waitForRedirect` is under way.
    var isWaiting: Bool { state.withLock { $0.waiting } }

    /// Stops listening. During a wait on another thread, the wait ends as cancelled and closes.
    public func close() {
        let fd: Int32? = state.withLock { s in
            guard s.fd >= 0 else { return nil }
            if s.waiting {
                s.closeRequested = true
                return nil
            }
            defer { s.fd = -1 }
            return s.fd
        }
        if let fd { Glibc.close(fd) }
    }

    /// Waits for the browser's request to /callback; answers it with a small self-contained HTML
    /// page ("Signed in — you can close this tab and go back to the terminal." or, when the query
    /// has `error`, that error and error_description, HTML-escaped); answers other paths
    /// (favicon…) 404 and keeps waiting. Returns the callback's query items, decoded.
    ///
    /// `accept` sees each callback's items first (the caller checks `state`): one it refuses is
    /// not the sign-in waited for (a forged or stale redirect); it is answered 400 with a page
    /// that says it was ignored, and the wait goes on.
    ///
    /// `pasted` is asked as often as `cancelled` for a redirect that came another way (the
    /// address a browser on another machine ended on, given in the terminal, already checked by
    /// the caller): once it has items, the wait ends with them, as if the browser had brought them.
    public func waitForRedirect(timeout: Double,
                                cancelled: @escaping @Sendable () -> Bool,
                                accept: ([(name: String, value: String)]) -> Bool = { _ in true },
                                pasted: @escaping @Sendable () -> [(name: String, value: String)]? = { nil })
        throws(ListenerFailure) -> [(name: String, value: String)] {
        let fd: Int32 = try state.withLock { (s) throws(ListenerFailure) -> Int32 in
            guard s.fd >= 0, !s.closeRequested else { throw .failed("the listener on 127.0.0.1:\(port) is closed") }
            guard !s.waiting else { throw .failed("the listener on 127.0.0.1:\(port) is already waiting") }
            s.waiting = true
            return s.fd
        }
        var clients: [Client] = []
        defer {
            for client in clients { Glibc.close(client.fd) }
            state.withLock { s in
                s.waiting = false
                if s.closeRequested, s.fd >= 0 {
                    Glibc.close(s.fd)
                    s.fd = -1
                }
            }
        }
        let deadline = Deadline(seconds: timeout) { [self] in
            cancelled() || self.state.withLock { $0.closeRequested } || pasted() != nil
        }
        while true {
            var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0)]
                + clients.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
            switch waitFor(&fds, until: deadline) {
            case .ready: break
            case .timedOut: throw .timedOut
            case .cancelled:
                if !cancelled(), let items = pasted() { return items }
                throw .cancelled
            case .failed(let why): throw .failed("waiting for the browser failed (\(why))")
            }
            // Those that spoke first, before the new ones are added.
            var remaining: [Client] = []
            for (index, var client) in clients.enumerated() {
                guard fds[index + 1].revents != 0 else {
                    if ContinuousClock.now - client.since < Self.clientPatience {
                        remaining.append(client)
                    } else {
                        Glibc.close(client.fd)
                    }
                    continue
                }
                switch client.receive() {
                case .waiting:
                    remaining.append(client)
                case .gone:
                    Glibc.close(client.fd)
                case .request(let method, let target):
                    if let items = answer(client.fd, method: method, target: target, accept: accept) {
                        Glibc.close(client.fd)
                        clients = remaining + clients[(index + 1)...]
                        return items
                    }
                    Glibc.close(client.fd)
                }
            }
            clients = remaining
            if fds[0].revents != 0 {
                while true {
                    // Close-on-exec from the start, so that a browser started meanwhile on
                    // another thread cannot inherit it (not inherited from the listening
                    // socket on Linux, and a later fcntl would leave a window).
                    let client = acceptCloseOnExec(fd)
                    if client >= 0 {
                        clients.append(Client(fd: client))
                        continue
                    }
                    let code = errno
                    if code == EINTR || code == ECONNABORTED { continue }
                    if code == EAGAIN || code == EWOULDBLOCK { break }
                    throw .failed("cannot take the browser's connection on 127.0.0.1:\(port) (\(reason(code)))")
                }
            }
        }
    }

    /// Serves one request: the callback's items, or nil after a 404 (or 405) for anything else
    /// and a 400 for a callback that `accept` refuses.
    private func answer(_ fd: Int32, method: String, target: String,
                        accept: ([(name: String, value: String)]) -> Bool) -> [(name: String, value: String)]? {
        let path = String(target.prefix { $0 != "?" })
        guard path == "/callback" else {
            respond(fd, status: "404 Not Found", page: CallbackPage.notFound)
            return nil
        }
        guard method == "GET" else {
            respond(fd, status: "405 Method Not Allowed", page: CallbackPage.notFound)
            return nil
        }
        let query = target.firstIndex(of: "?").map { String(target[target.index(after: $0)...]) } ?? ""
        let items = URLEncoding.query(query)
        guard accept(items) else {
            respond(fd, status: "400 Bad Request", page: CallbackPage.ignored)
            return nil
        }
        respond(fd, status: "200 OK", page: CallbackPage.html(for: items))
        return items
    }

    /// Writes a whole response, giving a slow reader a moment; a browser that went away is no
    /// failure here.
    private func respond(_ fd: Int32, status: String, page: String) {
        let body = Array(page.utf8)
        let head = "HTTP/1.1 \(status)\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: \(body.count)\r\n"
            + "Cache-Control: no-store\r\nReferrer-Policy: no-referrer\r\nConnection: close\r\n\r\n"
        let bytes = Array(head.utf8) + body
        let deadline = Deadline(seconds: 2) { false }
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            if n > 0 {
                sent += n
            } else if n < 0, errno == EINTR {
                continue
            } else if n < 0, errno == EAGAIN || errno == EWOULDBLOCK, waitFor(fd, POLLOUT, until: deadline) == .ready {
                continue
            } else {
                return
            }
        }
        shutdown(fd, Int32(SHUT_WR))
    }
}

/// A browser's connection whose request head is still coming in.
private struct Client {
    let fd: Int32
    let since = ContinuousClock.now
    var received: [UInt8] = []

    enum Progress {
        case waiting
        case gone
        case request(method: String, target: String)
    }

    init(fd: Int32) { self.fd = fd }

    mutating func receive() -> Progress {
        var chunk = [UInt8](repeating: 0, count: 4096)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n < 0 { return errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK ? .waiting : .gone }
        if n == 0 { return .gone }
        received += chunk[..<n]
        // Answer only once the whole head is in: closing on unread bytes would reset the
        // connection, and the browser could drop the page.
        guard let headEnd = Self.endOfHead(received) else {
            return received.count > LoopbackListener.maximumRequestHead ? .gone : .waiting
        }
        let lineEnd = received[..<headEnd].firstIndex(of: 10) ?? headEnd
        let line = String(decoding: received[..<lineEnd], as: UTF8.self)
        let parts = line.split(separator: " ")
        guard parts.count >= 2 else { return .gone }
        return .request(method: String(parts[0]), target: String(parts[1]))
    }

    /// Where the blank line that ends a request head is (CRLF CRLF, or bare LFs).
    static func endOfHead(_ bytes: [UInt8]) -> Int? {
        var previousLF = -2
        for (i, b) in bytes.enumerated() where b == 10 {
            if i == previousLF + 1 || (i == previousLF + 2 && bytes[i - 1] == 13) { return i }
            previousLF = i
        }
        return nil
    }
}

/// accept(2) of a connection that is close-on-exec and non-blocking from the start: accept4,
/// which the Glibc module does not export (it is behind _GNU_SOURCE), so it is looked up once in
/// the C library and called through a C function pointer. Where it is missing (never, on glibc
/// 2.10 and later or musl), plain accept and fcntl.
private func acceptCloseOnExec(_ fd: Int32) -> Int32 {
    if let accept4 = Accept4.function {
        return accept4(fd, nil, nil, Int32(SOCK_CLOEXEC.rawValue | SOCK_NONBLOCK.rawValue))
    }
    let client = accept(fd, nil, nil)
    if client >= 0 {
        _ = fcntl(client, F_SETFD, FD_CLOEXEC)
        _ = fcntl(client, F_SETFL, fcntl(client, F_GETFL) | O_NONBLOCK)
    }
    return client
}

/// accept4 itself, nil where the C library has none.
enum Accept4 {
    typealias Function = @convention(c) (Int32, UnsafeMutablePointer<sockaddr>?, UnsafeMutablePointer<socklen_t>?, Int32) -> Int32

    /// RTLD_DEFAULT (a null handle): the process's own C library.
    static let function: Function? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "accept4")
        .map { unsafeBitCast($0, to: Function.self) }
}
