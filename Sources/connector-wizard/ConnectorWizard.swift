import ArgumentParser

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
            """,
        subcommands: [Edit.self],
        defaultSubcommand: Edit.self
    )
}
