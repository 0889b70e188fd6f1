#if canImport(Glibc)
import Glibc
#endif

/// The time a connection session reckons with: the wall clock for a token's expiry, a monotonic
/// one for how long a test call took. Injected, so tests move time on instead of waiting for it.
public protocol SessionClock: Sendable {
    /// Seconds since 1970 (a token's `expiresAt` is on this scale).
    var now: Int { get }
    /// Milliseconds on a clock that never goes back.
    var monotonicMilliseconds: Int { get }
}

/// The system's clocks.
public struct SystemClock: SessionClock {
    public init() {}

    public var now: Int {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return ts.tv_sec
    }

    public var monotonicMilliseconds: Int {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return ts.tv_sec * 1000 + ts.tv_nsec / 1_000_000
    }
}
