import ArgumentParser
import ConnectorKit
import PlainMode
import WizardUI

#if canImport(Glibc)
import Glibc
#endif

/// `connector-wizard themes`: every theme, built in or the user's, with a sample in its colours.
struct ThemesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "themes",
        abstract: "List the themes, each with a sample drawn in its colours.",
        discussion: """
            Built-in themes come from Themes/; a theme file of your own in \
            $XDG_CONFIG_HOME/connector-wizard/themes/NAME.json (~/.config/… by default) is listed too and chosen \
            with --theme NAME. Samples are in colour on a terminal unless NO_COLOR is set.
            """)

    func run() throws {
        let color = isatty(1) == 1 && (SecretStore.environment("NO_COLOR") ?? "").isEmpty
            && SecretStore.environment("TERM") != "dumb"
        let direct = ["truecolor", "24bit"].contains(SecretStore.environment("COLORTERM") ?? "")
        var broken = false
        for entry in ThemeCatalog.all(environment: SecretStore.environment) {
            guard let theme = entry.theme else {
                writeOut("\(entry.name)\n  \(entry.failure.map(String.init(describing:)) ?? "cannot be read")\n")
                broken = true
                continue
            }
            writeOut("\(entry.name) — \(theme.summary)")
            // The sample's colour escapes are the wizard's own; its texts are neutralised.
            for line in ThemeSample.lines(theme, color: color, direct: direct) {
                PlainOutput.write("  " + line + "\n", to: STDOUT_FILENO, neutralising: false)
            }
            writeOut("")
        }
        if broken { throw ExitCode(3) }
    }
}
