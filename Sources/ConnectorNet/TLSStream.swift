#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// TLS over a connected socket: the peer's certificate must chain to the system's trust store
/// (or `SSL_CERT_FILE`) and name the host, by DNS name or by IP address.
final class TLSStream: ByteStream {
    private let lib: OpenSSL
    private let socket: Socket
    private let context: OpaquePointer
    private let ssl: OpaquePointer
    private var endpoint: Endpoint { socket.endpoint }
    private var closed = false

    /// Sets up the session and shakes hands. Takes the socket over: it is closed with the stream,
    /// or here when the handshake fails.
    init(lib: OpenSSL, socket: Socket) throws(NetFailure) {
        let endpoint = socket.endpoint
        lib.ERR_clear_error()
        guard let context = lib.SSL_CTX_new(lib.TLS_client_method()) else {
            socket.close()
            throw NetFailure("the secure connection to \(endpoint.name) could not be set up (\(Self.queuedError(lib)))")
        }
        // SSL_new copies these, so they come first.
        _ = lib.SSL_CTX_set_default_verify_paths(context)
        lib.SSL_CTX_set_verify(context, OpenSSL.verifyPeer, nil)
        _ = lib.SSL_CTX_set_options(context, OpenSSL.ignoreUnexpectedEOF)
        _ = lib.SSL_CTX_ctrl(context, OpenSSL.ctrlSetMinProtoVersion, OpenSSL.tls1_2, nil)
        _ = lib.SSL_CTX_ctrl(context, OpenSSL.ctrlMode, OpenSSL.acceptMovingWriteBuffer, nil)
        guard let ssl = lib.SSL_new(context) else {
            lib.SSL_CTX_free(context)
            socket.close()
            throw NetFailure("the secure connection to \(endpoint.name) could not be set up (\(Self.queuedError(lib)))")
        }
        self.lib = lib
        self.socket = socket
        self.context = context
        self.ssl = ssl
        _ = lib.SSL_set_fd(ssl, socket.fd)
        let named: Bool = endpoint.host.withCString { host in
            if endpoint.isIPLiteral {
                // No SNI for an address (RFC 6066 §3); the certificate must list it as an IP.
                return lib.X509_VERIFY_PARAM_set1_ip_asc(lib.SSL_get0_param(ssl), host) == 1
            }
            _ = lib.SSL_ctrl(ssl, OpenSSL.ctrlSetHostName, OpenSSL.nameTypeHostName, UnsafeMutableRawPointer(mutating: host))
            return lib.SSL_set1_host(ssl, host) == 1
        }
        guard named else {
            close()
            throw NetFailure("cannot check the certificate of \(endpoint.name) (the host name is not usable)")
        }
        do {
            try handshake()
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    private func handshake() throws(NetFailure) {
        while true {
            lib.ERR_clear_error()
            let rc = lib.SSL_connect(ssl)
            if rc == 1 { return }
            let code = errno
            switch lib.SSL_get_error(ssl, rc) {
            case OpenSSL.errorWantRead: try socket.wait(POLLIN)
            case OpenSSL.errorWantWrite: try socket.wait(POLLOUT)
            default: throw handshakeFailure(code)
            }
        }
    }

    /// The sentence for a handshake that failed: the certificate's problem when there is one.
    private func handshakeFailure(_ code: Int32) -> NetFailure {
        let verify = lib.SSL_get_verify_result(ssl)
        if verify != 0 {
            let text = lib.X509_verify_cert_error_string(verify).map { String(cString: $0) } ?? "error \(verify)"
            if verify == OpenSSL.hostnameMismatch || verify == OpenSSL.ipAddressMismatch {
                return NetFailure("the certificate of \(endpoint.name) is for another host (\(text))")
            }
            return NetFailure("the certificate of \(endpoint.name) is not trusted (\(text))")
        }
        return NetFailure("the secure connection to \(endpoint.name) failed (\(why(code)))")
    }

    /// OpenSSL's queued reason, else the system's, else the peer hung up.
    private func why(_ code: Int32) -> String {
        let queued = Self.queuedError(lib)
        if !queued.isEmpty { return queued }
        return code != 0 ? reason(code) : "the server closed the connection"
    }

    private static func queuedError(_ lib: OpenSSL) -> String {
        var last = ""
        while true {
            let e = lib.ERR_get_error()
            if e == 0 { return last }
            if let text = lib.ERR_reason_error_string(e) { last = String(cString: text) }
        }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(NetFailure) -> Int {
        let count = Int32(clamping: buffer.count)
        while true {
            lib.ERR_clear_error()
            let n = lib.SSL_read(ssl, buffer.baseAddress, count)
            if n > 0 { return Int(n) }
            let code = errno
            switch lib.SSL_get_error(ssl, n) {
            case OpenSSL.errorWantRead: try socket.wait(POLLIN)
            case OpenSSL.errorWantWrite: try socket.wait(POLLOUT)
            case OpenSSL.errorZeroReturn: return 0
            case OpenSSL.errorSyscall where code == 0: return 0
            default: throw NetFailure("the secure connection to \(endpoint.name) broke (\(why(code)))")
            }
        }
    }

    func write(_ bytes: [UInt8]) throws(NetFailure) {
        var sent = 0
        while sent < bytes.count {
            lib.ERR_clear_error()
            let n = bytes.withUnsafeBytes {
                lib.SSL_write(ssl, $0.baseAddress! + sent, Int32(clamping: $0.count - sent))
            }
            if n > 0 {
                sent += Int(n)
                continue
            }
            let code = errno
            switch lib.SSL_get_error(ssl, n) {
            case OpenSSL.errorWantRead: try socket.wait(POLLIN)
            case OpenSSL.errorWantWrite: try socket.wait(POLLOUT)
            default: throw NetFailure("the secure connection to \(endpoint.name) broke (\(why(code)))")
            }
        }
    }

    /// Says goodbye once without waiting for the answer, then frees everything.
    func close() {
        guard !closed else { return }
        closed = true
        lib.ERR_clear_error()
        _ = lib.SSL_shutdown(ssl)
        lib.SSL_free(ssl)
        lib.SSL_CTX_free(context)
        lib.ERR_clear_error()
        socket.close()
    }
}

/// Runs `body` with SIGPIPE blocked on this thread. OpenSSL writes to the socket with write(2),
/// which raises SIGPIPE when the peer is gone, and the default action ends the whole program;
/// a SIGPIPE raised meanwhile is taken off the queue before the mask is put back.
func withoutSIGPIPE<T>(_ body: () throws(NetFailure) -> T) throws(NetFailure) -> T {
    var pipe = sigset_t()
    sigemptyset(&pipe)
    sigaddset(&pipe, SIGPIPE)
    var previous = sigset_t()
    pthread_sigmask(SIG_BLOCK, &pipe, &previous)
    var pending = sigset_t()
    sigpending(&pending)
    let wasPending = sigismember(&pending, SIGPIPE) == 1
    defer {
        sigpending(&pending)
        if !wasPending, sigismember(&pending, SIGPIPE) == 1 {
            var now = timespec()
            _ = sigtimedwait(&pipe, nil, &now)
        }
        pthread_sigmask(SIG_SETMASK, &previous, nil)
    }
    return try body()
}
