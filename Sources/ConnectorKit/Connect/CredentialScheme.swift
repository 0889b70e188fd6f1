/// How the platform applies a connection's credentials to each request (§5.2), read from the
/// files: the chosen authentication type's connection parameters, the swagger's security
/// definitions and, for connectors that apply a key by policy, the policy templates.
/// Holds parameter names, never values.
public enum CredentialScheme: Equatable, Sendable {
    /// No credentials (also: credentials the wizard cannot apply, such as a key a policy
    /// wraps in other text).
    case none
    /// `Authorization: Basic`, from the values of these two parameters.
    case basic(username: String, password: String)
    /// A key sent as header `name` or query parameter `name`; `parameter` is the `securestring`
    /// connection parameter holding it.
    case apiKey(parameter: String, name: String, inQuery: Bool)
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

        // A key a policy sets as it is: `setheader` / `setqueryparameter` whose value is exactly
        // `@connectionParameters('name')` of a secure parameter, for every operation.
        for policy in chosen.policies {
            let template = policy["templateId"]?.stringValue?.lowercased()
            guard template == "setheader" || template == "setqueryparameter",
                  let p = policy["parameters"], p["x-ms-apimTemplate-operationName"] == nil,
                  let name = p["x-ms-apimTemplateParameter.name"]?.stringValue, !name.isEmpty,
                  let value = p["x-ms-apimTemplateParameter.value"]?.stringValue,
                  let parameter = connectionParameterReference(value), secure.contains(parameter)
            else { continue }
            return .apiKey(parameter: parameter, name: name, inQuery: template == "setqueryparameter")
        }
        return .none
    }

    /// `p` for a policy value that is exactly `@connectionParameters('p')` (or with double quotes).
    static func connectionParameterReference(_ value: String) -> String? {
        let v = value.trimmingWhitespace
        for quote in ["'", "\""] {
            let head = "@connectionParameters(" + quote, tail = quote + ")"
            if v.hasPrefix(head), v.hasSuffix(tail), v.count > head.count + tail.count {
                let name = v.dropFirst(head.count).dropLast(tail.count)
                if !name.contains(quote.first!) { return String(name) }
            }
        }
        return nil
    }
}
