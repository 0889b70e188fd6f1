import ArgumentParser
import CommandReports
import ConnectorKit
import PlainMode

#if canImport(Glibc)
import Glibc
#endif

/// The command line (§8). With no subcommand it opens the maker's wizard.
@main
struct ConnectorWizard: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connector-wizard",
        abstract: "Design a Power Platform custom connector's General and Security settings in the terminal.",
        discussion: """
            Opens DIR (a connector folder with apiProperties.json and apiDefinition.swagger.json). A missing or \
            empty DIR starts a new connector that is saved there; with no DIR the first save goes to \
            ./<slug-of-title>/.

            Exit status: 0 ok, 1 validation errors, 2 usage, 3 unreadable input.
            """,
        subcommands: [Edit.self, New.self, SetCommand.self, Show.self, Validate.self, Connect.self, Prompt.self, ThemesCommand.self],
        defaultSubcommand: Edit.self
    )

    /// As `ParsableCommand.main()`, with §8's exit status for usage errors: 2, not EX_USAGE (64).
    static func main() {
        ProcessHardening.apply()
        // The wizard's own command lines skip the parser (`WizardArguments`): start-up is most
        // of what a maker waits for.
        if let quick = WizardArguments.quick(Array(CommandLine.arguments.dropFirst())) {
            do {
                try openWizard(quick, signIn: .standard)
                return
            } catch let status as ExitCode {
                // Said already (on standard error, or by the wizard): only the status is left.
                Glibc.exit(status.rawValue)
            } catch {
                exit(withError: error)
            }
        }
        do {
            var command = try parseAsRoot(nil)
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                var stderr = StandardError()
                print(fullMessage(for: error), to: &stderr)
                exit(withError: Exit.usage)
            }
            exit(withError: error)
        }
    }
}
