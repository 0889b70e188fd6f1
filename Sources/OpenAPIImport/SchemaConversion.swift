import ConnectorKit

/// The formats the platform's schema allows (Swagger 2.0's and its own `date-no-tz`, `html`).
let platformFormats: Set<String> = [
    "int32", "int64", "float", "double", "byte", "binary", "date", "date-time", "password", "date-no-tz", "email", "html", "uri", "uuid",
]

/// The keywords a Swagger 2.0 schema may hold (the platform's schema and openapi-spec-validator
/// reject any other that does not start with `x-`).
let swagger2SchemaKeys: Set<String> = [
    "$ref", "format", "title", "description", "default", "multipleOf", "maximum", "exclusiveMaximum", "minimum",
    "exclusiveMinimum", "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "maxProperties",
    "minProperties", "required", "enum", "additionalProperties", "type", "items", "allOf", "properties",
    "discriminator", "readOnly", "xml", "externalDocs", "example",
]

extension OpenAPI3Converter {
    /// An OpenAPI 3.x schema as a Swagger 2.0 one: references to `components/schemas` point into
    /// `definitions`, other references are written out in place, and the keywords 2.0 lacks are
    /// carried as `x-` extensions (`nullable` as `x-nullable`), the ones it cannot hold said in
    /// the notes.
    mutating func schema(_ value: JSONValue, at place: String) throws(ImportFailure) -> JSONValue {
        switch value {
        case .bool(let b):
            // OpenAPI 3.1's `true` (anything) and `false` (nothing) schemas.
            if !b { notes.add("a `false` schema (no value allowed) cannot be held in Swagger 2.0 and accepts any value there", at: place) }
            return [:]
        case .object(let o):
            if let ref = o["$ref"]?.stringValue, !ref.hasPrefix(Self.schemasPrefix) {
                return try inlined(ref, at: place) { (c: inout OpenAPI3Converter, target) throws(ImportFailure) in
                    try c.schema(target, at: place)
                }
            }
            var out = JSONObject()
            for (key, member) in o.members {
                try convertKeyword(key, member, of: o, into: &out, at: place)
            }
            return .object(out)
        default:
            return value
        }
    }

    private mutating func convertKeyword(_ key: String, _ member: JSONValue, of o: JSONObject, into out: inout JSONObject,
                                         at place: String) throws(ImportFailure) {
        switch key {
        case "$ref":
            out["$ref"] = .string(Self.definitionsRef(member.stringValue ?? ""))
        case "properties":
            var props = JSONObject()
            for (name, sub) in member.objectValue?.members ?? [] { props[name] = try schema(sub, at: place) }
            out["properties"] = .object(props)
        case "items":
            out["items"] = try schema(member, at: place)
        case "additionalProperties":
            out["additionalProperties"] = member.boolValue != nil ? member : try schema(member, at: place)
        case "allOf":
            out["allOf"] = .array(try (member.arrayValue ?? []).map { (s) throws(ImportFailure) in try schema(s, at: place) })
        case "oneOf", "anyOf", "not":
            let kept: JSONValue = key == "not"
                ? try schema(member, at: place)
                : .array(try (member.arrayValue ?? []).map { (s) throws(ImportFailure) in try schema(s, at: place) })
            notes.add("`\(key)` cannot be held in Swagger 2.0: kept as `x-\(key)`, and the schema there takes any value", at: place)
            out["x-" + key] = kept
        case "nullable":
            if member.boolValue == true { out["x-nullable"] = true }
        case "type":
            if let types = member.arrayValue {
                // OpenAPI 3.1: `type: [string, "null"]` is a nullable string.
                let named = types.compactMap(\.stringValue)
                let real = named.filter { $0 != "null" }
                if named.contains("null") { out["x-nullable"] = true }
                if real.count == 1 {
                    out["type"] = .string(real[0])
                } else if !real.isEmpty {
                    notes.add("a schema of several types cannot be held in Swagger 2.0: kept as `x-type`, and the schema there takes any value", at: place)
                    out["x-type"] = member
                }
            } else if member.stringValue != "null" {
                out["type"] = member
            } else {
                out["x-nullable"] = true
            }
        case "discriminator":
            if let d = member.objectValue {
                if let name = d["propertyName"] { out["discriminator"] = name }
                if let mapping = d["mapping"]?.objectValue {
                    out["x-discriminator-mapping"] = .object(JSONObject(mapping.members.map { ($0.key, .string(Self.definitionsRef($0.value.stringValue ?? ""))) }))
                }
            } else {
                out["discriminator"] = member
            }
        case "exclusiveMinimum", "exclusiveMaximum":
            if case .number = member {
                // OpenAPI 3.1 (JSON Schema 2020-12) gives the bound itself.
                out[key == "exclusiveMinimum" ? "minimum" : "maximum"] = member
                out[key] = true
            } else {
                out[key] = member
            }
        case "const":
            out["enum"] = [member]
        case "examples":
            if let first = member.arrayValue?.first, o["example"] == nil { out["example"] = first }
        case "format":
            if let f = member.stringValue, !platformFormats.contains(f) {
                notes.add("formats the platform does not know were kept as `x-format`", at: f)
                out["x-format"] = member
            } else {
                out["format"] = member
            }
        case "prefixItems":
            notes.add("`prefixItems` (a tuple) cannot be held in Swagger 2.0: kept as `x-prefixItems`", at: place)
            out["x-prefixItems"] = member
        default:
            if swagger2SchemaKeys.contains(key) || key.hasPrefix("x-") {
                out[key] = member
            } else {
                out["x-" + key] = member
            }
        }
    }

    static let schemasPrefix = "#/components/schemas/"

    /// A reference into `components/schemas` as one into `definitions`; any other unchanged.
    static func definitionsRef(_ ref: String) -> String {
        ref.hasPrefix(schemasPrefix) ? "#/definitions/" + ref.dropFirst(schemasPrefix.count) : ref
    }

    /// The value `ref` leads to, converted by `convert`, with a sentence when references loop
    /// back into the one being written out.
    mutating func inlined(_ ref: String, at place: String,
                          _ convert: (inout OpenAPI3Converter, JSONValue) throws(ImportFailure) -> JSONValue) throws(ImportFailure) -> JSONValue {
        inlinedCount += 1
        if inlinedCount > 100_000 {
            throw ImportFailure("\(file.path): its references write out more than 100,000 values in place (references of references that never end)")
        }
        if inlining.contains(ref) {
            throw ImportFailure("\(file.place(ref, after: "$ref")): a $ref cycle: \((inlining + [ref]).joined(separator: " → ")) (only schemas under components/schemas may refer to themselves)")
        }
        let target = try references.resolve(ref)
        inlining.append(ref)
        defer { inlining.removeLast() }
        return try convert(&self, target)
    }

    /// The value behind any number of references (a parameter, a request body, a response, a
    /// header), or the value itself.
    func dereferenced(_ value: JSONValue) throws(ImportFailure) -> JSONValue {
        guard let ref = value["$ref"]?.stringValue else { return value }
        return try references.resolve(ref)
    }

    /// A schema for a parameter, a header or a form field: Swagger 2.0 gives these a primitive
    /// type (or an array of them) and the validation keywords, never a nested schema.
    mutating func primitive(_ raw: JSONValue?, at place: String, forForm: Bool = false, depth: Int = 0) throws(ImportFailure) -> JSONObject {
        var out = JSONObject()
        guard let raw else {
            out["type"] = "string"
            return out
        }
        guard depth < 8 else {
            // An array of arrays of itself, through references: no end to write out.
            notes.add("an array that holds itself cannot be a parameter in Swagger 2.0: its innermost items are strings there", at: place)
            out["type"] = "string"
            return out
        }
        var s = try dereferenced(raw)
        if s["type"] == nil, let parts = s["allOf"]?.arrayValue, parts.count == 1 { s = try dereferenced(parts[0]) }
        let converted = try schema(s, at: place)
        var type = converted["type"]?.stringValue
        if type == nil, let first = converted["enum"]?.arrayValue?.first {
            switch first {
            case .number(let n): type = n.contains(".") || n.contains("e") || n.contains("E") ? "number" : "integer"
            case .bool: type = "boolean"
            default: type = "string"
            }
        }
        switch type {
        case "object"?:
            notes.add("an object cannot be a parameter, header or form field in Swagger 2.0: it is a string there (its JSON)", at: place)
            out["type"] = "string"
        case "array"?:
            out["type"] = "array"
            out["items"] = .object(try primitive(s["items"] ?? ["type": "string"], at: place, depth: depth + 1))
        case let t?:
            out["type"] = .string(forForm && t == "string" && converted["format"]?.stringValue == "binary" ? "file" : t)
        case nil:
            out["type"] = "string"
        }
        let keep = ["format", "default", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength",
                    "pattern", "maxItems", "minItems", "uniqueItems", "enum", "multipleOf"]
        for key in keep {
            if out["type"]?.stringValue == "file", key == "format" { continue }
            if let v = converted[key] { out[key] = v }
        }
        for key in ["x-format", "x-nullable"] { if let v = converted[key] { out[key] = v } }
        return out
    }
}
