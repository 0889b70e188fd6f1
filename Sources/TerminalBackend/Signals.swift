#if canImport(Glibc)
import Glibc
import CNCurses
import Synchronization

/// The last interrupting signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT) the event loop has not yet
/// seen, or 0. Handlers may only do async-signal-safe work, so they just store the number here.
let pendingSignalNumber = Atomic<Int32>(0)

/// True while ncurses owns the terminal, so that exactly one of `restore()` and a crash handler
/// gives it back.
let terminalIsActive = Atomic<Bool>(false)

/// Whether our handlers are in place (so a second `Terminal` does not save ours as "previous").
let signalHandlersInstalled = Atomic<Bool>(false)

/// The dispositions that were in place before ours: `restore()` puts them back, and the crash
/// handler hands a fatal signal on to them (the Swift runtime's backtracer, or the default).
let previousSignalActions = SignalActionTable()

/// Fixed storage for `sigaction` records, readable from a signal handler (no allocation, no
/// locks). Written only by `Signals.install()` before any of our handlers can run.
final class SignalActionTable: @unchecked Sendable {
    private let slots = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
    subscript(signal: Int32) -> UnsafeMutablePointer<sigaction> { slots + Int(signal) }
}

/// Installing and removing the process's signal handlers. They must be in place before ncurses
/// starts: ncurses installs its own SIGINT/SIGTERM handlers only where the disposition is still
/// the default, and those call `endwin` then `_exit`, skipping every Swift clean-up.
enum Signals {
    /// Signals that ask the program to stop: routed into the event loop as `pendingSignal`.
    static let interrupting: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]
    /// Crashes: give the terminal back, then let the signal do what it would have done.
    static let fatal: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE]

    static func install() {
        // Touch the globals now: their lazy initialisation must not first happen in a handler.
        _ = pendingSignalNumber.load(ordering: .relaxed)
        _ = terminalIsActive.load(ordering: .relaxed)
        _ = previousSignalActions[0]
        RestoreSequence.set(reset: [], palette: nil)
        guard !signalHandlersInstalled.exchange(true, ordering: .sequentiallyConsistent) else { return }

        for signal in interrupting {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = onInterrupt
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(signal, &action, previousSignalActions[signal])
        }
        for signal in fatal {
            var action = sigaction()
            action.__sigaction_handler.sa_sigaction = onFatal
            sigemptyset(&action.sa_mask)
            // NODEFER: re-raising inside the handler reaches the previous handler at once.
            // ONSTACK: run on the alternate stack if the runtime set one up (stack overflow).
            action.sa_flags = SA_SIGINFO | SA_NODEFER | SA_ONSTACK
            sigaction(signal, &action, previousSignalActions[signal])
        }
    }

    /// Puts back the dispositions saved by `install()`.
    static func uninstall() {
        guard signalHandlersInstalled.exchange(false, ordering: .sequentiallyConsistent) else { return }
        for signal in interrupting + fatal {
            sigaction(signal, previousSignalActions[signal], nil)
        }
    }
}

private let onInterrupt: @convention(c) (Int32) -> Void = { signal in
    pendingSignalNumber.store(signal, ordering: .relaxed)
}

private let onFatal: @convention(c) (Int32, UnsafeMutablePointer<siginfo_t>?, UnsafeMutableRawPointer?) -> Void = {
    signal, info, _ in
    giveBackTerminal()
    // The default action, not the runtime's crash reporter: that one waits for a key on the
    // terminal while the process lingers unseen. The process ends with the signal's status.
    var fallback = sigaction()
    fallback.__sigaction_handler.sa_handler = SIG_DFL
    sigemptyset(&fallback.sa_mask)
    sigaction(signal, &fallback, nil)
    // Sent by kill/raise/abort (si_code <= 0), or a trap whose instruction is not re-executed:
    // raise it again. A hardware fault (SIGSEGV, SIGILL from a Swift runtime trap, …) is simply
    // returned from: the instruction faults again, now with the default action.
    if (info?.pointee.si_code ?? 0) <= 0 || signal == SIGTRAP || signal == SIGABRT {
        raise(signal)
    }
}

/// Best-effort terminal restore that is safe enough for a crash handler: no allocation, and
/// only once whoever gets here first.
func giveBackTerminal() {
    guard terminalIsActive.exchange(false, ordering: .sequentiallyConsistent) else { return }
    writeToTerminal(Escapes.bracketedPasteOff)
    RestoreSequence.write()
    endwin()
}

/// What the frames changed that ncurses does not know of, to undo as the terminal is given
/// back: the attributes and colours in force (`sgr0`) and, where palette slots were set, the
/// terminal's own palette (`oc`). Fixed storage written before any handler can run, so a
/// crash handler can write it without allocating.
enum RestoreSequence {
    private static let capacity = 128
    nonisolated(unsafe) private static let storage = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    private static let resetLength = Atomic<Int>(0)
    private static let paletteLength = Atomic<Int>(0)
    private static let paletteChanged = Atomic<Bool>(false)

    static func set(reset: [UInt8], palette: String?) {
        let palette = Array((palette ?? "").utf8)
        guard reset.count + palette.count <= capacity else { return }
        storage.update(from: reset, count: reset.count)
        (storage + reset.count).update(from: palette, count: palette.count)
        resetLength.store(reset.count, ordering: .sequentiallyConsistent)
        paletteLength.store(palette.count, ordering: .sequentiallyConsistent)
        paletteChanged.store(false, ordering: .sequentiallyConsistent)
    }

    /// A palette slot has been set: give the palette back too.
    static func givesPaletteBack() {
        paletteChanged.store(true, ordering: .relaxed)
    }

    static func write() {
        let reset = resetLength.load(ordering: .sequentiallyConsistent)
        let palette = paletteChanged.load(ordering: .relaxed) ? paletteLength.load(ordering: .sequentiallyConsistent) : 0
        if reset + palette > 0 { _ = Glibc.write(STDOUT_FILENO, storage, reset + palette) }
    }
}

/// Writes straight to the terminal's file descriptor, bypassing ncurses' buffer.
func writeToTerminal(_ bytes: StaticString) {
    _ = write(STDOUT_FILENO, bytes.utf8Start, bytes.utf8CodeUnitCount)
}

/// Escape sequences ncurses has no capability for. Computed, not stored: a stored static is
/// initialised lazily, which a signal handler must not be the first to do.
enum Escapes {
    static var bracketedPasteOn: StaticString { "\u{1B}[?2004h" }
    static var bracketedPasteOff: StaticString { "\u{1B}[?2004l" }
}
#endif
