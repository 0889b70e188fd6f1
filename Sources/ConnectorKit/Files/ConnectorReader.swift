/// Understands a connector's two documents as the wizard's draft: the General values and the
/// authentication type with its labels. Shapes the wizard writes are read back into editable
/// forms; anything else is kept as `ImportedAuth`, shown read-only and never rewritten.
public enum ConnectorReader {
    public static func draft(properties: JSONValue, definition: JSONValue) -> ConnectorDraft {
        var d = ConnectorDraft()
        let props = properties["properties"] ?? [:]
        d.general = general(props: props, definition: definition)
        readAuthentication(into: &d, props: props, definition: definition)
        return d
    }

    static func general(props: JSONValue, definition: JSONValue) -> GeneralSettings {
        var g = GeneralSettings()
        g.title = definition[path: ["info", "title"]]?.stringValue ?? ""
        g.description = definition[path: ["info", "description"]]?.stringValue ?? ""
        g.host = definition["host"]?.stringValue ?? ""
        g.basePath = definition["basePath"]?.stringValue
        let schemes = definition["schemes"]?.arrayValue?.compactMap(\.stringValue).map { $0.lowercased() } ?? []
        g.scheme = schemes.contains("https") || schemes.isEmpty ? .https : .http
        g.iconBrandColor = props["iconBrandColor"]?.stringValue ?? ""
        let caps = props["capabilities"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let params = props["connectionParameters"]?.objectValue?.members ?? []
        g.gateway = caps.contains("gateway") || params.contains { $0.value["type"]?.stringValue == "gatewaySetting" }
        return g
    }

    static func readAuthentication(into d: inout ConnectorDraft, props: JSONValue, definition: JSONValue) {
        if let sets = props["connectionParameterSets"]?.objectValue {
            readSets(sets, into: &d, definition: definition)
            return
        }
        let params = props["connectionParameters"]?.objectValue ?? JSONObject()
        let visible = params.members.filter { $0.value[path: ["uiDefinition", "constraints", "hidden"]]?.stringValue != "true" }
        let secdefs = definition["securityDefinitions"]?.objectValue?.members ?? []

        // OAuth 2.0
        if let token = params.members.first(where: { ($0.value["type"]?.stringValue ?? "").lowercased() == "oauthsetting" }) {
            readOAuth(into: &d, parameter: token.value, key: token.key, otherParameters: params.count - 1, secdefs: secdefs)
            if d.authKind == .oauth2, d.oauth.template.isAAD { d.oauth.servicePrincipal = offersServicePrincipal(params) }
            return
        }
        // Gateway (Windows, Basic or anonymous through a gateway)
        if params.members.contains(where: { $0.value["type"]?.stringValue == "gatewaySetting" }) {
            let auth = params["authType"]
            let value = auth?["allowedValues"]?.arrayValue?.first?["value"]?.stringValue?.lowercased()
                ?? auth?[path: ["uiDefinition", "constraints", "allowedValues"]]?.arrayValue?.first?["value"]?.stringValue?.lowercased()
            switch value {
            case "windows": d.authKind = .windows
            case "basic":
                d.authKind = .basic
                readBasicLabels(into: &d, params)
            case "none", "anonymous", nil:
                d.authKind = .none
            default:
                d.imported = ImportedAuth(summary: "Gateway (\(value!))", details: ["A gateway connector with authentication type \(value!); kept as it is."])
            }
            return
        }
        if visible.isEmpty && params.isEmpty {
            if secdefs.isEmpty {
                d.authKind = .none
            } else {
                let kinds = secdefs.compactMap { $0.value["type"]?.stringValue }
                d.imported = ImportedAuth(summary: "Defined in the API definition only",
                                          details: ["The API definition declares \(kinds.joined(separator: ", ")) security but apiProperties.json has no connection parameters; kept as it is."])
            }
            return
        }
        // Basic: a user name and a password parameter with a basic security definition.
        let basicDef = secdefs.first { $0.value["type"]?.stringValue == "basic" }
        if params.count == 2, params["username"] != nil, params["password"] != nil, basicDef != nil {
            d.authKind = .basic
            readBasicLabels(into: &d, params)
            return
        }
        // API key: one secure parameter with an apiKey security definition.
        let apiKeyDefs = secdefs.filter { $0.value["type"]?.stringValue == "apiKey" }
        if params.count == 1, let p = params.members.first, p.value["type"]?.stringValue == "securestring",
           apiKeyDefs.count == 1, let def = apiKeyDefs.first {
            d.authKind = .apikey
            d.apiKey.label = p.value[path: ["uiDefinition", "displayName"]]?.stringValue ?? ""
            d.apiKey.name = def.value["name"]?.stringValue ?? ""
            d.apiKey.location = def.value["in"]?.stringValue?.lowercased() == "query" ? .query : .header
            return
        }
        var why = "Connection parameters "
        for (i, p) in params.members.enumerated() {
            why += (i == 0 ? "" : ", ") + "\(p.key) (\(p.value["type"]?.stringValue ?? "?"))"
        }
        if secdefs.isEmpty {
            why += " with no security definition: the credentials are applied by a policy."
        } else {
            why += " that do not match one authentication type of the wizard."
        }
        d.imported = ImportedAuth(summary: "Custom parameters", details: [why + " Kept as they are."])
    }

    /// Several types: each set read like a connector of its own (its parameters, and the
    /// security definition named after it). When every set is a shape the wizard edits they
    /// become editable types; otherwise the whole is kept as it is.
    static func readSets(_ sets: JSONObject, into d: inout ConnectorDraft, definition: JSONValue) {
        let values = sets["values"]?.arrayValue ?? []
        let allDefinitions = definition["securityDefinitions"]?.objectValue ?? JSONObject()
        var read: [AuthSet] = []
        var redirect: RedirectURL?
        for value in values {
            let name = value["name"]?.stringValue ?? ""
            var one = ConnectorDraft()
            var def = definition
            let own = allDefinitions[name].map { JSONObject([(name, $0)]) } ?? allDefinitions
            def["securityDefinitions"] = .object(own)
            readAuthentication(into: &one, props: ["connectionParameters": value["parameters"] ?? [:]], definition: def)
            guard one.imported == nil, !d.general.gateway, !name.isEmpty else { read = []; break }
            if one.single.kind == .oauth2 {
                if let r = redirect, r != one.redirect { read = []; break }
                redirect = one.redirect
            }
            read.append(AuthSet(name: name, displayName: value[path: ["uiDefinition", "displayName"]]?.stringValue ?? name,
                                description: value[path: ["uiDefinition", "description"]]?.stringValue ?? "",
                                settings: one.single))
        }
        if read.count >= 2, read.count == values.count {
            d.sets = read
            if let redirect { d.redirect = redirect }
            return
        }
        let names = values.compactMap { $0[path: ["uiDefinition", "displayName"]]?.stringValue }
        d.imported = ImportedAuth(
            summary: "Several types (\(names.count))",
            details: ["The connector offers several authentication types: \(names.joined(separator: ", ")). Not all of them are shapes the wizard edits, so they are kept as they are."])
    }

    /// An imported identity provider's settings as they are shown: the provider, client ID,
    /// scopes, each custom parameter (URLs, URL templates, tenant…) and the redirect URL. A
    /// parameter whose name says it holds a secret is named, its value never shown.
    static func importedSettings(_ settings: JSONValue) -> [ImportedAuth.Setting] {
        /// Other JSON than text on one line, as compact as it is written.
        func json(_ v: JSONValue) -> String {
            JSONWriter(indent: "", lineEnding: " ").string(v).split(whereSeparator: \.isNewline).joined(separator: " ")
                .trimmingCharacters(in: " ")
        }
        func text(_ v: JSONValue?) -> String? {
            guard let v else { return nil }
            if let s = v.stringValue { return s }
            if let a = v.arrayValue { return a.map { $0.stringValue ?? json($0) }.joined(separator: " ") }
            if case .null = v { return nil }
            return json(v)
        }
        var out: [ImportedAuth.Setting] = []
        func add(_ name: String, _ label: String, _ value: String?) {
            out.append(.init(name: name, label: label, value: value.map { $0.isEmpty ? "(empty)" : $0 } ?? "(none)"))
        }
        add("identityProvider", "Identity provider", text(settings["identityProvider"]))
        let clientKey = ["clientId", "clientID", "ClientId"].first { settings[$0] != nil } ?? "clientId"
        add(clientKey, "Client ID", text(settings[clientKey]))
        add("scopes", "Scope", text(settings["scopes"]))
        for (name, parameter) in settings["customParameters"]?.objectValue?.members ?? [] {
            let value = text(parameter["value"]) ?? text(parameter)
            add(name, customParameterLabel(name), isSecretName(name) ? "(kept, not shown)" : value)
        }
        if settings["redirectMode"] != nil || settings["redirectUrl"] != nil {
            add("redirectUrl", "Redirect URL", text(settings["redirectUrl"]))
            add("redirectMode", "Redirect mode", text(settings["redirectMode"]))
        }
        return out
    }

    /// The wizard's words for the custom parameters real connectors carry; others by their name.
    static func customParameterLabel(_ name: String) -> String {
        let known: [String: String] = [
            "authorizationurl": "Authorization URL", "tokenurl": "Token URL", "refreshurl": "Refresh URL",
            "authorizationurltemplate": "Authorization template", "tokenurltemplate": "Token URL template",
            "refreshurltemplate": "Refresh URL template",
            "authorizationurlquerystringtemplate": "Authorization query template",
            "tokenbodytemplate": "Token body template", "refreshbodytemplate": "Refresh body template",
            "loginuri": "Login URL", "tenantid": "Tenant ID", "resourceuri": "Resource URL",
        ]
        return known[name.lowercased()] ?? name
    }

    /// A name that says its value is a credential (`clientSecret`, `password`, `apiKey`, …).
    static func isSecretName(_ name: String) -> Bool {
        let n = name.lowercased()
        return ["secret", "password", "apikey", "api_key", "privatekey", "certificate", "pfx"].contains { n.contains($0) }
    }

    static func readBasicLabels(into d: inout ConnectorDraft, _ params: JSONObject) {
        d.basic.usernameLabel = params["username"]?[path: ["uiDefinition", "displayName"]]?.stringValue ?? ""
        d.basic.passwordLabel = params["password"]?[path: ["uiDefinition", "displayName"]]?.stringValue ?? ""
    }

    /// Whether the parameters let end users choose the client-credentials grant: a
    /// `token:grantType` whose allowed values include `client_credentials`.
    static func offersServicePrincipal(_ params: JSONObject) -> Bool {
        guard let grant = params.members.first(where: { $0.key.lowercased() == "token:granttype" })?.value else { return false }
        let allowed = (grant["allowedValues"]?.arrayValue ?? []) + (grant[path: ["uiDefinition", "constraints", "allowedValues"]]?.arrayValue ?? [])
        return allowed.contains { $0["value"]?.stringValue == "client_credentials" }
    }

    static func readOAuth(into d: inout ConnectorDraft, parameter: JSONValue, key: String, otherParameters: Int,
                          secdefs: [(key: String, value: JSONValue)]) {
        let settings = parameter["oAuthSettings"] ?? parameter["oauthSettings"] ?? [:]
        let idp = settings["identityProvider"]?.stringValue ?? ""
        let custom = settings["customParameters"]?.objectValue ?? JSONObject()
        func customValue(_ names: String...) -> String? {
            for n in names {
                if let v = custom.members.first(where: { $0.key.lowercased() == n.lowercased() })?.value["value"]?.stringValue { return v }
            }
            return nil
        }
        let authURL = customValue("authorizationUrl") ?? ""
        let editable = key == "token" && (parameter["oAuthSettings"] != nil)
            && ["oauth2", "aad", "facebook"].contains(idp)
        guard editable, let template = OAuthProvider.matching(identityProvider: idp, authorizationURL: authURL) else {
            d.imported = ImportedAuth(
                summary: "OAuth 2.0 (\(idp.isEmpty ? "unknown" : idp))",
                details: ["Identity provider \(idp.isEmpty ? "(none)" : idp) is not one the wizard edits: its settings are shown as found and kept exactly."],
                settings: importedSettings(settings))
            return
        }
        d.authKind = .oauth2
        var o = OAuth2Auth()
        o.provider = template.id
        o.clientId = (settings["clientId"] ?? settings["clientID"] ?? settings["ClientId"])?.stringValue ?? ""
        o.scope = settings["scopes"]?.arrayValue?.compactMap(\.stringValue).joined(separator: " ") ?? ""
        if template.makerFillsURLs {
            o.authorizationUrl = authURL
            o.tokenUrl = customValue("tokenUrl") ?? ""
            o.refreshUrl = customValue("refreshUrl") ?? ""
            if o.refreshUrl == o.tokenUrl { o.refreshUrl = "" }
        }
        if template.isAAD {
            o.loginUrl = customValue("loginUri") ?? o.loginUrl
            o.tenantId = customValue("tenantId") ?? o.tenantId
            o.resourceUrl = customValue("resourceUri") ?? ""
            let obo = customValue("enableOnbehalfOfLogin")?.lowercased()
            o.onBehalfOf = obo == "true" || settings[path: ["properties", "IsOnbehalfofLoginSupported"]]?.boolValue == true && obo == nil
        }
        d.oauth = o
        let mode = settings["redirectMode"]?.stringValue
        let url = settings["redirectUrl"]?.stringValue
        switch mode {
        case "GlobalPerConnector":
            d.redirect = url.map { .perConnector($0) } ?? .other(mode: "GlobalPerConnector", url: nil)
        case "Global", nil:
            d.redirect = .legacyGlobal(url ?? RedirectURL.platformBase, updateToUnique: false)
        case let m?:
            d.redirect = .other(mode: m, url: url)
        }
    }
}
