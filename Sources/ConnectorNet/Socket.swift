#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import ConnectorKit
import Dispatch
import Synchronization

/// Where a request goes, and how the failure sentences name it.
struct Endpoint {
    /// As in the URL, without brackets: `example.com`, `127.0.0.1`, `::1`.
    var host: String
    var port: Int
    /// The Host header's form: `example.com`, `127.0.0.1:8080`, `[::1]:8080`.
    var name: String
    /// Always with the port, for connection failures: `example.com:443`.
    var address: String

    init(_ url: URLParts) {
        host = url.host
        port = url.effectivePort
        name = url.hostHeader
        address = (host.contains(":") ? "[\(host)]" : host) + ":\(port)"
    }

    var isIPLiteral: Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }

    func noAnswer(_ deadline: Deadline) -> NetFailure {
        NetFailure("no answer from \(name) within \(seconds(deadline.seconds)) s")
    }

    var cancelled: NetFailure { NetFailure("the request to \(name) was cancelled") }

    func failure(_ readiness: Readiness, _ deadline: Deadline) -> NetFailure {
        switch readiness {
        case .ready, .timedOut: return noAnswer(deadline)
        case .cancelled: return cancelled
        case .failed(let why): return NetFailure("waiting for \(name) failed (\(why))")
        }
    }
}

/// One resolved address to try.
struct SocketAddress {
    var family: Int32
    var storage: sockaddr_storage
    var length: socklen_t
}

/// A connected TCP socket, non-blocking, closed on exec so no child (a browser) inherits it.
final class Socket: ByteStream {
    let fd: Int32
    let endpoint: Endpoint
    let deadline: Deadline
    private var closed = false

    private init(fd: Int32, endpoint: Endpoint, deadline: Deadline) {
        self.fd = fd
        self.endpoint = endpoint
        self.deadline = deadline
    }

    deinit { close() }

    /// Tries each address of the host in turn until one accepts, within the deadline.
    static func connect(to endpoint: Endpoint, deadline: Deadline) throws(NetFailure) -> Socket {
        let addresses = try resolve(endpoint, deadline: deadline)
        var lastError: Int32 = ECONNREFUSED
        for address in addresses {
            let fd = socket(address.family, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue | SOCK_NONBLOCK.rawValue), 0)
            guard fd >= 0 else {
                lastError = errno
                continue
            }
            var storage = address.storage
            let rc = withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, address.length) }
            }
            if rc == 0 { return Socket(fd: fd, endpoint: endpoint, deadline: deadline) }
            guard errno == EINPROGRESS || errno == EINTR else {
                lastError = errno
                Glibc.close(fd)
                continue
            }
            let readiness = waitFor(fd, POLLOUT, until: deadline)
            guard readiness == .ready else {
                Glibc.close(fd)
                throw endpoint.failure(readiness, deadline)
            }
            var soError: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &length)
            if soError == 0 { return Socket(fd: fd, endpoint: endpoint, deadline: deadline) }
            lastError = soError
            Glibc.close(fd)
        }
        throw NetFailure("cannot connect to \(endpoint.address) (\(reason(lastError)))")
    }

    /// Up to `buffer.count` bytes; 0 at the end of the stream.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(NetFailure) -> Int {
        while true {
            let n = recv(fd, buffer.baseAddress, buffer.count, 0)
            if n >= 0 { return n }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: try wait(POLLIN)
            default: throw broken(errno)
            }
        }
    }

    func write(_ bytes: [UInt8]) throws(NetFailure) {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            if n >= 0 {
                sent += n
                continue
            }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: try wait(POLLOUT)
            default: throw broken(errno)
            }
        }
    }

    /// Waits for the socket, or throws the sentence for why not.
    func wait(_ events: Int32) throws(NetFailure) {
        let readiness = waitFor(fd, events, until: deadline)
        if readiness != .ready { throw endpoint.failure(readiness, deadline) }
    }

    func broken(_ code: Int32) -> NetFailure {
        NetFailure("the connection to \(endpoint.name) broke (\(reason(code)))")
    }

    func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(fd)
    }
}

/// The host's addresses, IPv6 and IPv4 in the order the system prefers. A name is looked up on
/// another thread, as getaddrinfo can neither time out nor be cancelled; a literal is not.
func resolve(_ endpoint: Endpoint, deadline: Deadline) throws(NetFailure) -> [SocketAddress] {
    if endpoint.isIPLiteral {
        return try lookUp(endpoint.host, endpoint.port, numeric: true).get()
    }
    // Shared with the look-up, which may outlive this call when the deadline passes first.
    final class Outcome: Sendable {
        let value = Mutex<Result<[SocketAddress], NetFailure>?>(nil)
    }
    let result = Outcome()
    let done = DispatchSemaphore(value: 0)
    let (host, port) = (endpoint.host, endpoint.port)
    DispatchQueue.global().async {
        let found = lookUp(host, port, numeric: false)
        result.value.withLock { $0 = found }
        done.signal()
    }
    while true {
        if deadline.cancelled() { throw endpoint.cancelled }
        let left = deadline.millisecondsLeft
        if left == 0 { throw endpoint.noAnswer(deadline) }
        if done.wait(timeout: .now() + .milliseconds(min(left, 100))) == .success { break }
    }
    return try result.value.withLock { $0! }.get()
}

private func lookUp(_ host: String, _ port: Int, numeric: Bool) -> Result<[SocketAddress], NetFailure> {
    var hints = addrinfo()
    hints.ai_family = AF_UNSPEC
    hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
    hints.ai_flags = AI_NUMERICSERV | (numeric ? AI_NUMERICHOST : 0)
    var list: UnsafeMutablePointer<addrinfo>?
    let rc = getaddrinfo(host, String(port), &hints, &list)
    guard rc == 0 else {
        let why = rc == EAI_SYSTEM ? reason(errno) : String(cString: gai_strerror(rc)).lowercased()
        return .failure(NetFailure("cannot find the address of \(host) (\(why))"))
    }
    defer { freeaddrinfo(list) }
    var addresses: [SocketAddress] = []
    var node = list
    while let info = node?.pointee {
        if let addr = info.ai_addr, Int(info.ai_addrlen) <= MemoryLayout<sockaddr_storage>.size {
            var storage = sockaddr_storage()
            withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: UnsafeRawBufferPointer(start: addr, count: Int(info.ai_addrlen))) }
            addresses.append(SocketAddress(family: info.ai_family, storage: storage, length: info.ai_addrlen))
        }
        node = info.ai_next
    }
    guard !addresses.isEmpty else { return .failure(NetFailure("cannot find the address of \(host) (no address)")) }
    return .success(addresses)
}
