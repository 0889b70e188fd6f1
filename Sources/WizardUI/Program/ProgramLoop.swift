/// A full-screen program as the loop runs it: keys in, work done in the background picked up
/// between keys, a frame out whenever something changed.
public protocol ScreenProgram {
    /// Takes one key and carries out what it asks for.
    mutating func handle(_ key: Key)
    /// Takes what background work sent back, and the clock; true when the screen needs drawing.
    mutating func pump() -> Bool
    /// The frame for the current state.
    func render() -> Buffer
    /// Set when the program is done (quit, cancelled, created).
    var isFinished: Bool { get }
}

/// The one program loop: key → program → render → screen, until the program finishes or a
/// signal arrives. It runs the wizard and the connection prompt alike, on any `TerminalScreen`.
public enum ProgramLoop {
    /// Returns 0 when the program finished, 128 + the signal's number after a signal.
    /// `firstFrameDrawn`: the caller has drawn the program's first frame already.
    public static func run<P: ScreenProgram>(_ program: inout P, on screen: TerminalScreen, firstFrameDrawn: Bool = false) -> Int32 {
        if !firstFrameDrawn { screen.draw(program.render()) }
        while !program.isFinished {
            if let signal = screen.pendingSignal { return 128 + signal }
            var changed = false
            if let key = screen.readKey() {
                program.handle(key)
                changed = true
            }
            if program.isFinished { break }
            if program.pump() { changed = true }
            if changed { screen.draw(program.render()) }
        }
        return 0
    }
}
