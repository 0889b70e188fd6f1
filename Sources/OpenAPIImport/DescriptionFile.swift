import ConnectorKit

/// An API description as read from its file. JSON is read by the project's own reader, which
/// keeps where every value stood, so a Swagger 2.0 file's `paths` and `definitions` are written
/// back byte for byte; YAML is turned into JSON by `YAMLHelper` first.
struct DescriptionFile {
    /// The file's name as the maker gave it, for sentences.
    var path: String
    var value: JSONValue
    /// The bytes the value was read from, as JSON (the file itself, or the YAML helper's JSON).
    var format: FileFormat
    /// The file's own bytes, for finding the line of a value in sentences.
    var bytes: [UInt8]
    var isYAML: Bool
    /// What the lenient JSON reader accepted (a byte-order mark, trailing commas, …).
    var warnings: [String]

    /// No API description comes near this; a file past it is refused before it is read.
    static let sizeLimit = 32 << 20

    static func read(_ path: String, yaml: YAMLHelper) throws(ImportFailure) -> DescriptionFile {
        if FileSystem.isDirectory(path) { throw ImportFailure("\(path) is a folder, not an API description") }
        guard FileSystem.exists(path) else { throw ImportFailure("\(path) does not exist") }
        if let size = FileSystem.size(path), size > sizeLimit {
            throw ImportFailure("\(path) is too large to be an API description (\(size >> 20) MB; at most \(sizeLimit >> 20) MB are read)")
        }
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.read(path, limit: sizeLimit + 1)
        } catch {
            throw ImportFailure("\(path) cannot be read: \(error.reason)")
        }
        if bytes.count > sizeLimit {
            throw ImportFailure("\(path) is too large to be an API description (at most \(sizeLimit >> 20) MB are read)")
        }
        if looksLikeJSON(bytes) {
            do {
                let read = try JSONReader.read(bytes, keepSource: true)
                return DescriptionFile(path: path, value: read.value, format: format(of: read), bytes: bytes, isYAML: false,
                                       warnings: read.warnings.map(\.description))
            } catch {
                // JSON is YAML too: a file that is neither is named with its JSON error.
                guard let json = try? yaml.json(path), let read = try? JSONReader.read(json) else {
                    throw ImportFailure("\(path) is not valid JSON (nor YAML) at line \(error.line), column \(error.column): \(error.message)")
                }
                return DescriptionFile(path: path, value: read.value, format: FileFormat(), bytes: bytes, isYAML: true, warnings: [])
            }
        }
        let json: [UInt8]
        do {
            json = try yaml.json(path)
        } catch {
            switch error {
            case .notYAML(let where_):
                throw ImportFailure("\(path) is neither JSON nor YAML: \(where_)")
            case .unavailable(let why):
                throw ImportFailure("\(path) looks like YAML, which \(why)")
            }
        }
        do {
            let read = try JSONReader.read(json)
            return DescriptionFile(path: path, value: read.value, format: FileFormat(), bytes: bytes, isYAML: true, warnings: [])
        } catch {
            throw ImportFailure("\(path): the YAML reader gave JSON that cannot be read (\(error.description))")
        }
    }

    /// Whether the first thing in the file (after a byte-order mark and white space) opens a
    /// JSON object or array.
    static func looksLikeJSON(_ bytes: [UInt8]) -> Bool {
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
        return i < bytes.count && (bytes[i] == UInt8(ascii: "{") || bytes[i] == UInt8(ascii: "["))
    }

    static func format(of read: JSONReader.Result) -> FileFormat {
        var f = FileFormat()
        f.lineEnding = read.lineEnding
        f.indent = read.indent
        f.source = read.source
        return f
    }

    /// The line on which `text` first stands after `key` (e.g. a `$ref`'s target, or a key),
    /// searched in the file's own bytes; nil when it is not found as written.
    func line(of text: String, after key: String? = nil) -> Int? {
        let needle = Array(text.utf8)
        guard !needle.isEmpty, needle.count <= bytes.count else { return nil }
        let keyBytes = key.map { Array($0.utf8) }
        var line = 1
        var lineStart = 0
        var i = 0
        let first = needle[0]
        while i + needle.count <= bytes.count {
            let b = bytes[i]
            if b == 0x0A {
                line += 1
                lineStart = i + 1
            } else if b == first, bytes[i..<(i + needle.count)].elementsEqual(needle) {
                if let keyBytes {
                    if Self.contains(bytes[lineStart..<i], keyBytes) { return line }
                } else {
                    return line
                }
            }
            i += 1
        }
        return nil
    }

    private static func contains(_ hay: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        guard needle.count <= hay.count else { return false }
        var i = hay.startIndex
        while i + needle.count <= hay.endIndex {
            if hay[i..<(i + needle.count)].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }

    /// `path`, or `path, line N` when the line of `text` is found.
    func place(_ text: String, after key: String? = nil) -> String {
        line(of: text, after: key).map { "\(path), line \($0)" } ?? path
    }
}
