import ConnectorKit
@testable import WizardUI
import XCTest

/// The interactive connection prompt (§5): keys, Create's checks, sign-in as the platform would,
/// the live sign-in's client secret, the test call — asserted on the state and on the screen.
final class ConnectStateTests: XCTestCase {
    func state(_ relative: String, live: Bool = false, storedSecret: Bool = false, gateways: [String] = [],
               width: Int = 80, height: Int = 24) throws -> ConnectState {
        let doc = try ConnectorDocument.open(PromptRenderTests.fixtures + "/" + relative)
        XCTAssertFalse(doc.isNew, "the fixture \(relative) is found")
        return ConnectState(properties: doc.apiProperties, definition: doc.definition, gateways: gateways,
                            liveSignIn: live, hasStoredClientSecret: storedSecret, now: 1_000,
                            width: width, height: height, platformState: "st4te")
    }

    func screen(_ s: ConnectState) -> String { ConnectRenderer.render(s).text }

    func testOAuthStartsOnSignInAndShowsThePlatformsURL() throws {
        var s = try state("custom-connectors/Snowflake")
        XCTAssertEqual(s.focus, .signIn, "§5: Sign in has the focus first")
        XCTAssertTrue(s.handle(.enter).isEmpty)
        guard case .authorizationURL(let url)? = s.overlay else { return XCTFail("Sign in shows the URL: \(String(describing: s.overlay))") }
        XCTAssertTrue(url.contains("response_type=code"), url)
        XCTAssertTrue(url.contains("state=st4te"), url)
        XCTAssertTrue(url.contains("redirect_uri=https%3A%2F%2Fglobal.consent.azure-apim.net%2Fredirect"), url)
        let text = screen(s)
        XCTAssertTrue(text.contains("The platform opens this URL"), text)
        XCTAssertTrue(text.replacingOccurrences(of: "\n", with: "").contains("st4te"), "the URL is on screen:\n\(text)")
        XCTAssertEqual(s.handle(.char("c")), [.copy(url)])
        _ = s.handle(.char("p"))
        XCTAssertEqual(s.printed, [url])
        _ = s.handle(.escape)
        XCTAssertNil(s.overlay)
    }

    func testTheSignInURLIsOnOneLineWhereTheScreenHasRoom() throws {
        var s = try state("custom-connectors/Snowflake", width: 250, height: 50)
        _ = s.handle(.enter)
        guard case .authorizationURL(let url)? = s.overlay else { return XCTFail("no URL box") }
        XCTAssertLessThan(url.count, 240, "the fixture's URL fits at 250 columns")
        XCTAssertTrue(screen(s).split(separator: "\n").contains { $0.contains(url) }, "the box grows to hold it:\n\(screen(s))")
        s.receive(.signInWaiting(url: url, browserOpened: false, deadline: 1_300))
        XCTAssertTrue(screen(s).split(separator: "\n").contains { $0.contains(url) }, "the waiting box too:\n\(screen(s))")
        XCTAssertTrue(screen(s).contains(SignInWait.pasteHint), "with its paste box:\n\(screen(s))")
        s.width = 80
        s.height = 24
        XCTAssertFalse(screen(s).split(separator: "\n").contains { $0.contains(url) }, "at 80 columns it is broken")
    }

    func testALongStatusStaysInsideTheCreatedBox() throws {
        var s = try state("custom-connectors/HR Cloud")
        s.values["username"] = "ada"
        s.values["password"] = "pw"
        _ = s.handle(.ctrl("s"))
        let reason = String(repeating: "VERY LONG REASON ", count: 8)
        s.receive(.testFinished(TestReport(method: "GET", url: "https://api.example/x", status: 503, reason: reason,
                                           milliseconds: 12, body: "{}")))
        let b = ConnectRenderer.render(s)
        let row = try XCTUnwrap(b.lines.firstIndex { $0.contains("503 VERY LONG") }, b.text)
        let line = b.lines[row]
        XCTAssertTrue(line.contains("… · 12 ms"), "cut, the time kept:\n\(b.text)")
        let border = try XCTUnwrap(b.lines[1].lastIndex(of: "╮")).utf16Offset(in: b.lines[1])
        XCTAssertEqual(Array(line)[border], "│", "the box's border is whole:\n\(b.text)")
    }

    func testTab3BeforeTheFirstSaveSaysTheConnectorsOwnRedirectURLComesWithTheSave() {
        var w = WizardState(document: .new(in: "/tmp/cw-never-written"), files: FakeFiles())
        w.draft.general.title = "Contoso"
        w.draft.general.host = "api.contoso.com"
        w.draft.authKind = .oauth2
        w.draft.oauth.provider = "github"
        w.draft.oauth.clientId = "app"
        _ = w.apply(.goToTab(.test))
        _ = w.handle(.enter)
        guard case .authorizationURL(let url)? = w.connect?.overlay else { return XCTFail("no sign-in box") }
        XCTAssertTrue(url.contains("redirect_uri=https%3A%2F%2Fglobal.consent.azure-apim.net%2Fredirect&"), url)
        let flat = w.screen.split(separator: "\n").map { $0.replacingOccurrences(of: "│", with: "").trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ")
        XCTAssertTrue(flat.contains("Not saved yet: this URL has the platform's shared redirect URL"), w.screen)
        w.draft.redirect = .perConnector("https://global.consent.azure-apim.net/redirect/new-5fcontoso-5f0123456789abcdef")
        _ = w.apply(.goToTab(.test))
        _ = w.handle(.enter)
        XCTAssertFalse(w.screen.contains("Not saved yet"), "a saved connector has its own:\n\(w.screen)")
    }

    func testCreateNeedsASignInFirst() throws {
        var s = try state("custom-connectors/Snowflake")
        XCTAssertEqual(s.handle(.ctrl("s")), [])
        XCTAssertEqual(s.stage, .form)
        XCTAssertEqual(s.focus, .signIn)
        XCTAssertTrue(s.flash?.text.contains("Sign in before creating") == true)
        s.receive(.signedIn(expiresAt: 1_060, refreshable: true))
        XCTAssertTrue(screen(s).contains("Signed in · token expires in 1 min"), screen(s))
        XCTAssertEqual(s.handle(.ctrl("s")), [.created])
        XCTAssertEqual(s.stage, .created)
        XCTAssertTrue(screen(s).contains("Connection created"))
    }

    func testTabIntoAFilledBoxSelectsItSoTypingReplacesIt() throws {
        var s = try state("custom-connectors/HR Cloud")
        for c in "ada" { _ = s.handle(.char(c)) }
        _ = s.handle(.tab)
        _ = s.handle(.backTab)
        XCTAssertEqual(s.selected, .field("username"))
        let selectedStyle = ConnectRenderer.render(s).cells.contains { $0.style == Theme.default.textSelected }
        XCTAssertTrue(selectedStyle, "the selected value is drawn in the selection style")
        for c in "bob" { _ = s.handle(.char(c)) }
        XCTAssertEqual(s.values["username"], "bob", "typing replaces the selected value")
        _ = s.handle(.tab)
        _ = s.handle(.backTab)
        _ = s.handle(.home)
        _ = s.handle(.char("x"))
        XCTAssertEqual(s.values["username"], "xbob", "Home drops the selection and edits in place")
        _ = s.handle(.tab)
        XCTAssertNil(s.selected, "an empty box has nothing to select")
    }

    func testRequiredFieldsAreCheckedAndSecretsNeverShow() throws {
        var s = try state("custom-connectors/HR Cloud")
        XCTAssertEqual(s.focus, .field("username"))
        XCTAssertEqual(s.handle(.ctrl("s")), [])
        XCTAssertTrue(s.showMissing)
        XCTAssertEqual(s.focus, .field("username"), "the first missing field gets the focus")
        XCTAssertTrue(s.flash?.text.hasPrefix("Fill in the required fields") == true, s.flash?.text ?? "")
        for c in "ada" { _ = s.handle(.char(c)) }
        _ = s.handle(.tab)
        for c in "hunter2" { _ = s.handle(.char(c)) }
        XCTAssertEqual(s.values["password"], "hunter2")
        let typing = screen(s)
        XCTAssertFalse(typing.contains("hunter2"), "masked while typed")
        XCTAssertTrue(typing.contains("•••••••"), typing)
        XCTAssertEqual(s.handle(.ctrl("s")), [.created])
        let created = screen(s)
        XCTAssertTrue(created.contains("ada"), created)
        XCTAssertFalse(created.contains("hunter2"), "the created connection redacts secrets:\n\(created)")
        XCTAssertTrue(created.contains(ConnectState.redacted))
    }

    func testChoosingAnotherAuthenticationTypeSwapsTheFields() throws {
        var s = try state("independent-publisher-connectors/Open Data Network")
        guard case .choice(let options)? = s.prompt.fields.first?.kind, options.count >= 2 else {
            return XCTFail("several types start with the choice of type")
        }
        let before = s.prompt.fields.map(\.name)
        XCTAssertEqual(s.focus, .field(ConnectionPrompt.setChoiceName))
        _ = s.handle(.right)
        XCTAssertEqual(s.prompt.chosenSet, 1)
        XCTAssertNotEqual(s.prompt.fields.map(\.name), before, "the fields below follow the chosen type")
        XCTAssertTrue(screen(s).contains(options[1].label))
        _ = s.handle(.enter)
        XCTAssertEqual(s.popup?.labels, options.map(\.label), "Enter opens the list")
        _ = s.handle(.up)
        _ = s.handle(.enter)
        XCTAssertEqual(s.prompt.chosenSet, 0)
        // The list wraps around at its ends, as the wizard's lists do.
        _ = s.handle(.enter)
        _ = s.handle(.up)
        XCTAssertEqual(s.popup?.selected, options.count - 1, "↑ on the first option goes to the last")
        _ = s.handle(.down)
        XCTAssertEqual(s.popup?.selected, 0, "↓ on the last goes to the first")
    }

    func testLiveSignInAsksForTheClientSecretMasked() throws {
        var s = try state("custom-connectors/Snowflake", live: true)
        XCTAssertEqual(s.handle(.enter), [])
        XCTAssertEqual(s.overlay, .clientSecret(text: ""))
        for c in "s3cr3t-value" { _ = s.handle(.char(c)) }
        let text = screen(s)
        XCTAssertFalse(text.contains("s3cr3t"), "the client secret is masked:\n\(text)")
        XCTAssertTrue(text.contains("••••••••••••"), text)
        XCTAssertEqual(s.handle(.enter), [.signIn(clientSecret: "s3cr3t-value")])
        XCTAssertNil(s.overlay)
        s.receive(.signInWaiting(url: "http://127.0.0.1:9/authorize?x=1", browserOpened: false, deadline: 1_300))
        XCTAssertTrue(screen(s).contains("Open this URL in a browser"), screen(s))
        XCTAssertTrue(screen(s).contains("Waiting 5 min more."), screen(s))
        XCTAssertEqual(s.handle(.escape), [.cancelSignIn], "Esc cancels a waiting sign-in")
    }

    func testAStoredSecretIsNotAskedFor() throws {
        var s = try state("custom-connectors/Snowflake", live: true, storedSecret: true)
        XCTAssertEqual(s.handle(.enter), [.signIn(clientSecret: nil)])
    }

    func testTokenEndpointErrorsShowAsTheyCame() throws {
        var s = try state("custom-connectors/Snowflake", live: true, storedSecret: true)
        let why = "The token endpoint answered 400: invalid_grant — The authorization code has expired and cannot be used any more"
        s.receive(.signInFailed(why))
        XCTAssertEqual(s.overlay, .failed(why), "all of it in a box, even where the status line cuts it")
        XCTAssertTrue(screen(s).contains("cannot be used any more"), screen(s))
        _ = s.handle(.escape)
        XCTAssertNil(s.overlay)
        XCTAssertEqual(s.flash?.text, why, "closed, it stays on the status line")
        XCTAssertTrue(screen(s).contains("Sign in  ✗ The token endpoint answered 400"), screen(s))
        // Cancelling by hand is no failure to explain.
        s.receive(.signInWaiting(url: "http://127.0.0.1:9/a", browserOpened: true, deadline: 1_300))
        XCTAssertEqual(s.handle(.escape), [.cancelSignIn])
        s.receive(.signInFailed(ConnectState.cancelledText))
        XCTAssertNil(s.overlay)
    }

    func testWithTestGivenTheCallIsMadeAsSoonAsTheConnectionIsCreated() throws {
        var s = try state("custom-connectors/HR Cloud")
        s.testAtOnce = true
        s.testPath = "/me"
        s.values["username"] = "ada"
        s.values["password"] = "pw"
        XCTAssertEqual(s.handle(.ctrl("s")), [.created, .test(path: "/me")], "§5.2: with --test, at once")
        XCTAssertEqual(s.test, .running)
        XCTAssertEqual(s.handle(.enter), [], "and not a second time while it runs")
        var plain = try state("custom-connectors/HR Cloud")
        plain.values["username"] = "ada"
        plain.values["password"] = "pw"
        XCTAssertEqual(plain.handle(.ctrl("s")), [.created], "without --test, Test is pressed first")
    }

    func testTestCallAndTestAgain() throws {
        var s = try state("custom-connectors/HR Cloud")
        s.values["username"] = "ada"
        s.values["password"] = "pw"
        XCTAssertEqual(s.handle(.ctrl("s")), [.created])
        XCTAssertEqual(s.focus, .test)
        XCTAssertTrue(screen(s).contains(" Test "))
        XCTAssertEqual(s.handle(.enter), [.test(path: s.testPath)])
        XCTAssertEqual(s.test, .running)
        XCTAssertEqual(s.handle(.enter), [], "one call at a time")
        s.receive(.testFinished(TestReport(method: "GET", url: "https://x.example/me", status: 200, reason: "OK",
                                           milliseconds: 12, body: "{\"user\": \"ada\"}")))
        let text = screen(s)
        XCTAssertTrue(text.contains("200 OK · 12 ms"), text)
        XCTAssertTrue(text.contains("{\"user\": \"ada\"}"), text)
        XCTAssertTrue(text.contains(" Test again "), text)
        XCTAssertEqual(s.handle(.char("t")), [.test(path: s.testPath)], "T tests again")
    }

    func testGatewayNeedsAGateway() throws {
        var none = try state("certified-connectors/Connect Bridge")
        for f in none.prompt.fields where f.required { if case .text = f.kind { none.values[f.name] = "x" }; if case .secure = f.kind { none.values[f.name] = "x" } }
        _ = none.handle(.ctrl("s"))
        XCTAssertEqual(none.stage, .form)
        XCTAssertEqual(none.flash?.text, ConnectState.noGatewayHint)
        var some = try state("certified-connectors/Connect Bridge", gateways: ["gw-east", "gw-west"])
        for f in some.prompt.fields where f.required { if case .text = f.kind { some.values[f.name] = "x" }; if case .secure = f.kind { some.values[f.name] = "x" } }
        XCTAssertEqual(some.values[some.prompt.fields.first { if case .gateway = $0.kind { return true } else { return false } }!.name], "gw-east")
        XCTAssertEqual(some.handle(.ctrl("s")), [.created])
        XCTAssertTrue(some.testUnavailableReason?.contains("gateway") == true)
    }

    func testCancelEndsWithoutAConnection() throws {
        var s = try state("custom-connectors/HR Cloud")
        XCTAssertEqual(s.handle(.escape), [.quit])
        XCTAssertEqual(s.outcome, .cancelled)
    }

    func testHintBarComesFromTheBindings() throws {
        let s = try state("custom-connectors/HR Cloud")
        let bar = screen(s).split(separator: "\n").last.map(String.init) ?? ""
        XCTAssertTrue(bar.contains("^S Create"), bar)
        XCTAssertTrue(bar.contains("Esc Cancel"), bar)
    }

    /// Every real connector's prompt: Tab through every stop and draw it at small and large
    /// sizes; nothing crashes and the focus is always somewhere on the screen.
    func testEveryFixtureAtEverySize() throws {
        let root = PromptRenderTests.fixtures
        for group in try FileManager.default.contentsOfDirectory(atPath: root).sorted() {
            let groupPath = root + "/" + group
            for name in (try? FileManager.default.contentsOfDirectory(atPath: groupPath))?.sorted() ?? [] {
                guard let doc = try? ConnectorDocument.open(groupPath + "/" + name), !doc.isNew else { continue }
                for (w, h) in [(60, 16), (80, 24), (132, 43), (40, 10)] {
                    var s = ConnectState(properties: doc.apiProperties, definition: doc.definition, now: 0, width: w, height: h)
                    for _ in 0..<(s.focusOrder.count + 1) {
                        _ = ConnectRenderer.render(s)
                        _ = s.handle(.tab)
                    }
                    _ = s.handle(.enter)
                    _ = ConnectRenderer.render(s)
                }
            }
        }
    }

    func testTheWizardsTestTabIsTheLivePrompt() throws {
        var w = newWizard()
        w.type("Contoso")
        try w.draft.setValue("apikey", of: .auth)
        try w.draft.setValue("Contoso key", of: .apiKeyLabel)
        w.press(.alt("3"))
        XCTAssertEqual(w.tab, .test)
        XCTAssertEqual(w.connect?.prompt.fields.map(\.label), ["Contoso key"], "the prompt follows the form")
        w.type("k3y")
        XCTAssertEqual(w.connect?.values["api_key"], "k3y", "keys on tab 3 go to the prompt")
        XCTAssertFalse(w.screen.contains("k3y"), "masked")
        XCTAssertEqual(w.press(.ctrl("s")), [.connect(.created)], "^S is Create on tab 3, not the wizard's save")
        XCTAssertTrue(w.screen.contains("Connection created"), w.screen)
        w.press(.alt("2"))
        try w.draft.setValue("Key for Contoso", of: .apiKeyLabel)
        w.press(.alt("3"))
        XCTAssertEqual(w.connect?.stage, .form, "a changed form makes a new prompt")
        XCTAssertEqual(w.connect?.prompt.fields.map(\.label), ["Key for Contoso"])
        w.press(.alt("1"))
        XCTAssertEqual(w.tab, .general)
    }
}

/// What a server sends is shown, never obeyed, and never overflows.
final class ConnectHardeningTests: XCTestCase {
    func testControlCharactersAreDrawnAsDots() {
        var b = Buffer(width: 20, height: 1)
        b.put("OK\u{1B}]0;x\u{07}\u{9B}2J", x: 0, y: 0, style: .plain)
        XCTAssertEqual(b.text, "OK·]0;x··2J")
        XCTAssertFalse(b.cells.contains { $0.text.unicodeScalars.contains { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) } })
    }

    func testASCIITextIsDrawnCellForCellAsTheGeneralPathDrawsIt() {
        // All-ASCII text takes a quicker path than text with other characters; the cells match.
        for sample in ["a\tb\r\nc\u{7F}d", "plain text", "\r\n\r", "x\u{1B}[2J"] {
            var quick = Buffer(width: 20, height: 1)
            quick.put(sample, x: 0, y: 0, style: .plain)
            var general = Buffer(width: 20, height: 1)
            let used = general.put(sample + "e\u{301}", x: 0, y: 0, style: .plain)
            general[used - 1, 0] = Cell(" ", .plain)
            XCTAssertEqual(quick, general, sample.debugDescription)
            XCTAssertEqual(TextWidth.of(sample), sample.reduce(0) { $0 + TextWidth.of($1) }, sample.debugDescription)
        }
        var b = Buffer(width: 6, height: 1)
        XCTAssertEqual(b.put("abcdefgh", x: 2, y: 0, style: .plain), 4, "clipped at the edge")
        XCTAssertEqual(b.text, "  abcd")
    }

    func testLifetimesAtIntsEndsDoNotTrap() throws {
        let doc = try ConnectorDocument.open(PromptRenderTests.fixtures + "/custom-connectors/Snowflake")
        var s = ConnectState(properties: doc.apiProperties, definition: doc.definition, liveSignIn: true, now: Int.max - 1)
        s.receive(.signedIn(expiresAt: Int.min, refreshable: true))
        XCTAssertEqual(s.secondsLeft, Int.min)
        XCTAssertTrue(ConnectRenderer.render(s).text.contains("token expired"))
        s.receive(.tick(now: Int.min))
        s.receive(.refreshed(expiresAt: Int.max, refreshable: true))
        XCTAssertEqual(s.secondsLeft, Int.max)
        _ = ConnectRenderer.render(s)
    }

    func testSignInCannotBeStartedTwice() throws {
        let doc = try ConnectorDocument.open(PromptRenderTests.fixtures + "/custom-connectors/Snowflake")
        var s = ConnectState(properties: doc.apiProperties, definition: doc.definition, liveSignIn: true,
                             hasStoredClientSecret: true, now: 0)
        XCTAssertEqual(s.handle(.enter), [.signIn(clientSecret: nil)])
        XCTAssertEqual(s.signIn, .signingIn)
        XCTAssertEqual(s.handle(.enter), [], "a second press while one is under way starts nothing")
        XCTAssertEqual(s.flash?.text, "A sign-in is already under way.")
        s.receive(.signInFailed(ConnectState.cancelledText))
        XCTAssertEqual(s.handle(.enter), [.signIn(clientSecret: nil)], "after it ended, again")
    }

    func testTIsTheTestCallNotWhateverHasTheFocus() throws {
        let doc = try ConnectorDocument.open(PromptRenderTests.fixtures + "/custom-connectors/HR Cloud")
        var s = ConnectState(properties: doc.apiProperties, definition: doc.definition, now: 0)
        s.values = ["username": "u", "password": "p"]
        _ = s.handle(.ctrl("s"))
        s.focus = .close
        XCTAssertEqual(s.handle(.char("t")), [.test(path: s.testPath)])
        XCTAssertNil(s.outcome, "T did not press Close")
    }

    func testAClearTextKeyIsStillRedacted() throws {
        let props: JSONValue = ["properties": ["connectionParameters": ["api_key": [
            "type": "securestring", "uiDefinition": ["displayName": "Key", "constraints": ["clearText": true, "required": "true"]],
        ]]]]
        let def: JSONValue = ["swagger": "2.0", "host": "127.0.0.1:9", "securityDefinitions": ["k": ["type": "apiKey", "in": "header", "name": "X-Key"]]]
        var s = ConnectState(properties: props, definition: def, now: 0)
        s.values["api_key"] = "visible-key"
        XCTAssertEqual(s.typedSecrets, ["visible-key"], "shown while typed, yet a credential: redacted from answers")
    }
}

extension ConnectStateTests {
    func testPrintedURLsOfTab3OutliveItsPrompt() throws {
        var w = newWizard()
        w.type("Contoso")
        try w.draft.setValue("oauth2", of: .auth)
        try w.draft.setValue("https://login.contoso.com/authorize", of: .oauthAuthorizationUrl)
        try w.draft.setValue("https://login.contoso.com/token", of: .oauthTokenUrl)
        w.press(.alt("3"))
        w.press(.enter)
        guard case .authorizationURL(let url)? = w.connect?.overlay else { return XCTFail("Sign in shows the URL") }
        w.press(.char("p"), .escape, .escape)
        XCTAssertEqual(w.printedURLs, [url], "Cancel made a fresh prompt; the URL asked for is still to be printed")
        w.press(.alt("2"))
        try w.draft.setValue("read", of: .oauthScope)
        w.press(.alt("3"))
        XCTAssertEqual(w.printedURLs, [url])
    }
}

extension ConnectStateTests {
    func testALaidOutAnswerKeepsItsIndentation() throws {
        var s = try state("custom-connectors/HR Cloud")
        s.values = ["username": "ada", "password": "pw"]
        _ = s.handle(.ctrl("s"))
        _ = s.handle(.enter)
        s.receive(.testFinished(TestReport(method: "GET", url: "https://x.example/v1", status: 200, reason: "OK", milliseconds: 3,
                                           body: "{\n  \"value\": [\n    1\n  ]\n}")))
        let rows = screen(s).split(separator: "\n").map(String.init)
        let open = try XCTUnwrap(rows.firstIndex { $0.hasSuffix("{") || $0.contains("│  {") })
        let x = try XCTUnwrap(rows[open].firstIndex(of: "{")).utf16Offset(in: rows[open])
        XCTAssertEqual(rows[open + 1].utf16.count > x + 2 ? Array(rows[open + 1].utf16)[x + 2] : 0, UInt16(UInt8(ascii: "\"")),
                       "members two cells in:\n\(rows.joined(separator: "\n"))")
        XCTAssertTrue(rows[open + 2].contains("      1") || rows[open + 2].contains("    1"), rows.joined(separator: "\n"))
    }
}

/// `token:` parameters feed the sign-in on the prompt (§5.1): the region, the end user's own
/// OAuth app, and values only the platform holds.
final class TokenParameterPromptTests: XCTestCase {
    func state(_ relative: String, live: Bool = false) throws -> ConnectState {
        let doc = try ConnectorDocument.open(PromptRenderTests.fixtures + "/" + relative)
        return ConnectState(properties: doc.apiProperties, definition: doc.definition, liveSignIn: live, now: 1_000,
                            width: 100, height: 40, platformState: "st4te")
    }

    func query(_ url: String) -> [String: String] {
        let q = url.firstIndex(of: "?").map { String(url[url.index(after: $0)...]) } ?? ""
        return Dictionary(URLEncoding.query(q).map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
    }

    func testZohoSignShowsTheURLOfTheChosenRegion() throws {
        var s = try state("certified-connectors/ZohoSign")
        XCTAssertEqual(s.values["token:customHost"], "com", "the first region is chosen at first")
        _ = s.handle(.enter)  // Sign in
        guard case .authorizationURL(let com)? = s.overlay else { return XCTFail("\(String(describing: s.overlay)) \(String(describing: s.flash))") }
        XCTAssertTrue(com.hasPrefix("https://accounts.zoho.com/oauth/v2/auth?"), com)
        _ = s.handle(.escape)
        s.focus = .field("token:customHost")
        _ = s.handle(.right)
        _ = s.handle(.right)
        XCTAssertEqual(s.values["token:customHost"], "eu")
        s.focus = .signIn
        _ = s.handle(.enter)
        guard case .authorizationURL(let eu)? = s.overlay else { return XCTFail("\(String(describing: s.overlay))") }
        XCTAssertTrue(eu.hasPrefix("https://accounts.zoho.eu/oauth/v2/auth?"), eu)
        XCTAssertEqual(query(eu)["state"], "st4te")
    }

    func testAnOwnAppSignsInWithTheTypedClientIDAndIsNotAskedForASecret() throws {
        var s = try state("certified-connectors/3E Events", live: true)
        let sets = try XCTUnwrap(s.prompt.fields.first { $0.isSetChoice })
        guard case .choice(let options) = sets.kind, let nonprod = options.firstIndex(where: { $0.label.hasPrefix("Development") }) else {
            return XCTFail("3E Events offers its types")
        }
        s.focus = .field(sets.name)
        for _ in 0..<nonprod { _ = s.handle(.right) }
        XCTAssertNotNil(s.field("token:TenantId"), "the non-production type asks for the tenant: \(s.prompt.fields.map(\.name))")
        s.focus = .signIn
        XCTAssertEqual(s.handle(.enter), [], "nothing starts before the tenant is given")
        XCTAssertEqual(s.flash?.text, "Fill in Tenant ID first: the sign-in URL is made from it.")
        XCTAssertEqual(s.focus, .field("token:TenantId"), "the field to fill has the focus")
        for (name, value) in ["token:TenantId": "contoso.onmicrosoft.com", "token:clientId": "my-app-id",
                              "token:clientSecret": "my-s3cret", "token:customScopes": "api://3e/.default"] {
            s.focus = .field(name)
            for c in value { _ = s.handle(.char(c)) }
        }
        XCTAssertEqual(s.oauth?.clientId, "my-app-id")
        XCTAssertEqual(s.oauth?.authorizationURL, "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize")
        s.focus = .signIn
        XCTAssertEqual(s.handle(.enter), [.signIn(clientSecret: nil)], "the connection's own client secret is used; none is asked for")
        XCTAssertNil(s.overlay)
        XCTAssertFalse(ConnectRenderer.render(s).text.contains("my-s3cret"), "the secret is masked")
    }

    func testValuesOnlyThePlatformHoldsAreSaidAtSignIn() throws {
        var s = try state("certified-connectors/NetDocuments")
        s.focus = .signIn
        XCTAssertEqual(s.handle(.enter), [])
        XCTAssertNil(s.overlay)
        XCTAssertTrue(s.flash?.text.hasPrefix("Signing in needs values only the platform holds: the additionalParameters ") == true,
                      "\(String(describing: s.flash))")
        var d = try state("certified-connectors/DocuSign")
        d.focus = .signIn
        _ = d.handle(.enter)
        XCTAssertTrue(d.flash?.text.hasPrefix("DocuSign is the platform's own identity provider") == true, "\(String(describing: d.flash))")
    }

    func testAServicePrincipalIsChosenFilledInAndSignsInWithoutABrowser() throws {
        var s = try state("certified-connectors/TALXISDataFeed")
        XCTAssertEqual(s.prompt.fields.first?.label, "Connect with")
        XCTAssertEqual(s.values["token:grantType"], "code")
        s.focus = .field("token:grantType")
        _ = s.handle(.right)
        XCTAssertEqual(s.values["token:grantType"], "client_credentials")
        XCTAssertEqual(s.prompt.fields.map(\.label), ["Connect with", "Client ID", "Client Secret", "Tenant ID"],
                       "the service principal's fields appear")
        s.focus = .signIn
        XCTAssertEqual(s.handle(.enter), [])
        XCTAssertEqual(s.flash?.text, "Fill in Client ID, Client Secret, Tenant ID first: the service principal's token needs them.")
        for (name, value) in ["token:clientId": "sp-app", "token:clientSecret": "sp-s3cret", "token:TenantId": "fabrikam"] {
            s.focus = .field(name)
            for c in value { _ = s.handle(.char(c)) }
        }
        s.focus = .signIn
        XCTAssertEqual(s.handle(.enter), [.signIn(clientSecret: nil)], "a token at once, in the platform's mode too")
        XCTAssertFalse(ConnectRenderer.render(s).text.contains("sp-s3cret"))
        XCTAssertTrue(s.oauth?.usesClientCredentials == true)
        // Back to signing in: the fields go again.
        s.focus = .field("token:grantType")
        _ = s.handle(.left)
        XCTAssertEqual(s.prompt.fields.map(\.label), ["Connect with"])
    }
}
