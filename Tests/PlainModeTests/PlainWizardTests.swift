import ConnectorKit
import Foundation
import PlainMode
import TestKit
import XCTest

/// Plain mode's wizard (§7) in-process: a script of answers on its input, as a script piped into
/// `connector-wizard --plain DIR` gives them, and the transcript and files checked the way a
/// user checks them. The terminal cases (echo, Ctrl-C, TERM=dumb) run the binary in tmux.
final class PlainWizardTests: XCTestCase {
    /// Runs the wizard on `dir` with `answers`; the exit status and what it wrote.
    func runWizard(_ dir: String, _ answers: [String]) throws -> (status: Int32, console: RecordedConsole) {
        let document = try ConnectorDocument.open(dir)
        let console = RecordedConsole(answers: answers)
        var wizard = PlainWizard(document: document, folderFromTitle: false, console: console.console)
        return (wizard.run(), console)
    }

    func testAnswersCreateABasicConnectorWithChoicesByNumberAndByText() throws {
        let tmp = try makeTempDir()
        let dir = tmp + "/contoso-hr"
        let (status, r) = try runWizard(dir, [
            "Contoso HR",                 // Connector title
            "",                           // Icon
            "#da3b01",                    // Icon background color
            "?",                          // help, then the question again
            "Employee records for your flows, from Contoso HR.",
            "no",                         // gateway
            "2",                          // Scheme by number: HTTP
            "api.contoso.com:8443",       // Host
            "",                           // Base URL
            "BASIC AUTHENTICATION",       // Authentication type by its text, any case
            "User name",                  // Parameter label (username)
            "",                           // Parameter label (password) keeps Password
            "y",                          // Save?
        ])
        XCTAssertEqual(status, 0, r.transcript)
        for expected in [
            "Create connector (plain mode), saved to \(dir).",
            "1. General\nConnector title: Contoso HR\nIcon: \nIcon background color [#007ee5]: #da3b01\n",
            "Description: ?\n  Between 30 and 500 characters.\n",
            "Connect via on-premises data gateway [y/N]: no\n",
            "Scheme, one of:\n  1) HTTPS\n  2) HTTP\nScheme [HTTPS]: 2\n",
            "Base URL [/]: \n",
            "Authentication type [No authentication]: BASIC AUTHENTICATION\n",
            "  warning: With HTTP, the password travels in clear text; use HTTPS.\n",
            "Parameter label (username) [Username]: User name\n",
            "Parameter label (password) [Password]: \n",
            "Save? [Y/n] y\nCreated \(dir):\n  apiProperties.json\n  apiDefinition.swagger.json\n",
        ] {
            XCTAssertTrue(r.output.contains(expected), "missing \(expected.debugDescription) in:\n\(r.transcript)")
        }
        assertPlainText(r.output, allowingLongLinesWith: tmp)
        XCTAssertEqual(r.errors, "", r.transcript)

        let props = try String(contentsOfFile: dir + "/apiProperties.json", encoding: .utf8)
        let swagger = try String(contentsOfFile: dir + "/apiDefinition.swagger.json", encoding: .utf8)
        XCTAssertTrue(props.contains("\"displayName\": \"User name\""), props)
        XCTAssertTrue(props.contains("\"displayName\": \"Password\""), props)
        XCTAssertTrue(swagger.contains("\"host\": \"api.contoso.com:8443\""), swagger)
        XCTAssertTrue(swagger.contains("\"http\""), swagger)
        XCTAssertTrue(swagger.contains("basic_auth"), swagger)
        SchemaChecker.assertPasses(dir, "the Basic connector plain mode saved")
    }

    /// Generic OAuth from a script: a bad URL is asked again, the secret never shows, `n` at
    /// the end writes nothing; the same answers with `y` save, and the secret is in no file.
    func testGenericOAuthAsksAgainHidesTheSecretAndSavesOnlyOnYes() throws {
        let tmp = try makeTempDir()
        let dir = tmp + "/fabrikam"
        func script(_ save: String) -> [String] {
            [
                "Fabrikam Orders", "", "#123456", "Orders, invoices and shipments from Fabrikam.", "", "", "https://api.fabrikam.com/v2", "",
                "oauth 2.0", "1", "fabrikam-app", "pa55-w0rd-secret",
                "http://login.fabrikam.com/authorize",  // http to a real host: an error, asked again
                "https://login.fabrikam.com/authorize",
                "https://login.fabrikam.com/token", "", "orders.read offline_access", save,
            ]
        }
        var (status, r) = try runWizard(dir, script("n"))
        XCTAssertEqual(status, 0, r.transcript)
        XCTAssertTrue(r.output.contains("  Split the URL into Scheme HTTPS, Host api.fabrikam.com and Base URL /v2.\nBase URL [/v2]: \n"),
                      r.transcript)
        XCTAssertTrue(r.output.contains("Client secret [none]: \n"), r.transcript)
        XCTAssertTrue(r.output.contains("""
            Authorization URL: http://login.fabrikam.com/authorize
              error: Authorization URL must use https (http only to a loopback address).
            Authorization URL: https://login.fabrikam.com/authorize
            """), r.transcript)
        XCTAssertTrue(r.output.contains("Refresh URL: \nScope: orders.read offline_access\n"), r.transcript)
        XCTAssertTrue(r.output.hasSuffix("Save? [Y/n] n\nNot saved.\n"), r.transcript)
        XCTAssertFalse(r.transcript.contains("pa55"), "the secret is never printed:\n\(r.transcript)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir), "n writes nothing")

        (status, r) = try runWizard(dir, script("y"))
        XCTAssertEqual(status, 0, r.transcript)
        XCTAssertFalse(r.transcript.contains("pa55"), r.transcript)
        XCTAssertTrue(r.output.contains("Redirect URL: https://global.consent.azure-apim.net/redirect/new-5ffabrikam-20orders-5f"),
                      r.transcript)
        XCTAssertTrue(r.output.contains("The client secret is not in the connector's files and was not kept."), r.transcript)
        assertPlainText(r.output, allowingLongLinesWith: tmp)
        let props = try String(contentsOfFile: dir + "/apiProperties.json", encoding: .utf8)
        XCTAssertTrue(props.contains("https://login.fabrikam.com/authorize"), props)
        XCTAssertTrue(props.contains("\"orders.read\""), props)
        assertNoFile(under: dir, contains: "pa55-w0rd-secret")
        SchemaChecker.assertPasses(dir, "the OAuth connector plain mode saved")
    }

    func testEndOfInputHalfWayCancelsAndWritesNothing() throws {
        let tmp = try makeTempDir()
        let missing = tmp + "/missing"
        var (status, r) = try runWizard(missing, ["Contoso", "", "#da3b01", "A description long enough to pass the rule.", "", "",
                                                  "api.contoso.com"])
        XCTAssertEqual(status, 1, r.transcript)
        XCTAssertEqual(r.errors, "Cancelled; nothing was written.\n", r.transcript)
        XCTAssertTrue(r.output.hasSuffix("Base URL [/]: \n"), "the open prompt is ended:\n\(r.transcript)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: missing))

        // An empty folder stays empty; end of input at the first prompt too.
        let empty = tmp + "/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        for input in [[], ["Contoso"], ["Contoso", "", "", "Description", "", "", "api.contoso.com", "/", "4"]] {
            (status, r) = try runWizard(empty, input)
            XCTAssertEqual(status, 1, r.transcript)
            XCTAssertTrue(r.errors.hasSuffix("Cancelled; nothing was written.\n"), r.transcript)
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: empty), [], r.transcript)
        }
    }

    func testEveryDefaultAcceptedSavesAndChangesNoByte() throws {
        let tmp = try makeTempDir()
        let cases: [(String, [String])] = [
            ("custom-connectors/HR Cloud", [
                "Update connector (plain mode):",
                "Connector title [HR Cloud]: \n",
                "Description [HR Cloud is a powerful and globally...]: \n",
                "Authentication type [Basic authentication]: \n",
                "Parameter label (username) [Username]: \n",
                "Parameter label (password) [Password]: \n",
            ]),
            // Several types: each in turn.
            ("certified-connectors/AvePoint Cloud Governance", [
                "Type 1 of 2: Microsoft Entra ID\nDisplay name [Microsoft Entra ID]: \n",
                "Type 2 of 2: Client Secret\nDisplay name [Client Secret]: \n",
                "Identity provider [Azure Active Directory]: \n",
            ]),
            // Imported authentication: shown, not asked.
            ("certified-connectors/LawVu", [
                "2. Security\nAuthentication type: Several types (7)\n  The connector offers several authentication types:",
            ]),
            // Values that break a rule, kept as found: warnings, not questions asked again.
            ("templates/certified-connectors", [
                "  warning: Connector title must be at most 30 characters (it has 99). (kept as\n    found in the file)\n",
                "Icon background color: \n  warning: Icon background color must be #rrggbb",
            ]),
        ]
        for (name, expected) in cases {
            let copy = tmp + "/" + name.replacingOccurrences(of: "/", with: "-")
            try FileManager.default.copyItem(atPath: SharedFolder.connectors + "/" + name, toPath: copy)
            let before = try contents(of: copy)
            let (status, r) = try runWizard(copy, Array(repeating: "", count: 80))
            XCTAssertEqual(status, 0, "\(name):\n\(r.transcript)")
            XCTAssertTrue(r.output.contains("Save? [Y/n] \nSaved \(copy): nothing changed, no file written.\n"), r.transcript)
            for e in expected {
                XCTAssertTrue(r.output.contains(e), "\(name): missing \(e.debugDescription) in:\n\(r.transcript)")
            }
            XCTAssertFalse(r.output.contains("error:"), r.transcript)
            assertPlainText(r.output, allowingLongLinesWith: tmp)
            XCTAssertEqual(try contents(of: copy), before, "\(name): every byte as it was")
        }
    }
}
