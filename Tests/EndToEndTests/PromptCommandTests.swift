import Foundation
import XCTest

/// `connector-wizard prompt DIR` (§5, §6, §8): the connection prompt without interaction, as text
/// in the order the end user meets it or as a picture; `--screen` for a tab of the wizard.
final class PromptCommandTests: XCTestCase {
    var fixtures: String { CommandTests.shared + "/fixtures/connectors" }
    var tmp = ""

    override func setUpWithError() throws {
        tmp = CommandRunner.scratch + "/prompt-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: tmp)
    }

    func testSeveralTypesInTheOrderTheEndUserMeetsThem() throws {
        let r = try CommandRunner.wizard(["prompt", fixtures + "/independent-publisher-connectors/Open Data Network"])
        XCTAssertEqual(r.status, 0, r.transcript)
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines.first, "Open Data Network")
        let labels = lines.filter { !$0.isEmpty && !$0.hasPrefix(" ") }
        XCTAssertEqual(labels, ["Open Data Network", "Authentication Type *", "App Token *", "Endpoint *", "[Create] [Cancel]"],
                       r.transcript)
        XCTAssertTrue(lines.contains("  - App Token (selected)"), r.transcript)
    }

    func testGatewaysComeFromTheOptionAndTheGatewaysFile() throws {
        let config = tmp + "/config"
        try FileManager.default.createDirectory(atPath: config + "/connector-wizard", withIntermediateDirectories: true)
        try "gw-file\n".write(toFile: config + "/connector-wizard/gateways", atomically: true, encoding: .utf8)
        let dir = fixtures + "/certified-connectors/Connect Bridge"
        let none = try CommandRunner.wizard(["prompt", dir])
        XCTAssertTrue(none.stdout.contains("No on-premises data gateway is installed."), none.transcript)
        let r = try CommandRunner.wizard(["prompt", dir, "--gateway", "gw-cli"], environment: ["XDG_CONFIG_HOME": config])
        XCTAssertTrue(r.stdout.contains("Choose a gateway *\n  - gw-cli (selected)\n  - gw-file\n"), r.transcript)
    }

    func testOAuthHasSignIn() throws {
        let r = try CommandRunner.wizard(["prompt", fixtures + "/custom-connectors/Snowflake"])
        XCTAssertEqual(r.status, 0, r.transcript)
        XCTAssertEqual(r.stdout, "Snowflake REST\n\n[Sign in] with Azure Active Directory\n[Create] [Cancel]\n", r.transcript)
    }

    func testAPictureAndTheTestTab() throws {
        let svg = tmp + "/prompt.svg"
        let r = try CommandRunner.wizard(["prompt", fixtures + "/custom-connectors/HR Cloud", "--svg", svg])
        XCTAssertEqual(r.status, 0, r.transcript)
        let picture = try String(contentsOfFile: svg, encoding: .utf8)
        XCTAssertTrue(picture.hasPrefix("<svg") || picture.hasPrefix("<?xml"), String(picture.prefix(80)))
        XCTAssertTrue(picture.contains("Username"), "the picture holds the prompt's text")
        let tab = try CommandRunner.wizard(["prompt", fixtures + "/custom-connectors/HR Cloud", "--screen", "test"])
        XCTAssertEqual(tab.status, 0, tab.transcript)
        XCTAssertTrue(tab.stdout.contains("3. Test") && tab.stdout.contains("› Username *") && tab.stdout.contains("Create    Cancel"),
                      tab.transcript)
    }

    func testAnUnreadableConnectorIsExit3() throws {
        let r = try CommandRunner.wizard(["prompt", fixtures + "/certified-connectors/gofileroom"])
        XCTAssertEqual(r.status, 3, r.transcript)
        XCTAssertTrue(r.stderr.contains("apiProperties.json is not valid JSON at line 91, column 1"), r.transcript)
        XCTAssertEqual(r.stdout, "")
    }
}
