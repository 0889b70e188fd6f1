/// The dialog an end user meets when creating a connection to a connector (§5), built only from
/// the connector's files — so it works for every real connector, not only ones made here.
///
/// No interaction and no sign-in: this is what the dialog shows, in the order the end user meets it.
public struct ConnectionPrompt: Equatable, Sendable {
    /// The swagger's `info.title` (the folder's name when the swagger has none).
    public var title: String
    /// `properties.iconBrandColor` as written (e.g. `#da3b01`), or nil.
    public var iconBrandColor: String?
    /// The visible fields, in `tabIndex` order; with several authentication types the first is
    /// the choice of type (`isSetChoice`), followed by the chosen type's fields.
    public var fields: [Field]
    /// The `Sign in` button of an OAuth connector.
    public var signIn: SignIn?
    /// The buttons at the bottom: `Create` and `Cancel`.
    public var buttons: [String] = ["Create", "Cancel"]
    /// The chosen authentication type's position in `connectionParameterSets.values`, or nil
    /// when the connector has none.
    public var chosenSet: Int?

    /// What the gateway choice says when no gateway is installed.
    public static let noGatewayText = "No on-premises data gateway is installed"
    /// The label of a `gatewaySetting` parameter's choice.
    public static let gatewayLabel = "Choose a gateway"
    /// The name of the set choice field.
    public static let setChoiceName = "connectionParameterSet"

    /// A choice's option: the value the connection gets (`id`) and the text shown.
    public typealias Option = ChoiceOption

    public enum Kind: Equatable, Sendable {
        /// Text (`string`, `int` and anything else typed in).
        case text
        /// `securestring`: masked unless `clearText` is true.
        case secure(masked: Bool)
        /// `bool`.
        case checkbox
        /// `allowedValues` (or the authentication types).
        case choice([Option])
        /// A `gatewaySetting` parameter: the gateways installed (names), possibly none.
        case gateway([String])
    }

    public struct Field: Equatable, Sendable {
        /// The parameter's name (`username`, `api_key`), or `setChoiceName` for the set choice.
        public var name: String
        public var label: String
        public var description: String
        public var tooltip: String
        public var required: Bool
        public var kind: Kind
        /// `defaultValue` as text (for the set choice: the chosen set's name).
        public var defaultValue: String?
        public var tabIndex: Int?

        public var isSetChoice: Bool { name == ConnectionPrompt.setChoiceName }

        /// The option a choice shows before the end user picks one: the default, else the first.
        public var selectedOption: Option? {
            guard case .choice(let options) = kind else { return nil }
            return options.first { $0.id == defaultValue } ?? options.first
        }

        /// The options a choice or the gateway choice offers, as the end user reads them.
        public var optionLabels: [String] {
            switch kind {
            case .choice(let options): return options.map(\.label)
            case .gateway(let names): return names
            default: return []
            }
        }
    }

    public struct SignIn: Equatable, Sendable {
        /// The `oauthSetting` parameter's name (usually `token`).
        public var parameter: String
        /// `oAuthSettings.identityProvider` as written (`aad`, `oauth2`, …).
        public var identityProvider: String
        /// The provider as the end user knows it (`Azure Active Directory`, `GitHub`).
        public var providerName: String
        /// The button's text.
        public var label = "Sign in"
    }

    public init(title: String, iconBrandColor: String?, fields: [Field], signIn: SignIn?, chosenSet: Int?) {
        self.title = title
        self.iconBrandColor = iconBrandColor
        self.fields = fields
        self.signIn = signIn
        self.chosenSet = chosenSet
    }

    /// The prompt of an opened connector.
    public init(document: ConnectorDocument, gateways: [String] = [], set: Int = 0) {
        let fallback = document.folder.split(separator: "/").last.map(String.init) ?? "Connector"
        self.init(properties: document.apiProperties, definition: document.definition, gateways: gateways, set: set,
                  fallbackTitle: fallback)
    }

    /// The prompt from the two files' JSON: `apiProperties.json` and the swagger.
    /// `set` picks the authentication type shown (clamped to the ones there are).
    /// `values`: what the end user has chosen so far, for the fields that depend on it (a
    /// service principal's client ID, secret and tenant appear once it is chosen).
    public init(properties: JSONValue, definition: JSONValue, gateways: [String] = [], set: Int = 0,
                fallbackTitle: String = "Connector", values: [String: String] = [:]) {
        let title = definition[path: ["info", "title"]]?.stringValue ?? ""
        self.title = title.isEmpty ? fallbackTitle : title
        let props = properties["properties"]
        iconBrandColor = props?["iconBrandColor"]?.stringValue
        var fields: [Field] = []
        var parameters: JSONObject?
        if let sets = props?["connectionParameterSets"], let values = sets["values"]?.arrayValue, !values.isEmpty {
            let chosen = min(max(0, set), values.count - 1)
            chosenSet = chosen
            let options = values.enumerated().map { i, v in
                let name = v["name"]?.stringValue ?? "set\(i + 1)"
                return Option(id: name, label: Self.text(v[path: ["uiDefinition", "displayName"]]) ?? name)
            }
            let ui = sets["uiDefinition"]
            fields.append(Field(name: Self.setChoiceName,
                                label: Self.text(ui?["displayName"]) ?? "Authentication Type",
                                description: Self.text(ui?["description"]) ?? "",
                                tooltip: Self.text(values[chosen][path: ["uiDefinition", "description"]]) ?? "",
                                required: true, kind: .choice(options), defaultValue: options[chosen].id,
                                tabIndex: nil))
            parameters = values[chosen]["parameters"]?.objectValue
        } else {
            chosenSet = nil
            parameters = props?["connectionParameters"]?.objectValue
        }

        var own: [Field] = []
        var signIn: SignIn?
        for (name, p) in parameters?.members ?? [] {
            let type = p["type"]?.stringValue?.lowercased() ?? "string"
            let ui = p["uiDefinition"]
            let constraints = ui?["constraints"]
            if type == "oauthsetting" {
                if signIn == nil {
                    let settings = p[anyCase: "oAuthSettings"]
                    let idp = settings?["identityProvider"]?.stringValue ?? "oauth2"
                    let auth = settings?[path: ["customParameters", "authorizationUrl", "value"]]?.stringValue ?? ""
                    signIn = SignIn(parameter: name, identityProvider: idp,
                                    providerName: Self.providerName(idp, authorizationURL: auth))
                }
                continue
            }
            if Self.isTrue(constraints?["hidden"]) { continue }
            let kind: Kind
            let allowed = constraints?["allowedValues"]?.arrayValue ?? p["allowedValues"]?.arrayValue
            if type == "gatewaysetting" {
                kind = .gateway(gateways)
            } else if let allowed, !allowed.isEmpty {
                kind = .choice(allowed.compactMap { v in
                    guard let value = Self.text(v["value"]) ?? Self.text(v) else { return nil }
                    let label = Self.text(v["text"]) ?? Self.text(v[path: ["uiDefinition", "displayName"]]) ?? value
                    return Option(id: value, label: label)
                })
            } else if type == "securestring" {
                kind = .secure(masked: !Self.isTrue(constraints?["clearText"]))
            } else if type == "bool" {
                kind = .checkbox
            } else {
                kind = .text
            }
            let isGateway = type == "gatewaysetting"
            let label = Self.text(ui?["displayName"]) ?? (isGateway ? Self.gatewayLabel : name)
            let description = Self.text(ui?["description"]) ?? Self.text(ui?[path: ["schema", "description"]]) ?? ""
            own.append(Field(name: name, label: isGateway ? Self.gatewayLabel : label, description: description,
                             tooltip: Self.text(ui?["tooltip"]) ?? "", required: Self.isTrue(constraints?["required"]),
                             kind: kind, defaultValue: Self.text(p["defaultValue"]),
                             tabIndex: Self.int(constraints?["tabIndex"])))
        }
        // tabIndex order; parameters without one after, in file order (a stable sort).
        let ordered = own.enumerated().sorted { a, b in
            switch (a.element.tabIndex, b.element.tabIndex) {
            case let (x?, y?): return x != y ? x < y : a.offset < b.offset
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a.offset < b.offset
            }
        }.map(\.element)
        self.fields = fields + Self.servicePrincipalFields(parameters, signIn: signIn, values: values) + ordered
        self.signIn = signIn
    }

    /// The name of the choice between signing in and a service principal (§5.1).
    public static let grantTypeName = "token:grantType"

    /// An Azure AD type with Service Principal support carries a hidden `token:grantType` that
    /// allows `client_credentials`, and hidden `token:clientId`, `token:clientSecret` and
    /// `token:TenantId`: the platform shows the end user a choice between signing in and a
    /// service principal, and for the latter asks for those three.
    static func servicePrincipalFields(_ parameters: JSONObject?, signIn: SignIn?, values: [String: String]) -> [Field] {
        guard let signIn, let parameters,
              let grant = parameters.members.first(where: { $0.key.lowercased() == grantTypeName.lowercased() }) else { return [] }
        let allowed = (grant.value["allowedValues"]?.arrayValue ?? [])
            + (grant.value[path: ["uiDefinition", "constraints", "allowedValues"]]?.arrayValue ?? [])
        guard allowed.contains(where: { $0["value"]?.stringValue == "client_credentials" }),
              isTrue(grant.value[path: ["uiDefinition", "constraints", "hidden"]]) else { return [] }
        var fields = [Field(name: grant.key, label: "Connect with",
                            description: "Sign in as an end user, or connect as a service principal (an app's client ID and secret).",
                            tooltip: "", required: true,
                            kind: .choice([Option(id: "code", label: "Sign in with \(signIn.providerName)"),
                                           Option(id: "client_credentials", label: "Service principal")]),
                            defaultValue: "code", tabIndex: nil)]
        guard values[grant.key] == "client_credentials" else { return fields }
        for (name, label, secure) in [("token:clientId", "Client ID", false), ("token:clientSecret", "Client secret", true),
                                      ("token:TenantId", "Tenant ID", false)] {
            guard let p = parameters.members.first(where: { $0.key.lowercased() == name.lowercased() }) else { continue }
            let ui = p.value["uiDefinition"]
            fields.append(Field(name: p.key, label: text(ui?["displayName"]) ?? label,
                                description: text(ui?["description"]) ?? "", tooltip: text(ui?["tooltip"]) ?? "",
                                required: true, kind: secure ? .secure(masked: true) : .text, defaultValue: nil, tabIndex: nil))
        }
        return fields
    }

    /// The prompt as plain text: the title, then each field as `Label *` (required) with its
    /// description and options indented under it, then the buttons.
    public var text: String {
        var lines = [title, ""]
        for f in fields {
            lines.append(f.label + (f.required ? " *" : ""))
            if !f.description.isEmpty { lines.append("  " + f.description) }
            switch f.kind {
            case .choice(let options):
                let selected = f.selectedOption
                for o in options { lines.append("  - " + o.label + (o == selected ? " (selected)" : "")) }
            case .gateway(let names):
                if names.isEmpty { lines.append("  " + Self.noGatewayText + ".") }
                for (i, n) in names.enumerated() { lines.append("  - " + n + (i == 0 ? " (selected)" : "")) }
            default:
                break
            }
        }
        if let signIn { lines.append("[\(signIn.label)] with \(signIn.providerName)") }
        lines.append(buttons.map { "[\($0)]" }.joined(separator: " "))
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - Reading loosely typed values

    /// A string, number or boolean as text; nil for anything else or an empty string.
    static func text(_ v: JSONValue?) -> String? {
        switch v {
        case .string(let s)?: return s.isEmpty ? nil : s
        case .number(let n)?: return n
        case .bool(let b)?: return b ? "true" : "false"
        default: return nil
        }
    }

    /// `"true"` or `true` (connectors write both).
    static func isTrue(_ v: JSONValue?) -> Bool {
        switch v {
        case .bool(let b)?: return b
        case .string(let s)?: return s.lowercased() == "true"
        default: return false
        }
    }

    static func int(_ v: JSONValue?) -> Int? {
        switch v {
        case .number?: return v?.intValue
        case .string(let s)?: return Int(s.filter { $0 != " " })
        default: return nil
        }
    }

    static func providerName(_ identityProvider: String, authorizationURL: String) -> String {
        if let p = OAuthProvider.matching(identityProvider: identityProvider, authorizationURL: authorizationURL) {
            return p.displayName
        }
        let known = ["oauth2generic": "Generic OAuth 2", "aadcertificate": "Azure Active Directory (certificate)",
                     "microsoftaccount": "Microsoft Account", "linkedinv2": "LinkedIn", "docusign": "DocuSign"]
        if let name = known[identityProvider.lowercased()] { return name }
        return OAuthProvider.named(identityProvider)?.displayName ?? identityProvider
    }
}
