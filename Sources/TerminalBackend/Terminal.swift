#if canImport(Glibc)
import Glibc
import CNCurses
import WizardUI

/// The real terminal, through ncurses: paints `Buffer`s, reads `Key`s, reports resizes and
/// signals, and gives the terminal back exactly as it found it. The only code that calls
/// ncurses; everything above it works on buffers and keys, so it can be tested without one.
///
/// One at a time: ncurses has a single current screen per process.
public final class Terminal {
    /// What the terminal can show; `.none` when colour is off or unsupported.
    public private(set) var colorDepth: ColorDepth

    /// False once `restore()` has run; then drawing and reading do nothing.
    var isActive = true
    /// The frame on screen, to write only the cells that changed; nil forces a full paint.
    var previous: Buffer?
    var cursorVisible = false
    /// Makes the bytes of each frame, knowing what the terminal shows and how it is set.
    var writer: FrameWriter
    /// Turns what ncurses reads into keys; it holds a sequence or paste being read.
    var decoder = KeyDecoder()
    /// Keys decoded but not yet returned (Esc then Enter, a resize during a paste).
    var queued: [Key] = []
    /// The read timeout currently set in ncurses, in milliseconds.
    var readTimeout: Int32 = -1

    /// How long `readKey` waits before returning nil, so the loop can look at signals.
    static let pollMilliseconds: Int32 = 100

    /// Takes over the terminal. Throws `TerminalError` (one sentence) when standard input or
    /// output is not a terminal or `TERM` names a type ncurses does not know.
    /// `colorTerm` is `COLORTERM`: `truecolor` or `24bit` there (what most terminals set) gets
    /// 24-bit colour even where `TERM` names a 256-colour entry (`depth(…)`).
    public init(colorMode: ColorMode = .auto, colorTerm: String? = getenv("COLORTERM").map { String(cString: $0) }) throws {
        // Only the character type: it is all ncurses and the terminal need, and setting every
        // category read eleven more locale files at each start.
        setlocale(LC_CTYPE, "")
        // With no locale set at all (common in containers) wide characters would not draw;
        // terminals are UTF-8 nowadays, so assume that rather than plain ASCII.
        if String(cString: nl_langinfo(nl_item(CODESET))) == "ANSI_X3.4-1968" {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw TerminalError.notATerminal
        }
        // Before ncurses starts, so that it does not install its own (see `Signals`).
        Signals.install()
        let trueColor = colorMode == .auto && Self.asksForTrueColor(colorTerm)
        // The terminal's direct-colour entry, where this machine has one; else TERM's own.
        let term = getenv("TERM").map { String(cString: $0) } ?? ""
        let direct = trueColor ? Self.directVariant(of: term).flatMap { name in name.withCString { cw_newterm_named($0) } } : nil
        guard direct != nil || cw_newterm_stdio() != nil else {
            Signals.uninstall()
            throw TerminalError.unknownTerminal(getenv("TERM").map { String(cString: $0) } ?? "")
        }
        terminalIsActive.store(true, ordering: .sequentiallyConsistent)

        let screen = cw_stdscr()
        raw()  // not cbreak: Ctrl-C, Ctrl-S, Ctrl-Q and Ctrl-Z must reach us as keys
        noecho()
        nonl()
        keypad(screen, true)
        set_escdelay(25)
        curs_set(0)

        var depth = ColorDepth.none
        var defaultsAllowed = false
        if colorMode == .auto, has_colors() {
            start_color()
            defaultsAllowed = use_default_colors() == OK
            depth = Self.depth(colors: Int(cw_colors()), rgbFlag: tigetflag("RGB") > 0, trueColor: trueColor,
                               canRedefine: can_change_color())
        }
        colorDepth = depth
        guard let sequences = Self.sequences() else {
            endwin()
            terminalIsActive.store(false, ordering: .sequentiallyConsistent)
            Signals.uninstall()
            throw TerminalError.unknownTerminal(term)
        }
        RestoreSequence.set(reset: sequences.reset, palette: cw_tigetstr("oc").map { String(cString: $0) })
        // ncurses clears the screen once and sends what it has queued (the alternate screen,
        // keypad mode); from then on every frame is written by `writer`, and ncurses, whose
        // window is never touched again, only reads keys.
        wrefresh(screen)
        writer = FrameWriter(sequences: sequences, depth: depth, defaultsAllowed: defaultsAllowed, screenIsBlank: true)
        setReadTimeout(Self.pollMilliseconds)
        writeToTerminal(Escapes.bracketedPasteOn)
    }

    deinit { restore() }

    /// Gives the terminal back: bracketed paste off, cursor shown, ncurses' saved terminal
    /// modes restored (`stty -g` is as before `init`), and the previous signal handlers back.
    /// Safe to call more than once.
    public func restore() {
        guard isActive else { return }
        isActive = false
        if terminalIsActive.load(ordering: .sequentiallyConsistent) {
            curs_set(1)
            giveBackTerminal()
        }
        Signals.uninstall()
    }

    /// The terminal's size in cells, as ncurses last saw it.
    public var size: (width: Int, height: Int) { (Int(cw_cols()), Int(cw_lines())) }

    /// The interrupting signal (SIGINT, SIGTERM, SIGHUP or SIGQUIT) received since the last
    /// look, if any; reading it clears it. Check it whenever `readKey` returns nil.
    public var pendingSignal: Int32? {
        let signal = pendingSignalNumber.exchange(0, ordering: .relaxed)
        return signal == 0 ? nil : signal
    }

    /// Forgets what is on screen, so the next `draw` paints everything (after something other
    /// than this class wrote to the terminal).
    public func invalidate() {
        previous = nil
        writer.forget()
    }

    func setReadTimeout(_ milliseconds: Int32) {
        guard milliseconds != readTimeout else { return }
        wtimeout(cw_stdscr(), milliseconds)
        readTimeout = milliseconds
    }

    /// The colour depth to draw at, from the terminfo entry (its colours, its `RGB` flag, whether
    /// the palette can be redefined) and whether `COLORTERM` says the terminal has true colour.
    static func depth(colors: Int, rgbFlag: Bool, trueColor: Bool = false, canRedefine: Bool = false) -> ColorDepth {
        // The RGB flag alone is not enough: the colour numbers must also reach 24 bits.
        if colors >= 0x100_0000 || (rgbFlag && colors > 256) { return .direct }
        if colors >= 256 { return trueColor && canRedefine ? .redefined : .c256 }
        if colors >= 16 { return .c16 }
        if colors >= 8 { return .c8 }
        return .none
    }

    /// `COLORTERM=truecolor` (or `24bit`), as most terminals set it.
    static func asksForTrueColor(_ colorTerm: String?) -> Bool {
        ["truecolor", "24bit"].contains((colorTerm ?? "").lowercased())
    }

    /// The direct-colour terminfo entry of the same terminal (ncurses' `xterm-direct`,
    /// `tmux-direct`, …), tried before TERM's own when true colour is asked for; nil when TERM is
    /// one already or has none of that shape.
    static func directVariant(of term: String) -> String? {
        guard !term.isEmpty, !term.contains("direct") else { return nil }
        if term.hasSuffix("-256color") { return String(term.dropLast("-256color".count)) + "-direct" }
        if term == "xterm" || term.hasPrefix("xterm-") { return "xterm-direct" }
        return nil
    }
}
#endif

#if canImport(Glibc)
/// The ncurses terminal is the real screen the program loop runs on.
extension Terminal: TerminalScreen {}
#endif
