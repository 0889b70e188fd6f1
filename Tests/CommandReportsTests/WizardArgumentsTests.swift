import CommandReports
import XCTest

/// The wizard's own command lines are read without the argument parser; everything else is
/// left to it, so its messages and checks stay the only ones.
final class WizardArgumentsTests: XCTestCase {
    func testTheWizardsOwnCommandLinesAreReadQuickly() {
        XCTAssertEqual(WizardArguments.quick([]), WizardArguments())
        XCTAssertEqual(WizardArguments.quick(["contoso"]), WizardArguments(dir: "contoso"))
        XCTAssertEqual(WizardArguments.quick(["edit", "contoso"]), WizardArguments(dir: "contoso"))
        XCTAssertEqual(WizardArguments.quick(["edit"]), WizardArguments())
        XCTAssertEqual(WizardArguments.quick(["./my connector", "--theme", "dark"]), WizardArguments(dir: "./my connector", theme: "dark"))
        XCTAssertEqual(WizardArguments.quick(["--theme=high-contrast", "c", "--plain"]),
                       WizardArguments(dir: "c", theme: "high-contrast", plain: true))
        XCTAssertEqual(WizardArguments.quick(["conect"]), WizardArguments(dir: "conect"),
                       "a mistyped command is a folder here; the wizard asks 'Did you mean connect?'")
    }

    func testEverythingElseGoesToTheParser() {
        for line in [
            ["show", "c"], ["validate", "a", "b"], ["new", "c"], ["themes"], ["help"], ["edit", "show"],
            ["--help"], ["-h"], ["c", "--sign-in", "loopback"], ["c", "--gateway", "g"], ["a", "b"],
            ["--theme"], ["--theme", "--plain"], ["--theme", "a", "--theme", "b"], ["--plain", "--plain"],
            ["--", "c"], [""], ["--theme="], ["--generate-completion-script", "bash"], ["--version"],
        ] {
            XCTAssertNil(WizardArguments.quick(line), "\(line)")
        }
    }

    func testTheCommandNamesAreTheCommandLinesOwn() {
        XCTAssertEqual(Set(WizardArguments.commandNames), ["edit", "new", "set", "show", "validate", "connect", "prompt", "themes"])
    }
}
