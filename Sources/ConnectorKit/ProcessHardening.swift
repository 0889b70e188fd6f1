#if canImport(Glibc)
import Glibc

@_silgen_name("prctl") private func c_prctl(_ option: Int32, _ a: UInt, _ b: UInt, _ c: UInt, _ d: UInt) -> Int32

/// What the process does at start because it holds secrets in memory (typed API keys, client
/// secrets, tokens): no core dump is ever written of it, and a file-size limit makes a write
/// fail with an error (EFBIG) instead of killing the process half-way through a save.
public enum ProcessHardening {
    public static func apply() {
        var none = rlimit(rlim_cur: 0, rlim_max: 0)
        _ = setrlimit(Int32(RLIMIT_CORE.rawValue), &none)
        _ = c_prctl(4 /* PR_SET_DUMPABLE */, 0, 0, 0, 0)
        signal(SIGXFSZ, SIG_IGN)
    }
}
#endif
