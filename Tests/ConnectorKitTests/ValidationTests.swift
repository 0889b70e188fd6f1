import ConnectorKit
import XCTest

/// The rules of §2.1–§2.3 and the "kept as found" downgrade of §4.
final class ValidationTests: XCTestCase {
    private let noFiles = FakeProbe()

    /// The severities found for one field.
    private func findings(_ d: ConnectorDraft, original: ConnectorDraft? = nil, files: FileProbe? = nil,
                          _ field: FieldID) -> [Diagnostic.Severity] {
        Validator.validate(d, original: original, files: files ?? noFiles).filter { $0.field == field }.map(\.severity)
    }

    private func assertError(_ d: ConnectorDraft, _ field: FieldID, files: FileProbe? = nil,
                             file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(findings(d, files: files, field), [.error], "\(field.rawValue) = \"\(d.value(of: field))\"",
                       file: file, line: line)
    }

    private func assertWarning(_ d: ConnectorDraft, _ field: FieldID, files: FileProbe? = nil,
                               file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(findings(d, files: files, field), [.warning], "\(field.rawValue) = \"\(d.value(of: field))\"",
                       file: file, line: line)
    }

    private func assertClean(_ d: ConnectorDraft, _ field: FieldID, files: FileProbe? = nil,
                             file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(findings(d, files: files, field), [], "\(field.rawValue) = \"\(d.value(of: field))\"",
                       file: file, line: line)
    }

    private func with(_ d: ConnectorDraft = .valid(), _ change: (inout ConnectorDraft) -> Void) -> ConnectorDraft {
        var d = d
        change(&d)
        return d
    }

    // MARK: the baseline

    func testValidDraftsHaveNoFindingsAtAll() {
        for kind in AuthKind.offered(gateway: false) {
            XCTAssertEqual(Validator.validate(.valid(kind), files: noFiles), [], kind.rawValue)
        }
        for kind in AuthKind.offered(gateway: true) {
            XCTAssertEqual(Validator.validate(.valid(kind, gateway: true), files: noFiles), [], kind.rawValue)
        }
        for p in OAuthProvider.all {
            XCTAssertEqual(Validator.validate(.validOAuth(p.id), files: noFiles), [], p.id)
        }
    }

    // MARK: Connector title

    func testTitleIsRequired() {
        assertError(with { $0.general.title = "" }, .title)
        assertError(with { $0.general.title = "   " }, .title)
    }

    func testTitleAtMostThirtyCharacters() {
        assertClean(with { $0.general.title = String(repeating: "x", count: 30) }, .title)
        assertError(with { $0.general.title = String(repeating: "x", count: 31) }, .title)
        // Characters, not bytes: 30 "é" are 60 bytes but 30 characters.
        assertClean(with { $0.general.title = String(repeating: "é", count: 30) }, .title)
    }

    func testTitleWithAPIOrConnectorIsAWarning() {
        assertWarning(with { $0.general.title = "Contoso API" }, .title)
        assertWarning(with { $0.general.title = "Contoso Connector" }, .title)
        assertWarning(with { $0.general.title = "API for Invoices" }, .title)
        // A word that merely contains the letters is fine.
        assertClean(with { $0.general.title = "Rapid Mail" }, .title)
        assertClean(with { $0.general.title = "Connectivity Hub" }, .title)
        // Words are runs of letters and digits, in any case, ASCII or not.
        assertWarning(with { $0.general.title = "contoso-api_v2" }, .title)
        assertWarning(with { $0.general.title = "(CONNECTOR)" }, .title)
        assertWarning(with { $0.general.title = "Café API" }, .title)
        assertWarning(with { $0.general.title = "Ångström·Connector" }, .title)
        assertClean(with { $0.general.title = "Apiary 2connector" }, .title)
        assertClean(with { $0.general.title = "Çapi Connectoré" }, .title)
    }

    /// An ASCII title is read in place: the warning comes exactly where its words, split at
    /// every character that is not a letter or a digit, include "api" or "connector".
    func testTitleWordsReadInPlaceAgreeWithSplitWords() {
        var seed: UInt64 = 5
        func next() -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: seed >> 33)
        }
        let pieces = ["api", "API", "Api", "aPi", "connector", "CONNECTOR", "Connect", "or", "x", "1", "_", "-", " ", ".", "@",
                      "[", "`", "{", "s", "9"]
        var warned = 0
        for _ in 0..<2000 {
            let title = (0..<(1 + next() % 5)).map { _ in pieces[next() % pieces.count] }.joined()
            guard title.count <= 30, !title.allSatisfy({ $0 == " " }) else { continue }
            let words = title.lowercased().split { !(("a"..."z").contains($0) || ("0"..."9").contains($0)) }
            let expected: [Diagnostic.Severity] = words.contains("api") || words.contains("connector") ? [.warning] : []
            XCTAssertEqual(findings(with { $0.general.title = title }, .title), expected, title)
            if !expected.isEmpty { warned += 1 }
        }
        XCTAssertGreaterThan(warned, 100)
    }

    // MARK: Icon

    func testIconIsOptional() {
        assertClean(with { $0.general.icon = "" }, .icon)
    }

    func testIconFilesOnDisk() throws {
        let dir = try makeTempDir()
        let probe = FileSystem.Probe()
        let png = dir + "/icon.png"
        try TestSupport.write(TestSupport.tinyPNG, to: png)
        assertClean(with { $0.general.icon = png }, .icon, files: probe)

        let jpeg = dir + "/photo.jpg"
        try TestSupport.write([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00] + [UInt8](repeating: 0, count: 100), to: jpeg)
        assertClean(with { $0.general.icon = jpeg }, .icon, files: probe)

        // Named .png but a GIF inside: the content decides.
        let gif = dir + "/fake.png"
        try TestSupport.write(Array("GIF89a".utf8) + [UInt8](repeating: 0, count: 100), to: gif)
        assertError(with { $0.general.icon = gif }, .icon, files: probe)

        // A text file named .jpg.
        let text = dir + "/notes.jpg"
        try TestSupport.write(Array("hello, not an image".utf8), to: text)
        assertError(with { $0.general.icon = text }, .icon, files: probe)

        let missing = dir + "/missing.png"
        assertError(with { $0.general.icon = missing }, .icon, files: probe)

        // A folder is not an icon file.
        assertError(with { $0.general.icon = dir }, .icon, files: probe)

        // A real PNG header followed by 1.5 MB.
        let big = dir + "/big.png"
        try TestSupport.write(TestSupport.tinyPNG + [UInt8](repeating: 0, count: 1_572_864), to: big)
        assertError(with { $0.general.icon = big }, .icon, files: probe)

        // One byte over says so, not "1024 KB".
        let over = dir + "/over.png"
        try TestSupport.write(TestSupport.tinyPNG + [UInt8](repeating: 0, count: 1_048_577 - TestSupport.tinyPNG.count), to: over)
        let overFindings = Validator.validate(with { $0.general.icon = over }, files: probe).filter { $0.field == .icon }
        XCTAssertEqual(overFindings.map(\.message), ["Icon must be at most 1 MB (1,048,576 bytes); \(over) has 1,048,577 bytes."])
        XCTAssertEqual(Validator.bytes(1_572_864 + 67), "1,572,931 bytes")
        XCTAssertEqual(Validator.bytes(5_000_000), "5,000,000 bytes (4.8 MB)")
        XCTAssertEqual(Validator.bytes(12), "12 bytes")

        // Exactly 1 MB is fine.
        let exact = dir + "/exact.png"
        try TestSupport.write(TestSupport.tinyPNG + [UInt8](repeating: 0, count: 1_048_576 - TestSupport.tinyPNG.count), to: exact)
        assertClean(with { $0.general.icon = exact }, .icon, files: probe)

        // Just under 1 MB is fine.
        let fine = dir + "/fine.png"
        try TestSupport.write(TestSupport.tinyPNG + [UInt8](repeating: 0, count: 1_000_000 - TestSupport.tinyPNG.count), to: fine)
        assertClean(with { $0.general.icon = fine }, .icon, files: probe)
    }

    func testMagicBytes() {
        XCTAssertTrue(Validator.isPNG(TestSupport.tinyPNG))
        XCTAssertFalse(Validator.isPNG(Array("\u{89}PNG".utf8)))
        XCTAssertTrue(Validator.isJPEG([0xFF, 0xD8, 0xFF, 0xDB]))
        XCTAssertFalse(Validator.isJPEG([0xFF, 0xD8]))
        XCTAssertFalse(Validator.isPNG([]))
    }

    // MARK: Icon background color

    func testColour() {
        assertClean(with { $0.general.iconBrandColor = "#1f6fb2" }, .iconBrandColor)
        assertClean(with { $0.general.iconBrandColor = "#DA3B01" }, .iconBrandColor)
        assertClean(with { $0.general.iconBrandColor = "#aBcDeF" }, .iconBrandColor)
        // Fullwidth digits and letters are hex digits to Unicode, not to a colour parser; `G` and
        // `@` sit next to `F` and `A` in ASCII.
        for bad in ["", "1f6fb2", "#1f6fb", "#1f6fb23", "#ggg000", "red", "#1f 6fb", "#fff", "#ＡＢＣＤＥＦ", "#１２３４５６",
                    "#GGGGGG", "#@@@@@@", "#a1b2c\u{301}"] {
            assertError(with { $0.general.iconBrandColor = bad }, .iconBrandColor)
        }
        // Not accepted for certification: a warning, in any letter case.
        for warned in ["#007ee5", "#007EE5", "#ffffff", "#FFFFFF"] {
            assertWarning(with { $0.general.iconBrandColor = warned }, .iconBrandColor)
        }
    }

    func testDefaultColourIsWarnedAbout() {
        var d = ConnectorDraft.valid()
        d.general.iconBrandColor = GeneralSettings().iconBrandColor
        assertWarning(d, .iconBrandColor)
    }

    // MARK: Description

    func testDescriptionLength() {
        assertWarning(with { $0.general.description = "" }, .description)
        assertWarning(with { $0.general.description = String(repeating: "d", count: 29) }, .description)
        assertClean(with { $0.general.description = String(repeating: "d", count: 30) }, .description)
        assertClean(with { $0.general.description = String(repeating: "d", count: 500) }, .description)
        assertWarning(with { $0.general.description = String(repeating: "d", count: 501) }, .description)
    }

    // MARK: Scheme

    func testHTTPWithCredentialsInClearIsAWarning() {
        assertWarning(with(.valid(.basic)) { $0.general.scheme = .http }, .scheme)
        assertWarning(with(.valid(.apikey)) { $0.general.scheme = .http }, .scheme)
        assertClean(with(.valid(.none)) { $0.general.scheme = .http }, .scheme)
        assertClean(with(.valid(.basic)) { $0.general.scheme = .https }, .scheme)
    }

    // MARK: Host

    func testHost() {
        assertError(with { $0.general.host = "" }, .host)
        for good in ["api.contoso.com", "api.contoso.com:8443", "localhost", "10.0.0.1:80", "contoso-api.azurewebsites.net"] {
            assertClean(with { $0.general.host = good }, .host)
        }
        for bad in ["https://x", "a/b", "a b", "{x}", "api.contoso.com/v1", "api.contoso.com:", "api.contoso.com:abc",
                    "a\\b", ":8080", "x:1:2"] {
            assertError(with { $0.general.host = bad }, .host)
        }
    }

    func testHostPatternIsTheSpecs() {
        XCTAssertEqual(Validator.hostPattern, #"^[^{}/ :\\]+(?::\d+)?$"#)
    }

    // MARK: Base URL

    func testBasePathMustStartWithSlash() {
        assertClean(with { $0.general.basePath = "/" }, .basePath)
        assertClean(with { $0.general.basePath = "/v1/api" }, .basePath)
        assertError(with { $0.general.basePath = "v1" }, .basePath)
        assertError(with { $0.general.basePath = "" }, .basePath)
        // Absent in the file (40 real connectors): nothing to check.
        assertClean(with { $0.general.basePath = nil }, .basePath)
    }

    // MARK: Security

    func testBasicLabelsAreRequired() {
        assertError(with(.valid(.basic)) { $0.basic.usernameLabel = "" }, .basicUsernameLabel)
        assertError(with(.valid(.basic)) { $0.basic.passwordLabel = " " }, .basicPasswordLabel)
        assertClean(with(.valid(.basic)) { $0.basic.usernameLabel = "E-mail address" }, .basicUsernameLabel)
    }

    func testLabelsOfTypesNotChosenAreNotChecked() {
        // What was typed for another type is kept but does not block the save.
        var d = ConnectorDraft.valid(.none)
        d.basic.usernameLabel = ""
        d.apiKey.name = "has spaces"
        XCTAssertEqual(Validator.validate(d, files: noFiles), [])
    }

    func testAPIKey() {
        assertError(with(.valid(.apikey)) { $0.apiKey.label = "" }, .apiKeyLabel)
        assertError(with(.valid(.apikey)) { $0.apiKey.name = "" }, .apiKeyName)
        for bad in ["X API Key", "X-API-Key:", "key(1)", "Clé", "a\"b", "a,b", "a/b"] {
            assertError(with(.valid(.apikey)) { $0.apiKey.name = bad }, .apiKeyName)
        }
        for good in ["X-API-Key", "api_key", "Ocp-Apim-Subscription-Key", "key", "x.token~1", "Authorization"] {
            assertClean(with(.valid(.apikey)) { $0.apiKey.name = good }, .apiKeyName)
        }
        assertClean(with(.valid(.apikey)) { $0.apiKey.location = .query }, .apiKeyLocation)
    }

    func testOAuthClientID() {
        assertError(with(.valid(.oauth2)) { $0.oauth.clientId = "" }, .oauthClientId)
        assertError(with(.validOAuth("github")) { $0.oauth.clientId = "  " }, .oauthClientId)
    }

    func testOAuthEmptyClientSecretIsAWarning() {
        assertWarning(with(.valid(.oauth2)) { $0.oauth.clientSecret = .empty }, .oauthClientSecret)
        assertClean(.valid(.oauth2), .oauthClientSecret)
    }

    func testOAuthURLs() {
        let fields: [(FieldID, WritableKeyPath<OAuth2Auth, String>)] = [
            (.oauthAuthorizationUrl, \.authorizationUrl), (.oauthTokenUrl, \.tokenUrl), (.oauthRefreshUrl, \.refreshUrl),
        ]
        for (field, path) in fields {
            func set(_ url: String) -> ConnectorDraft { with(.valid(.oauth2)) { $0.oauth[keyPath: path] = url } }
            assertClean(set("https://login.contoso.com/oauth2/x"), field)
            assertClean(set("https://login.contoso.com:8443/x?y=1"), field)
            // Loopback over http: allowed with a warning.
            assertWarning(set("http://127.0.0.1:8080/x"), field)
            assertWarning(set("http://localhost/x"), field)
            // http anywhere else, relative URLs, other schemes: errors.
            for bad in ["http://login.contoso.com/x", "login.contoso.com/x", "/oauth2/token", "ftp://login.contoso.com/x",
                        "https://", "https:///x", "https://login contoso.com/x"] {
                assertError(set(bad), field)
            }
        }
        assertError(with(.valid(.oauth2)) { $0.oauth.authorizationUrl = "" }, .oauthAuthorizationUrl)
        assertError(with(.valid(.oauth2)) { $0.oauth.tokenUrl = "" }, .oauthTokenUrl)
        // An empty Refresh URL means the Token URL.
        assertClean(with(.valid(.oauth2)) { $0.oauth.refreshUrl = "" }, .oauthRefreshUrl)
    }

    func testNamedProvidersAskNoURLs() {
        // Whatever is left in the Generic URL fields does not matter for a template provider.
        for p in OAuthProvider.all where p.id != "generic" {
            let d = with(.validOAuth(p.id)) { $0.oauth.authorizationUrl = "not a url"; $0.oauth.tokenUrl = "" }
            XCTAssertEqual(Validator.validate(d, files: noFiles), [], p.id)
        }
    }

    func testAAD() {
        assertError(with(.validOAuth("aad")) { $0.oauth.resourceUrl = "" }, .oauthResourceUrl)
        assertError(with(.validOAuth("aad")) { $0.oauth.tenantId = "" }, .oauthTenantId)
        assertError(with(.validOAuth("aad")) { $0.oauth.loginUrl = "" }, .oauthLoginUrl)
        assertError(with(.validOAuth("aad")) { $0.oauth.loginUrl = "http://login.windows.net" }, .oauthLoginUrl)
        assertClean(with(.validOAuth("aad")) { $0.oauth.tenantId = "contoso.onmicrosoft.com" }, .oauthTenantId)
    }

    func testAuthKindMustBeOfferedWithTheGatewaySetting() {
        assertError(with(.valid(.apikey)) { $0.general.gateway = true }, .auth)
        assertError(with(.valid(.oauth2)) { $0.general.gateway = true }, .auth)
        assertError(with(.valid(.windows, gateway: true)) { $0.general.gateway = false }, .auth)
        assertClean(.valid(.windows, gateway: true), .auth)
        assertClean(.valid(.basic, gateway: true), .auth)
        assertClean(.valid(.none, gateway: true), .auth)
        XCTAssertFalse(with(.valid(.apikey)) { $0.general.gateway = true }.authKindIsOffered)
        XCTAssertTrue(ConnectorDraft.valid(.apikey).authKindIsOffered)
    }

    // MARK: Kept as found (§4)

    func testAValueKeptFromTheFileIsOnlyWarnedAbout() {
        let original = with { $0.general.title = String(repeating: "t", count: 39) }
        XCTAssertEqual(findings(original, original: original, .title), [.warning])
        // The maker changes it, still too long: now it is the maker's value, an error.
        let changed = with(original) { $0.general.title = String(repeating: "u", count: 35) }
        XCTAssertEqual(findings(changed, original: original, .title), [.error])
        // Without an original (a new connector) it is an error.
        XCTAssertEqual(findings(original, .title), [.error])
    }

    func testAPlaceholderHostKeptFromTheFileIsOnlyWarnedAbout() {
        let original = with { $0.general.host = "{instance}.contoso.com" }
        XCTAssertEqual(findings(original, original: original, .host), [.warning])
        // Changing another field keeps the host's downgrade.
        let other = with(original) { $0.general.title = "Contoso Billing" }
        XCTAssertEqual(findings(other, original: original, .host), [.warning])
        XCTAssertEqual(findings(other, original: original, .title), [])
    }

    // MARK: Order

    func testFindingsComeInFormOrder() {
        var d = ConnectorDraft.valid(.apikey)
        d.apiKey.name = "bad name"
        d.general.host = "https://x"
        d.general.title = ""
        let fields = Validator.validate(d, files: noFiles).filter { $0.severity == .error }.map(\.field)
        XCTAssertEqual(fields, [.title, .host, .apiKeyName])
    }

    func testMessagesAreSentences() {
        var d = ConnectorDraft.valid()
        d.general.title = ""
        let diag = Validator.validate(d, files: noFiles).first { $0.field == .title }
        XCTAssertEqual(diag?.severity, .error)
        XCTAssertTrue(diag?.message.contains("title") ?? false, diag?.message ?? "")
        XCTAssertTrue(Diagnostic.Severity.warning < .error)
    }

    // MARK: Checking again after a change

    /// After any change, the findings made from the last ones (`validate(_:after:findings:)`)
    /// are those of the whole draft: over chains of edits to every field (good and bad values,
    /// kinds, types added, moved and removed, the gateway), from a new draft, valid ones of each
    /// type and every readable real connector (its own draft as the original, so findings kept
    /// as found are among them).
    func testFindingsAfterAChangeAreTheWholeDraftsFindings() throws {
        var starts: [(ConnectorDraft, ConnectorDraft?)] = [(ConnectorDraft(), nil)]
        starts += AuthKind.allCases.map { (ConnectorDraft.valid($0), nil) }
        for folder in TestSupport.allFixtureConnectorFolders() {
            if let doc = try? ConnectorDocument.open(TestSupport.fixture(folder)), let d = doc.original { starts.append((d, d)) }
        }
        XCTAssertGreaterThan(starts.count, 20)
        let values = ["", "x", "API tools", "#ABCDEF", "#ffffff", "blue", "/v1", "v1", "api.contoso.com", "https://x/y",
                      "https://login.example.com/oauth2/token", "not a url", "bad name", "X-Api-Key", "true", "false",
                      "apikey", "basic", "oauth2", "none", "header", "query", String(repeating: "long ", count: 120)]
        let files = FakeProbe(files: ["icon.png": (100, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])])
        var generator = SystemRandomNumberGenerator()
        var compared = 0
        var differedFromBefore = 0
        for (start, original) in starts {
            var d = start
            var findings = Validator.validate(d, original: original, files: files)
            for _ in 0..<150 {
                let before = d
                switch Int.random(in: 0..<20, using: &generator) {
                case 0: d.addSet()
                case 1: d.removeSelectedSet()
                case 2: d.moveSelectedSet(by: Bool.random() ? 1 : -1)
                case 3: d.selectedSet = Int.random(in: 0...max(0, d.sets.count - 1))
                case 4: d.general.gateway.toggle()
                case 5: d.general.icon = ["", "icon.png", "missing.png"].randomElement()!
                case 6: d.authKind = AuthKind.allCases.randomElement()!
                default:
                    let field = FieldID.allCases.randomElement()!
                    try? d.setValue(values.randomElement()!, of: field)
                    // One field's value changed: its rules alone are checked again.
                    XCTAssertEqual(Validator.validate(d, changed: field, findings: findings, original: original, files: files),
                                   Validator.validate(d, original: original, files: files), "after \(field.rawValue) changed")
                }
                let again = Validator.validate(d, after: before, findings: findings, original: original, files: files)
                let whole = Validator.validate(d, original: original, files: files)
                XCTAssertEqual(again, whole, "after a change to \(d.general.title)")
                if again != whole { return }
                if whole != findings { differedFromBefore += 1 }
                findings = whole
                compared += 1
            }
        }
        XCTAssertGreaterThan(differedFromBefore, compared / 10, "the changes change the findings")
    }
}
