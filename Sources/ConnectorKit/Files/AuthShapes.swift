/// What each authentication type writes (§4): `connectionParameters` in apiProperties.json and
/// `securityDefinitions` in the API definition, in the shapes real connectors use.
public enum AuthShapes {
    public struct Shape {
        public var parameters: JSONObject
        public var definitions: JSONObject
    }

    /// The shape of the connector's one authentication type.
    public static func shape(of d: ConnectorDraft) -> Shape {
        shape(of: d.single, gateway: d.general.gateway, redirect: d.redirect)
    }

    public static func shape(of a: AuthSettings, gateway: Bool, redirect: RedirectURL) -> Shape {
        let gatewayCapability: JSONValue? = gateway ? ["gateway"] : nil
        switch a.kind {
        case .none:
            if gateway { return gatewayShape(authValue: "anonymous", authText: "Anonymous", credentials: nil) }
            return Shape(parameters: JSONObject(), definitions: JSONObject())
        case .basic:
            let creds = credentials(a.basic.usernameLabel, a.basic.passwordLabel,
                                    ("The username for this api", "Provide the username"),
                                    ("The password for this api", "Provide the password"), capability: gatewayCapability)
            if gateway { return gatewayShape(authValue: "basic", authText: "Basic", credentials: creds) }
            return Shape(parameters: creds, definitions: JSONObject([("basic_auth", ["type": "basic"])]))
        case .windows:
            let creds = credentials("Username", "Password", ("Username credential", "Username credential"),
                                    ("Password credential", "Password credential"), capability: gatewayCapability)
            return gatewayShape(authValue: "windows", authText: "Windows", credentials: creds)
        case .apikey:
            let k = a.apiKey
            let param: JSONValue = [
                "type": "securestring",
                "uiDefinition": [
                    "displayName": .string(k.label),
                    "description": "The API Key for this api",
                    "tooltip": "Provide your API Key",
                    "constraints": ["tabIndex": 2, "clearText": false, "required": "true"],
                ],
            ]
            return Shape(parameters: JSONObject([("api_key", param)]),
                         definitions: JSONObject([("API Key", ["type": "apiKey", "in": .string(k.location.rawValue), "name": .string(k.name)])]))
        case .oauth2:
            return oauthShape(a.oauth, redirect: redirect)
        }
    }

    /// The user-name and password parameters; `help` is each one's description and tooltip.
    /// `connectionParameterSets` and the security definitions of several types: each set's
    /// definition is keyed by the set's name, as real connectors do.
    public static func setsShape(of d: ConnectorDraft) -> (sets: JSONValue, definitions: JSONObject) {
        var values: [JSONValue] = []
        var definitions = JSONObject()
        for set in d.sets {
            let shape = shape(of: set.settings, gateway: d.general.gateway, redirect: d.redirect)
            var ui = JSONObject([("displayName", .string(set.displayName))])
            if !set.description.isEmpty { ui["description"] = .string(set.description) }
            values.append(.object(JSONObject([
                ("name", .string(set.name)),
                ("uiDefinition", .object(ui)),
                ("parameters", .object(shape.parameters)),
            ])))
            if let definition = shape.definitions.members.first { definitions[set.name] = definition.value }
        }
        let sets: JSONValue = [
            "uiDefinition": [
                "displayName": "Authentication Type",
                "description": "Choose how to authenticate.",
            ],
            "values": .array(values),
        ]
        return (sets, definitions)
    }

    static func credentials(_ userLabel: String, _ passwordLabel: String, _ userHelp: (String, String),
                            _ passwordHelp: (String, String), capability: JSONValue?) -> JSONObject {
        func param(_ label: String, _ help: (description: String, tooltip: String), tab: Int, clear: Bool) -> JSONValue {
            var constraints: JSONObject = JSONObject([("tabIndex", .number(String(tab))), ("clearText", .bool(clear)), ("required", "true")])
            if let capability { constraints["capability"] = capability }
            return [
                "type": "securestring",
                "uiDefinition": [
                    "displayName": .string(label),
                    "description": .string(help.description),
                    "tooltip": .string(help.tooltip),
                    "constraints": .object(constraints),
                ],
            ]
        }
        return JSONObject([
            ("username", param(userLabel, userHelp, tab: 2, clear: true)),
            ("password", param(passwordLabel, passwordHelp, tab: 3, clear: false)),
        ])
    }

    /// Modelled on `certified-connectors/Connect Bridge`, the platform's gateway connector.
    static func gatewayShape(authValue: String, authText: String, credentials: JSONObject?) -> Shape {
        var params = JSONObject()
        params["authType"] = [
            "type": "string",
            "allowedValues": [["value": .string(authValue)]],
            "uiDefinition": [
                "displayName": "Authentication Type",
                "description": "Authentication type to connect to your API",
                "tooltip": "Authentication type to connect to your API",
                "constraints": [
                    "tabIndex": 1,
                    "required": "true",
                    "allowedValues": [["text": .string(authText), "value": .string(authValue)]],
                    "capability": ["gateway"],
                ],
            ],
        ]
        for m in credentials?.members ?? [] { params[m.key] = m.value }
        params["gateway"] = [
            "type": "gatewaySetting",
            "gatewaySettings": ["dataSourceType": "CustomConnector", "connectionDetails": []],
            "uiDefinition": [
                "constraints": ["tabIndex": 4, "required": "true", "capability": ["gateway"]],
            ],
        ]
        return Shape(parameters: params, definitions: JSONObject())
    }

    static func oauthShape(_ o: OAuth2Auth, redirect: RedirectURL) -> Shape {
        let t = o.template
        let urls = o.effectiveURLs
        var settings = JSONObject()
        settings["identityProvider"] = .string(t.identityProvider)
        settings["clientId"] = .string(o.clientId)
        settings["scopes"] = .array(o.scopes.map { .string($0) })
        switch redirect {
        case .perConnector(let url):
            settings["redirectMode"] = "GlobalPerConnector"
            settings["redirectUrl"] = .string(url)
        case .legacyGlobal(let url, _):
            settings["redirectMode"] = "Global"
            settings["redirectUrl"] = .string(url)
        case .other(let mode, let url):
            settings["redirectMode"] = .string(mode)
            if let url { settings["redirectUrl"] = .string(url) }
        case .notGenerated:
            break
        }
        var properties = JSONObject([("IsFirstParty", "False")])
        var custom = JSONObject()
        var params = JSONObject()
        if t.isAAD {
            properties["AzureActiveDirectoryResourceId"] = .string(o.resourceUrl)
            properties["IsOnbehalfofLoginSupported"] = .bool(o.onBehalfOf)
            custom["loginUri"] = ["value": .string(o.loginUrl)]
            custom["tenantId"] = ["value": .string(o.tenantId)]
            custom["resourceUri"] = ["value": .string(o.resourceUrl)]
            custom["enableOnbehalfOfLogin"] = ["value": .string(o.onBehalfOf ? "true" : "false")]
        } else if t.identityProvider == "oauth2" {
            custom["authorizationUrl"] = ["value": .string(urls.authorization)]
            custom["tokenUrl"] = ["value": .string(urls.token)]
            custom["refreshUrl"] = ["value": .string(urls.refresh)]
        }
        settings["properties"] = .object(properties)
        settings["customParameters"] = .object(custom)
        params["token"] = ["type": "oauthSetting", "oAuthSettings": .object(settings)]
        if t.isAAD {
            // Exactly as the platform's schema defines the tenant claim.
            params["token:TenantId"] = [
                "type": "string",
                "metadata": ["sourceType": "AzureActiveDirectoryTenant"],
                "uiDefinition": [
                    "displayName": "Tenant",
                    "description": "The tenant ID of for the Azure Active Directory application",
                    "constraints": ["required": "false", "hidden": "true"],
                ],
            ]
            if o.servicePrincipal {
                // The shape real connectors carry it in (TALXISDataFeed): hidden client ID and
                // secret, and the grant the end user chooses; `hidden` as the schema's string.
                func hidden(_ type: String, _ name: String, _ description: String) -> JSONValue {
                    ["type": .string(type), "uiDefinition": ["displayName": .string(name), "description": .string(description),
                                                            "constraints": ["required": "false", "hidden": "true"]]]
                }
                params["token:clientId"] = hidden("string", "Client ID", "Client (or Application) ID of the Azure Active Directory application.")
                params["token:clientSecret"] = hidden("securestring", "Client Secret", "Client secret of the Azure Active Directory application.")
                params["token:grantType"] = [
                    "type": "string",
                    "allowedValues": [["value": "code"], ["value": "client_credentials"]],
                    "uiDefinition": [
                        "displayName": "Grant Type",
                        "description": "Grant type",
                        "constraints": [
                            "required": "false", "hidden": "true",
                            "allowedValues": [["text": "Code", "value": "code"], ["text": "Client Credentials", "value": "client_credentials"]],
                        ],
                    ],
                ]
            }
        }
        var scopes = JSONObject()
        for s in o.scopes { scopes[s] = .string(s) }
        let definition: JSONValue = [
            "type": "oauth2",
            "flow": "accessCode",
            "authorizationUrl": .string(urls.authorization),
            "tokenUrl": .string(urls.token),
            "scopes": .object(scopes),
        ]
        return Shape(parameters: params, definitions: JSONObject([("oauth2_auth", definition)]))
    }
}
