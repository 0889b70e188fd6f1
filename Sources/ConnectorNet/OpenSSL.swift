#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The system's OpenSSL 3, opened at run time on the first https request. Linking it would cost
/// every start of the wizard (and need libssl-dev to build); only a few plain C functions are
/// needed, so they are looked up by name and called through C function pointers.
struct OpenSSL: @unchecked Sendable {
    typealias Handle = OpaquePointer?

    let TLS_client_method: @convention(c) () -> Handle
    let SSL_CTX_new: @convention(c) (Handle) -> Handle
    let SSL_CTX_free: @convention(c) (Handle) -> Void
    let SSL_CTX_set_default_verify_paths: @convention(c) (Handle) -> Int32
    /// The callback argument is always nil: OpenSSL's own verification decides.
    let SSL_CTX_set_verify: @convention(c) (Handle, Int32, OpaquePointer?) -> Void
    let SSL_CTX_set_options: @convention(c) (Handle, UInt64) -> UInt64
    let SSL_CTX_ctrl: @convention(c) (Handle, Int32, Int, UnsafeMutableRawPointer?) -> Int
    let SSL_new: @convention(c) (Handle) -> Handle
    let SSL_free: @convention(c) (Handle) -> Void
    let SSL_set_fd: @convention(c) (Handle, Int32) -> Int32
    let SSL_ctrl: @convention(c) (Handle, Int32, Int, UnsafeMutableRawPointer?) -> Int
    let SSL_set1_host: @convention(c) (Handle, UnsafePointer<CChar>?) -> Int32
    let SSL_get0_param: @convention(c) (Handle) -> Handle
    let X509_VERIFY_PARAM_set1_ip_asc: @convention(c) (Handle, UnsafePointer<CChar>?) -> Int32
    let SSL_connect: @convention(c) (Handle) -> Int32
    let SSL_read: @convention(c) (Handle, UnsafeMutableRawPointer?, Int32) -> Int32
    let SSL_write: @convention(c) (Handle, UnsafeRawPointer?, Int32) -> Int32
    let SSL_shutdown: @convention(c) (Handle) -> Int32
    let SSL_get_error: @convention(c) (Handle, Int32) -> Int32
    let SSL_get_verify_result: @convention(c) (Handle) -> Int
    let X509_verify_cert_error_string: @convention(c) (Int) -> UnsafePointer<CChar>?
    let ERR_get_error: @convention(c) () -> UInt
    let ERR_clear_error: @convention(c) () -> Void
    let ERR_reason_error_string: @convention(c) (UInt) -> UnsafePointer<CChar>?

    // Values of OpenSSL's macros that are used here.
    static let verifyPeer: Int32 = 1                 // SSL_VERIFY_PEER
    static let ignoreUnexpectedEOF: UInt64 = 1 << 7  // SSL_OP_IGNORE_UNEXPECTED_EOF
    static let ctrlMode: Int32 = 33                  // SSL_CTRL_MODE
    static let acceptMovingWriteBuffer = 2           // SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER
    static let ctrlSetMinProtoVersion: Int32 = 123   // SSL_CTRL_SET_MIN_PROTO_VERSION
    static let tls1_2 = 0x0303                       // TLS1_2_VERSION
    static let ctrlSetHostName: Int32 = 55           // SSL_CTRL_SET_TLSEXT_HOSTNAME
    static let nameTypeHostName = 0                  // TLSEXT_NAMETYPE_host_name
    static let errorSSL: Int32 = 1, errorWantRead: Int32 = 2, errorWantWrite: Int32 = 3
    static let errorSyscall: Int32 = 5, errorZeroReturn: Int32 = 6
    static let hostnameMismatch = 62, ipAddressMismatch = 64  // X509_V_ERR_…

    /// Loaded once per process; nil when no OpenSSL 3 is installed.
    static let shared: OpenSSL? = load()

    static let missing = NetFailure("https needs OpenSSL 3 (libssl.so.3), which is not installed")

    private static func load() -> OpenSSL? {
        let flags = RTLD_NOW | RTLD_LOCAL
        guard let ssl = dlopen("libssl.so.3", flags) ?? dlopen("libssl.so", flags) else { return nil }
        // libssl pulls libcrypto in; opening it by name too finds its symbols wherever they are.
        let crypto = dlopen("libcrypto.so.3", flags) ?? dlopen("libcrypto.so", flags)
        func f<T>(_ name: String) -> T? {
            guard let symbol = dlsym(ssl, name) ?? crypto.flatMap({ dlsym($0, name) }) else { return nil }
            return unsafeBitCast(symbol, to: T.self)
        }
        guard let a: @convention(c) () -> Handle = f("TLS_client_method"),
              let b: @convention(c) (Handle) -> Handle = f("SSL_CTX_new"),
              let c: @convention(c) (Handle) -> Void = f("SSL_CTX_free"),
              let d: @convention(c) (Handle) -> Int32 = f("SSL_CTX_set_default_verify_paths"),
              let e: @convention(c) (Handle, Int32, OpaquePointer?) -> Void = f("SSL_CTX_set_verify"),
              let g: @convention(c) (Handle, UInt64) -> UInt64 = f("SSL_CTX_set_options"),
              let h: @convention(c) (Handle, Int32, Int, UnsafeMutableRawPointer?) -> Int = f("SSL_CTX_ctrl"),
              let i: @convention(c) (Handle) -> Handle = f("SSL_new"),
              let j: @convention(c) (Handle) -> Void = f("SSL_free"),
              let k: @convention(c) (Handle, Int32) -> Int32 = f("SSL_set_fd"),
              let l: @convention(c) (Handle, Int32, Int, UnsafeMutableRawPointer?) -> Int = f("SSL_ctrl"),
              let m: @convention(c) (Handle, UnsafePointer<CChar>?) -> Int32 = f("SSL_set1_host"),
              let n: @convention(c) (Handle) -> Handle = f("SSL_get0_param"),
              let o: @convention(c) (Handle, UnsafePointer<CChar>?) -> Int32 = f("X509_VERIFY_PARAM_set1_ip_asc"),
              let p: @convention(c) (Handle) -> Int32 = f("SSL_connect"),
              let q: @convention(c) (Handle, UnsafeMutableRawPointer?, Int32) -> Int32 = f("SSL_read"),
              let r: @convention(c) (Handle, UnsafeRawPointer?, Int32) -> Int32 = f("SSL_write"),
              let s: @convention(c) (Handle) -> Int32 = f("SSL_shutdown"),
              let t: @convention(c) (Handle, Int32) -> Int32 = f("SSL_get_error"),
              let u: @convention(c) (Handle) -> Int = f("SSL_get_verify_result"),
              let v: @convention(c) (Int) -> UnsafePointer<CChar>? = f("X509_verify_cert_error_string"),
              let w: @convention(c) () -> UInt = f("ERR_get_error"),
              let x: @convention(c) () -> Void = f("ERR_clear_error"),
              let y: @convention(c) (UInt) -> UnsafePointer<CChar>? = f("ERR_reason_error_string")
        else { return nil }
        return OpenSSL(
            TLS_client_method: a, SSL_CTX_new: b, SSL_CTX_free: c, SSL_CTX_set_default_verify_paths: d,
            SSL_CTX_set_verify: e, SSL_CTX_set_options: g, SSL_CTX_ctrl: h, SSL_new: i, SSL_free: j,
            SSL_set_fd: k, SSL_ctrl: l, SSL_set1_host: m, SSL_get0_param: n, X509_VERIFY_PARAM_set1_ip_asc: o,
            SSL_connect: p, SSL_read: q, SSL_write: r, SSL_shutdown: s, SSL_get_error: t,
            SSL_get_verify_result: u, X509_verify_cert_error_string: v, ERR_get_error: w,
            ERR_clear_error: x, ERR_reason_error_string: y)
    }
}
