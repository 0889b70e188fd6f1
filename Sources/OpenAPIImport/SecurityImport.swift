import ConnectorKit

/// The Security tab from a description's security schemes (OpenAPI 3's
/// `components/securitySchemes`, Swagger 2.0's `securityDefinitions`) and the requirements that
/// name them. What the platform's connection cannot express becomes the closest type it can,
/// with a note that says what was left out and why.
struct SecurityImport {
    let schemes: JSONObject
    var notes: Notes

    /// The requirements that decide: the description's own, else those of its operations
    /// (each once), else none.
    static func requirements(top: JSONValue?, operations: [JSONValue]) -> [JSONObject] {
        if let top = top?.arrayValue { return top.compactMap(\.objectValue) }
        var out: [JSONObject] = []
        for list in operations {
            for r in list.arrayValue ?? [] {
                if let o = r.objectValue, !out.contains(o) { out.append(o) }
            }
        }
        return out
    }

    /// Sets the draft's authentication: one type, or several for the end user to choose from
    /// when the description offers alternatives.
    mutating func apply(requirements: [JSONObject], to draft: inout ConnectorDraft) {
        var alternatives: [(name: String, scopes: [String])] = []
        if requirements.isEmpty {
            guard let first = schemes.members.first else { return }
            if schemes.count > 1 {
                notes.add("no security requirement names a scheme, so the first one, \(first.key), is the connector's; left out: \(schemes.keys.dropFirst().joined(separator: ", "))")
            }
            alternatives = [(first.key, [])]
        }
        var anonymous = false
        for requirement in requirements {
            guard let first = requirement.members.first else {
                anonymous = true
                continue
            }
            if requirement.count > 1 {
                notes.add("the description asks for \(requirement.keys.joined(separator: " and ")) together; a connection holds one of them, so \(first.key) was kept and \(requirement.keys.dropFirst().joined(separator: ", ")) left out")
            }
            if !alternatives.contains(where: { $0.name == first.key }) {
                alternatives.append((first.key, (first.value.arrayValue ?? []).compactMap(\.stringValue)))
            }
        }
        let undefined = alternatives.map(\.name).filter { schemes[$0] == nil }
        if !undefined.isEmpty {
            alternatives.removeAll { schemes[$0.name] == nil }
            if alternatives.isEmpty, let first = schemes.members.first {
                alternatives = [(first.key, [])]
                notes.add("the security requirements name schemes that are not defined (\(undefined.joined(separator: ", "))), so the first defined one, \(first.key), is the connector's")
            } else {
                notes.add("the security requirements name schemes that are not defined, left out: \(undefined.joined(separator: ", "))")
            }
        }
        var types: [(name: String, settings: AuthSettings)] = []
        for alternative in alternatives {
            guard let scheme = schemes[alternative.name] else { continue }
            if let settings = settings(for: scheme, named: alternative.name, scopes: alternative.scopes) {
                types.append((alternative.name, settings))
            }
        }
        if anonymous, !types.isEmpty {
            notes.add("the description also allows calls without credentials; the connection always asks for them")
        }
        if types.count == 1 {
            draft.single = types[0].settings
        } else if types.count > 1 {
            let labels = types.map(\.settings.kind.label)
            draft.sets = types.enumerated().map { i, t in
                let label = labels.filter { $0 == t.settings.kind.label }.count > 1 ? "\(t.settings.kind.label) (\(t.name))" : t.settings.kind.label
                return AuthSet(name: t.name, displayName: label, description: schemes[t.name]?["description"]?.stringValue ?? "", settings: t.settings)
            }
            draft.selectedSet = 0
            notes.add("the description offers \(types.count) ways to authenticate (\(types.map(\.name).joined(separator: ", "))); end users choose one when they create a connection")
        }
    }

    /// One scheme as an authentication type; nil (with a note) when the platform cannot sign
    /// calls that way at all.
    mutating func settings(for scheme: JSONValue, named name: String, scopes: [String]) -> AuthSettings? {
        var a = AuthSettings()
        let type = scheme["type"]?.stringValue ?? ""
        switch type {
        case "apiKey":
            let location = scheme["in"]?.stringValue ?? ""
            guard let l = APIKeyLocation(rawValue: location) else {
                notes.add("\(name): an API key in a \(location.isEmpty ? "place not given" : location) cannot be sent by the platform (only in a header or the query); the connector has no authentication")
                return nil
            }
            a.kind = .apikey
            a.apiKey.location = l
            a.apiKey.name = scheme["name"]?.stringValue ?? a.apiKey.name
        case "basic":
            a.kind = .basic
        case "http":
            switch (scheme["scheme"]?.stringValue ?? "").lowercased() {
            case "basic":
                a.kind = .basic
            case "bearer":
                a.kind = .apikey
                a.apiKey.name = "Authorization"
                a.apiKey.label = "Bearer token"
                notes.add("\(name): HTTP bearer tokens without OAuth cannot be asked for by the platform; it is an API key in the Authorization header, and end users type `Bearer ` before their token")
            case let other:
                notes.add("\(name): HTTP \(other.isEmpty ? "without a scheme" : other) authentication cannot be sent by the platform; the connector has no authentication")
                return nil
            }
        case "oauth2":
            a.kind = .oauth2
            a.oauth.provider = OAuthProvider.generic.id
            oauth(scheme, named: name, scopes: scopes, into: &a.oauth)
        case "openIdConnect":
            a.kind = .oauth2
            a.oauth.provider = OAuthProvider.generic.id
            a.oauth.scope = (scopes.isEmpty ? ["openid"] : scopes).joined(separator: " ")
            let discovery = scheme["openIdConnectUrl"]?.stringValue ?? ""
            notes.add("\(name): OpenID Connect discovery is not read (no network here); the connector signs in with OAuth 2.0: fill in its Authorization and Token URLs from \(discovery.isEmpty ? "the provider's discovery document" : discovery)")
        default:
            notes.add("\(name): \(type.isEmpty ? "a scheme without a type" : "the scheme type \(type)") cannot be expressed by the platform; the connector has no authentication")
            return nil
        }
        return a
    }

    /// OAuth 2.0: the authorization-code flow (Swagger 2.0's `accessCode`) is what the platform
    /// signs in with; the others are said.
    mutating func oauth(_ scheme: JSONValue, named name: String, scopes: [String], into o: inout OAuth2Auth) {
        var flows: [(name: String, flow: JSONValue)] = []
        if let f = scheme["flows"]?.objectValue {
            flows = f.members.map { ($0.key, $0.value) }
        } else if let flow = scheme["flow"]?.stringValue {
            // Swagger 2.0: one flow, its URLs beside it.
            let names = ["accessCode": "authorizationCode", "application": "clientCredentials"]
            flows = [(names[flow] ?? flow, scheme)]
        }
        let code = flows.first { $0.name == "authorizationCode" }
        let chosen = code ?? flows.first
        if let chosen {
            o.authorizationUrl = chosen.flow["authorizationUrl"]?.stringValue ?? ""
            o.tokenUrl = chosen.flow["tokenUrl"]?.stringValue ?? ""
            o.refreshUrl = chosen.flow["refreshUrl"]?.stringValue ?? ""
            let all = chosen.flow["scopes"]?.objectValue?.keys ?? []
            o.scope = (scopes.isEmpty ? all : scopes).joined(separator: " ")
        }
        let others = flows.map(\.name).filter { $0 != chosen?.name }
        if code != nil {
            if !others.isEmpty { notes.add("\(name): the OAuth flows \(others.joined(separator: ", ")) were left out (the platform signs in with the authorization-code flow)") }
            return
        }
        switch chosen?.name {
        case "clientCredentials"?:
            notes.add("\(name): the description defines only the client-credentials flow, which a generic OAuth 2.0 connector cannot use (the platform signs users in with the authorization-code flow); the Token URL is filled in: add the Authorization URL, or choose another type")
        case let flow?:
            notes.add("\(name): the description defines only the \(flow) flow; the platform signs in with the authorization-code flow: check the Authorization and Token URLs")
        case nil:
            notes.add("\(name): an OAuth 2.0 scheme without flows; fill in the Authorization and Token URLs")
        }
    }
}
