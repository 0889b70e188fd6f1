#if canImport(Glibc)
import Glibc
#endif

/// What a full-screen program needs of a terminal: paint a buffer, read a key (nil when none
/// came within a short wait), its size, interrupting signals, the clipboard, and giving the
/// terminal back. `TerminalBackend.Terminal` is the real one (ncurses); `RecordingScreen` the
/// one tests drive.
public protocol TerminalScreen: AnyObject {
    var size: (width: Int, height: Int) { get }
    func draw(_ buffer: Buffer)
    /// The next key, or nil after a short wait (about 100 ms) without one.
    func readKey() -> Key?
    /// An interrupting signal received since the last look (reading clears it).
    var pendingSignal: Int32? { get }
    func copyToClipboard(_ text: String)
    /// Gives the terminal back as it was found; safe to call more than once.
    func restore()
}

/// A terminal in memory for tests: it plays a script of keys (with waits for text to show),
/// records every frame drawn and every text copied. When the script has run out it reports
/// SIGHUP, as a terminal that went away would, so a program under test always ends.
public final class RecordingScreen: TerminalScreen {
    public enum Step: Sendable {
        case key(Key)
        /// Wait (reading no key) until the last frame shows `text`, for at most `polls` reads of
        /// 10 ms each, as a terminal's read waits when no key comes.
        case waitFor(String, polls: Int)
        /// Do something between keys (move a test clock on, say).
        case perform(@Sendable () -> Void)
        /// A key made when its turn comes: pasted text that holds what the program has shown or
        /// done by then (the `state` of a sign-in under way).
        case keyMade(@Sendable () -> Key)
    }

    public private(set) var frames: [Buffer] = []
    public private(set) var copied: [String] = []
    public private(set) var restored = false
    public var size: (width: Int, height: Int)
    private var script: [Step]
    private var waited = 0
    /// Why a `waitFor` step gave up, with the last frame.
    public private(set) var timedOut: String?

    public init(width: Int = 80, height: Int = 24, script: [Step]) {
        size = (width, height)
        self.script = script
    }

    /// Keys alone.
    public convenience init(width: Int = 80, height: Int = 24, keys: [Key]) {
        self.init(width: width, height: height, script: keys.map { .key($0) })
    }

    /// The last frame as text.
    public var screen: String { frames.last?.text ?? "" }

    public func draw(_ buffer: Buffer) { frames.append(buffer) }

    public func readKey() -> Key? {
        guard let step = script.first else { return nil }
        switch step {
        case .key(let key):
            script.removeFirst()
            if case .resize(let w, let h) = key { size = (w, h) }
            return key
        case .waitFor(let text, let polls):
            if screen.contains(text) {
                script.removeFirst()
                waited = 0
                return readKey()
            }
            waited += 1
            if waited > polls {
                timedOut = "gave up waiting for \"\(text)\"; the screen was:\n\(screen)"
                script = []
            }
            usleep(10_000)
            return nil
        case .perform(let action):
            script.removeFirst()
            action()
            return nil
        case .keyMade(let make):
            script[0] = .key(make())
            return readKey()
        }
    }

    public var pendingSignal: Int32? { script.isEmpty ? 1 : nil }

    public func copyToClipboard(_ text: String) { copied.append(text) }

    public func restore() { restored = true }
}
