import CommandReports
import ConnectorKit
import XCTest

/// `key=value` settings of `new` and `set`, parsed and applied in-process.
final class AssignmentTests: XCTestCase {
    func testSettingsApplyInOrderThroughTheFormsSetters() throws {
        var draft = ConnectorDraft()
        try Assignments.apply(try Assignments.parse(["title=Contoso Invoicing", "host=https://api.contoso.com/v1",
                                                     "auth=oauth2", "oauth.provider=github", "oauth.clientId=a=b"]), to: &draft)
        XCTAssertEqual(draft.general.title, "Contoso Invoicing")
        XCTAssertEqual(draft.general.host, "api.contoso.com", "a whole URL as host also sets scheme and base path")
        XCTAssertEqual(draft.general.basePath, "/v1")
        XCTAssertEqual(draft.authKind, .oauth2)
        XCTAssertEqual(draft.oauth.clientId, "a=b", "split at the first =")
    }

    func testBadSettingsAreOneSentenceAndNeverEchoASecret() {
        func failure(_ arguments: [String]) -> String? {
            do {
                var draft = ConnectorDraft()
                try Assignments.apply(try Assignments.parse(arguments), to: &draft)
                return nil
            } catch {
                return error.message
            }
        }
        let secret = "s3cr3t-value-that-is-long-enough-to-be-cut-0123456789"
        let bare = failure([secret])
        XCTAssertNotNil(bare)
        XCTAssertFalse(bare?.contains(secret) ?? true, bare ?? "")
        XCTAssertTrue(failure(["oauth.clientSecret=\(secret)"])?.contains("--client-secret-stdin") == true)
        XCTAssertTrue(failure(["colour=red"])?.hasPrefix("unknown key \"colour\"") == true)
        XCTAssertEqual(failure(["oauth.redirectUrl=x"]), "oauth.redirectUrl is made when the connector is saved and cannot be set")
        XCTAssertTrue(failure(["auth=basic", "oauth.clientId=x"])?.hasPrefix("oauth.clientId does not apply to Basic") == true,
                      failure(["auth=basic", "oauth.clientId=x"]) ?? "")
    }

    func testAuthSetCountsFromOneAndSaysWhyWithOneType() throws {
        var several = ConnectorDraft()
        several.single.kind = .apikey
        several.addSet()
        try Assignments.apply(try Assignments.parse(["auth.set=1", "apikey.name=X-Contoso"]), to: &several)
        XCTAssertEqual(several.selectedSet, 0, "auth.set=1 is the first type, as the wizard and show number them")
        XCTAssertEqual(several.sets[0].settings.apiKey.name, "X-Contoso")
        XCTAssertThrowsError(try Assignments.apply(try Assignments.parse(["auth.set=0"]), to: &several)) {
            XCTAssertEqual(($0 as? Assignments.Failure)?.message, "auth.set: \"0\" is not one of 1, 2.")
        }
        var one = ConnectorDraft()
        XCTAssertThrowsError(try Assignments.apply(try Assignments.parse(["auth.set=2"]), to: &one)) {
            XCTAssertEqual(($0 as? Assignments.Failure)?.message,
                           "auth.set chooses which of several authentication types the keys after it change, and this connector offers one type; types are added in the wizard's Security tab (F8)")
        }
    }
}

/// A mistyped command is named, not taken for a new connector's folder.
final class CommandSuggestionTests: XCTestCase {
    let commands = ["edit", "new", "set", "show", "validate", "connect", "prompt", "themes"]

    func testNearCommandsAreSuggestedAndOtherWordsAreNot() {
        XCTAssertEqual(CommandSuggestion.closest(to: "conect", among: commands), "connect")
        XCTAssertEqual(CommandSuggestion.closest(to: "vaildate", among: commands), "validate", "a swap is one edit")
        XCTAssertEqual(CommandSuggestion.closest(to: "Themse", among: commands), "themes")
        XCTAssertNil(CommandSuggestion.closest(to: "contoso", among: commands))
        XCTAssertNil(CommandSuggestion.closest(to: "./conect", among: commands), "a path is a folder")
        XCTAssertNil(CommandSuggestion.closest(to: "x", among: commands))
    }
}
