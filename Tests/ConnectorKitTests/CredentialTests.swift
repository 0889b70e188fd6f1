import ConnectorKit
import XCTest

/// How credentials are applied to a test call (§5.2), read from real connectors, and how they are
/// kept out of everything shown.
final class CredentialTests: XCTestCase {
    func scheme(_ relative: String, set: Int? = nil) throws -> CredentialScheme {
        let (properties, definition) = try TestSupport.connectorJSON(relative)
        return CredentialScheme(properties: properties, definition: definition, set: set)
    }

    // MARK: - Schemes of real connectors

    func testBasic() throws {
        XCTAssertEqual(try scheme("custom-connectors/HR Cloud"), .basic(username: "username", password: "password"))
        XCTAssertEqual(try scheme("custom-connectors/SAP-ODATA-Demo"), .basic(username: "username", password: "password"))
        XCTAssertEqual(try scheme("certified-connectors/USB4SAP"), .basic(username: "username", password: "password"),
                       "no security definition, but the shape is unmistakable")
    }

    func testAPIKeyInHeaderAndQuery() throws {
        XCTAssertEqual(try scheme("independent-publisher-connectors/OpenCage Geocoding"),
                       .apiKey(parameter: "api_key", name: "key", inQuery: true))
        XCTAssertEqual(try scheme("independent-publisher-connectors/DPIRD Weather"),
                       .apiKey(parameter: "api_key", name: "api_key", inQuery: true))
        XCTAssertEqual(try scheme("certified-connectors/RecordedFutureV2"),
                       .apiKey(parameter: "api_key", name: "X-RFToken", inQuery: false))
        XCTAssertEqual(try scheme("certified-connectors/ActiveCampaign"),
                       .apiKey(parameter: "apiKey", name: "Api-Token", inQuery: false), "the key parameter is not always api_key")
        XCTAssertEqual(try scheme("certified-connectors/Encodian"),
                       .apiKey(parameter: "api_key", name: "X-ApiKey", inQuery: false), "security names an undefined scheme")
    }

    func testSeveralAPIKeyDefinitionsFollowTheSecurityRequirementsOrder() throws {
        XCTAssertEqual(try scheme("certified-connectors/Actsoft"),
                       .apiKey(parameter: "api_key", name: "Ocp-Apim-Subscription-Key", inQuery: false))
        XCTAssertEqual(try scheme("certified-connectors/Celonis"),
                       .apiKey(parameter: "api_key", name: "Authorization", inQuery: false),
                       "BearerAuth is required first, though AppKeyAuth is defined first")
    }

    func testOAuthAndGateway() throws {
        XCTAssertEqual(try scheme("custom-connectors/Snowflake"), .oauth(parameter: "token"))
        XCTAssertEqual(try scheme("certified-connectors/Pushcut"), .oauth(parameter: "token"),
                       "the parameter decides, whatever other definitions the swagger has")
        XCTAssertEqual(try scheme("certified-connectors/RamQuest Actions - UAT"), .oauth(parameter: "token"))
        XCTAssertEqual(try scheme("certified-connectors/Connect Bridge"), .windows)
        let windows: JSONValue = ["properties": ["connectionParameters": [
            "authType": ["type": "string", "allowedValues": [["value": "windows"]]],
            "username": ["type": "securestring"], "password": ["type": "securestring"],
        ]]]
        XCTAssertEqual(CredentialScheme(properties: windows, definition: [:]), .windows, "authType windows")
    }

    func testNone() throws {
        XCTAssertEqual(try scheme("independent-publisher-connectors/xkcd"), CredentialScheme.none)
        XCTAssertEqual(try scheme("templates/certified-connectors"), CredentialScheme.none)
        XCTAssertEqual(try scheme("certified-connectors/Vonage"), CredentialScheme.none,
                       "a basic definition but no parameters to take the credentials from")
        XCTAssertNotEqual(try scheme("certified-connectors/Alkymi"), CredentialScheme.none,
                          "its policy sends `Token <key>`: a key template (TestCallHostTests)")
    }

    func testAKeyAPolicySetsAsItIs() throws {
        XCTAssertEqual(try scheme("independent-publisher-connectors/Byword"),
                       .apiKey(parameter: "key", name: "key", inQuery: true))
        let header: JSONValue = ["properties": [
            "connectionParameters": ["secret": ["type": "securestring"]],
            "policyTemplateInstances": [["templateId": "setheader", "parameters": [
                "x-ms-apimTemplateParameter.name": "X-Key",
                "x-ms-apimTemplateParameter.value": "@connectionParameters(\"secret\")",
            ]]],
        ]]
        XCTAssertEqual(CredentialScheme(properties: header, definition: [:]), .apiKey(parameter: "secret", name: "X-Key", inQuery: false))
    }

    func testSetsAreReadOneAtATime() throws {
        XCTAssertEqual(try scheme("independent-publisher-connectors/Open Data Network"),
                       .apiKey(parameter: "api_key", name: "X-App-Token", inQuery: false))
        XCTAssertEqual(try scheme("independent-publisher-connectors/Open Data Network", set: 1),
                       .basic(username: "username", password: "password"))
        XCTAssertEqual(try scheme("certified-connectors/AvePoint Cloud Governance", set: 0), .oauth(parameter: "token"))
        XCTAssertEqual(try scheme("certified-connectors/AvePoint Cloud Governance", set: 1),
                       .basic(username: "username", password: "password"))
        XCTAssertEqual(try scheme("certified-connectors/AvePoint Cloud Governance", set: 9),
                       .basic(username: "username", password: "password"), "clamped to the last set, as the prompt does")
    }

    func testBasicByDefinitionWithOtherNames() {
        let props: JSONValue = ["properties": ["connectionParameters": [
            "account": ["type": "string"], "region": ["type": "bool"], "pin": ["type": "securestring"],
        ]]]
        XCTAssertEqual(CredentialScheme(properties: props, definition: ["securityDefinitions": ["b": ["type": "basic"]]]),
                       .basic(username: "account", password: "pin"))
        XCTAssertEqual(CredentialScheme(properties: props, definition: [:]), CredentialScheme.none,
                       "without a basic definition these names say nothing")
    }

    /// Every fixture that can be read yields a scheme, and whatever parameters it names exist.
    func testEveryFixture() throws {
        var seen: [String: Int] = [:]
        var unreadable: [String] = []
        for relative in TestSupport.allFixtureConnectorFolders() {
            guard let (properties, definition) = try? TestSupport.connectorJSON(relative) else {
                unreadable.append(relative)
                continue
            }
            let sets = properties[path: ["properties", "connectionParameterSets", "values"]]?.arrayValue
            for set in 0..<max(1, sets?.count ?? 0) {
                let parameters = (sets?[set]["parameters"] ?? properties[path: ["properties", "connectionParameters"]])?.objectValue
                let s = CredentialScheme(properties: properties, definition: definition, set: set)
                let named: [String]
                switch s {
                case .none: named = []; seen["none", default: 0] += 1
                case .windows: named = []; seen["windows", default: 0] += 1
                case .oauth(let p): named = [p]; seen["oauth", default: 0] += 1
                case .basic(let u, let p): named = [u, p]; seen["basic", default: 0] += 1
                case .apiKey(let p, let name, _), .apiKeyTemplate(let p, let name, _, _):
                    named = [p]
                    seen["apiKey", default: 0] += 1
                    XCTAssertEqual(parameters?[p]?["type"]?.stringValue?.lowercased(), "securestring", relative)
                    XCTAssertFalse(name.isEmpty, relative)
                }
                XCTAssertTrue(Set(s.secretParameters).isSubset(of: named), relative)
                for n in named { XCTAssertNotNil(parameters?[n], "\(relative) set \(set): \(n)") }
                if let c = OAuthConfiguration(properties: properties, definition: definition, set: set) {
                    XCTAssertEqual(s, .oauth(parameter: c.parameter), relative)
                }
            }
        }
        XCTAssertEqual(unreadable, ["certified-connectors/gofileroom"], "only the file with truly broken syntax fails to open")
        XCTAssertGreaterThanOrEqual(seen["apiKey"] ?? 0, 12)
        XCTAssertGreaterThanOrEqual(seen["oauth"] ?? 0, 15)
        XCTAssertGreaterThanOrEqual(seen["basic"] ?? 0, 5)
        XCTAssertEqual(seen["windows"], 1)
    }

    // MARK: - The request of a test call

    func testRequestJoinsSchemeHostBasePathAndPath() throws {
        let (_, opencage) = try TestSupport.connectorJSON("independent-publisher-connectors/OpenCage Geocoding")
        XCTAssertEqual(TestCall.request(definition: opencage, path: "/v1/json?q=Perth")?.url,
                       "https://api.opencagedata.com/geocode/v1/json?q=Perth")
        XCTAssertEqual(TestCall.request(definition: opencage, path: "v1/json")?.url,
                       "https://api.opencagedata.com/geocode/v1/json", "a leading / is added")
        XCTAssertEqual(TestCall.request(definition: opencage, path: "/v1/json")?.method, "GET")
        let (_, egnyte) = try TestSupport.connectorJSON("certified-connectors/Egnyte")
        XCTAssertEqual(TestCall.request(definition: egnyte, path: "/pubapi/v1/userinfo")?.url,
                       "https://us-partner-integrations.egnyte.com/ms-flow/pubapi/v1/userinfo", "basePath /ms-flow/ without //")
        let (_, xkcd) = try TestSupport.connectorJSON("independent-publisher-connectors/xkcd")
        XCTAssertEqual(TestCall.request(definition: xkcd, path: "/info.0.json")?.url, "https://xkcd.com/info.0.json", "basePath /")
        let (_, aml) = try TestSupport.connectorJSON("certified-connectors/Azure Machine Learning")
        XCTAssertEqual(TestCall.request(definition: aml, path: "/subscriptions")?.url, "https://management.azure.com/subscriptions",
                       "no basePath")
        let (_, kyndryl) = try TestSupport.connectorJSON("certified-connectors/KyndrylMainframe")
        XCTAssertEqual(TestCall.request(definition: kyndryl, path: "/x")?.url, "http://kyndryl-apigateway.azure-api.net/x",
                       "schemes [http] only")
    }

    func testRequestSchemesAndHosts() throws {
        XCTAssertEqual(TestCall.request(definition: ["host": "h.example", "schemes": ["http", "https"]], path: "/")?.url,
                       "https://h.example/")
        XCTAssertEqual(TestCall.request(definition: ["host": "h.example", "schemes": ["HTTP"]], path: "/")?.url, "http://h.example/")
        XCTAssertEqual(TestCall.request(definition: ["host": "h.example:8443", "basePath": "api"], path: "")?.url,
                       "https://h.example:8443/api/")
        XCTAssertEqual(TestCall.request(definition: ["host": "h.example"], path: "/x", method: "POST")?.method, "POST")
        XCTAssertNil(TestCall.request(definition: ["basePath": "/"], path: "/x"), "no host")
        XCTAssertNil(TestCall.request(definition: ["host": ""], path: "/x"))
        let (_, template) = try TestSupport.connectorJSON("templates/certified-connectors")
        XCTAssertNil(TestCall.request(definition: template, path: "/x"), "the template's host is a sentence")
    }

    // MARK: - Applying credentials

    func testAPIKeyInQueryIsEncodedAndAppended() throws {
        var r = try XCTUnwrap(TestCall.request(definition: ["host": "api.opencagedata.com", "basePath": "/geocode"], path: "/v1/json?q=Perth"))
        TestCall.apply(.apiKey(parameter: "api_key", name: "key", inQuery: true), values: ["api_key": "k y/&="], token: nil, to: &r)
        XCTAssertEqual(r.url, "https://api.opencagedata.com/geocode/v1/json?q=Perth&key=k%20y%2F%26%3D")
        XCTAssertEqual(r.headers, [])
    }

    func testAPIKeyInHeaderReplacesOneOfTheSameName() {
        var r = HTTPRequest(url: "https://h/x", headers: [HTTPHeader("x-rftoken", "old"), HTTPHeader("Accept", "*/*")])
        TestCall.apply(.apiKey(parameter: "api_key", name: "X-RFToken", inQuery: false), values: ["api_key": "abc123"], token: nil, to: &r)
        XCTAssertEqual(r.headers, [HTTPHeader("Accept", "*/*"), HTTPHeader("X-RFToken", "abc123")])
        XCTAssertEqual(r.url, "https://h/x")
    }

    /// RFC 7617 §2's example.
    func testBasicHeader() {
        var r = HTTPRequest(url: "https://h/x")
        TestCall.apply(.basic(username: "username", password: "password"),
                       values: ["username": "Aladdin", "password": "open sesame"], token: nil, to: &r)
        XCTAssertEqual(r.header("Authorization"), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
        var unicode = HTTPRequest(url: "https://h/x")
        TestCall.apply(.basic(username: "u", password: "p"), values: ["u": "test", "p": "123£"], token: nil, to: &unicode)
        XCTAssertEqual(unicode.header("Authorization"), "Basic dGVzdDoxMjPCow==", "UTF-8, as RFC 7617 §2.1's example")
    }

    func testBearerTokenAndNothingWithoutOne() {
        var r = HTTPRequest(url: "https://h/x")
        TestCall.apply(.oauth(parameter: "token"), values: [:], token: "2YotnFZFEjr1zCsicMWpAA", to: &r)
        XCTAssertEqual(r.headers, [HTTPHeader("Authorization", "Bearer 2YotnFZFEjr1zCsicMWpAA")])
        let untouched = HTTPRequest(url: "https://h/x?a=1")
        for (scheme, token) in [(CredentialScheme.oauth(parameter: "token"), nil), (.oauth(parameter: "token"), ""),
                                (.windows, "t"), (.none, "t"),
                                (.apiKey(parameter: "api_key", name: "k", inQuery: true), "t"),
                                (.basic(username: "username", password: "password"), "t")] as [(CredentialScheme, String?)] {
            var copy = untouched
            TestCall.apply(scheme, values: ["other": "v"], token: token, to: &copy)
            XCTAssertEqual(copy, untouched, "\(scheme)")
        }
    }

    // MARK: - Redaction

    func testEveryFormOfASecretIsRedacted() {
        let secret = "p@ss word/1+é"
        let r = Redactor(secrets: [secret])
        let forms = [secret, "p%40ss%20word%2F1%2B%C3%A9", "p%40ss+word%2F1%2B%C3%A9", "p%40ss%20word%2f1%2b%c3%a9"]
        for form in forms {
            XCTAssertEqual(r.redact("key=\(form)&next=1"), "key=••••••&next=1", form)
        }
        XCTAssertEqual(r.redact(#"{"password":"p@ss word/1+é"}"#), #"{"password":"••••••"}"#)
        let quoted = Redactor(secrets: [#"a"b\c"#])
        XCTAssertEqual(quoted.redact(#"{"k":"a\"b\\c"}"#), #"{"k":"••••••"}"#, "as a JSON string carries it")
    }

    /// PHP's `json_encode` writes `/` as `\/` and, like Python's `json.dumps`, non-ASCII as `\uXXXX`.
    func testSecretsAsPHPAndPythonEscapeThemAreRedacted() {
        let r = Redactor(secrets: ["k3y/With/Slash", "clé/é😀"])
        XCTAssertEqual(r.redact(#"{"key":"k3y\/With\/Slash"}"#), #"{"key":"••••••"}"#)
        XCTAssertEqual(r.redact(#"{"k":"cl\u00e9\/\u00e9\ud83d\ude00"}"#), #"{"k":"••••••"}"#, "PHP")
        XCTAssertEqual(r.redact(#"{"k":"cl\u00e9/\u00e9\ud83d\ude00"}"#), #"{"k":"••••••"}"#, "Python")
        XCTAssertEqual(r.redact(#"{"k":"cl\u00E9/\u00E9\uD83D\uDE00"}"#), #"{"k":"••••••"}"#, "upper-case hex")
        XCTAssertEqual(Redactor(secrets: [#"a\/b"#]).redact(#""a\\\/b""#), #""••••••""#, "a backslash before a slash")
    }

    func testBasicPairsAreRedactedInBase64() {
        let r = Redactor(secrets: ["open sesame"], basicPairs: [("Aladdin", "open sesame")])
        XCTAssertEqual(r.redact("Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="), "Authorization: Basic ••••••")
        let client = Redactor(secrets: [], basicPairs: [("s6BhdRkqt3", "7Fjfp0ZBr1KtDRbnfVdmIw")])
        XCTAssertEqual(client.redact("Basic czZCaGRSa3F0Mzo3RmpmcDBaQnIxS3REUmJuZlZkbUl3"), "Basic ••••••")
    }

    func testLongestFirstAndEmptySecretsIgnored() {
        XCTAssertEqual(Redactor(secrets: ["abc", "abcdef"]).redact("xabcdefx abc"), "x••••••x ••••••")
        XCTAssertEqual(Redactor(secrets: ["", ""]).redact("nothing to hide"), "nothing to hide")
        XCTAssertEqual(Redactor(secrets: []).redact(""), "")
        XCTAssertEqual(Redactor(secrets: ["aa"]).redact("aaaaa"), "••••••••••••a", "non-overlapping, left to right")
        XCTAssertEqual(Redactor(secrets: ["ö"]).redact("Köln – ö"), "K••••••ln – ••••••", "multi-byte text stays intact")
    }

    /// A whole test call as shown: URL, headers and an echoing body, with none of the credentials left.
    func testATestCallAsShownHoldsNoCredential() throws {
        let key = "k3y/With Spaces&=", user = "Aladdin", password = "open sesame", token = "eyJ.Quokka.sig"
        var r = try XCTUnwrap(TestCall.request(definition: ["host": "api.example"], path: "/echo"))
        TestCall.apply(.apiKey(parameter: "api_key", name: "key", inQuery: true), values: ["api_key": key], token: nil, to: &r)
        TestCall.apply(.basic(username: "username", password: "password"), values: ["username": user, "password": password],
                       token: nil, to: &r)
        var bearer = r
        TestCall.apply(.oauth(parameter: "token"), values: [:], token: token, to: &bearer)
        let redactor = Redactor(secrets: [key, password, token], basicPairs: [(user, password)])
        let body = #"{"args":{"key":"k3y/With Spaces&="},"url":"\#(r.url)"}"#
        let shown = redactor.redact([r.url, bearer.url, body]
            .joined(separator: "\n") + (r.headers + bearer.headers).map { "\($0.name): \($0.value)" }.joined(separator: "\n"))
        for leak in ["k3y", "With%20Spaces", "sesame", "QWxhZGRpbjpvcGVuIHNlc2FtZQ", "Quokka"] {
            XCTAssertFalse(shown.contains(leak), "\(leak) in \(shown)")
        }
        XCTAssertTrue(shown.contains("https://api.example/echo?key=••••••"), shown)
        XCTAssertFalse("\(redactor)".contains("sesame"))
        XCTAssertFalse(String(reflecting: redactor).contains("sesame"))
        var dumped = ""
        dump(redactor, to: &dumped)
        XCTAssertFalse(dumped.contains("sesame"), dumped)
    }
}

final class HTTPRequestPrintingTests: XCTestCase {
    func testAPrintedRequestHoldsNoCredential() {
        var r = HTTPRequest(method: "POST", url: "https://api.example/me?api_key=k3y-value", body: Array("client_secret=s3cret".utf8))
        r.setHeader("Authorization", "Bearer t0ken")
        for text in [String(describing: r), String(reflecting: r), "\(r)"] {
            XCTAssertFalse(text.contains("k3y-value") || text.contains("s3cret") || text.contains("t0ken"), text)
        }
        var dumped = ""
        dump(r, to: &dumped)
        XCTAssertFalse(dumped.contains("t0ken"), dumped)
        XCTAssertEqual(String(describing: r), "POST https://api.example/me?… [Authorization] 20 bytes")
    }
}
