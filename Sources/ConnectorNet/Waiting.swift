#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// When to give up, and how to learn that the person gave up first.
struct Deadline {
    let end: ContinuousClock.Instant
    /// As given, for the sentences ("within 30 s").
    let seconds: Double
    let cancelled: @Sendable () -> Bool

    init(seconds: Double, cancelled: @escaping @Sendable () -> Bool) {
        // A year is "for ever" here, and keeps `Duration` away from infinities.
        let bounded = seconds.isNaN ? 0 : min(max(seconds, 0), 366 * 86_400)
        self.end = .now + .milliseconds(Int64((bounded * 1000).rounded(.up)))
        self.seconds = seconds
        self.cancelled = cancelled
    }

    /// Milliseconds left, rounded up; 0 when passed.
    var millisecondsLeft: Int {
        let left = end - .now
        guard left > .zero else { return 0 }
        let (s, atto) = left.components
        return Int(s) * 1000 + Int((atto + 999_999_999_999_999) / 1_000_000_000_000_000)
    }
}

enum Readiness: Equatable {
    case ready
    case timedOut
    case cancelled
    /// poll() itself failed: the system's reason.
    case failed(String)
}

/// Waits until one of `fds` has what it asked for, polling in slices of at most 100 ms so that
/// `cancelled()` is asked often enough for a key press to feel immediate.
func waitFor(_ fds: inout [pollfd], until deadline: Deadline) -> Readiness {
    while true {
        if deadline.cancelled() { return .cancelled }
        let left = deadline.millisecondsLeft
        if left == 0 { return .timedOut }
        for i in fds.indices { fds[i].revents = 0 }
        let n = poll(&fds, nfds_t(fds.count), Int32(min(left, 100)))
        if n > 0 { return .ready }
        if n < 0 && errno != EINTR { return .failed(reason(errno)) }
    }
}

/// The same for one descriptor: `events` is `POLLIN` or `POLLOUT`.
func waitFor(_ fd: Int32, _ events: Int32, until deadline: Deadline) -> Readiness {
    var fds = [pollfd(fd: fd, events: Int16(events), revents: 0)]
    return waitFor(&fds, until: deadline)
}
