import Foundation
import TestKit
import XCTest

/// The command line of §8, run as the real binary, checked the way a user checks it: the files
/// it writes (with the platform's schema check), the JSON values it keeps, what it prints, its
/// exit status, and where the client secret goes.
final class CommandTests: XCTestCase {
    static let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared").standardized.path
    var fixtures: String { Self.shared + "/fixtures/connectors" }

    /// Every connector folder of the fixtures (`connectors/*/*`), sorted.
    var fixtureFolders: [String] {
        let fm = FileManager.default
        var out: [String] = []
        for group in ((try? fm.contentsOfDirectory(atPath: fixtures)) ?? []).sorted() {
            let g = fixtures + "/" + group
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: g, isDirectory: &isDir), isDir.boolValue else { continue }
            for name in ((try? fm.contentsOfDirectory(atPath: g)) ?? []).sorted() {
                if fm.fileExists(atPath: g + "/" + name, isDirectory: &isDir), isDir.boolValue { out.append(g + "/" + name) }
            }
        }
        return out
    }

    /// How many connectors the fixtures hold, counted by their `apiProperties.json` files
    /// (independently of `fixtureFolders`); the set grows.
    var fixtureConnectorCount: Int {
        var n = 0
        let e = FileManager.default.enumerator(atPath: fixtures)
        while let rel = e?.nextObject() as? String {
            if rel.hasSuffix("/apiProperties.json") { n += 1 }
        }
        return n
    }

    static let unreadable = ["certified-connectors/gofileroom": "apiProperties.json"]

    var tmp = ""

    override func setUpWithError() throws {
        tmp = CommandRunner.scratch + "/\(name.filter { $0.isLetter || $0.isNumber })-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        XCTAssertTrue(FileManager.default.fileExists(atPath: fixtures), "the fixtures must sit at \(fixtures)")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: tmp)
    }

    override class func tearDown() {
        try? FileManager.default.removeItem(atPath: CommandRunner.scratch)
        super.tearDown()
    }

    @discardableResult
    func wizard(_ args: String..., stdin: String? = nil, env: [String: String] = [:], expect status: Int32,
                file: StaticString = #filePath, line: UInt = #line) throws -> CommandRunner.Result {
        try wizard(args, stdin: stdin, env: env, expect: status, file: file, line: line)
    }

    @discardableResult
    func wizard(_ args: [String], stdin: String? = nil, env: [String: String] = [:], expect status: Int32,
                file: StaticString = #filePath, line: UInt = #line) throws -> CommandRunner.Result {
        let r = try CommandRunner.wizard(args, stdin: stdin, environment: env)
        XCTAssertEqual(r.status, status, "connector-wizard \(args.joined(separator: " ")):\n\(r.transcript)", file: file, line: line)
        return r
    }

    func json(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try XCTUnwrap(value as? [String: Any], "not a JSON object:\n\(text)", file: file, line: line)
    }

    func read(_ path: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    static let general = ["title=Contoso Invoicing", "host=api.contoso.com", "iconBrandColor=#da3b01",
                          "description=Create, send and track invoices from your flows."]

    // MARK: new

    func testNewWritesEveryAuthTypeAndProviderSoThatTheSchemaCheckPasses() throws {
        try PythonChecks.require()
        var cases: [(String, [String])] = [
            ("none", []),
            ("basic", ["auth=basic", "basic.usernameLabel=User name", "basic.passwordLabel=Secret word"]),
            ("apikey-header", ["auth=apikey"]),
            ("apikey-query", ["auth=apikey", "apikey.location=query", "apikey.name=key", "apikey.label=Your key"]),
            ("windows", ["gateway=true", "auth=windows"]),
            ("gateway-basic", ["gateway=true", "auth=basic"]),
            ("gateway-none", ["gateway=true", "auth=none"]),
            ("oauth-generic", ["auth=oauth2", "oauth.provider=generic", "oauth.clientId=contoso-client",
                               "oauth.authorizationUrl=https://login.contoso.com/oauth2/authorize",
                               "oauth.tokenUrl=https://login.contoso.com/oauth2/token", "oauth.scope=openid offline_access"]),
            ("oauth-aad", ["auth=oauth2", "oauth.provider=aad", "oauth.clientId=contoso-client",
                           "oauth.resourceUrl=https://api.contoso.com", "oauth.tenantId=contoso.onmicrosoft.com",
                           "oauth.onBehalfOf=true"]),
        ]
        for provider in ["github", "google", "microsoft", "dropbox", "salesforce", "linkedin", "slack", "facebook"] {
            cases.append(("oauth-\(provider)", ["auth=oauth2", "oauth.provider=\(provider)", "oauth.clientId=contoso-client",
                                                 "oauth.scope=read write"]))
        }
        var folders: [String] = []
        for (name, settings) in cases {
            let dir = tmp + "/" + name
            let r = try wizard(["new", dir] + Self.general + settings, expect: 0)
            XCTAssertTrue(r.stdout.hasPrefix("Created \(dir) (apiProperties.json, apiDefinition.swagger.json)."), r.transcript)
            if name.hasPrefix("oauth") {
                XCTAssertTrue(r.stdout.contains("Redirect URL: https://global.consent.azure-apim.net/redirect/new-5fcontoso-20invoicing-5f"),
                              "\(name): the redirect URL is printed\n\(r.transcript)")
            } else {
                XCTAssertFalse(r.stdout.contains("Redirect URL"), r.transcript)
            }
            folders.append(dir)
        }
        for folder in folders { SchemaChecker.assertPasses(folder, "what `new` wrote in \(folder)") }

        // What each type writes (§4), as a user reading the files sees it.
        let query = try read(tmp + "/apikey-query/apiDefinition.swagger.json")
        XCTAssertEqual((query["securityDefinitions"] as? [String: Any])?["API Key"] as? [String: String],
                       ["type": "apiKey", "in": "query", "name": "key"])
        let windows = try read(tmp + "/windows/apiProperties.json")["properties"] as? [String: Any]
        XCTAssertEqual(windows?["capabilities"] as? [String], ["gateway"])
        XCTAssertNotNil((windows?["connectionParameters"] as? [String: Any])?["gateway"])
        let aad = try read(tmp + "/oauth-aad/apiProperties.json")["properties"] as? [String: Any]
        XCTAssertNotNil((aad?["connectionParameters"] as? [String: Any])?["token:TenantId"])
        let facebook = try String(contentsOfFile: tmp + "/oauth-facebook/apiProperties.json", encoding: .utf8)
        XCTAssertTrue(facebook.contains("\"identityProvider\": \"facebook\""), facebook)
        // And `validate` agrees: what `new` wrote has no errors.
        let v = try wizard(["validate"] + folders, expect: 0)
        XCTAssertTrue(v.stdout.contains("\(folders.count) folders checked: 0 errors"), v.transcript)
    }

    func testNewRefusesAFolderThatAlreadyHoldsAConnector() throws {
        let dir = fixtures + "/custom-connectors/HR Cloud"
        let r = try wizard("new", dir, "title=Other", "host=x.example.com", expect: 2)
        XCTAssertEqual(r.stderr, "connector-wizard: \(dir) already holds a connector; change it with `connector-wizard set \(dir) key=value …`.\n")
        XCTAssertEqual(r.stdout, "")
    }

    func testNewWithValidationErrorsWritesNothingAndNamesEveryField() throws {
        let dir = tmp + "/bad"
        let r = try wizard("new", dir, "title=This title is far longer than thirty characters", "basePath=v1",
                           "auth=oauth2", "oauth.authorizationUrl=http://login.contoso.com/a", expect: 1)
        let lines = r.stderr.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.filter { !$0.hasPrefix("connector-wizard:") }, [
            "title: Connector title must be at most 30 characters (it has 47).",
            "host: Host is required, e.g. api.contoso.com.",
            "basePath: Base URL must start with /.",
            "oauth.clientId: Client ID is required.",
            "oauth.authorizationUrl: Authorization URL must use https (http only to a loopback address).",
            "oauth.tokenUrl: Token URL is required.",
        ], r.transcript)
        XCTAssertEqual(lines.last, "connector-wizard: nothing was written to \(dir): 6 errors to correct.")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir), "nothing is written")
        XCTAssertEqual(r.stdout, "")
    }

    // MARK: set

    func testEveryReadableFixtureRoundTripsThroughSetOutAndTheUnreadableOnesExit3() throws {
        try PythonChecks.require()
        var cases: [[String: Any]] = []
        var unreadableSeen = 0
        for (i, folder) in fixtureFolders.enumerated() {
            let out = tmp + "/\(i)"
            let relative = String(folder.dropFirst(fixtures.count + 1))
            if let file = Self.unreadable[relative] {
                let r = try wizard("set", folder, "--out", out, expect: 3)
                XCTAssertTrue(r.stderr.hasPrefix("connector-wizard: \(folder)/\(file) is not valid JSON at line "), r.transcript)
                XCTAssertTrue(r.stderr.contains(", column "), r.transcript)
                XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "one sentence:\n\(r.transcript)")
                XCTAssertFalse(FileManager.default.fileExists(atPath: out), "\(relative): nothing is written")
                unreadableSeen += 1
                continue
            }
            let r = try wizard("set", folder, "--out", out, expect: 0)
            XCTAssertTrue(r.stdout.hasPrefix("Saved \(out) ("), r.transcript)
            let written = Set(try FileManager.default.contentsOfDirectory(atPath: out))
            let source = Set(try FileManager.default.contentsOfDirectory(atPath: folder))
            XCTAssertEqual(written, source, "\(relative): the copy holds the same files")
            cases.append(["a": folder, "b": out])
        }
        XCTAssertEqual(unreadableSeen, Self.unreadable.count)
        XCTAssertEqual(cases.count + unreadableSeen, fixtureConnectorCount, "every fixture is tried")
        let report = try PythonChecks.compare(cases)
        XCTAssertEqual(report, "", "round trips that changed JSON values or key order:\n\(report)")
    }

    func testSetWithoutSettingsInPlaceChangesNoByte() throws {
        for name in ["custom-connectors/HR Cloud", "certified-connectors/Plumsail Documents",
                     "independent-publisher-connectors/Yelp", "custom-connectors/Snowflake"] {
            let copy = tmp + "/" + name.split(separator: "/").last!
            try FileManager.default.copyItem(atPath: fixtures + "/" + name, toPath: copy)
            let r = try wizard("set", copy, expect: 0)
            XCTAssertEqual(r.stdout.split(separator: "\n").first, "Saved \(copy): nothing changed, no file written.", r.transcript)
            for file in try FileManager.default.contentsOfDirectory(atPath: copy) {
                XCTAssertEqual(FileManager.default.contents(atPath: copy + "/" + file),
                               FileManager.default.contents(atPath: fixtures + "/" + name + "/" + file), "\(name)/\(file)")
            }
        }
    }

    func testSetChangesExactlyTheValueAssignedAndNothingElse() throws {
        try PythonChecks.require()
        let hr = fixtures + "/custom-connectors/HR Cloud"
        let geo = fixtures + "/independent-publisher-connectors/OpenCage Geocoding"
        let xkcd = fixtures + "/independent-publisher-connectors/xkcd"
        let swagger = "apiDefinition.swagger.json", props = "apiProperties.json"
        let steps: [(String, [String], String, [String], Any)] = [
            (hr, ["title=People Cloud"], swagger, ["info", "title"], "People Cloud"),
            (hr, ["host=api.example.org"], swagger, ["host"], "api.example.org"),
            (hr, ["description=Employee records for your flows, from hire to retire."], swagger, ["info", "description"],
             "Employee records for your flows, from hire to retire."),
            (geo, ["apikey.name=api_key"], swagger, ["securityDefinitions", "API Key", "name"], "api_key"),
            (xkcd, ["iconBrandColor=#112233"], props, ["properties", "iconBrandColor"], "#112233"),
        ]
        var cases: [[String: Any]] = []
        for (i, (folder, settings, file, path, value)) in steps.enumerated() {
            let out = tmp + "/out-\(i)"
            let r = try wizard(["set", folder] + settings + ["--out", out], expect: 0)
            XCTAssertTrue(r.stdout.hasPrefix("Saved \(out) ("), r.transcript)
            cases.append(["a": folder, "b": out, "changes": [["file": file, "path": path, "value": value]]])
        }
        // In place, too: only the changed file is written.
        let copy = tmp + "/HR Cloud"
        try FileManager.default.copyItem(atPath: hr, toPath: copy)
        let r = try wizard("set", copy, "basic.usernameLabel=Email address", expect: 0)
        XCTAssertEqual(r.stdout, "Saved \(copy) (apiProperties.json).\n", r.transcript)
        XCTAssertEqual(FileManager.default.contents(atPath: copy + "/" + swagger),
                       FileManager.default.contents(atPath: hr + "/" + swagger), "the swagger file is not touched")
        cases.append(["a": hr, "b": copy, "changes": [["file": props, "value": "Email address",
                                                        "path": ["properties", "connectionParameters", "username", "uiDefinition", "displayName"]]]])
        let report = try PythonChecks.compare(cases)
        XCTAssertEqual(report, "", "set changed more than the value assigned:\n\(report)")
    }

    // MARK: show

    func testShowPrintsTheFormForFixturesOfEveryShape() throws {
        let rows: [(String, [String])] = [
            ("custom-connectors/HR Cloud", [
                "HR Cloud — ", "General", "  Connector title                       HR Cloud",
                "  Host                                  corehr-api.hrcloud.com",
                "Security", "  Authentication type                   Basic authentication",
                "  Parameter label → username            Username", "  Parameter label → password            Password",
            ]),
            ("independent-publisher-connectors/OpenCage Geocoding", [
                "Authentication type                   API Key", "Parameter name                        key",
                "Parameter location                    Query", "Base URL                              /geocode",
            ]),
            ("custom-connectors/Snowflake", [
                "Identity provider                     Azure Active Directory",
                "Client ID                             945e244d-b5ea-4b33-9231-ed9737c5f124",
                "Client secret                         (not stored)",
                "Resource URL                          https://YourApplicationIDURI",
                "Redirect URL                          https://global.consent.azure-apim.net/redirect\n",
                "Update to unique redirect URL         no",
            ]),
            ("independent-publisher-connectors/Open Data Network", [
                "Authentication type                   Several types (2) (read-only)",
                "The connector offers several authentication types: App Token, API Key. Not all of them are shapes the wizard edits, so they are kept as they are.",
            ]),
            ("certified-connectors/Connect Bridge", [
                "Connect via on-premises data gateway  yes", "Authentication type                   No authentication",
                "Host                                  localhost:4433",
            ]),
            ("certified-connectors/AvePoint Cloud Governance", [
                "Read warnings (the files were read leniently)",
                "  apiDefinition.swagger.json line 1, column 1: starts with a UTF-8 byte-order mark",
            ]),
        ]
        for (name, expected) in rows {
            let r = try wizard("show", fixtures + "/" + name, expect: 0)
            for text in expected {
                XCTAssertTrue(r.stdout.contains(text), "\(name): show prints \"\(text)\"\n\(r.stdout)")
            }
            XCTAssertEqual(r.stderr, "")
        }
    }

    func testShowJSONUsesTheKeysOfSet() throws {
        let keys = Set(["title", "icon", "iconBrandColor", "description", "gateway", "scheme", "host", "basePath",
                        "types", "auth",
                        "basic.usernameLabel", "basic.passwordLabel", "apikey.label", "apikey.name", "apikey.location",
                        "oauth.provider", "oauth.clientId", "oauth.clientSecret", "oauth.authorizationUrl", "oauth.tokenUrl",
                        "oauth.refreshUrl", "oauth.scope", "oauth.loginUrl", "oauth.tenantId", "oauth.resourceUrl",
                        "oauth.onBehalfOf", "oauth.servicePrincipal", "oauth.redirectUrl", "oauth.updateRedirectUrl",
                        "folder", "imported", "readWarnings", "findings"])
        func show(_ name: String) throws -> [String: Any] {
            let r = try wizard("show", fixtures + "/" + name, "--json", expect: 0)
            let o = try json(r.stdout)
            XCTAssertTrue(Set(o.keys).isSubset(of: keys), "\(name): unexpected keys \(Set(o.keys).subtracting(keys))")
            XCTAssertTrue(r.stdout.hasPrefix("{\n  \"folder\": "), "stable order: folder, then the form's fields\n\(r.stdout)")
            return o
        }
        let hr = try show("custom-connectors/HR Cloud")
        XCTAssertEqual(hr["title"] as? String, "HR Cloud")
        XCTAssertEqual(hr["auth"] as? String, "basic")
        XCTAssertEqual(hr["basic.usernameLabel"] as? String, "Username")
        XCTAssertEqual(hr["basic.passwordLabel"] as? String, "Password")
        XCTAssertEqual(hr["gateway"] as? Bool, false)
        XCTAssertTrue(hr["imported"] is NSNull)

        let geo = try show("independent-publisher-connectors/OpenCage Geocoding")
        XCTAssertEqual(geo["auth"] as? String, "apikey")
        XCTAssertEqual(geo["apikey.name"] as? String, "key")
        XCTAssertEqual(geo["apikey.location"] as? String, "query")
        XCTAssertNil(geo["basic.usernameLabel"], "only the fields of the current type")

        let snow = try show("custom-connectors/Snowflake")
        XCTAssertEqual(snow["auth"] as? String, "oauth2")
        XCTAssertEqual(snow["oauth.provider"] as? String, "aad")
        XCTAssertEqual(snow["oauth.resourceUrl"] as? String, "https://YourApplicationIDURI")
        XCTAssertEqual(snow["oauth.onBehalfOf"] as? Bool, false)
        XCTAssertEqual(snow["oauth.clientSecret"] as? String, "not stored")
        XCTAssertEqual(snow["oauth.redirectUrl"] as? String, "https://global.consent.azure-apim.net/redirect")
        XCTAssertEqual(snow["oauth.updateRedirectUrl"] as? Bool, false)

        let odn = try show("independent-publisher-connectors/Open Data Network")
        XCTAssertEqual(odn["auth"] as? String, "imported")
        let imported = try XCTUnwrap(odn["imported"] as? [String: Any])
        XCTAssertEqual(imported["summary"] as? String, "Several types (2)")
        XCTAssertEqual((imported["details"] as? [String])?.count, 1)

        let bridge = try show("certified-connectors/Connect Bridge")
        XCTAssertEqual(bridge["gateway"] as? Bool, true)
        XCTAssertEqual(bridge["auth"] as? String, "none")

        let noBasePath = try show("certified-connectors/Pushcut")
        XCTAssertTrue(noBasePath["basePath"] is NSNull || noBasePath["basePath"] is String)
        let bom = try show("certified-connectors/AvePoint Cloud Governance")
        XCTAssertEqual(bom["readWarnings"] as? [String], ["apiDefinition.swagger.json line 1, column 1: starts with a UTF-8 byte-order mark"])
        // Several types: each type's Security fields, in order.
        let types = try XCTUnwrap(bom["types"] as? [[String: Any]])
        XCTAssertEqual(types.map { $0["auth.setName"] as? String }, ["Microsoft Entra ID", "Client Secret"])
        XCTAssertEqual(types.map { $0["auth"] as? String }, ["oauth2", "basic"])
        XCTAssertEqual(types[1]["basic.passwordLabel"] as? String, "Client Secret")
    }

    func testShowTimeOnTheLargestConnector() throws {
        // Not a timed assertion: the figure is printed for the record.
        let start = Date()
        let r = try wizard("show", fixtures + "/certified-connectors/Encodian", expect: 0)
        print("show Encodian (1.1 MB): \(String(format: "%.3f", Date().timeIntervalSince(start))) s (debug build)")
        XCTAssertTrue(r.stdout.contains("Custom parameters (read-only)"), r.stdout)
    }

    // MARK: validate

    func testValidateOverEveryFixtureAtOnce() throws {
        let folders = fixtureFolders
        XCTAssertEqual(folders.count, fixtureConnectorCount)
        let r = try wizard(["validate"] + folders, expect: 1)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        for folder in folders {
            XCTAssertTrue(lines.contains { $0.hasPrefix(folder + ": ") }, "\(folder) is named in the output\n\(r.stdout)")
        }
        for (name, file) in Self.unreadable {
            let line = lines.first { $0.hasPrefix("\(fixtures)/\(name): error: ") }
            XCTAssertTrue(line?.hasPrefix("\(fixtures)/\(name): error: \(file) is not valid JSON at line ") == true,
                          line ?? r.stdout)
        }
        XCTAssertEqual(lines.filter { $0.contains(": error: ") }.count, Self.unreadable.count, "real connectors' own values are warnings\n\(r.stdout)")
        XCTAssertTrue(lines.allSatisfy { $0.contains(": warning: ") || $0.contains(": error: ") || $0.hasSuffix(": ok") || $0 == lines.last },
                      r.stdout)
        XCTAssertTrue(lines.last?.hasPrefix("\(folders.count) folders checked: 1 error in 1 folder, ") == true, lines.last ?? "")
        XCTAssertEqual(r.stderr, "")

        let j = try wizard(["validate", "--json"] + folders, expect: 1)
        let o = try json(j.stdout)
        let reports = try XCTUnwrap(o["folders"] as? [[String: Any]])
        XCTAssertEqual(reports.map { $0["folder"] as? String }, folders)
        XCTAssertEqual(reports.filter { $0["readable"] as? Bool == false }.count, Self.unreadable.count)
        XCTAssertEqual((o["summary"] as? [String: Any])?["errors"] as? Int, Self.unreadable.count)
        let finding = try XCTUnwrap((reports.first { ($0["warnings"] as? Int ?? 0) > 0 })?["findings"] as? [[String: Any]])
        XCTAssertNotNil(finding.first?["severity"] as? String)
        XCTAssertNotNil(finding.first?["message"] as? String)
    }

    func testValidateAFolderJustWrittenIsClean() throws {
        let dir = tmp + "/contoso"
        try wizard(["new", dir] + Self.general + ["auth=apikey"], expect: 0)
        let r = try wizard("validate", dir, expect: 0)
        XCTAssertEqual(r.stdout, "\(dir): ok\n1 folder checked: 0 errors in 0 folders, 0 warnings in 0 folders.\n")
        let j = try wizard("validate", "--json", dir, expect: 0)
        XCTAssertEqual((try json(j.stdout)["summary"] as? [String: Any])?["errors"] as? Int, 0)
    }

    func testValidateCountsAFolderWithoutAConnectorAsAnError() throws {
        let r = try wizard("validate", tmp + "/missing", tmp, expect: 1)
        XCTAssertTrue(r.stdout.contains("\(tmp)/missing: error: \(tmp)/missing does not exist"), r.stdout)
        XCTAssertTrue(r.stdout.contains("\(tmp): error: \(tmp) holds no connector"), r.stdout)
    }

    // MARK: usage and unreadable input

    func testUsageErrorsExit2WithOneSentence() throws {
        let hr = fixtures + "/custom-connectors/HR Cloud"
        let dir = tmp + "/x"
        var r = try wizard("set", hr, "colour=#112233", expect: 2)
        XCTAssertTrue(r.stderr.hasPrefix("connector-wizard: unknown key \"colour\"; valid keys are title, icon, iconBrandColor,"), r.stderr)
        XCTAssertTrue(r.stderr.contains("oauth.onBehalfOf"), r.stderr)

        r = try wizard("new", dir, "title=X", "oauth.clientSecret=hunter2", expect: 2)
        XCTAssertTrue(r.stderr.contains("--client-secret-stdin"), r.stderr)
        XCTAssertFalse(r.stderr.contains("hunter2"), "the secret is not echoed")

        r = try wizard("new", dir, "auth=kerberos", expect: 2)
        XCTAssertEqual(r.stderr, "connector-wizard: auth: \"kerberos\" is not one of none, basic, apikey, oauth2, windows.\n")

        r = try wizard("new", dir, "title=X", "host=x.example.com", "auth=basic", "apikey.name=X-Key", expect: 2)
        XCTAssertTrue(r.stderr.hasPrefix("connector-wizard: apikey.name does not apply to Basic authentication;"), r.stderr)

        r = try wizard("set", fixtures + "/independent-publisher-connectors/Open Data Network", "apikey.name=X", expect: 2)
        XCTAssertTrue(r.stderr.contains("kept exactly as found"), r.stderr)

        r = try wizard("new", dir, "title", expect: 2)
        XCTAssertTrue(r.stderr.contains("is not a key=value setting"), r.stderr)

        try wizard("set", expect: 2)
        try wizard("validate", expect: 2)
        try wizard("show", hr, "--bogus", expect: 2)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir), "no usage error writes anything")

        // The wizard stays the default command; without a terminal it asks line by line (plain
        // mode), and input that ends at once cancels it with nothing written.
        r = try wizard(hr, expect: 1)
        XCTAssertTrue(r.stderr.contains("Cancelled; nothing was written."), r.stderr)
        for command in ["new", "set", "show", "validate", "edit"] {
            r = try wizard(command, "--help", expect: 0)
            XCTAssertTrue(r.stdout.contains("USAGE: connector-wizard \(command)"), r.stdout)
        }
    }

    func testUnreadableInputExits3NamingFileLineAndColumn() throws {
        let gofileroom = fixtures + "/certified-connectors/gofileroom"
        for command in ["show", "set"] {
            let r = try wizard(command, gofileroom, expect: 3)
            XCTAssertEqual(r.stderr, "connector-wizard: \(gofileroom)/apiProperties.json is not valid JSON at line 91, column 1: the object opened at line 1, column 1 is never closed.\n")
        }
        var r = try wizard("show", tmp + "/nothing", expect: 3)
        XCTAssertTrue(r.stderr.contains("\(tmp)/nothing does not exist"), r.stderr)
        // A broken swagger beside readable properties.
        let broken = tmp + "/broken-swagger"
        try FileManager.default.createDirectory(atPath: broken, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: gofileroom.replacingOccurrences(of: "gofileroom", with: "Egnyte") + "/apiProperties.json",
                                         toPath: broken + "/apiProperties.json")
        try Data("{\n  \"swagger\": \"2.0\",\n  \"info\": }\n".utf8).write(to: URL(fileURLWithPath: broken + "/apiDefinition.swagger.json"))
        r = try wizard("new", broken, "title=X", expect: 3)
        XCTAssertTrue(r.stderr.contains("apiDefinition.swagger.json is not valid JSON at line 3, column 11"), r.stderr)
    }

    // MARK: what a newcomer meets

    func testAMistypedCommandIsNamedAndNoConnectorIsStarted() throws {
        let r = try CommandRunner.run(["sh", "-c", "cd \"$1\" && exec \"$0\" conect", TmuxTerminal.binary, tmp])
        XCTAssertEqual(r.status, 2, r.transcript)
        XCTAssertEqual(r.stderr, "connector-wizard: conect is neither a command nor a folder. Did you mean connect?\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: tmp + "/conect"))
    }

    func testEveryCommandThatReadsAConnectorSaysWhatItHadToBeLenientAbout() throws {
        // ZohoSign's swagger has em spaces between values.
        let zoho = fixtures + "/certified-connectors/ZohoSign"
        for args in [["set", zoho, "--out", tmp + "/out"], ["prompt", zoho]] {
            let r = try wizard(args, expect: 0)
            XCTAssertTrue(r.stderr.contains("\(zoho): warning: apiDefinition.swagger.json line 14, column 1: U+2003 between values, read as white space"),
                          "\(args[0]):\n\(r.transcript)")
        }
    }

    // MARK: the client secret

    func testClientSecretFromStdinIsKeptPerUserAndNowhereElse() throws {
        let config = tmp + "/config"
        let env = ["XDG_CONFIG_HOME": config]
        let dir = tmp + "/contoso"
        let secret = "s3cr3t-Value-42!"
        let r = try wizard(["new", dir] + Self.general + ["auth=oauth2", "oauth.provider=github", "oauth.clientId=contoso-client",
                                                          "--client-secret-stdin"],
                           stdin: secret + "\n", env: env, expect: 0)
        let url = try XCTUnwrap(r.stdout.split(separator: "\n").first { $0.hasPrefix("Redirect URL: ") }).dropFirst(14)

        let secrets = config + "/connector-wizard/secrets"
        let files = try FileManager.default.contentsOfDirectory(atPath: secrets)
        XCTAssertEqual(files.count, 1)
        let path = secrets + "/" + files[0]
        XCTAssertEqual(files[0], "redirect-" + url.split(separator: "/").last!, "named after the redirect URL")
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int, 0o600)
        for folder in [secrets, config + "/connector-wizard"] {
            XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: folder)[.posixPermissions] as? Int, 0o700, folder)
        }
        XCTAssertTrue(try String(contentsOfFile: path, encoding: .utf8).contains(secret))

        // Not in the connector's files, not on the screen.
        for file in try FileManager.default.contentsOfDirectory(atPath: dir) {
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: dir + "/" + file)), as: UTF8.self)
            XCTAssertFalse(text.contains(secret), "\(file) holds the secret")
        }
        XCTAssertFalse(r.stdout.contains(secret) || r.stderr.contains(secret), r.transcript)
        XCTAssertFalse(r.stderr.contains("Client secret is empty"), r.stderr)

        // show and validate know it is stored; neither prints it.
        let show = try wizard("show", dir, env: env, expect: 0)
        XCTAssertTrue(show.stdout.contains("(stored for this user)"), show.stdout)
        let showJSON = try wizard("show", dir, "--json", env: env, expect: 0)
        XCTAssertEqual(try json(showJSON.stdout)["oauth.clientSecret"] as? String, "stored for this user")
        let v = try wizard("validate", dir, env: env, expect: 0)
        for out in [show, showJSON, v] { XCTAssertFalse(out.stdout.contains(secret) || out.stderr.contains(secret)) }

        // set replaces it, and changes no connector file.
        let before = try FileManager.default.contentsOfDirectory(atPath: dir).map { FileManager.default.contents(atPath: dir + "/" + $0) }
        let s = try wizard("set", dir, "--client-secret-stdin", stdin: "another-one\r\n", env: env, expect: 0)
        XCTAssertTrue(s.stdout.hasPrefix("Saved \(dir): nothing changed, no file written."), s.transcript)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).map { FileManager.default.contents(atPath: dir + "/" + $0) }, before)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "https://global.consent.azure-apim.net/redirect/\(url.split(separator: "/").last!)\nanother-one\n")

        // A connector without OAuth has no client secret; an empty line is no secret.
        let basic = tmp + "/basic"
        try wizard(["new", basic] + Self.general + ["auth=basic"], expect: 0)
        var e = try wizard("set", basic, "--client-secret-stdin", stdin: "x\n", env: env, expect: 2)
        XCTAssertTrue(e.stderr.contains("has no client secret"), e.stderr)
        e = try wizard("set", dir, "--client-secret-stdin", stdin: "\n", env: env, expect: 2)
        XCTAssertTrue(e.stderr.contains("held no client secret"), e.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: secrets).count, 1)
    }

    func testClientSecretOfAConnectorWithoutItsOwnRedirectURLIsKeyedByItsFolder() throws {
        let config = tmp + "/config"
        let out = tmp + "/azuread"
        let r = try wizard("set", fixtures + "/certified-connectors/AzureAD", "--out", out, "--client-secret-stdin",
                           stdin: "generic-secret\n", env: ["XDG_CONFIG_HOME": config], expect: 0)
        XCTAssertFalse(r.stdout.contains("generic-secret") || r.stderr.contains("generic-secret"))
        let files = try FileManager.default.contentsOfDirectory(atPath: config + "/connector-wizard/secrets")
        let real = URL(fileURLWithPath: out).resolvingSymlinksInPath().path
        XCTAssertEqual(files, ["folder-" + real.utf8.map { b in
            (0x61...0x7A).contains(b) || (0x30...0x39).contains(b) ? String(UnicodeScalar(b)) : String(format: "-%02x", b)
        }.joined()])
        let show = try wizard("show", out, env: ["XDG_CONFIG_HOME": config], expect: 0)
        XCTAssertTrue(show.stdout.contains("Client secret") && show.stdout.contains("(stored for this user)"), show.stdout)
    }
}
