import ConnectorKit

/// Themes as data: the built-in files of `Themes/` (embedded in the binary at build time) and
/// the user's own, found by name in `$XDG_CONFIG_HOME/connector-wizard/themes/NAME.json`.
///
/// A theme file is JSON: `name`, `description`, `colors` (each role `#rrggbb`, `default` for the
/// terminal's own colour, or `ansi:N` for one of the 16 ANSI colours) and optional `glyphs`.
/// A role or glyph it leaves out is the default theme's. The README describes the format.
public enum ThemeCatalog {
    /// The built-in themes, in the order `themes` lists them.
    public static let builtIn: [(name: String, bytes: [UInt8])] = [
        ("default", PackageResources.default_json),
        ("dark", PackageResources.dark_json),
        ("light", PackageResources.light_json),
        ("high-contrast", PackageResources.high_contrast_json),
        ("monochrome", PackageResources.monochrome_json),
        ("ansi", PackageResources.ansi_json),
    ]

    /// Why a theme could not be used; one sentence naming the file (and line).
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public var file: String
        public var line: Int?
        public var reason: String
        public var description: String {
            "\(file)\(line.map { " line \($0)" } ?? ""): \(reason)"
        }
    }

    /// The folder of the user's own themes.
    public static func userFolder(environment: (String) -> String?) -> String? {
        if let x = environment("XDG_CONFIG_HOME"), !x.isEmpty { return x + "/connector-wizard/themes" }
        if let h = environment("HOME"), !h.isEmpty { return h + "/.config/connector-wizard/themes" }
        return nil
    }

    /// The theme named `nameOrPath`: a path (with a `/` or ending in `.json`), a user theme, or a
    /// built-in one. On failure the default theme comes back with the reason, so the wizard
    /// still starts.
    public static func load(_ nameOrPath: String, environment: (String) -> String?) -> (theme: Theme, failure: Failure?) {
        do {
            return (try find(nameOrPath, environment: environment), nil)
        } catch {
            return (.default, error)
        }
    }

    public static func find(_ nameOrPath: String, environment: (String) -> String?) throws(Failure) -> Theme {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".json") {
            return try read(file: FileSystem.expandingTilde(nameOrPath))
        }
        if let folder = userFolder(environment: environment) {
            let path = folder + "/" + nameOrPath + ".json"
            if FileSystem.isRegularFile(path) { return try read(file: path) }
        }
        if let b = builtIn.first(where: { $0.name == nameOrPath.lowercased() }) {
            return b.name == "default" ? .default : try parse(b.bytes, file: "Themes/\(b.name).json")
        }
        let names = builtIn.map(\.name).joined(separator: ", ")
        throw Failure(file: nameOrPath, line: nil, reason: "no such theme (built in: \(names); or a path to a theme file)")
    }

    /// Whether `nameOrPath` names a theme file (a path, or a file in the user's folder): a
    /// failure to use it is then unreadable input rather than a wrong name.
    public static func namesAFile(_ nameOrPath: String, environment: (String) -> String?) -> Bool {
        nameOrPath.contains("/") || nameOrPath.hasSuffix(".json")
            || userFolder(environment: environment).map { FileSystem.exists($0 + "/" + nameOrPath + ".json") } ?? false
    }

    /// Every theme: the built-in ones, then the user's.
    public static func all(environment: (String) -> String?) -> [(name: String, theme: Theme?, failure: Failure?)] {
        var out: [(name: String, theme: Theme?, failure: Failure?)] = []
        for b in builtIn {
            do throws(Failure) {
                out.append((b.name, try find(b.name, environment: { _ in nil }), nil))
            } catch {
                out.append((b.name, nil, error))
            }
        }
        if let folder = userFolder(environment: environment) {
            for file in FileSystem.list(folder) where file.hasSuffix(".json") {
                let name = String(file.dropLast(5))
                do throws(Failure) {
                    out.append((name, try read(file: folder + "/" + file), nil))
                } catch {
                    out.append((name, nil, error))
                }
            }
        }
        return out
    }

    static func read(file: String) throws(Failure) -> Theme {
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.read(file, limit: 1 << 20)
        } catch {
            throw Failure(file: file, line: nil, reason: "cannot be read (\(error.reason))")
        }
        return try parse(bytes, file: file)
    }

    /// A theme from a file's bytes, over `base` (what it leaves out); `file` names it in errors.
    public static func parse(_ bytes: [UInt8], file: String, base: Theme = .default) throws(Failure) -> Theme {
        let doc: JSONValue
        do {
            doc = try JSONReader.read(bytes).value
        } catch {
            throw Failure(file: file, line: error.line, reason: "is not valid JSON (column \(error.column): \(error.message))")
        }
        guard let object = doc.objectValue else { throw Failure(file: file, line: nil, reason: "must hold a JSON object") }
        var theme = base
        theme.name = object["name"]?.stringValue ?? file
        theme.summary = object["description"]?.stringValue ?? ""
        for key in object.keys where !["name", "description", "colors", "glyphs", "$schema"].contains(key) {
            throw Failure(file: file, line: nil, reason: "has an unknown key \"\(key)\" (known: name, description, colors, glyphs)")
        }
        if let colors = object["colors"] {
            guard let c = colors.objectValue else { throw Failure(file: file, line: nil, reason: "\"colors\" must be an object") }
            for (role, value) in c.members {
                guard theme[role: role] != nil else {
                    throw Failure(file: file, line: nil, reason: "\"colors\" has an unknown role \"\(role)\" (roles: \(Theme.roleNames.joined(separator: ", ")))")
                }
                guard let text = value.stringValue, let color = parseColor(text) else {
                    throw Failure(file: file, line: nil, reason: "colour \"\(role)\" must be #rrggbb, default or ansi:0…15")
                }
                theme[role: role] = color
            }
        }
        if let glyphs = object["glyphs"] {
            guard let g = glyphs.objectValue else { throw Failure(file: file, line: nil, reason: "\"glyphs\" must be an object") }
            for (name, value) in g.members {
                guard theme.glyphs[named: name] != nil else {
                    throw Failure(file: file, line: nil, reason: "\"glyphs\" has an unknown glyph \"\(name)\" (glyphs: \(Theme.Glyphs.names.sorted().joined(separator: ", ")))")
                }
                guard let text = value.stringValue, !text.isEmpty, TextWidth.of(text) <= 3 else {
                    throw Failure(file: file, line: nil, reason: "glyph \"\(name)\" must be text of one to three cells")
                }
                theme.glyphs[named: name] = text
            }
        }
        return theme
    }

    static func parseColor(_ text: String) -> TermColor? {
        let t = text.lowercased()
        if t == "default" { return .terminalDefault }
        if t.hasPrefix("ansi:"), let n = UInt8(t.dropFirst(5)), n < 16 { return .ansi(n) }
        return RGB(hex: t).map { .rgb($0) }
    }
}
