import ConnectorKit
import XCTest

/// Where a test call goes (§5.2) when a connector routes by the `dynamichosturl` policy, and how
/// a key a policy wraps in other text is sent: read from real connectors.
final class TestCallHostTests: XCTestCase {
    /// The test call's URL, or why there is none.
    func url(_ relative: String, _ path: String, _ values: [String: String], set: Int? = nil,
             file: StaticString = #filePath, line: UInt = #line) throws -> Result<String, TestCall.Unavailable> {
        let (properties, definition) = try TestSupport.connectorJSON(relative)
        return TestCall.request(properties: properties, definition: definition, path: path, values: values, set: set).map(\.url)
    }

    func why(_ result: Result<String, TestCall.Unavailable>, file: StaticString = #filePath, line: UInt = #line) -> String {
        guard case .failure(let why) = result else {
            XCTFail("expected no test call, got \(result)", file: file, line: line)
            return ""
        }
        return why.description
    }

    // MARK: - The host the policy builds

    func testThePolicysTemplateReplacesHostAndBasePath() throws {
        // Swagger: procurement-now.try.celonis.cloud + /intelligence; the template writes the base path itself.
        XCTAssertEqual(try url("certified-connectors/Celonis", "/api/knowledge-models", ["team": "acme", "cluster": "eu-1"]),
                       .success("https://acme.eu-1.celonis.cloud/intelligence/api/knowledge-models"))
        XCTAssertEqual(try url("certified-connectors/Alkymi", "/api/v2/datasets/", ["host_name": "contoso.alkymi.io", "api_key": "k"]),
                       .success("https://contoso.alkymi.io/api/v2/datasets/"), "swagger host www.example.com, basePath /")
        XCTAssertEqual(try url("certified-connectors/3E Events", "/v1/subscriptions/event/dataobject",
                               ["token:customHost": "eu.elite.example"]),
                       .success("https://eu.elite.example/3e/events/webhook/v1/subscriptions/event/dataobject"))
        XCTAssertEqual(try url("certified-connectors/LawVu", "/contract-apis/v1/contracts/7/keyDates",
                               ["token:customHost": "eu.public-api.lawvu.com"]),
                       .success("https://eu.public-api.lawvu.com/contract-apis/v1/contracts/7/keyDates"))
        XCTAssertEqual(try url("certified-connectors/Easyvista_Service._Manager", "/api/v1/50004/requests",
                               ["Host": "contoso.easyvista.com"]),
                       .success("https://contoso.easyvista.com/api/v1/50004/requests"), "swagger host test-fr-vp-01.easyvista-training.com")
        // The template leaves /api/3 out: the platform replaces the base path too, so the call does not have it
        // (MicrosoftDocs/BusinessApplicationPlatform-Connectors-public#294).
        XCTAssertEqual(try url("certified-connectors/ActiveCampaign", "/import/bulk_import", ["hostName": " contoso.api-us1.com ", "apiKey": "k"]),
                       .success("https://contoso.api-us1.com/import/bulk_import"), "not yourAccountName.api-us1.com; the value trimmed")
    }

    func testAPolicyNeedsNoReadableSwagger() throws {
        // ZohoSign's swagger does not parse; its policy names the whole base URL.
        let properties = try XCTUnwrap(TestSupport.readJSON(TestSupport.fixture("certified-connectors/ZohoSign/apiProperties.json")))
        XCTAssertEqual(TestCall.request(properties: properties, definition: [:], path: "requests", values: ["token:customHost": "eu"]).map(\.url),
                       .success("https://sign.zoho.eu/api/v1/requests"))
    }

    func testATemplatesDefaultStandsForAnEmptyValue() throws {
        let path = "/api/v1/Core/SplitDocument"
        XCTAssertEqual(try url("certified-connectors/Encodian", path, ["region": "", "api_key": "k"]),
                       .success("https://api.apps-encodian.com" + path))
        XCTAssertEqual(try url("certified-connectors/Encodian", path, [:]), .success("https://api.apps-encodian.com" + path))
        XCTAssertEqual(try url("certified-connectors/Encodian", path, ["region": "https://uk-api.apps-encodian.com"]),
                       .success("https://uk-api.apps-encodian.com" + path), "the chosen region supplies scheme and host")
        let props: JSONValue = ["properties": [
            "connectionParameters": ["tenant": ["type": "string"]],
            "policyTemplateInstances": [["templateId": "DynamicHostUrl", "parameters": [
                "x-ms-apimTemplateParameter.urlTemplate": #"https://@connectionParameters( "tenant" , "www" ).contoso.example/v2"#,
            ]]],
        ]]
        XCTAssertEqual(TestCall.request(properties: props, definition: ["host": "placeholder.example"], path: "/x", values: [:]).map(\.url),
                       .success("https://www.contoso.example/v2/x"), "double quotes, spaces, any case of the template id")
    }

    // MARK: - No test call rather than the wrong host

    func testAnEmptyValueNamesTheField() throws {
        XCTAssertEqual(why(try url("certified-connectors/Alkymi", "/api/v2/datasets/", ["host_name": "", "api_key": "k"])),
                       "The host comes from Host Name, which is empty.")
        XCTAssertEqual(why(try url("certified-connectors/ActiveCampaign", "/import/bulk_import", ["apiKey": "k"])),
                       "The host comes from ActiveCampaign REST Endpoint Hostname, which is empty.")
        XCTAssertEqual(why(try url("certified-connectors/Celonis", "/api", ["team": "acme", "cluster": "  "])),
                       "The host comes from Cluster, which is empty.")
        let props: JSONValue = ["properties": ["policyTemplateInstances": [["templateId": "dynamichosturl", "parameters": [
            "x-ms-apimTemplateParameter.urlTemplate": "https://@connectionParameters('region').example",
        ]]]]]
        XCTAssertEqual(TestCall.request(properties: props, definition: [:], path: "/", values: [:]),
                       .failure(TestCall.Unavailable("The host comes from the connection parameter region, which this connection does not have.")))
    }

    func testAPolicyForSomeOperationsOnlyLeavesTheHostUnknown() throws {
        for relative in ["certified-connectors/Azure Machine Learning", "independent-publisher-connectors/Open Data Network"] {
            let text = why(try url(relative, "/x", ["region": "centralus", "environment": "api.eu.socrata.com", "api_key": "k"]))
            XCTAssertTrue(text.hasPrefix("The connector sets the host for some of its operations only (policy “"), text)
            XCTAssertTrue(text.hasSuffix("so a test call cannot know which host the platform would use."), text)
        }
    }

    func testAValueCannotMoveTheHostElsewhere() throws {
        for value in ["evil.example/x", "contoso.alkymi.io@evil.example", "evil.example#", "evil.example?", #"evil.example\x"#] {
            XCTAssertTrue(why(try url("certified-connectors/Alkymi", "/api", ["host_name": value]))
                .hasPrefix("The host comes from Host Name, which holds a character a host name cannot have"), value)
        }
        XCTAssertEqual(why(try url("certified-connectors/Alkymi", "/api", ["host_name": "https://contoso.alkymi.io"])),
                       "The host comes from Host Name, which holds a URL where only a host name (such as api.example.com) belongs.")
        XCTAssertEqual(why(try url("certified-connectors/Alkymi", "/api", ["host_name": "contoso .alkymi.io"])),
                       "The host comes from Host Name, which holds a space or a control character.")
        XCTAssertTrue(why(try url("certified-connectors/Celonis", "/api", ["team": "evil.example/", "cluster": "eu-1"]))
            .hasPrefix("The host comes from Team, which holds a character"), "a value in the middle of the host")
        for region in ["ftp://uk-api.apps-encodian.com", "uk-api.apps-encodian.com", "https://me@evil.example",
                       "https://evil.example?x=", "https://{region}.apps-encodian.com"] {
            XCTAssertTrue(why(try url("certified-connectors/Encodian", "/api", ["region": region]))
                .hasSuffix("is not an absolute http or https URL."), region)
        }
        let path: JSONValue = ["properties": ["connectionParameters": ["sub": ["type": "string"]],
                                              "policyTemplateInstances": [["templateId": "dynamichosturl", "parameters": [
                                                  "x-ms-apimTemplateParameter.urlTemplate": "https://h.example/@connectionParameters('sub')",
                                              ]]]]]
        XCTAssertEqual(TestCall.request(properties: path, definition: [:], path: "/x", values: ["sub": "a/b"]).map(\.url),
                       .success("https://h.example/a/b/x"), "a value in the path may hold /")
        XCTAssertEqual(TestCall.request(properties: path, definition: [:], path: "/x", values: ["sub": "a?b"]),
                       .failure(TestCall.Unavailable("The host URL takes sub, which holds a character its path cannot have (? # or \\).")))
    }

    func testAHostFromTheRequestIsUnknown() {
        let props: JSONValue = ["properties": ["policyTemplateInstances": [["templateId": "dynamichosturl", "parameters": [
            "x-ms-apimTemplateParameter.urlTemplate": "https://@header('region').contoso.example",
        ]]]]]
        XCTAssertEqual(TestCall.request(properties: props, definition: ["host": "contoso.example"], path: "/", values: ["region": "eu"]),
                       .failure(TestCall.Unavailable("The host comes from @header('region'), which only the request being made can tell, "
                                                         + "so a test call cannot know which host the platform would use.")))
    }

    func testWithoutAPolicyTheSwaggerDecides() throws {
        XCTAssertEqual(try url("independent-publisher-connectors/OpenCage Geocoding", "/v1/json?q=Perth", ["api_key": "k"]),
                       .success("https://api.opencagedata.com/geocode/v1/json?q=Perth"))
        XCTAssertEqual(try url("templates/certified-connectors", "/x", [:]),
                       .failure(TestCall.Unavailable("The connector names no usable host, so there is nowhere to send a test call.")))
        let (properties, definition) = try TestSupport.connectorJSON("certified-connectors/Celonis")
        XCTAssertEqual(TestCall.request(properties: properties, definition: definition, path: "/x", values: ["team": "a", "cluster": "b"],
                                        method: "POST").map(\.method), .success("POST"))
    }

    /// Every fixture with a `dynamichosturl` policy: never the swagger's host, whatever the values,
    /// unless the policy's template names it itself (Encodian's default region).
    func testNoFixtureThatRoutesByPolicyGoesToTheSwaggersHost() throws {
        var routed = 0
        for relative in TestSupport.allFixtureConnectorFolders() {
            guard let bytes = TestSupport.read(TestSupport.fixture(relative + "/apiProperties.json")),
                  let properties = try? JSONReader.read(bytes).value,
                  let policies = properties[path: ["properties", "policyTemplateInstances"]]?.arrayValue,
                  policies.contains(where: { $0["templateId"]?.stringValue == "dynamichosturl" })
            else { continue }
            routed += 1
            let definition = (try? TestSupport.connectorJSON(relative))?.definition ?? [:]
            let swaggerHost = definition["host"]?.stringValue ?? "(none)"
            for fill in ["", "contoso.example"] {
                var values: [String: String] = [:]
                let sets = properties[path: ["properties", "connectionParameterSets", "values"]]?.arrayValue ?? []
                for p in (sets.map { $0["parameters"] } + [properties[path: ["properties", "connectionParameters"]]]) {
                    for key in p?.objectValue?.keys ?? [] { values[key] = fill }
                }
                let result = TestCall.request(properties: properties, definition: definition, path: "/x", values: values).map(\.url)
                let templates = policies.compactMap { $0[path: ["parameters", "x-ms-apimTemplateParameter.urlTemplate"]]?.stringValue }
                if case .success(let u) = result, !templates.contains(where: { $0.contains(swaggerHost) }) {
                    XCTAssertNotEqual(URLParts(u)?.host, swaggerHost, "\(relative) with values \"\(fill)\": \(u)")
                }
            }
        }
        XCTAssertEqual(routed, 10)
    }

    // MARK: - A key a policy wraps in other text

    func testAlkymiSendsTokenAndTheKey() throws {
        let (properties, definition) = try TestSupport.connectorJSON("certified-connectors/Alkymi")
        let scheme = CredentialScheme(properties: properties, definition: definition)
        XCTAssertEqual(scheme, .apiKeyTemplate(parameter: "api_key", name: "Authorization", inQuery: false,
                                               template: "Token @connectionParameters('api_key')"))
        XCTAssertEqual(scheme.secretParameters, ["api_key"])
        let values = ["api_key": "4lkymi-K3y", "host_name": "contoso.alkymi.io"]
        var request = try TestCall.request(properties: properties, definition: definition, path: "/api/v2/datasets/", values: values).get()
        TestCall.apply(scheme, values: values, token: nil, to: &request)
        XCTAssertEqual(request.url, "https://contoso.alkymi.io/api/v2/datasets/")
        XCTAssertEqual(request.headers, [HTTPHeader("Authorization", "Token 4lkymi-K3y")])
        XCTAssertEqual(Redactor(secrets: ["4lkymi-K3y"]).redact("Authorization: \(request.header("Authorization") ?? "")"),
                       "Authorization: Token ••••••")
    }

    func testAKeyTemplateInTheQueryWithOtherValuesAndDefaults() {
        let props: JSONValue = ["properties": [
            "connectionParameters": ["secret": ["type": "securestring"], "account": ["type": "string"]],
            "policyTemplateInstances": [["templateId": "setqueryparameter", "parameters": [
                "x-ms-apimTemplateParameter.name": "auth",
                "x-ms-apimTemplateParameter.value": "@connectionParameters('account','anon'):@connectionParameters('secret')",
            ]]],
        ]]
        let scheme = CredentialScheme(properties: props, definition: [:])
        XCTAssertEqual(scheme, .apiKeyTemplate(parameter: "secret", name: "auth", inQuery: true,
                                               template: "@connectionParameters('account','anon'):@connectionParameters('secret')"))
        var r = HTTPRequest(url: "https://h.example/x?a=1")
        TestCall.apply(scheme, values: ["secret": "s p", "account": ""], token: nil, to: &r)
        XCTAssertEqual(r.url, "https://h.example/x?a=1&auth=anon%3As%20p")
        var none = HTTPRequest(url: "https://h.example/x")
        TestCall.apply(scheme, values: ["account": "me"], token: nil, to: &none)
        XCTAssertEqual(none, HTTPRequest(url: "https://h.example/x"), "nothing without the key's value")
    }

    func testAPolicyValueFromTheRequestOrForSomeOperationsIsNotAScheme() {
        func scheme(_ value: String, operations: JSONValue? = nil) -> CredentialScheme {
            let parameters: JSONValue = ["x-ms-apimTemplateParameter.name": "X-Key", "x-ms-apimTemplateParameter.value": .string(value),
                                         "x-ms-apimTemplate-operationName": operations ?? .null]
            return CredentialScheme(properties: ["properties": [
                "connectionParameters": ["secret": ["type": "securestring"], "plain": ["type": "string"]],
                "policyTemplateInstances": [["templateId": "setheader", "parameters": parameters]],
            ]], definition: [:])
        }
        XCTAssertEqual(scheme("@connectionParameters('secret')"), .apiKey(parameter: "secret", name: "X-Key", inQuery: false))
        XCTAssertEqual(scheme("Key @connectionParameters('secret') @header('x')"), .none, "the request's header is unknown")
        XCTAssertEqual(scheme("Key @connectionParameters('secret')", operations: ["One"]), .none)
        XCTAssertEqual(scheme("@connectionParameters('secret')", operations: []), .apiKey(parameter: "secret", name: "X-Key", inQuery: false),
                       "an empty list of operations is every operation")
        XCTAssertEqual(scheme("Key @connectionParameters('plain')"), .none, "not a secret")
        XCTAssertEqual(scheme("mail@connectionParameters('secret')"),
                       .apiKeyTemplate(parameter: "secret", name: "X-Key", inQuery: false, template: "mail@connectionParameters('secret')"))
    }
}

final class TestPathTests: XCTestCase {
    func testATypedPathIsMadeFitForTheRequestLine() throws {
        let def: JSONValue = ["swagger": "2.0", "host": "api.contoso.com", "basePath": "/v1/"]
        XCTAssertEqual(TestCall.request(definition: def, path: " /a b/ü?q=x y&r=%2F ")?.url,
                       "https://api.contoso.com/v1/a%20b/%C3%BC?q=x%20y&r=%2F")
        XCTAssertEqual(TestCall.request(definition: def, path: "items\"<{|}>")?.url,
                       "https://api.contoso.com/v1/items%22%3C%7B%7C%7D%3E")
        XCTAssertEqual(TestCall.request(definition: def, path: "//evil.example/x")?.url, "https://api.contoso.com/v1//evil.example/x",
                       "a path never moves the call to another host")
        XCTAssertEqual(URLParts(try XCTUnwrap(TestCall.request(definition: def, path: "@evil.example")?.url))?.host, "api.contoso.com")
    }
}
