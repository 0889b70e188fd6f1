/// How the platform applies a connection's credentials to each request (§5.2), read from the
/// files: the chosen authentication type's connection parameters, the swagger's security
/// definitions and, for connectors that apply a key by policy, the policy templates.
/// Holds parameter names, never values.
public enum CredentialScheme: Equatable, Sendable {
    /// No credentials (also: credentials the wizard cannot apply, such as a key a policy sets
    /// for some operations only, or from the request's headers).
    case none
    /// `Authorization: Basic`, from the values of these two parameters.
    case basic(username: String, password: String)
    /// A key sent as header `name` or query parameter `name`; `parameter` is the `securestring`
    /// connection parameter holding it.
    case apiKey(parameter: String, name: String, inQuery: Bool)
    /// A key a policy sends inside other text: header (or query parameter) `name` set to
    /// `template`, the policy's value, with each `@connectionParameters('p')` (or
    /// `@connectionParameters('p','default')`) replaced by the connection's value of `p` (Alkymi:
    /// `Token @connectionParameters('api_key')`). `parameter` is the `securestring` parameter
    /// holding the key.
    case apiKeyTemplate(parameter: String, name: String, inQuery: Bool, template: String)
    /// `Authorization: Bearer` with the token signed in for the `oauthSetting` parameter.
    case oauth(parameter: String)
    /// Through an on-premises data gateway: the gateway applies the credentials, so a test
    /// call cannot be made from here.
    case windows

    /// `set` is an index into `connectionParameterSets.values` (the first when nil).
    public init(properties: JSONValue, definition: JSONValue, set: Int? = nil) {
        let chosen = ChosenAuthentication(properties: properties, definition: definition, set: set)
        self = Self.read(chosen)
    }

    /// The parameters whose values this scheme sends as credentials: the key, the Basic password
    /// (the user name goes out only inside the Basic pair). Empty for OAuth (the token is the
    /// credential), `none` and `windows`.
    public var secretParameters: [String] {
        switch self {
        case .apiKey(let parameter, _, _), .apiKeyTemplate(let parameter, _, _, _): [parameter]
        case .basic(_, let password): [password]
        case .none, .oauth, .windows: []
        }
    }

    static func read(_ chosen: ChosenAuthentication) -> CredentialScheme {
        let params = chosen.parameters
        if let oauth = chosen.firstParameter(ofType: "oauthSetting") { return .oauth(parameter: oauth.key) }
        let authType = params["authType"]
        let authValue = (authType?["allowedValues"] ?? authType?[path: ["uiDefinition", "constraints", "allowedValues"]])?
            .arrayValue?.first?["value"]?.stringValue?.lowercased()
        if chosen.firstParameter(ofType: "gatewaySetting") != nil || authValue == "windows" { return .windows }

        let secure = params.members.filter { ChosenAuthentication.type(of: $0.value) == "securestring" }.map(\.key)
        let isCredentialName: (String) -> Bool = { ["username", "password"].contains($0.lowercased()) }

        // API key: a secure parameter and an apiKey definition (the first the `security`
        // requirements name, as the platform sends the first scheme that applies).
        let keyDefinitions = chosen.definitions(ofType: "apiKey")
        if let definition = chosen.requirements.lazy.compactMap({ name in keyDefinitions.first { $0.key == name } }).first
            ?? keyDefinitions.first,
            let parameter = secure.first(where: { $0 == "api_key" }) ?? secure.first(where: { !isCredentialName($0) }),
            let name = definition.value["name"]?.stringValue, !name.isEmpty
        {
            return .apiKey(parameter: parameter, name: name, inQuery: definition.value["in"]?.stringValue?.lowercased() == "query")
        }

        // Basic: parameters named username and password, or a basic definition with a user
        // name (the first text or secure parameter) and a password (the first other secure one).
        let names = params.keys
        if let user = names.first(where: { $0.lowercased() == "username" }),
           let password = names.first(where: { $0.lowercased() == "password" }) {
            return .basic(username: user, password: password)
        }
        if !chosen.definitions(ofType: "basic").isEmpty, let password = secure.first {
            let textual = params.members.filter { ["string", "securestring"].contains(ChosenAuthentication.type(of: $0.value)) }
            if let user = textual.first(where: { $0.key != password })?.key {
                return .basic(username: user, password: password)
            }
        }

        // A key a policy sets: `setheader` / `setqueryparameter` for every operation, whose value
        // names a secure parameter: exactly `@connectionParameters('name')`, or inside other text.
        for policy in chosen.policies {
            let template = policy["templateId"]?.stringValue?.lowercased()
            guard template == "setheader" || template == "setqueryparameter", !ChosenAuthentication.isScoped(policy),
                  let p = policy["parameters"],
                  let name = p["x-ms-apimTemplateParameter.name"]?.stringValue, !name.isEmpty,
                  let value = p["x-ms-apimTemplateParameter.value"]?.stringValue?.trimmingWhitespace
            else { continue }
            let expression = PolicyTemplate(value)
            guard expression.isEvaluable, let parameter = expression.parameterNames.first(where: secure.contains) else { continue }
            let inQuery = template == "setqueryparameter"
            if expression.pieces == [.parameter(name: parameter, defaultValue: nil)] {
                return .apiKey(parameter: parameter, name: name, inQuery: inQuery)
            }
            return .apiKeyTemplate(parameter: parameter, name: name, inQuery: inQuery, template: value)
        }
        return .none
    }
}
