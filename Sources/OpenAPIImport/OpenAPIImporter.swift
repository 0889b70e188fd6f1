import ConnectorKit

/// A new connector from an OpenAPI 2.0, 3.0 or 3.1 description in JSON or YAML (§9): the
/// General tab from `info` and the first server (or `host`, `basePath`, `schemes`), the
/// Security tab from the security schemes, and the API definition: a 2.0 description as it is
/// (its bytes kept where nothing changes), a 3.x one converted to Swagger 2.0.
public enum OpenAPIImporter {
    /// The platform's limit on a connector's title.
    static let titleLimit = 30

    /// Reads and converts `path` into a connector to be saved in `folder`. Nothing is written.
    public static func load(_ path: String, folder: String, yaml: YAMLHelper = .besideExecutable) throws(ImportFailure) -> ImportedDescription {
        let file = try DescriptionFile.read(path, yaml: yaml)
        guard let root = file.value.objectValue else {
            throw ImportFailure("\(path) is not an OpenAPI description: it holds \(kind(of: file.value)), not an object with `openapi` or `swagger`")
        }
        let version: String
        let isV2: Bool
        if let v = root["openapi"] {
            version = text(of: v)
            guard version.hasPrefix("3.") else {
                throw ImportFailure("\(file.place("openapi")): OpenAPI \(version) is not read (OpenAPI 2.0, 3.0 and 3.1 are)")
            }
            isV2 = false
        } else if let v = root["swagger"] {
            version = text(of: v)
            guard version == "2.0" else {
                throw ImportFailure("\(file.place("swagger")): Swagger \(version) is not read (OpenAPI 2.0, 3.0 and 3.1 are)")
            }
            isV2 = true
        } else {
            throw ImportFailure("\(path) is not an OpenAPI description: it has neither `openapi` nor `swagger` at its top")
        }
        if root["paths"] != nil, root["paths"]?.objectValue == nil {
            throw ImportFailure("\(file.place("paths")): `paths` is not an object")
        }
        if isV2, root["paths"] == nil { throw ImportFailure("\(path) is not a Swagger 2.0 description: it has no `paths`") }
        let references = References(root: file.value, file: file)
        try references.checkAll()

        var draft = ConnectorDraft()
        var notes = Notes()
        for w in file.warnings { notes.add("read with a warning: \(w)") }
        general(root, isV2: isV2, into: &draft.general, notes: &notes)

        var document = ConnectorDocument.new(in: folder)
        let operationSecurity = operations(of: root).compactMap { $0["security"] }
        if isV2 {
            document.definition = file.value
            document.definitionFormat = file.format
            if !operationSecurity.filter({ $0.arrayValue?.isEmpty == false }).isEmpty {
                notes.add("\(operationSecurity.count) operations name security requirements of their own; they are kept as written, and the connection signs every call the same way")
            }
        } else {
            var converter = OpenAPI3Converter(file: file)
            document.definition = try converter.convert(topSecurity: root["security"])
            for line in converter.notes.lines { notes.add(line) }
        }
        let schemes = (isV2 ? root["securityDefinitions"] : root["components"]?["securitySchemes"])?.objectValue ?? JSONObject()
        var security = SecurityImport(schemes: schemes, notes: notes)
        security.apply(requirements: SecurityImport.requirements(top: root["security"], operations: operationSecurity), to: &draft)
        notes = security.notes

        let count = operations(of: document.definition.objectValue ?? JSONObject()).count
        let summary = "\(isV2 ? "Swagger" : "OpenAPI") \(version), " + "operation".counted(count)
        return ImportedDescription(document: document, draft: draft, notes: notes.lines, summary: summary)
    }

    /// Title, description, scheme, host and base URL.
    static func general(_ root: JSONObject, isV2: Bool, into g: inout GeneralSettings, notes: inout Notes) {
        let title = root["info"]?["title"]?.stringValue?.trimmingWhitespace ?? ""
        if title.count > titleLimit {
            let cut = String(title.prefix(titleLimit)).trimmingWhitespace
            notes.add("the title \"\(title)\" is longer than the \(titleLimit) characters a connector's title may have: cut to \"\(cut)\"")
            g.title = cut
        } else {
            g.title = title
        }
        if title.isEmpty { notes.add("the description has no title: give the connector one") }
        g.description = root["info"]?["description"]?.stringValue ?? ""

        var scheme: String?
        if isV2 {
            g.host = root["host"]?.stringValue ?? ""
            // Absent stays absent, as when a connector is opened (40 real ones have none).
            g.basePath = root["basePath"]?.stringValue
            let schemes = root["schemes"]?.arrayValue?.compactMap { $0.stringValue?.lowercased() } ?? []
            scheme = schemes.contains("https") ? "https" : schemes.first
            if schemes.count > 1 { notes.add("the connector uses one scheme, \(scheme ?? "https"), of \(schemes.joined(separator: ", "))") }
            if g.host.isEmpty { notes.add("the description has no host: give the connector's Host") }
        } else {
            let servers = (root["servers"]?.arrayValue ?? []).compactMap { ServerURL.url(of: $0) }
            if let first = servers.first {
                let parts = ServerURL.split(first)
                scheme = parts.scheme
                g.host = parts.host
                g.basePath = parts.basePath
                if parts.host.isEmpty { notes.add("the first server, \(first), names no host: give the connector's Host") }
                if servers.count > 1 {
                    notes.add("the connector calls the first server, \(first); a connector has one host, so these were left out: \(servers.dropFirst().joined(separator: ", "))")
                }
            } else {
                notes.add("the description names no server: give the connector's Host")
            }
        }
        switch scheme {
        case "http"?: g.scheme = .http
        case "https"?, nil: g.scheme = .https
        case let other?:
            g.scheme = .https
            notes.add("the server's scheme \(other) is not one a connector calls; HTTPS is used")
        }
    }

    /// Every operation of a description's paths (2.0 and 3.x name the same methods, and 3.x's
    /// `trace` is not one 2.0 has).
    static func operations(of root: JSONObject) -> [JSONValue] {
        var out: [JSONValue] = []
        for (path, item) in root["paths"]?.objectValue?.members ?? [] where !path.hasPrefix("x-") {
            for (key, op) in item.objectValue?.members ?? [] where OpenAPI3Converter.methods.contains(key) { out.append(op) }
        }
        return out
    }

    static func text(of value: JSONValue) -> String {
        switch value {
        case .string(let s): s
        case .number(let n): n
        default: "(\(kind(of: value)))"
        }
    }

    static func kind(of value: JSONValue) -> String {
        switch value {
        case .null: "nothing"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a text"
        case .array: "a list"
        case .object: "an object"
        }
    }
}

extension OpenAPIImporter {
    /// `load` as the wizard's Import asks for it: the description's path and the folder.
    public static func result(_ path: String, folder: String) -> Result<ImportedDescription, ImportFailure> {
        Result { () throws(ImportFailure) in try load(path, folder: folder) }
    }
}
