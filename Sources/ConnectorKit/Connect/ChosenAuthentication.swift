/// The part of a connector's files that one authentication type uses: its connection parameters
/// (the chosen `connectionParameterSets` value's, or `connectionParameters`) and the swagger
/// security definitions that go with them. Sign-in, credentials and test calls read only this.
struct ChosenAuthentication {
    var parameters: JSONObject
    /// With sets, the definition named after the chosen set when there is one (as real
    /// connectors and the wizard write them), else all of them.
    var definitions: [(key: String, value: JSONValue)]
    /// `policyTemplateInstances`: some connectors apply a key with a policy, not a definition.
    var policies: [JSONValue]
    /// The swagger's top-level `security` requirements: the names of definitions, in order.
    var requirements: [String]

    /// `properties` is apiProperties.json (its `properties` object is looked into); `set` is an
    /// index into `connectionParameterSets.values`, clamped as the prompt clamps it (nil: the first).
    init(properties: JSONValue, definition: JSONValue, set: Int?) {
        let props = properties["properties"] ?? properties
        let all = definition["securityDefinitions"]?.objectValue?.members ?? []
        policies = props["policyTemplateInstances"]?.arrayValue ?? []
        requirements = (definition["security"]?.arrayValue ?? []).flatMap { $0.objectValue?.keys ?? [] }
        if let values = props["connectionParameterSets"]?["values"]?.arrayValue, !values.isEmpty {
            let chosen = values[min(max(0, set ?? 0), values.count - 1)]
            parameters = chosen["parameters"]?.objectValue ?? JSONObject()
            let own = chosen["name"]?.stringValue.map { n in all.filter { $0.key.lowercased() == n.lowercased() } } ?? []
            definitions = own.isEmpty ? all : own
        } else {
            parameters = props["connectionParameters"]?.objectValue ?? JSONObject()
            definitions = all
        }
    }

    /// The first parameter of a type (case-insensitive: files write `oauthSetting` and `oAuthSetting`).
    func firstParameter(ofType type: String) -> (key: String, value: JSONValue)? {
        parameters.members.first { Self.type(of: $0.value) == type.lowercased() }
    }

    /// The security definitions of a swagger `type` (`apiKey`, `basic`, `oauth2`).
    func definitions(ofType type: String) -> [(key: String, value: JSONValue)] {
        definitions.filter { ($0.value["type"]?.stringValue ?? "").lowercased() == type.lowercased() }
    }

    /// A policy for some operations only: its `x-ms-apimTemplate-operationName` lists any (a
    /// non-empty array, or a name).
    static func isScoped(_ policy: JSONValue) -> Bool {
        guard let names = policy[path: ["parameters", "x-ms-apimTemplate-operationName"]] else { return false }
        if let list = names.arrayValue { return !list.isEmpty }
        return !(names.stringValue?.trimmingWhitespace.isEmpty ?? true)
    }

    /// What the connection prompt calls a parameter: its `uiDefinition.displayName`, else its name.
    func displayName(of name: String) -> String {
        let shown = parameters[name]?[path: ["uiDefinition", "displayName"]]?.stringValue?.trimmingWhitespace ?? ""
        return shown.isEmpty ? name : shown
    }

    /// A parameter's type, lower-cased (`string` when absent).
    static func type(of parameter: JSONValue) -> String {
        parameter["type"]?.stringValue?.lowercased() ?? "string"
    }
}
