import ConnectorKit

/// An OpenAPI 3.0 or 3.1 description as the Swagger 2.0 document the platform accepts: the paths
/// with their operations (`operationId`, `summary`, `description` kept), parameters in the path,
/// query and header, a request body as a `body` parameter or as `formData` fields, responses
/// with their schemas and headers, `components/schemas` as `definitions`. What 2.0 cannot hold
/// is said in the notes, one line for each kind.
struct OpenAPI3Converter {
    let file: DescriptionFile
    let references: References
    var notes = Notes()
    /// The references being written out, innermost last (a reference back into one of them is a cycle).
    var inlining: [String] = []
    /// How many references were written out in place, which bounds references that multiply.
    var inlinedCount = 0
    /// Operations without an `operationId`, which the platform needs for each action.
    var withoutOperationID: [String] = []

    static let methods = ["get", "put", "post", "delete", "options", "head", "patch"]

    init(file: DescriptionFile) {
        self.file = file
        references = References(root: file.value, file: file)
    }

    /// The Swagger 2.0 document, with the keys of the platform's template in its order; host,
    /// base path, schemes and security are the connector's, written by the connector's save.
    mutating func convert(topSecurity: JSONValue?) throws(ImportFailure) -> JSONValue {
        let doc = file.value
        var out = JSONObject()
        out["swagger"] = "2.0"
        out["info"] = .object(info(doc["info"]?.objectValue ?? JSONObject()))
        out["host"] = ""
        out["basePath"] = "/"
        out["schemes"] = ["https"]
        out["consumes"] = []
        out["produces"] = []
        var paths = JSONObject()
        for (path, item) in doc["paths"]?.objectValue?.members ?? [] {
            if path.hasPrefix("x-") {
                paths[path] = item
            } else {
                paths[path] = .object(try pathItem(item, path: path, topSecurity: topSecurity))
            }
        }
        out["paths"] = .object(paths)
        var definitions = JSONObject()
        for (name, s) in doc[path: ["components", "schemas"]]?.objectValue?.members ?? [] {
            definitions[name] = try schema(s, at: "components/schemas/\(name)")
        }
        out["definitions"] = .object(definitions)
        out["parameters"] = [:]
        out["responses"] = [:]
        out["securityDefinitions"] = [:]
        out["security"] = []
        var tags: [JSONValue] = []
        for tag in doc["tags"]?.arrayValue ?? [] {
            guard let t = tag.objectValue else { continue }
            tags.append(.object(JSONObject(t.members.filter { ["name", "description", "externalDocs"].contains($0.key) || $0.key.hasPrefix("x-") })))
        }
        out["tags"] = .array(tags)
        if let docs = doc["externalDocs"] { out["externalDocs"] = docs }
        for (key, value) in doc.objectValue?.members ?? [] where key.hasPrefix("x-") { out[key] = value }
        if let webhooks = doc["webhooks"]?.objectValue, !webhooks.isEmpty {
            notes.add("webhooks cannot be held in Swagger 2.0 and were left out", at: webhooks.keys.joined(separator: ", "))
        }
        if !withoutOperationID.isEmpty {
            notes.add("operations without an operationId (the platform needs one for each action; give them one before uploading)",
                      at: withoutOperationID.joined(separator: "; "))
        }
        return .object(out)
    }

    func info(_ i: JSONObject) -> JSONObject {
        var out = JSONObject()
        out["title"] = i["title"] ?? ""
        if let d = i["description"] { out["description"] = d }
        // `version: 1.0` in YAML is a number; Swagger 2.0 wants the text.
        switch i["version"] {
        case .number(let n)?: out["version"] = .string(n)
        case let v?: out["version"] = v
        case nil: out["version"] = "1.0"
        }
        if let t = i["termsOfService"] { out["termsOfService"] = t }
        if let c = i["contact"] { out["contact"] = c }
        if var l = i["license"]?.objectValue {
            if let id = l["identifier"] {
                l["identifier"] = nil
                l["x-identifier"] = id
            }
            out["license"] = .object(l)
        }
        if let s = i["summary"] { out["x-summary"] = s }
        for m in i.members where m.key.hasPrefix("x-") { out[m.key] = m.value }
        return out
    }

    // MARK: paths and operations

    mutating func pathItem(_ raw: JSONValue, path: String, topSecurity: JSONValue?) throws(ImportFailure) -> JSONObject {
        var item = raw.objectValue ?? JSONObject()
        if let ref = item["$ref"]?.stringValue {
            // A path item taken from elsewhere: its own members win over the referenced ones.
            var target = try references.resolve(ref).objectValue ?? JSONObject()
            for m in item.members where m.key != "$ref" { target[m.key] = m.value }
            item = target
        }
        var out = JSONObject()
        for (key, value) in item.members {
            switch key {
            case "parameters":
                out["parameters"] = .array(try parameters(value, at: path))
            case _ where Self.methods.contains(key):
                out[key] = .object(try operation(value, method: key, path: path, pathItem: item, topSecurity: topSecurity))
            case "trace":
                notes.add("TRACE operations cannot be held in Swagger 2.0 and were left out", at: path)
            case "servers":
                otherServers(value, at: path)
            case "summary", "description":
                out["x-" + key] = value
            default:
                if key.hasPrefix("x-") { out[key] = value }
            }
        }
        return out
    }

    /// Servers of a path or an operation that differ from the connector's one host.
    mutating func otherServers(_ value: JSONValue, at place: String) {
        let urls = (value.arrayValue ?? []).compactMap { ServerURL.url(of: $0) }
        if let mainURL, urls.allSatisfy({ $0 == mainURL }) { return }
        if urls.isEmpty { return }
        notes.add("servers of their own cannot be held (a connector has one host); they were left out", at: "\(place) (\(urls.joined(separator: ", ")))")
    }

    /// The first server's URL, which the connector's host and base path come from.
    var mainURL: String? {
        file.value["servers"]?.arrayValue?.first.flatMap { ServerURL.url(of: $0) }
    }

    mutating func operation(_ raw: JSONValue, method: String, path: String, pathItem: JSONObject,
                            topSecurity: JSONValue?) throws(ImportFailure) -> JSONObject {
        let op = raw.objectValue ?? JSONObject()
        let place = "\(method.uppercased()) \(path)"
        var out = JSONObject()
        var params = try parameters(op["parameters"] ?? [], at: place)
        var consumes: [String] = []
        if let body = op["requestBody"] {
            let (bodyParams, types) = try requestBody(body, at: place, name: op["x-codegen-request-body-name"]?.stringValue)
            params += bodyParams
            consumes = types
        }
        var produces: [String] = []
        var responses = JSONObject()
        for (code, response) in op["responses"]?.objectValue?.members ?? [] {
            if code.hasPrefix("x-") {
                responses[code] = response
                continue
            }
            guard code == "default" || (code.count == 3 && code.allSatisfy(\.isNumber)) else {
                notes.add("response ranges such as `2XX` cannot be held in Swagger 2.0 and were left out", at: "\(place) \(code)")
                continue
            }
            let (converted, types) = try self.response(response, at: "\(place) \(code)")
            responses[code] = .object(converted)
            for t in types where !produces.contains(t) { produces.append(t) }
        }
        if responses.members.allSatisfy({ $0.key.hasPrefix("x-") }) { responses["default"] = ["description": ""] }
        for (key, value) in op.members {
            switch key {
            case "tags", "summary", "description", "externalDocs", "operationId", "deprecated":
                out[key] = value
            case "parameters":
                if !params.isEmpty { out["parameters"] = .array(params) }
            case "requestBody":
                if out["parameters"] == nil, !params.isEmpty { out["parameters"] = .array(params) }
                if !consumes.isEmpty { out["consumes"] = .array(consumes.map { .string($0) }) }
            case "responses":
                if !produces.isEmpty { out["produces"] = .array(produces.map { .string($0) }) }
                out["responses"] = .object(responses)
            case "callbacks":
                notes.add("callbacks cannot be held in Swagger 2.0 and were left out", at: place)
            case "servers":
                otherServers(value, at: place)
            case "security":
                // A connection signs every call the same way: a requirement of the operation's
                // own cannot be kept, except none at all (`[]`), which 2.0 holds as it is.
                if value.arrayValue?.isEmpty == true {
                    out["security"] = []
                } else if value != topSecurity {
                    notes.add("security requirements of their own cannot be kept (the connection signs every call the same way); they were left out", at: place)
                }
            default:
                if key.hasPrefix("x-"), key != "x-codegen-request-body-name" { out[key] = value }
            }
        }
        if out["responses"] == nil { out["responses"] = .object(responses) }
        if out["parameters"] == nil, !params.isEmpty { out["parameters"] = .array(params) }
        if op["operationId"] == nil { withoutOperationID.append(place) }
        return out
    }

    // MARK: parameters

    mutating func parameters(_ list: JSONValue, at place: String) throws(ImportFailure) -> [JSONValue] {
        var out: [JSONValue] = []
        for raw in list.arrayValue ?? [] {
            let p = try dereferenced(raw)
            guard let name = p["name"]?.stringValue, let location = p["in"]?.stringValue else { continue }
            let at = "\(place) `\(name)`"
            if location == "cookie" {
                notes.add("cookie parameters cannot be held in Swagger 2.0 and were left out", at: at)
                continue
            }
            var param = JSONObject()
            param["name"] = .string(name)
            param["in"] = .string(location)
            if let d = p["description"] { param["description"] = d }
            if location == "path" {
                param["required"] = true
            } else if let r = p["required"] {
                param["required"] = r
            }
            var schema = p["schema"]
            if schema == nil, let content = p["content"]?.objectValue, let first = content.members.first {
                schema = first.value["schema"]
                if content.count > 1 { notes.add("a parameter in several content types keeps the first (\(first.key))", at: at) }
            }
            let primitive = try primitive(schema, at: at)
            for m in primitive.members { param[m.key] = m.value }
            if primitive["type"]?.stringValue == "array" {
                param["collectionFormat"] = .string(collectionFormat(p, location: location))
            }
            if location == "query", let empty = p["allowEmptyValue"] { param["allowEmptyValue"] = empty }
            if p["style"]?.stringValue == "deepObject" {
                notes.add("deepObject query parameters cannot be held in Swagger 2.0: they are strings there", at: at)
            }
            if let example = p["example"] ?? schema?["example"] { param["x-example"] = example }
            if let deprecated = p["deprecated"] { param["x-deprecated"] = deprecated }
            for m in p.objectValue?.members ?? [] where m.key.hasPrefix("x-") { param[m.key] = m.value }
            out.append(.object(param))
        }
        return out
    }

    /// OpenAPI 3's `style` and `explode` as Swagger 2.0's `collectionFormat`.
    func collectionFormat(_ p: JSONValue, location: String) -> String {
        let style = p["style"]?.stringValue ?? (location == "query" ? "form" : "simple")
        let explode = p["explode"]?.boolValue ?? (style == "form")
        switch style {
        case "form": return explode && location == "query" ? "multi" : "csv"
        case "spaceDelimited": return "ssv"
        case "pipeDelimited": return "pipes"
        default: return "csv"
        }
    }

    // MARK: request bodies

    static func isForm(_ type: String) -> Bool {
        let t = type.lowercased()
        return t.hasPrefix("application/x-www-form-urlencoded") || t.hasPrefix("multipart/form-data")
    }

    /// A request body as Swagger 2.0 parameters (one `body`, or a `formData` field per property)
    /// and the content types it is sent in.
    mutating func requestBody(_ raw: JSONValue, at place: String, name: String?) throws(ImportFailure) -> ([JSONValue], [String]) {
        let body = try dereferenced(raw)
        let content = body["content"]?.objectValue ?? JSONObject()
        guard let first = content.members.first else { return ([], []) }
        // Swagger 2.0 has one body schema for all its content types: those with the first one's
        // schema (and of the same kind, form or not) are kept.
        var types: [String] = []
        var dropped: [String] = []
        for (type, media) in content.members {
            if media["schema"] == first.value["schema"], Self.isForm(type) == Self.isForm(first.key) {
                types.append(type)
            } else {
                dropped.append(type)
            }
        }
        if !dropped.isEmpty {
            notes.add("a request body in content types with different schemas cannot be held in Swagger 2.0: \(first.key) was kept", at: "\(place) (left out: \(dropped.joined(separator: ", ")))")
        }
        if !(first.value["encoding"]?.objectValue?.isEmpty ?? true) {
            notes.add("the encoding of form fields cannot be held in Swagger 2.0 and was left out", at: place)
        }
        let required = body["required"]?.boolValue ?? false
        if Self.isForm(first.key) {
            return (try formFields(first.value["schema"], at: place), types)
        }
        var param = JSONObject()
        param["name"] = .string(name ?? "body")
        param["in"] = "body"
        if let d = body["description"] { param["description"] = d }
        param["required"] = .bool(required)
        param["schema"] = try first.value["schema"].map { (s) throws(ImportFailure) in try schema(s, at: "\(place) request body") } ?? [:]
        return ([.object(param)], types)
    }

    /// The properties of a form's schema as `formData` parameters.
    mutating func formFields(_ raw: JSONValue?, at place: String) throws(ImportFailure) -> [JSONValue] {
        guard let raw else { return [] }
        var properties = JSONObject()
        var required: Set<String> = []
        var parts = [try dereferenced(raw)]
        var seen = 0
        while let s = parts.popLast() {
            // `allOf` that leads back to itself adds nothing new after a while.
            seen += 1
            if seen > 256 { break }
            for m in s["properties"]?.objectValue?.members ?? [] where properties[m.key] == nil { properties[m.key] = m.value }
            for r in s["required"]?.arrayValue ?? [] { if let n = r.stringValue { required.insert(n) } }
            for p in (s["allOf"]?.arrayValue ?? []).reversed() { parts.append(try dereferenced(p)) }
        }
        var out: [JSONValue] = []
        for (name, propertySchema) in properties.members {
            var param = JSONObject()
            param["name"] = .string(name)
            param["in"] = "formData"
            let property = try dereferenced(propertySchema)
            if let d = property["description"] { param["description"] = d }
            param["required"] = .bool(required.contains(name))
            for m in try primitive(property, at: "\(place) form field `\(name)`", forForm: true).members { param[m.key] = m.value }
            if param["type"]?.stringValue == "array" { param["collectionFormat"] = "multi" }
            for m in property.objectValue?.members ?? [] where m.key.hasPrefix("x-") && param[m.key] == nil { param[m.key] = m.value }
            out.append(.object(param))
        }
        return out
    }

    // MARK: responses

    mutating func response(_ raw: JSONValue, at place: String) throws(ImportFailure) -> (JSONObject, [String]) {
        let r = try dereferenced(raw)
        var out = JSONObject()
        out["description"] = r["description"] ?? ""
        var types: [String] = []
        if let content = r["content"]?.objectValue, let first = content.members.first(where: { $0.value["schema"] != nil }) ?? content.members.first {
            var dropped: [String] = []
            for (type, media) in content.members {
                if media["schema"] == first.value["schema"] || media["schema"] == nil { types.append(type) } else { dropped.append(type) }
            }
            if !dropped.isEmpty {
                notes.add("a response in content types with different schemas cannot be held in Swagger 2.0: the first was kept", at: "\(place) (left out: \(dropped.joined(separator: ", ")))")
            }
            if let s = first.value["schema"] { out["schema"] = try schema(s, at: place) }
            var examples = JSONObject()
            for (type, media) in content.members where types.contains(type) {
                if let e = media["example"] {
                    examples[type] = e
                } else if let e = media["examples"]?.objectValue?.members.first?.value, let value = try dereferenced(e)["value"] {
                    examples[type] = value
                }
            }
            if !examples.isEmpty { out["examples"] = .object(examples) }
        }
        if let headers = r["headers"]?.objectValue, !headers.isEmpty {
            var outHeaders = JSONObject()
            for (name, rawHeader) in headers.members {
                let h = try dereferenced(rawHeader)
                var header = try primitive(h["schema"], at: "\(place) header `\(name)`")
                if header["type"]?.stringValue == "array" { header["collectionFormat"] = "csv" }
                if let d = h["description"] { header.set("description", d, after: "type") }
                outHeaders[name] = .object(header)
            }
            out["headers"] = .object(outHeaders)
        }
        if let links = r["links"]?.objectValue, !links.isEmpty {
            notes.add("links cannot be held in Swagger 2.0 and were left out", at: "\(place) (\(links.keys.joined(separator: ", ")))")
        }
        for m in r.objectValue?.members ?? [] where m.key.hasPrefix("x-") { out[m.key] = m.value }
        return (out, types)
    }
}
