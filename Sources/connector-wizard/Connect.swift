import ArgumentParser
import ConnectionSession
import CommandReports
import ConnectorKit
import PlainMode
import ScreenPrograms
import TerminalBackend
import WizardUI

/// `connector-wizard connect DIR`: the connection prompt an end user sees (§5), interactive —
/// signed into for real with `--sign-in loopback`, then test-called (§5.2).
struct Connect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connect",
        abstract: "Create a connection to a connector as its end user would: fill in the prompt, sign in, test-call the API.",
        discussion: """
            Shows the dialog an end user meets when creating a connection, built only from DIR's files. OAuth \
            connectors: `Sign in` shows the exact URL the platform would open (copy it with C, or print it); with \
            --sign-in loopback it signs in for real: a listener on 127.0.0.1 takes the browser's redirect (PKCE, \
            checked state), the code is exchanged at the Token URL, and the token is refreshed at the Refresh URL \
            when a test call finds it expired, or on request (Ctrl-R). What the end user enters for a parameter \
            named `token:<Name>` feeds the sign-in as on the platform: it fills `{<Name>}` in an oauth2generic \
            connector's URL and body templates (a region, a tenant) and overrides the OAuth setting of that name \
            (token:clientId, token:clientSecret, token:TenantId, …). A service principal (Azure AD with Service \
            Principal support) gets its token with the client-credentials grant, no browser. The OAuth client secret \
            comes from token:clientSecret, from `set DIR --client-secret-stdin`, or is asked for (masked).

            Signing in over SSH, with the browser on another machine: its redirect to 127.0.0.1 cannot reach this \
            machine, but the address it ends on (a page that fails to load) holds the code and state. While the \
            sign-in waits, paste that address into the waiting box (or type it and press Enter; with --plain, give \
            it as a line, not echoed): its state is checked and its code exchanged as if the listener had received \
            it, and anything else is refused with the reason while the wait goes on. Or, on the browser's machine, \
            forward the listener's port before signing in: the waiting box shows `ssh -L PORT:127.0.0.1:PORT` with \
            the port it listens on (--port keeps it the same).

            After `Create`, `Test` calls scheme://host + basePath + PATH with the credentials applied as the \
            platform applies them, and shows status, time and the start of the body, with every credential redacted. \
            With --test PATH the call is made as soon as the connection is created.

            Gateways for `Choose a gateway` come from --gateway and from the gateways file \
            ($XDG_CONFIG_HOME/connector-wizard/gateways: one name a line). Typed credentials stay in memory; \
            --save-connection writes the connection (mode 0600) under $XDG_STATE_HOME/connector-wizard/connections/.

            Exit status: 0 created, 1 cancelled or not created, 2 usage, 3 unreadable input.
            """)

    @Argument(help: "The connector folder.", completion: .directory)
    var dir: String

    @OptionGroup var signIn: SignInOptions

    @Option(help: ArgumentHelp("The path of the test call, under the connector's host and base path.", valueName: "path"))
    var test: String?

    @Flag(name: .customLong("save-connection"), help: "Write the created connection, credentials included, to a file of mode 0600 in the user's state folder.")
    var saveConnection = false

    @Option(help: ArgumentHelp("A theme by name (see `connector-wizard themes`) or the path of a theme file.", valueName: "name|path"))
    var theme: String = "default"

    @Flag(help: "Line prompts instead of the full-screen dialog (also when ACCESSIBLE is set, TERM=dumb, or standard input or output is not a terminal).")
    var plain = false

    func run() throws {
        let document = try Connectors.openExisting(dir)
        let allGateways = GatewaysFile.merged(signIn.gateways, environment: SecretStore.environment)
        let session = ConnectSession(options: signIn.sessionOptions, clientSecret: ConnectorFolders.storedClientSecret(for: document))
        let state = ConnectState(properties: document.apiProperties, definition: document.definition,
                                 gateways: allGateways, liveSignIn: signIn.mode == .loopback,
                                 hasStoredClientSecret: session.hasClientSecret, testPath: test, testAtOnce: test != nil,
                                 now: session.now)
        let saver = saveConnection ? ConnectionFile(document: document) : nil
        var plainPrompt = PlainConnect(state: state, session: session, saver: saver, testGiven: test != nil)
        guard !PlainWizard.isWanted(flag: plain), let screen = try startFullScreen(theme: theme) else {
            let status = plainPrompt.run()
            if status != 0 { throw ExitCode(status) }
            return
        }
        let (terminal, look) = (screen.terminal, screen.theme)
        var s = state
        s.width = terminal.size.width
        s.height = terminal.size.height
        // A broken theme, on the prompt's own status line while it is open (the outcome first).
        if let failure = screen.themeFailure { s.flash = .init(kind: .error, text: "Using the default theme: \(failure).") }
        let host = ConnectHost(session: session, saver: saver, copy: { terminal.copyToClipboard($0) })
        var program = ConnectProgram(state: s, theme: look, host: host, folder: document.folder)
        let status = ProgramLoop.run(&program, on: terminal)
        session.cancel()
        terminal.restore()
        s = program.state
        // Left in the scrollback on purpose: what the end user asked to print, and the outcome.
        for url in s.printed { writeOut(url) }
        if let path = host.savedTo { writeOut("Saved the connection to \(path) (mode 0600).") }
        if status != 0 { throw ExitCode(status) }
        if s.outcome != .created {
            printError("No connection was created")
            throw ExitCode(1)
        }
    }
}

/// How a connection prompt signs in and which gateways it offers: `connect`'s options, and the
/// wizard's for its tab 3.
struct SignInOptions: ParsableArguments {
    enum Mode: String, CaseIterable, ExpressibleByArgument {
        /// Show the URL the platform would open.
        case platform
        /// Sign in for real through a listener on 127.0.0.1 (RFC 8252).
        case loopback
    }

    @Option(name: .customLong("sign-in"), help: ArgumentHelp("platform: show the platform's sign-in URL; loopback: sign in for real from this terminal.", valueName: "platform|loopback"))
    var mode: Mode = SignInSettings.standard.live ? .loopback : .platform

    @Option(help: "The loopback listener's port; 0 takes any free one.")
    var port: Int = SignInSettings.standard.port

    @Option(name: .customLong("timeout"), help: "Seconds a sign-in waits for the browser.")
    var signInTimeout: Int = SignInSettings.standard.signInTimeout

    @Flag(name: .customLong("no-browser"), help: "Do not open a browser; show the sign-in URL only.")
    var noBrowser = false

    @Option(name: .customLong("gateway"), help: ArgumentHelp("An installed on-premises data gateway (repeatable).", valueName: "name"))
    var gateways: [String] = []

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535 (got \(port)).") }
        guard (1...86_400).contains(signInTimeout) else {
            throw ValidationError("--timeout must be between 1 and 86400 seconds (got \(signInTimeout)).")
        }
    }

    var settings: SignInSettings {
        SignInSettings(live: mode == .loopback, port: port, signInTimeout: signInTimeout, openBrowser: !noBrowser, gateways: gateways)
    }

    var sessionOptions: ConnectSession.Options { settings.session }
}

/// How tab 3 signs in, as the options above give it; `standard` when none is given.
struct SignInSettings {
    var live: Bool
    var port: Int
    var signInTimeout: Int
    var openBrowser: Bool
    var gateways: [String]

    static let standard = SignInSettings(live: false, port: 0, signInTimeout: 300, openBrowser: true, gateways: [])

    var session: ConnectSession.Options {
        .init(port: port, signInTimeout: Double(signInTimeout), openBrowser: openBrowser)
    }
}
