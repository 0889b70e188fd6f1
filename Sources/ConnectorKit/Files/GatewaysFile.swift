/// The gateways an end user has installed, for `Choose a gateway` (§5): one name a line in
/// `$XDG_CONFIG_HOME/connector-wizard/gateways` (default `~/.config/…`); `#` starts a comment.
public enum GatewaysFile {
    public static func path(environment: (String) -> String?) -> String? {
        FileSystem.userFolder("XDG_CONFIG_HOME", fallback: ".config", sub: "gateways", environment: environment)
    }

    public static func names(environment: (String) -> String?) -> [String] {
        guard let p = path(environment: environment), let bytes = try? FileSystem.read(p, limit: 1 << 20) else { return [] }
        return parse(String(decoding: bytes, as: UTF8.self))
    }

    public static func parse(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            let name = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let trimmed = String(name).trimmingCharacters(in: " \t\r")
            return trimmed.isEmpty ? nil : trimmed
        }
    }

    /// The gateways named on the command line, then the file's, each once.
    public static func merged(_ given: [String], environment: (String) -> String?) -> [String] {
        var seen: Set<String> = []
        return (given + names(environment: environment)).filter { seen.insert($0).inserted }
    }
}
