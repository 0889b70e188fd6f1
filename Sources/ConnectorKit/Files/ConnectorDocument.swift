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
    /// The files as they were read, by path (a hash of their bytes): a save first checks that
    /// nobody changed them since.
    public var readFingerprints: [String: UInt64] = [:]

    /// (A match, not `== nil`, which copies the whole draft to compare it.)
    public var isNew: Bool { if case .none = original { true } else { false } }

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
    ///
    /// `firstLook` reads only what a first frame shows: a swagger's deferred `paths` and
    /// `definitions` are skipped by their brackets, not checked, and no fingerprints are taken.
    /// Such a document is for showing until the full open has been made (the wizard makes it
    /// right after its first frame); it is never saved from or reported on, and a broken
    /// deferred member can go unnoticed in it.
    public static func open(_ folder: String, firstLook: Bool = false) throws(ConnectorReadError) -> ConnectorDocument {
        if !FileSystem.exists(folder) { return .new(in: folder) }
        guard FileSystem.isDirectory(folder) else {
            throw ConnectorReadError(path: folder, reason: "is a file, not a connector folder.")
        }
        let names: [String]
        do {
            names = try FileSystem.listing(folder)
        } catch {
            throw ConnectorReadError(path: folder, reason: "cannot be read: \(error.reason).")
        }
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
        let props = try readJSON(FileSystem.join(folder, propertiesFile), warnings: &doc.warnings,
                                 fingerprints: &doc.readFingerprints, firstLook: firstLook)
        let def = try readJSON(FileSystem.join(folder, definitionName), warnings: &doc.warnings,
                               fingerprints: &doc.readFingerprints, firstLook: firstLook)
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

    static func readJSON(_ path: String, warnings: inout [String], fingerprints: inout [String: UInt64],
                         firstLook: Bool = false) throws(ConnectorReadError) -> JSONReader.Result {
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.read(path)
        } catch {
            // "is a FIFO …", "is larger than …" read as they are; a system error after "cannot be read".
            throw ConnectorReadError(path: path, reason: error.reason.hasPrefix("is ") ? error.reason + "." : "cannot be read: \(error.reason).")
        }
        if !firstLook { fingerprints[path] = Fingerprint.of(bytes) }
        if let encoding = Fingerprint.wideEncoding(bytes) {
            throw ConnectorReadError(path: path, reason: "is \(encoding); connector files must be UTF-8.")
        }
        do {
            // `paths` and `definitions` are checked now but made into values only when used:
            // the wizard's first frame and `validate` need neither.
            let result = try JSONReader.read(bytes, keepSource: true, deferring: true, checkingDeferred: !firstLook)
            let name = path.split(separator: "/").last.map(String.init) ?? path
            warnings += result.warnings.map { "\(name) \($0)" }
            return result
        } catch {
            throw ConnectorReadError(path: path, reason: "is not valid JSON at line \(error.line), column \(error.column): \(error.message).")
        }
    }
}

/// What a save checks a file against, and what the reader says of a file that is not UTF-8.
enum Fingerprint {
    /// FNV-1a over eight bytes at a time (each step a bijection, so one changed word always
    /// changes the result), 64 bits: enough to tell that a file changed, not a security measure.
    /// Word by word because it runs over every file the wizard opens, the largest 1 MB.
    static func of(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { raw in
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            var i = 0
            while i + 8 <= raw.count {
                h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x0000_0100_0000_01B3
                h ^= h >> 32
                i += 8
            }
            while i < raw.count {
                h = (h ^ UInt64(raw[i])) &* 0x0000_0100_0000_01B3
                i += 1
            }
            return h ^ UInt64(raw.count)
        }
    }

    /// "UTF-16 (little-endian)" and the like, by byte-order mark or by the zero bytes ASCII text
    /// has in those encodings; nil for UTF-8 and for anything else.
    static func wideEncoding(_ b: [UInt8]) -> String? {
        if b.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return "UTF-32 (big-endian)" }
        if b.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return "UTF-32 (little-endian)" }
        if b.starts(with: [0xFE, 0xFF]) { return "UTF-16 (big-endian)" }
        if b.starts(with: [0xFF, 0xFE]) { return "UTF-16 (little-endian)" }
        guard b.count >= 4 else { return nil }
        switch (b[0] == 0, b[1] == 0, b[2] == 0, b[3] == 0) {
        case (true, true, true, false): return "UTF-32 (big-endian)"
        case (false, true, true, true): return "UTF-32 (little-endian)"
        case (true, false, true, false): return "UTF-16 (big-endian)"
        case (false, true, false, true): return "UTF-16 (little-endian)"
        default: return nil
        }
    }
}
