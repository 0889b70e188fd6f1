/// A connector folder as read: the two JSON documents as trees (so unknown fields, key order and
/// `paths` survive a save), how they were written (line endings), and the draft the wizard edits.
public struct ConnectorDocument: Sendable {
    public static let propertiesFile = "apiProperties.json"
    public static let definitionFile = "apiDefinition.swagger.json"

    public var folder: String
    public var apiProperties: JSONValue
    public var definition: JSONValue
    /// The swagger file's name as found (one real connector spells it `apidefinition.swagger.json`).
    public var definitionFileName: String
    /// How each file was laid out, so a save writes in the same style: line endings, indent,
    /// and the bytes it was read from (unchanged parts are written back as they were).
    public var propertiesFormat = FileFormat()
    public var definitionFormat = FileFormat()
    /// The draft as read; nil for a connector not saved yet. Saving compares against it so that
    /// only what the maker changed is written.
    public var original: ConnectorDraft?
    /// What the reader accepted but the maker should know (trailing commas, a BOM, …).
    public var warnings: [String] = []

    public var isNew: Bool { original == nil }

    /// A connector that does not exist yet, to be saved in `folder`.
    public static func new(in folder: String) -> ConnectorDocument {
        ConnectorDocument(folder: folder, apiProperties: Self.propertiesSkeleton, definition: Self.definitionSkeleton,
                          definitionFileName: definitionFile)
    }

    /// The shape of the platform's template (`templates/certified-connectors`).
    static var definitionSkeleton: JSONValue {
        [
            "swagger": "2.0",
            "info": ["title": "", "description": "", "version": "1.0"],
            "host": "",
            "basePath": "/",
            "schemes": ["https"],
            "consumes": [],
            "produces": [],
            "paths": [:],
            "definitions": [:],
            "parameters": [:],
            "responses": [:],
            "securityDefinitions": [:],
            "security": [],
            "tags": [],
        ]
    }

    static var propertiesSkeleton: JSONValue {
        ["properties": ["connectionParameters": [:], "iconBrandColor": "#007ee5", "capabilities": []]]
    }
}

/// How a JSON file was written, and what it held, for writing it back in its own style.
public struct FileFormat: Sendable {
    public var lineEnding = "\n"
    public var indent = "  "
    public var source: JSONSource?

    public init() {}

    init(_ read: JSONReader.Result) {
        lineEnding = read.lineEnding
        indent = read.indent
        source = read.source
    }

    /// The bytes to write for `value`.
    public func bytes(_ value: JSONValue) -> [UInt8] {
        JSONWriter(indent: indent, lineEnding: lineEnding).bytes(value, keeping: source)
    }
}

/// Why a connector folder could not be opened; one sentence naming the file.
public struct ConnectorReadError: Error, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}

extension ConnectorDocument {
    /// Opens `folder`: a missing or empty folder is a new connector to be saved there.
    public static func open(_ folder: String) throws(ConnectorReadError) -> ConnectorDocument {
        if !FileSystem.exists(folder) { return .new(in: folder) }
        guard FileSystem.isDirectory(folder) else {
            throw ConnectorReadError(path: folder, reason: "is a file, not a connector folder.")
        }
        let names = FileSystem.list(folder)
        let definitionName = names.first { $0.lowercased() == definitionFile.lowercased() }
        let hasProperties = names.contains(propertiesFile)
        if !hasProperties && definitionName == nil {
            if names.contains(where: { $0.hasSuffix(".json") }) {
                throw ConnectorReadError(path: folder, reason: "has JSON files but neither \(propertiesFile) nor \(definitionFile); is it a connector folder?")
            }
            return .new(in: folder)
        }
        guard hasProperties else {
            throw ConnectorReadError(path: FileSystem.join(folder, propertiesFile), reason: "is missing (the folder has \(definitionName!)).")
        }
        guard let definitionName else {
            throw ConnectorReadError(path: FileSystem.join(folder, definitionFile), reason: "is missing (the folder has \(propertiesFile)).")
        }
        var doc = ConnectorDocument(folder: folder, apiProperties: [:], definition: [:], definitionFileName: definitionName)
        let props = try readJSON(FileSystem.join(folder, propertiesFile), warnings: &doc.warnings)
        let def = try readJSON(FileSystem.join(folder, definitionName), warnings: &doc.warnings)
        guard props.value.objectValue != nil else {
            throw ConnectorReadError(path: FileSystem.join(folder, propertiesFile), reason: "is not a JSON object.")
        }
        guard def.value.objectValue != nil else {
            throw ConnectorReadError(path: FileSystem.join(folder, definitionName), reason: "is not a JSON object.")
        }
        doc.apiProperties = props.value
        doc.definition = def.value
        doc.propertiesFormat = FileFormat(props)
        doc.definitionFormat = FileFormat(def)
        var draft = ConnectorReader.draft(properties: props.value, definition: def.value)
        let icon = FileSystem.join(folder, "icon.png")
        if FileSystem.isRegularFile(icon) { draft.general.icon = icon }
        doc.original = draft
        return doc
    }

    static func readJSON(_ path: String, warnings: inout [String]) throws(ConnectorReadError) -> JSONReader.Result {
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.read(path)
        } catch {
            throw ConnectorReadError(path: path, reason: "cannot be read: \(error.reason).")
        }
        do {
            let result = try JSONReader.read(bytes, keepSource: true)
            let name = path.split(separator: "/").last.map(String.init) ?? path
            warnings += result.warnings.map { "\(name) \($0)" }
            return result
        } catch {
            throw ConnectorReadError(path: path, reason: "is not valid JSON at line \(error.line), column \(error.column): \(error.message).")
        }
    }
}
