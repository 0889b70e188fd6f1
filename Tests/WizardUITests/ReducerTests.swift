import ConnectorKit
@testable import WizardUI
import XCTest

final class ReducerTests: XCTestCase {
    func testNewConnectorStartsOnTheTitle() {
        let s = newWizard()
        XCTAssertEqual(s.tab, .general)
        XCTAssertEqual(s.focused, .title)
        XCTAssertFalse(s.isDirty)
    }

    func testTabWalksTheGeneralFieldsInTableOrderThenTheSecurityTab() {
        var s = newWizard()
        var seen: [FieldID] = []
        for _ in 0..<8 {
            seen.append(s.focused!)
            s.press(.tab)
        }
        XCTAssertEqual(seen, [.title, .icon, .iconBrandColor, .description, .gateway, .scheme, .host, .basePath])
        XCTAssertEqual(s.tab, .security)
        XCTAssertEqual(s.focused, .auth)
        s.press(.backTab)
        XCTAssertEqual(s.tab, .general)
        XCTAssertEqual(s.focused, .basePath)
    }

    func testAltAndFunctionKeysGoToTabsFocusingTheirFirstField() {
        var s = newWizard()
        s.press(.tab, .tab, .alt("2"))
        XCTAssertEqual(s.tab, .security)
        XCTAssertEqual(s.focused, .auth)
        s.press(.function(5))
        XCTAssertEqual(s.focused, .title)
        s.press(.function(7))
        XCTAssertEqual(s.tab, .test)
        s.press(.alt("1"))
        XCTAssertEqual(s.tab, .general)
    }

    func testTypingEditsTheTitleWithCaretKeys() {
        var s = newWizard()
        s.type("Contoso")
        s.press(.home)
        s.type("My ")
        s.press(.end, .backspace, .left, .delete)
        XCTAssertEqual(s.draft.general.title, "My Conto")
        XCTAssertTrue(s.isDirty)
        s.press(.ctrl("u"))
        XCTAssertEqual(s.draft.general.title, "")
    }

    func testTabIntoAFilledFieldSelectsItSoTypingReplacesIt() {
        var s = newWizard()
        s.press(.tab, .tab)
        XCTAssertEqual(s.focused, .iconBrandColor)
        XCTAssertEqual(s.selectedField, .iconBrandColor, "§2.1: Tab into a field with a value selects it")
        s.type("#2b579a")
        XCTAssertEqual(s.draft.general.iconBrandColor, "#2b579a", "typing replaces the value, not appends to it")
        s.press(.backTab, .tab)
        s.press(.left)
        XCTAssertNil(s.selectedField, "an arrow drops the selection")
        s.type("x")
        XCTAssertEqual(s.draft.general.iconBrandColor, "x#2b579a", "and edits in place")
        s.press(.tab, .backTab, .end)
        s.press(.backspace)
        XCTAssertEqual(s.draft.general.iconBrandColor, "x#2b579", "End drops it too: Backspace erases one character")
        s.press(.tab, .backTab, .backspace)
        XCTAssertEqual(s.draft.general.iconBrandColor, "", "Backspace on a selection erases it")
        s.press(.backTab, .tab)
        XCTAssertNil(s.selectedField, "an empty field has nothing to select")
        s.draft.general.description = "Invoices from your flows."
        s.press(.tab)
        XCTAssertEqual(s.focused, .description)
        XCTAssertNil(s.selectedField, "Description, like a browser's text area, keeps its caret")
    }

    func testShiftTabSelectsTooAndTheSelectionIsDrawn() {
        var s = newWizard()
        s.draft.general.host = "api.contoso.com"
        while s.focused != .basePath { s.press(.tab) }
        s.press(.backTab)
        XCTAssertEqual(s.selectedField, .host)
        let b = Renderer.render(s)
        let y = try! XCTUnwrap(b.text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("Host") })
        let x = FormLayout.inputX + 1
        XCTAssertEqual(b[x, y].style, Theme.default.textSelected, "the selected value is drawn in the selection style")
        s.type("x")
        XCTAssertEqual(s.draft.general.host, "x")
        XCTAssertNotEqual(Renderer.render(s)[x, y].style, Theme.default.textSelected)
    }

    func testPlaceholdersReadAsExamplesAndAreDrawnFaint() {
        var s = newWizard()
        s.draft.general.iconBrandColor = ""
        s.draft.general.basePath = ""
        let screen = s.screen
        for hint in ["e.g. api.contoso.com", "#rrggbb", "e.g. /v1"] {
            XCTAssertTrue(screen.contains(hint), "\(hint) in\n\(screen)")
        }
        let b = Renderer.render(s)
        let y = try! XCTUnwrap(b.text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("Host") })
        XCTAssertTrue(b[FormLayout.inputX + 1, y].style.attrs.contains(.dim), "a placeholder is faint, even without colour")
        let mono = Renderer.render(s, theme: Theme.default.withoutColor)
        XCTAssertNotEqual(mono[FormLayout.inputX + 1, y].style.attrs, Theme.default.withoutColor.input.attrs)
    }

    func testDescriptionTakesNewLinesAndTabStillMovesOn() {
        var s = newWizard()
        s.press(.tab, .tab, .tab)
        XCTAssertEqual(s.focused, .description)
        s.type("one")
        s.press(.enter)
        s.type("two")
        XCTAssertEqual(s.draft.general.description, "one\ntwo")
        s.press(.tab)
        XCTAssertEqual(s.focused, .gateway)
    }

    func testPastingAURLIntoHostSplitsIt() {
        var s = newWizard()
        s.draft.general.scheme = .https
        _ = s.apply(.goToTab(.general))
        while s.focused != .host { s.press(.tab) }
        s.press(.paste("http://api.contoso.com:8080/v1/invoices"))
        XCTAssertEqual(s.draft.general.scheme, .http)
        XCTAssertEqual(s.draft.general.host, "api.contoso.com:8080")
        XCTAssertEqual(s.draft.general.basePath, "/v1/invoices")
    }

    func testATypedURLInHostIsSplitWhenLeavingTheField() {
        var s = newWizard()
        while s.focused != .host { s.press(.tab) }
        s.type("https://api.contoso.com/v2")
        s.press(.tab)
        XCTAssertEqual(s.draft.general.host, "api.contoso.com")
        XCTAssertEqual(s.draft.general.basePath, "/v2")
    }

    func testSwitchingAuthenticationTypesLosesNothingTyped() {
        var s = newWizard()
        s.press(.alt("2"))
        s.press(.right) // Basic
        XCTAssertEqual(s.draft.authKind, .basic)
        s.press(.tab, .ctrl("u"))
        s.type("User")
        s.press(.alt("2"), .right) // API Key
        XCTAssertEqual(s.draft.authKind, .apikey)
        s.press(.tab, .tab, .ctrl("u"))
        s.type("code")
        s.press(.alt("2"), .right) // OAuth 2.0
        s.press(.tab, .tab)
        XCTAssertEqual(s.focused, .oauthClientId)
        s.type("my-client")
        // All the way round and back.
        s.press(.alt("2"), .left, .left)
        XCTAssertEqual(s.draft.authKind, .basic)
        XCTAssertEqual(s.draft.basic.usernameLabel, "User")
        XCTAssertEqual(s.draft.apiKey.name, "code")
        XCTAssertEqual(s.draft.oauth.clientId, "my-client")
    }

    func testTheChoiceListOpensWithEnterAndPicks() {
        var s = newWizard()
        s.press(.alt("2"), .enter)
        XCTAssertNotNil(s.popup)
        s.press(.down, .down, .down, .enter)
        XCTAssertNil(s.popup)
        XCTAssertEqual(s.draft.authKind, .oauth2)
        s.press(.tab, .enter)
        s.press(.escape)
        XCTAssertNil(s.popup, "Esc closes a list")
        XCTAssertEqual(s.draft.oauth.provider, "generic")
    }

    func testTypeAheadPicksAChoiceByItsFirstLetter() {
        var s = newWizard()
        s.press(.alt("2"), .char("o"))
        XCTAssertEqual(s.draft.authKind, .oauth2)
        s.press(.tab, .char("s"))
        XCTAssertEqual(s.draft.oauth.provider, "salesforce")
        s.press(.char("s"))
        XCTAssertEqual(s.draft.oauth.provider, "slack")
    }

    func testGatewayOffersItsOwnTypesAndAsksWhenTheChosenOneGoesAway() {
        var s = newWizard()
        s.draft.authKind = .apikey
        while s.focused != .gateway { s.press(.tab) }
        s.press(.char(" "))
        XCTAssertTrue(s.draft.general.gateway)
        XCTAssertEqual(s.draft.authKind, .apikey, "never changed silently")
        guard case .gatewayConflict(.apikey, _)? = s.dialog else { return XCTFail("expected the gateway dialog, got \(String(describing: s.dialog))") }
        XCTAssertTrue(s.screen.contains("API Key is not available through an on-premises data gateway."))
        s.press(.char("u"))
        XCTAssertFalse(s.draft.general.gateway, "Undo clears the checkbox again")
        s.press(.char(" "), .char("c"))
        XCTAssertEqual(s.tab, .security)
        XCTAssertEqual(s.focused, .auth)
        guard case .choice(let options)? = s.spec(of: .auth)?.kind else { return XCTFail() }
        XCTAssertEqual(options.map(\.label), ["No authentication", "Basic authentication", "Windows authentication", "API Key"])
        s.press(.right)
        XCTAssertEqual(s.draft.authKind, .none)
        s.press(.right, .right)
        XCTAssertEqual(s.draft.authKind, .windows)
        guard case .choice(let after)? = s.spec(of: .auth)?.kind else { return XCTFail() }
        XCTAssertEqual(after.map(\.label), ["No authentication", "Basic authentication", "Windows authentication"],
                       "once left, the unavailable type is no longer offered")
    }

    func testSaveWithErrorsFocusesTheFirstOneOnWhicheverTab() {
        var s = newWizard()
        s.draft.general.title = "Contoso"
        s.draft.general.host = "api.contoso.com"
        s.draft.authKind = .oauth2
        s.press(.alt("1"))
        let effects = s.press(.ctrl("s"))
        XCTAssertEqual(effects, [], "nothing is saved")
        XCTAssertEqual(s.tab, .security)
        XCTAssertEqual(s.focused, .oauthClientId)
        XCTAssertTrue(s.screen.contains("Not saved (3 errors): Client ID is required."), s.screen)
        XCTAssertTrue(s.screen.contains("Authorization URL is required."))
    }

    func testQuitWithoutChangesQuitsAtOnce() {
        var s = newWizard()
        XCTAssertEqual(s.press(.ctrl("q")), [.quit])
        var t = newWizard()
        XCTAssertEqual(t.press(.escape), [.quit])
    }

    func testQuitWithUnsavedChangesAsks() {
        var s = newWizard()
        s.type("X")
        XCTAssertEqual(s.press(.ctrl("c")), [])
        XCTAssertEqual(s.dialog, .confirmQuit(selected: 0))
        XCTAssertTrue(s.screen.contains("Save changes before quitting?"))
        s.press(.escape)
        XCTAssertNil(s.dialog)
        XCTAssertEqual(s.draft.general.title, "X", "Cancel keeps everything")
        s.press(.ctrl("q"))
        XCTAssertEqual(s.press(.char("d")), [.quit])
    }

    func testSaveFromTheQuitDialogSavesThenQuits() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cw-quit-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var s = WizardState(document: .new(in: dir), files: FakeFiles())
        s.draft.general.title = "Contoso"
        s.draft.general.host = "api.contoso.com"
        s.press(.ctrl("q"))
        let draft = s.draft
        XCTAssertEqual(s.press(.char("s")), [.save(SaveRequest(draft: draft, document: .new(in: dir))), .quit])
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/apiProperties.json"))
    }

    func testSaveFromTheQuitDialogWithErrorsStays() {
        var s = newWizard()
        s.type("X")
        s.press(.ctrl("q"))
        XCTAssertEqual(s.press(.char("s")), [], "errors block the save, and the wizard stays open")
        XCTAssertEqual(s.focused, .host)
        XCTAssertFalse(s.quitAfterSave)
    }

    func testTheClientSecretIsMaskedOnePerCharacter() {
        var s = newWizard()
        s.press(.alt("2"), .char("o"), .tab, .tab, .tab)
        XCTAssertEqual(s.focused, .oauthClientSecret)
        s.type("hunter-two-secret")
        XCTAssertEqual(s.draft.oauth.clientSecret.reveal(), "hunter-two-secret")
        let screen = s.screen
        XCTAssertFalse(screen.contains("hunter"), screen)
        XCTAssertTrue(screen.contains(String(repeating: "•", count: 17)), screen)
    }

    func testTheHintBarShowsExactlyTheActiveBindings() {
        var s = newWizard()
        let bar = { (s: WizardState) in Renderer.render(s).lines[23] }
        XCTAssertTrue(bar(s).contains("^S Create"), bar(s))
        XCTAssertFalse(bar(s).contains("Change"))
        s.press(.alt("2"))
        XCTAssertTrue(bar(s).contains("←→ Change"), bar(s))
        XCTAssertTrue(bar(s).contains("Enter List"), bar(s))
        // Every hint's key really does what the hint says.
        for b in Keymap.bindings(for: s) where b.hint != nil {
            // (The key of the tab already shown has nothing to do.)
            for key in b.keys where b.action(for: key) != .goToTab(s.tab) {
                var t = s
                let before = t.draft
                _ = t.handle(key)
                XCTAssertTrue(t.draft != before || t.popup != nil || t.dialog != nil || t.focused != s.focused || t.tab != s.tab
                              || b.action(for: key) == .quit || b.action(for: key) == .save,
                              "hint \(b.keyLabel) \(b.hint!): \(key.name) did nothing")
            }
        }
    }

    func testResizeRedrawsAndBelowTheMinimumNamesTheSizeNeeded() {
        var s = newWizard()
        s.press(.resize(width: 30, height: 8))
        let small = Renderer.render(s)
        XCTAssertEqual(small.width, 30)
        XCTAssertTrue(small.text.contains("60×16"), small.text)
        s.press(.resize(width: 80, height: 24))
        XCTAssertTrue(s.screen.contains("1. General"))
    }

    func testSeveralAuthenticationTypesAreAddedRenamedMovedAndRemoved() {
        var s = newWizard()
        s.press(.alt("2"), .char("a")) // API Key
        XCTAssertEqual(s.draft.authKind, .apikey)
        s.press(.function(8))
        XCTAssertEqual(s.draft.sets.count, 2)
        XCTAssertEqual(s.focused, .authSetName, "a new type starts with its display name")
        s.press(.ctrl("u"))
        s.type("Sign in")
        s.press(.tab, .char("o")) // Authentication type of type 2: OAuth 2.0
        XCTAssertEqual(s.draft.authKind, .oauth2)
        XCTAssertEqual(s.draft.sets.map(\.displayName), ["API Key", "Sign in"])
        XCTAssertTrue(s.screen.contains("End users choose one of these 2 types"), s.screen)
        XCTAssertTrue(s.screen.contains("2. Sign in"), s.screen)
        // The type choice picks which type the form edits; each keeps its values.
        s.press(.alt("2"))
        XCTAssertEqual(s.focused, .authSet)
        s.press(.left)
        XCTAssertEqual(s.draft.selectedSet, 0)
        XCTAssertEqual(s.draft.authKind, .apikey)
        XCTAssertTrue(s.screen.contains("Parameter location"), s.screen)
        // > moves it later.
        s.press(.char(">"))
        XCTAssertEqual(s.draft.sets.map(\.displayName), ["Sign in", "API Key"])
        XCTAssertEqual(s.draft.selectedSet, 1)
        XCTAssertTrue(Renderer.render(s).lines[23].contains("F9 Remove type"), Renderer.render(s).lines[23])
        // F9 asks, then removes it; one type left is the connector's one type again.
        s.press(.function(9), .char("r"))
        XCTAssertTrue(s.draft.sets.isEmpty)
        XCTAssertEqual(s.draft.authKind, .oauth2)
        XCTAssertEqual(s.focused, .auth)
    }

    /// Ctrl-S over files another program saved meanwhile: the wizard asks (§ faults): Reload
    /// reads them again, Overwrite saves the form over them, Cancel leaves both.
    func testASaveOverFilesChangedOnDiskAsksReloadOverwriteOrCancel() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cw-changed-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.copyItem(atPath: PromptRenderTests.fixtures + "/custom-connectors/HR Cloud", toPath: dir)
        func theirSave(_ title: String) throws {
            var theirs = try XCTUnwrap(try ConnectorDocument.open(dir).original)
            theirs.general.title = title
            _ = try ConnectorWriter.save(theirs, into: try ConnectorDocument.open(dir))
        }
        var s = WizardState(document: try ConnectorDocument.open(dir), files: FakeFiles())
        s.draft.general.host = "api.mine.example"
        try theirSave("Theirs")
        s.press(.ctrl("s"))
        guard case .changedOnDisk(let path, 0)? = s.dialog else { return XCTFail("asks: \(String(describing: s.dialog))") }
        XCTAssertTrue(path.hasSuffix("apiDefinition.swagger.json"), path)
        XCTAssertTrue(s.screen.contains("Reload (R)") && s.screen.contains("Overwrite (O)"), s.screen)
        s.press(.escape)
        XCTAssertNil(s.dialog)
        XCTAssertEqual(try ConnectorDocument.open(dir).original?.general.title, "Theirs", "cancel writes nothing")

        s.press(.ctrl("s"))
        s.press(.char("o"))
        guard case .saved? = s.dialog else { return XCTFail("overwritten: \(String(describing: s.dialog))") }
        XCTAssertEqual(try ConnectorDocument.open(dir).original?.general.host, "api.mine.example")

        s.press(.enter)
        s.draft.general.host = "api.dropped.example"
        try theirSave("Theirs again")
        s.press(.ctrl("s"))
        s.press(.char("r"))
        XCTAssertNil(s.dialog)
        XCTAssertEqual(s.draft.general.title, "Theirs again", "the files as they are now")
        XCTAssertEqual(s.draft.general.host, "api.mine.example", "the change made here is dropped")
        XCTAssertFalse(s.isDirty)
    }

    func testTheGatewayAsksAboutATypeItRulesOutWhenThereAreSeveral() throws {
        var s = WizardState(document: .new(in: "/tmp/cw-never-written"), files: FakeFiles())
        s.draft.general.title = "Contoso"
        s.draft.authKind = .basic
        s.draft.addSet()
        s.draft.authKind = .oauth2
        XCTAssertEqual(s.draft.sets.map(\.settings.kind), [.basic, .oauth2])
        s.draft.selectedSet = 0
        s.focusField(.gateway)
        s.press(.char(" "))
        XCTAssertTrue(s.draft.general.gateway)
        guard case .gatewayConflict(.oauth2, 0)? = s.dialog else { return XCTFail("asks: \(String(describing: s.dialog))") }
        XCTAssertEqual(s.draft.selectedSet, 1, "the type it rules out is the one shown")
        s.press(.char("u"))
        XCTAssertFalse(s.draft.general.gateway, "undo puts the gateway back off")
        XCTAssertEqual(s.draft.sets.map(\.settings.kind), [.basic, .oauth2], "no type changed silently")
    }

    func testATypeAddedWithF8TakesTheNameOfTheKindItBecomes() {
        var s = newWizard()
        s.press(.alt("2"), .char("o")) // OAuth 2.0
        s.press(.function(8))
        XCTAssertEqual(s.draft.sets.map(\.displayName), ["OAuth 2.0", "No authentication"])
        XCTAssertEqual(s.selectedField, .authSetName, "its name is selected, so typing replaces it")
        s.press(.tab, .char("a")) // API Key
        XCTAssertEqual(s.draft.sets.map(\.displayName), ["OAuth 2.0", "API Key"], "the name follows the kind")
        XCTAssertTrue(s.screen.contains("2. API Key"), s.screen)
        s.press(.char("o"))
        XCTAssertEqual(s.draft.sets[1].displayName, "OAuth 2.0 2", "numbered when another type has the name")
        s.press(.backTab)
        s.type("Contoso sign-in")
        s.press(.tab, .char("b"))
        XCTAssertEqual(s.draft.sets[1].displayName, "Contoso sign-in", "a name the maker gave is kept")
    }

    func testF8AndF9SayWhyWhereTheyCanDoNothingAndAreHintedOnlyWhereTheyAct() {
        var s = newWizard()
        s.press(.function(8))
        XCTAssertTrue(s.draft.sets.isEmpty)
        XCTAssertEqual(s.flash?.text, "F8 adds an authentication type on the Security tab (Alt-2).")
        s.press(.alt("2"))
        XCTAssertTrue(Renderer.render(s).lines[23].contains("F8 Add type"))
        XCTAssertFalse(Renderer.render(s).lines[23].contains("F9"), "F9 is not hinted with one type")
        s.press(.function(9))
        XCTAssertEqual(s.flash?.text, "F9 removes one of several types; this connector has one (F8 adds another).")
        s.draft.general.gateway = true
        s.press(.alt("2"))
        XCTAssertFalse(s.screen.contains("F8"), "no F8 where it adds nothing:\n\(s.screen)")
        s.press(.function(8))
        XCTAssertTrue(s.draft.sets.isEmpty)
        XCTAssertEqual(s.flash?.text, "Gateway connectors offer one authentication type; clear the gateway for more.")

        var imported = WizardState(document: try! ConnectorDocument.open(PromptRenderTests.fixtures + "/certified-connectors/ZohoSign"),
                                   files: FakeFiles())
        imported.press(.alt("2"))
        XCTAssertFalse(imported.screen.contains("F8"), "not for a connector kept as found:\n\(imported.screen)")
        imported.press(.function(8))
        XCTAssertTrue(imported.flash?.text.contains("is kept exactly as found: no type can be added to it") == true,
                      imported.flash?.text ?? "")
    }

    func testF9AsksBeforeRemovingAType() {
        var s = newWizard()
        s.press(.alt("2"), .char("a"), .function(8))
        s.press(.function(9))
        guard case .confirmRemoveType? = s.dialog else { return XCTFail("F9 asks first") }
        XCTAssertTrue(s.screen.contains("Remove type 2, \"No authentication\"?"), s.screen)
        let flat = s.screen.split(separator: "\n").map { $0.replacingOccurrences(of: "│", with: "").trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ")
        XCTAssertTrue(flat.contains("one authentication type again: \"API Key\""), s.screen)
        s.press(.enter)
        XCTAssertNil(s.dialog)
        XCTAssertEqual(s.draft.sets.count, 2, "Enter is Cancel: nothing is removed by accident")
        s.press(.function(9), .escape)
        XCTAssertEqual(s.draft.sets.count, 2)
        s.press(.function(9), .char("R"))
        XCTAssertTrue(s.draft.sets.isEmpty)
        XCTAssertEqual(s.flash?.text, "Removed type 2, \"No authentication\". The connector offers one authentication type again.")
    }

    func testAnotherTypesFindingsWaitForASaveWhichOpensThatType() {
        var s = newWizard()
        s.draft.general.title = "Contoso"
        s.draft.general.host = "api.contoso.com"
        s.press(.alt("2"), .char("o"), .function(8)) // type 1: OAuth 2.0 with no client ID
        s.press(.tab, .char("a"))                     // type 2: API Key, being edited
        s.press(.backTab, .backTab, .tab, .tab)       // through Type to edit and back
        XCTAssertFalse(s.screen.contains("Client ID is required"), "type 1's findings do not show while type 2 is edited:\n\(s.screen)")
        s.press(.ctrl("s"))
        XCTAssertEqual(s.draft.selectedSet, 0, "the save opens the type in error")
        XCTAssertEqual(s.focused, .oauthClientId)
        XCTAssertTrue(s.flash?.text.contains("OAuth 2.0: Client ID is required.") == true, s.flash?.text ?? "")
    }
}
