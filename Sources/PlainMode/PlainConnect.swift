import ConnectionSession
import ConnectorKit
import Dispatch
import Synchronization
import WizardUI

#if canImport(Glibc)
import Glibc
#endif

/// Plain mode (§7) for the connection prompt: the same fields, in the same order, with the same
/// labels as the dialog, as line prompts; secrets read without echo; then sign-in, `Create? [Y/n]`,
/// the created connection (secrets redacted) and the test call with `Test again? [y/N]`.
/// The answers go through `ConnectState`, so the rules are the dialog's.
public struct PlainConnect: PlainDialogue {
    var state: ConnectState
    let session: ConnectSession
    let saver: ConnectionFile?
    /// `--test PATH` was given: the test call is made without asking.
    let testGiven: Bool
    /// Where answers are read and prompts and messages written.
    let console: PlainConsole

    public init(state: ConnectState, session: ConnectSession, saver: ConnectionFile?, testGiven: Bool,
                console: PlainConsole = .standard()) {
        self.console = console
        self.state = state
        self.session = session
        self.saver = saver
        self.testGiven = testGiven
    }

    /// Returns the exit status: 0 created, 1 cancelled or not created, 3 unreadable input.
    public mutating func run() -> Int32 {
        PlainSignals.install()
        defer { PlainSignals.uninstall() }
        do throws(PlainStop) {
            say("\(state.prompt.title): new connection")
            if state.prompt.fields.contains(where: \.required) { say(Self.requiredLegend) }
            try askFields()
            if state.prompt.signIn != nil, try !signIn() { return 1 }
            guard try askYesNo("Create?", default: true) else {
                console.write("Cancelled; no connection was created.\n", to: .error)
                return 1
            }
            _ = state.apply(.create)
            guard state.stage == .created else {
                console.write((state.flash?.text ?? "The connection was not created.") + "\n", to: .error)
                return 1
            }
            say("Connection created:")
            for row in state.summary { say("  \(row.label): \(printable(row.value))") }
            save()
            // The connection exists now: end of input only ends the testing.
            try? testCalls()
            console.endLine()
            return 0
        } catch {
            console.endLine()
            switch error {
            case .cancelled:
                session.cancel()
                console.write("Cancelled; no connection was created.\n", to: .error)
                return 1
            case .unreadable(let why):
                console.printError("standard input cannot be read (\(why))")
                return 3
            }
        }
    }

    /// Each field of the prompt, in the dialog's order; choosing another authentication type
    /// changes the fields that follow.
    mutating func askFields() throws(PlainStop) {
        var i = 0
        while i < state.prompt.fields.count {
            let f = state.prompt.fields[i]
            try ask(f)
            i += 1
        }
    }

    /// Said before the fields when any is required.
    static let requiredLegend = "Fields marked * are required."

    /// A field's label as its prompt shows it: required ones marked `*`, as the dialog marks them.
    static func promptLabel(_ f: ConnectionPrompt.Field) -> String {
        f.required ? f.label + " *" : f.label
    }

    mutating func ask(_ f: ConnectionPrompt.Field) throws(PlainStop) {
        let label = Self.promptLabel(f)
        while true {
            let current = state.values[f.name] ?? ""
            switch f.kind {
            case .choice, .gateway:
                let labels = f.optionLabels
                if labels.isEmpty {
                    say("\(f.label): \(ConnectState.noGatewayHint)")
                    return
                }
                let values = state.options(of: f)
                say("\(label), one of:")
                for (n, label) in labels.enumerated() { say("  \(n + 1)) \(printable(label))") }
                let shown = values.firstIndex(of: current).map { labels[$0] } ?? labels[0]
                let answer = try readAnswer("\(label) [\(printable(shown))]: ").trimmedSpaces
                if answer == "?" { explain(f); continue }
                if answer.isEmpty {
                    state.pick(values.firstIndex(of: current).map { values[$0] } ?? values[0], for: f)
                    return
                }
                if let n = Int(answer), labels.indices.contains(n - 1) {
                    state.pick(values[n - 1], for: f)
                    return
                }
                if let k = labels.firstIndex(where: { $0.lowercased() == answer.lowercased() }) ?? values.firstIndex(of: answer) {
                    state.pick(values[k], for: f)
                    return
                }
                say("  Answer a number from 1 to \(labels.count), or an option as listed.")
            case .checkbox:
                let on = current.lowercased() == "true"
                let answer = try readAnswer("\(label) [\(on ? "Y/n" : "y/N")]: ").trimmedSpaces.lowercased()
                if answer == "?" { explain(f); continue }
                if answer.isEmpty { return }
                if ["y", "yes"].contains(answer) { state.values[f.name] = "true"; return }
                if ["n", "no"].contains(answer) { state.values[f.name] = "false"; return }
                say("  Answer y or n.")
            case .secure(let masked):
                let shown = current.isEmpty ? "" : " [kept]"
                let answer = try readAnswer("\(label)\(shown): ", secret: masked)
                if answer == "?" { explain(f); continue }
                if !answer.isEmpty { state.values[f.name] = answer }
                if f.required, (state.values[f.name] ?? "").isEmpty { say("  \(f.label) is required."); continue }
                return
            case .text:
                let shown = current.isEmpty ? "" : " [\(printable(current))]"
                let answer = try readAnswer("\(label)\(shown): ")
                if answer == "?" { explain(f); continue }
                if !answer.isEmpty { state.values[f.name] = answer }
                if f.required, (state.values[f.name] ?? "").isEmpty { say("  \(f.label) is required."); continue }
                return
            }
        }
    }

    /// `?`: the field's description and tooltip.
    func explain(_ f: ConnectionPrompt.Field) {
        for text in [f.description, f.tooltip] where !text.isEmpty {
            sayWrapped(printable(text), first: "  ", rest: "  ")
        }
        say(f.required ? "  Required." : "  Optional; Enter keeps it as it is.")
    }

    /// Sign-in: the platform's URL, or a live sign-in. False when not signed in.
    mutating func signIn() throws(PlainStop) -> Bool {
        guard let oauth = state.oauth else {
            say("This authentication type has no OAuth settings to sign in with.")
            return false
        }
        let provider = state.prompt.signIn?.providerName ?? "the identity provider"
        if let reason = oauth.platformOnlyReason {
            console.write(reason + " No connection was created.\n", to: .error)
            return false
        }
        let missing = state.missingSignInFields
        if !missing.isEmpty {
            console.write("Signing in needs \(missing.map(\.label).joined(separator: ", ")). No connection was created.\n", to: .error)
            return false
        }
        if oauth.usesClientCredentials {
            // A service principal: the client's own token from the Token URL, no browser.
            say("Getting the service principal's token from \(oauth.tokenURL)...")
            let event = session.signIn(oauth, clientSecret: nil) { _, _, _ in }
            return finishSignIn(event)
        }
        guard state.liveSignIn else {
            say("Sign in with \(provider): the platform opens this URL in the end user's browser:")
            say(printable(state.platformAuthorizationURL ?? ""))
            console.write("Signing in needs the platform's redirect URL; connect --sign-in loopback signs in from this terminal. No connection was created.\n", to: .error)
            return false
        }
        var typed: String?
        if !state.hasStoredClientSecret && oauth.connectionClientSecret == nil {
            typed = try readAnswer("Client secret for client ID \(oauth.clientId) (empty for a public client): ", secret: true)
        }
        // On another thread, so that the console can be read while the listener waits.
        let run = BackgroundSignIn()
        let (session, secret) = (self.session, typed)
        DispatchQueue.global().async {
            run.finish(session.signIn(oauth, clientSecret: secret) { url, opened, deadline in
                run.waiting(SignInWait(url: url, browserOpened: opened, deadline: deadline))
            })
        }
        return finishSignIn(try waitForSignIn(run, provider: provider))
    }

    /// Takes in how a sign-in ended and says so; false when not signed in.
    mutating func finishSignIn(_ event: ConnectEvent) -> Bool {
        state.receive(.tick(now: session.now))
        state.receive(event)
        switch event {
        case .signedIn(let expiresAt, _):
            say("Signed in" + (expiresAt.map { "; the token expires in \(ConnectState.duration(ConnectState.seconds(from: session.now, to: $0)))" } ?? "") + ".")
            return true
        case .signInFailed(let why):
            console.write(printable(why) + (why.hasSuffix(".") ? "" : ".") + "\n", to: .error)
            return false
        default:
            return false
        }
    }

    /// Waits for the sign-in `run`, saying what it waits for once the URL is open. Meanwhile each
    /// line read is the address the browser ended on, for a browser on another machine whose
    /// redirect cannot reach the listener: checked by the session, taken (the wait ends as if the
    /// listener had received it) or refused with a sentence (the wait goes on). The lines are
    /// read without echo: an address holds the code. An empty line from a script is the answer to
    /// the question after the sign-in, and is left for it; end of input cancels.
    mutating func waitForSignIn(_ run: BackgroundSignIn, provider: String) throws(PlainStop) -> ConnectEvent {
        guard let wait = run.untilWaiting() else { return run.result() }
        say(wait.browserOpened ? "Sign in with \(provider) in the browser that opened. If none did, open:" : "Sign in with \(provider): open this URL in a browser:")
        say(printable(wait.url))
        say("Waiting up to \(ConnectState.duration(ConnectState.seconds(from: session.now, to: wait.deadline))) for the browser (Ctrl-C cancels)...")
        say("Browser on another machine? Paste the address it ended on here, then Enter.")
        if let forward = wait.forwardHint { say(forward) }
        while true {
            let waited: LineReader.Waited
            do throws(LineReader.ReadFailure) {
                waited = try console.input.readLine(until: { run.isFinished }, echo: false)
            } catch {
                session.cancel()
                _ = run.result()
                throw .unreadable(error.reason)
            }
            switch waited {
            case .stopped:
                return run.result()
            case .end:
                session.cancel()
                _ = run.result()
                throw .cancelled
            case .line(let line) where line.allSatisfy(\.isWhitespace):
                // A person pressing Enter is no address; a script's empty answer belongs to
                // `Create?`, and what follows it to the questions after that.
                if !console.input.isTerminal {
                    console.input.putBack(line)
                    return run.result()
                }
            case .line(let line):
                switch session.offerRedirect(line) {
                case .signInAddressTaken:
                    say("Address taken: exchanging the code...")
                    return run.result()
                case .signInAddressRefused(let why):
                    say(printable(why))
                default:
                    break
                }
            }
        }
    }

    /// The test call (§5.2), then `Test again? [y/N]` until the answer is no.
    mutating func testCalls() throws(PlainStop) {
        if let reason = state.testUnavailableReason {
            if testGiven { say(reason) }
            return
        }
        if !testGiven {
            guard try askYesNo("Make a test call?", default: false) else { return }
            let answer = try readAnswer("Path [\(printable(state.testPath))]: ").trimmedSpaces
            if !answer.isEmpty { state.testPath = answer }
        }
        repeat {
            let events = session.test(state.testRequest(path: state.testPath), scheme: state.scheme,
                                      values: state.connectionValues, secrets: state.typedSecrets, oauth: state.oauth)
            state.receive(.tick(now: session.now))
            for e in events {
                state.receive(e)
                switch e {
                case .refreshed(let expiresAt, _):
                    say("The token had expired; refreshed" + (expiresAt.map { ", the new one expires in \(ConnectState.duration(ConnectState.seconds(from: session.now, to: $0)))" } ?? "") + ".")
                    save()
                case .signInFailed(let why):
                    say(printable(why))
                case .testFinished(let r):
                    say(printable("\(r.method) \(r.url)"))
                    say(printable("\(r.status)\(r.reason.isEmpty ? "" : " " + r.reason) in \(r.milliseconds) ms"))
                    let body = r.body.split(separator: "\n", omittingEmptySubsequences: false).prefix(20)
                    for line in body { say("  " + printable(String(line))) }
                case .testFailed(let why):
                    say(printable(why))
                default:
                    break
                }
            }
        } while try askYesNo("Test again?", default: false)
    }

    mutating func askYesNo(_ question: String, default yes: Bool) throws(PlainStop) -> Bool {
        while true {
            let answer = try readAnswer("\(question) [\(yes ? "Y/n" : "y/N")]: ").trimmedSpaces.lowercased()
            if answer.isEmpty { return yes }
            if ["y", "yes"].contains(answer) { return true }
            if ["n", "no"].contains(answer) { return false }
            say("  Answer y or n.")
        }
    }

    /// `--save-connection`.
    func save() {
        guard let saver else { return }
        switch saver.write(state, token: session.token) {
        case .success(let path): say("Saved the connection to \(path) (mode 0600).")
        case .failure(let why): console.write(why.description + "\n", to: .error)
        }
    }
}

/// A live sign-in run on another thread while plain mode reads the console: the URL it waits
/// with, once the browser is open, and what it came to.
final class BackgroundSignIn: Sendable {
    private let progress = Mutex<(waiting: SignInWait?, result: ConnectEvent?)>((nil, nil))
    private let changed = DispatchSemaphore(value: 0)

    func waiting(_ wait: SignInWait) {
        progress.withLock { $0.waiting = wait }
        changed.signal()
    }

    func finish(_ event: ConnectEvent) {
        progress.withLock { $0.result = event }
        changed.signal()
    }

    var isFinished: Bool { progress.withLock { $0.result != nil } }

    /// Blocks until the sign-in waits for the browser (even if it is over by now); nil when it
    /// ended without (the listener could not start).
    func untilWaiting() -> SignInWait? {
        while true {
            let (waiting, result) = progress.withLock { $0 }
            if let waiting { return waiting }
            if result != nil { return nil }
            changed.wait()
        }
    }

    /// Blocks until the sign-in is over.
    func result() -> ConnectEvent {
        while true {
            if let result = progress.withLock({ $0.result }) { return result }
            changed.wait()
        }
    }
}
