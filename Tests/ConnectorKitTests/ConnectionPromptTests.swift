import ConnectorKit
import XCTest

/// The end user's connection prompt (§5), built only from real connectors' files.
final class ConnectionPromptTests: XCTestCase {
    func prompt(_ relative: String, gateways: [String] = [], set: Int = 0,
                file: StaticString = #filePath, line: UInt = #line) throws -> ConnectionPrompt {
        let doc = try ConnectorDocument.open(TestSupport.fixture(relative))
        XCTAssertFalse(doc.isNew, "the fixture \(relative) is found", file: file, line: line)
        return ConnectionPrompt(document: doc, gateways: gateways, set: set)
    }

    func testBasicCredentialsInTabIndexOrderOneClearOneMasked() throws {
        let p = try prompt("custom-connectors/HR Cloud")
        XCTAssertEqual(p.title, "HR Cloud")
        XCTAssertEqual(p.iconBrandColor, "#54c4ca")
        XCTAssertEqual(p.fields.map(\.label), ["Username", "Password"])
        XCTAssertEqual(p.fields.map(\.kind), [.secure(masked: false), .secure(masked: true)])
        XCTAssertEqual(p.fields.map(\.required), [true, true])
        XCTAssertEqual(p.fields[0].description, "Enter the Username for your HR Cloud account")
        XCTAssertEqual(p.fields[1].tooltip, "Provide the Password")
        XCTAssertNil(p.signIn)
        XCTAssertNil(p.chosenSet)
        XCTAssertEqual(p.buttons, ["Create", "Cancel"])
    }

    func testTabIndexOrdersFieldsAndMissingOnesComeLastInFileOrder() {
        let props: JSONValue = ["properties": ["connectionParameters": [
            "c": ["type": "string", "uiDefinition": ["displayName": "C"]],
            "b": ["type": "string", "uiDefinition": ["displayName": "B", "constraints": ["tabIndex": 2]]],
            "d": ["type": "bool", "uiDefinition": ["displayName": "D"]],
            "a": ["type": "int", "uiDefinition": ["constraints": ["tabIndex": "1"]]],
        ]]]
        let p = ConnectionPrompt(properties: props, definition: ["info": ["title": "T"]])
        XCTAssertEqual(p.fields.map(\.label), ["a", "B", "C", "D"], "the name stands in for a missing displayName")
        XCTAssertEqual(p.fields.map(\.kind), [.text, .text, .text, .checkbox])
        XCTAssertEqual(p.fields.map(\.required), [false, false, false, false])
    }

    func testAPIKey() throws {
        let p = try prompt("independent-publisher-connectors/OpenCage Geocoding")
        XCTAssertEqual(p.title, "OpenCage Geocoding")
        XCTAssertEqual(p.fields.count, 1)
        XCTAssertEqual(p.fields[0].name, "api_key")
        XCTAssertEqual(p.fields[0].label, "API Key")
        XCTAssertEqual(p.fields[0].kind, .secure(masked: true))
        XCTAssertTrue(p.fields[0].required)
        XCTAssertEqual(p.fields[0].description, "The API Key for this api")
    }

    func testOAuthGivesSignInAndHidesTenantId() throws {
        let p = try prompt("custom-connectors/Snowflake")
        XCTAssertEqual(p.title, "Snowflake REST")
        XCTAssertEqual(p.iconBrandColor, "#007ee5")
        XCTAssertEqual(p.fields, [], "token:TenantId is hidden, the oauthSetting is a button")
        XCTAssertEqual(p.signIn?.parameter, "token")
        XCTAssertEqual(p.signIn?.identityProvider, "aad")
        XCTAssertEqual(p.signIn?.providerName, "Azure Active Directory")
        XCTAssertEqual(p.signIn?.label, "Sign in")
        XCTAssertEqual(p.buttons, ["Create", "Cancel"])
        XCTAssertEqual(try prompt("certified-connectors/3E Events").signIn?.providerName, "Generic OAuth 2",
                       "oauth2generic")
    }

    func testSettingsKeySpelledInLowerCase() throws {
        let p = try prompt("certified-connectors/Azure Communication Services SMS Events", set: 1)
        XCTAssertEqual(p.signIn?.identityProvider, "aad", "the set spells the key oauthSettings")
        XCTAssertEqual(p.signIn?.providerName, "Azure Active Directory")
    }

    func testSeveralAuthenticationTypes() throws {
        let p = try prompt("independent-publisher-connectors/Open Data Network")
        XCTAssertEqual(p.chosenSet, 0)
        XCTAssertEqual(p.fields.map(\.label), ["Authentication Type", "App Token", "Endpoint"])
        let types = p.fields[0]
        XCTAssertTrue(types.isSetChoice)
        XCTAssertEqual(types.optionLabels, ["App Token", "API Key"])
        XCTAssertEqual(types.selectedOption?.label, "App Token")
        XCTAssertEqual(types.description, "Choose the type of authentication to be used.")
        XCTAssertEqual(p.fields[1].kind, .secure(masked: true))
        XCTAssertEqual(p.fields[1].description, "Enter your App Token", "from uiDefinition.schema.description")
        let endpoint = p.fields[2]
        XCTAssertEqual(endpoint.kind, .choice([.init(id: "api.us.socrata.com", label: "North America"),
                                               .init(id: "api.eu.socrata.com", label: "EU")]))
        XCTAssertEqual(endpoint.defaultValue, "api.us.socrata.com")
        XCTAssertEqual(endpoint.selectedOption?.label, "North America")
        XCTAssertEqual(endpoint.tooltip, "Select the domain discovery endpoint to use (North America or EU)")

        let second = try prompt("independent-publisher-connectors/Open Data Network", set: 1)
        XCTAssertEqual(second.chosenSet, 1)
        XCTAssertEqual(second.fields[0].selectedOption?.label, "API Key")
        XCTAssertEqual(second.fields.map(\.label), ["Authentication Type", "API Key ID", "API Key Secret", "Endpoint"])
        XCTAssertEqual(second.fields.map(\.kind).dropFirst().first, .text)

        XCTAssertEqual(try prompt("independent-publisher-connectors/Open Data Network", set: 9).chosenSet, 1,
                       "a set past the last is the last")
    }

    func testGatewayChoice() throws {
        let p = try prompt("certified-connectors/Connect Bridge")
        XCTAssertEqual(p.fields.map(\.label), ["Authentication Type", "Choose a gateway"])
        XCTAssertEqual(p.fields[0].kind, .choice([.init(id: "anonymous", label: "none")]),
                       "uiDefinition.constraints.allowedValues, with their text")
        XCTAssertEqual(p.fields[1].kind, .gateway([]))
        XCTAssertTrue(p.fields[1].required)
        XCTAssertTrue(p.text.contains(ConnectionPrompt.noGatewayText))

        let filled = try prompt("certified-connectors/Connect Bridge", gateways: ["Contoso GW", "Backup"])
        XCTAssertEqual(filled.fields[1].kind, .gateway(["Contoso GW", "Backup"]))
        XCTAssertFalse(filled.text.contains(ConnectionPrompt.noGatewayText))
    }

    func testNoAuthenticationIsJustTheButtons() throws {
        let p = try prompt("independent-publisher-connectors/xkcd")
        XCTAssertEqual(p.title, "xkcd")
        XCTAssertEqual(p.fields, [])
        XCTAssertNil(p.signIn)
        XCTAssertEqual(p.text, "xkcd\n\n[Create] [Cancel]\n")
    }

    func testSevenRegionsWithSignIn() throws {
        let p = try prompt("certified-connectors/LawVu")
        XCTAssertEqual(p.fields.first?.label, "LawVu Region")
        XCTAssertEqual(p.fields.first?.optionLabels.count, 7)
        XCTAssertEqual(p.fields.map(\.label), ["LawVu Region", "Version"])
        XCTAssertEqual(p.fields[1].optionLabels, ["Default"])
        XCTAssertEqual(p.signIn?.providerName, "Generic OAuth 2")
        let canada = try prompt("certified-connectors/LawVu", set: 1)
        XCTAssertEqual(canada.fields[1].selectedOption?.id, "can.public-api.lawvu.com")
    }

    func testText() throws {
        XCTAssertEqual(try prompt("custom-connectors/HR Cloud").text, """
            HR Cloud

            Username *
              Enter the Username for your HR Cloud account
            Password *
              Enter the Password for your HR Cloud account
            [Create] [Cancel]

            """)
        XCTAssertEqual(try prompt("independent-publisher-connectors/Open Data Network").text, """
            Open Data Network

            Authentication Type *
              Choose the type of authentication to be used.
              - App Token (selected)
              - API Key
            App Token *
              Enter your App Token
            Endpoint *
              The domain discovery endpoint to use (North America or EU)
              - North America (selected)
              - EU
            [Create] [Cancel]

            """)
        XCTAssertTrue(try prompt("custom-connectors/Snowflake").text
            .hasSuffix("[Sign in] with Azure Active Directory\n[Create] [Cancel]\n"))
    }

    /// Every real connector gives a prompt: a title, labelled fields, no hidden parameter and no
    /// oauthSetting among the fields, and every authentication type can be chosen.
    func testEveryFixtureConnector() throws {
        let folders = TestSupport.allFixtureConnectorFolders()
        XCTAssertGreaterThan(folders.count, 10)
        var opened = 0
        for folder in folders {
            guard let doc = try? ConnectorDocument.open(TestSupport.fixture(folder)) else { continue }
            opened += 1
            let sets = doc.apiProperties[path: ["properties", "connectionParameterSets", "values"]]?.arrayValue?.count ?? 1
            for set in 0..<max(1, sets) {
                let p = ConnectionPrompt(document: doc, set: set)
                let props = doc.apiProperties["properties"]
                let parameters = (props?[path: ["connectionParameterSets", "values"]]?.arrayValue?[set]["parameters"]
                    ?? props?["connectionParameters"])?.objectValue?.members ?? []
                let hidden = Set(parameters.filter {
                    let h = $0.value[path: ["uiDefinition", "constraints", "hidden"]]
                    return h == "true" || h == true
                }.map(\.key))
                let oauth = Set(parameters.filter { $0.value["type"]?.stringValue?.lowercased() == "oauthsetting" }.map(\.key))
                XCTAssertFalse(p.title.isEmpty, folder)
                XCTAssertEqual(p.buttons, ["Create", "Cancel"], folder)
                for f in p.fields {
                    XCTAssertFalse(f.label.isEmpty, "\(folder): \(f.name)")
                    // The one hidden parameter shown: the choice between signing in and a service principal.
                    XCTAssertFalse(hidden.contains(f.name) && f.name != ConnectionPrompt.grantTypeName, "\(folder): hidden \(f.name) shown")
                    XCTAssertFalse(oauth.contains(f.name), "\(folder): the oauthSetting \(f.name) is a field")
                }
                XCTAssertEqual(p.signIn != nil, !oauth.isEmpty, folder)
                XCTAssertTrue(p.text.hasSuffix("[Create] [Cancel]\n"), folder)
            }
        }
        XCTAssertGreaterThan(opened, 10)
    }
}
