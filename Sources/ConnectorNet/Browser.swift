#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import ConnectorKit
import Dispatch

public enum Browser {
    /// Opens the URL with `xdg-open` found on PATH (stdin/stdout/stderr to /dev/null, detached —
    /// reap it so no zombie is left, without blocking the caller). False when there is no
    /// xdg-open on PATH, or when `url` is not an http or https URL (xdg-open would open a
    /// `file:` URL, or take a leading `-` for an option).
    public static func open(_ url: String) -> Bool {
        guard URLParts(url) != nil, let program = Executable.find("xdg-open") else { return false }
        // Its own session: the terminal's Ctrl-C and hang-up must not reach the browser.
        guard let pid = try? Subprocess.spawn([program, url], stdout: "/dev/null", stderr: "/dev/null",
                                              newSession: true) else { return false }
        DispatchQueue.global(qos: .utility).async { Subprocess.wait(pid) }
        return true
    }
}
