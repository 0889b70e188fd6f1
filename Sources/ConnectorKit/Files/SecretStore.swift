#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The OAuth client secrets a user chose to keep (§2.3, §5.1): one file per connector, mode 0600,
/// in a folder of mode 0700 under `$XDG_CONFIG_HOME/connector-wizard/secrets/` (default
/// `~/.config/…`) — never inside the connector folder, whose files go to git.
///
/// A connector is known by its per-connector redirect URL (stable across saves and copies, and
/// what its app registration points at) or, lacking one, by its absolute folder path. The file's
/// name is that key made safe (`RedirectURLMaker.encode`, shortened with a hash when long); the
/// file holds the key on its first line, so a shortened name can never hand over another
/// connector's secret, and the secret on the second.
public struct SecretStore: Sendable {
    /// The `secrets` folder.
    public var directory: String

    public init(directory: String) {
        self.directory = directory
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// Neither XDG_CONFIG_HOME nor HOME says where the user's config folder is.
        case noConfigFolder
        case io(FileSystem.Failure)

        public var description: String {
            switch self {
            case .noConfigFolder: "neither XDG_CONFIG_HOME nor HOME is set, so there is no per-user folder for the client secret"
            case .io(let f): "\(f.path): \(f.reason)"
            }
        }
    }

    /// The current user's store: `$XDG_CONFIG_HOME/connector-wizard/secrets` when that is an
    /// absolute path (as the XDG spec asks), else `$HOME/.config/connector-wizard/secrets`.
    public static func forCurrentUser(environment: (String) -> String? = SecretStore.environment) throws(Failure) -> SecretStore {
        guard let folder = FileSystem.userFolder("XDG_CONFIG_HOME", fallback: ".config", sub: "secrets",
                                                 environment: environment) else { throw .noConfigFolder }
        return SecretStore(directory: folder)
    }

    public static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    // MARK: Keys

    /// The key a connector's secret is kept under: its per-connector redirect URL (from the draft,
    /// or for an imported OAuth setting from the file), else the absolute path of its folder.
    /// The legacy shared URL is never a key: every connector using it would share one secret.
    public static func key(for document: ConnectorDocument, draft: ConnectorDraft? = nil) -> String {
        if let url = perConnectorRedirectURL(document: document, draft: draft ?? document.original) { return url }
        return absolutePath(document.folder)
    }

    static func perConnectorRedirectURL(document: ConnectorDocument, draft: ConnectorDraft?) -> String? {
        if let draft, draft.imported == nil {
            if case .perConnector(let url) = draft.redirect, !url.isEmpty { return url }
            return nil
        }
        // Imported authentication: the first OAuth setting with its own redirect URL.
        let props = document.apiProperties["properties"]
        var parameters: [JSONValue] = props?["connectionParameters"]?.objectValue?.members.map(\.value) ?? []
        for set in props?[path: ["connectionParameterSets", "values"]]?.arrayValue ?? [] {
            parameters += set["parameters"]?.objectValue?.members.map(\.value) ?? []
        }
        for p in parameters where (p["type"]?.stringValue ?? "").lowercased() == "oauthsetting" {
            let settings = p["oAuthSettings"] ?? p["oauthSettings"]
            if settings?["redirectMode"]?.stringValue?.lowercased() == "globalperconnector",
               let url = settings?["redirectUrl"]?.stringValue, !url.isEmpty,
               url.trimmingCharacters(in: "/") != RedirectURL.platformBase {
                return url
            }
        }
        return nil
    }

    /// `path` made absolute, symbolic links and `..` resolved when it exists.
    public static func absolutePath(_ path: String) -> String {
        let expanded = FileSystem.expandingTilde(path.isEmpty ? "." : path)
        if let resolved = realpath(expanded, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        if expanded.hasPrefix("/") { return expanded }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return expanded }
        let cwd = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return FileSystem.join(cwd, expanded.hasPrefix("./") ? String(expanded.dropFirst(2)) : expanded)
    }

    /// The file name for a key, made safe and one-to-one: a per-connector redirect URL gives
    /// `redirect-<encoded API name>` (already `[a-z0-9-]`); any other key `folder-` (a path) or
    /// `url-` followed by `RedirectURLMaker.encode(key)` (bytes outside `[a-z0-9]` as `-xx`). So no
    /// `/`, no dot file, no leading `-`, nothing a shell must quote. Beyond 200 bytes it keeps 180
    /// and adds a 64-bit FNV-1a hash of the whole key (the key inside the file settles any clash).
    public static func fileName(for key: String) -> String {
        let base = RedirectURL.platformBase + "/"
        let name: String
        if key.hasPrefix(base), case let rest = key.dropFirst(base.count),
           !rest.isEmpty, rest.utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }) {
            name = "redirect-" + rest
        } else {
            name = (key.hasPrefix("/") ? "folder-" : "url-") + RedirectURLMaker.encode(key)
        }
        guard name.utf8.count > 200 else { return name }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in key.utf8 {
            hash ^= UInt64(b)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(name.prefix(180)) + "-" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    public func path(for key: String) -> String {
        FileSystem.join(directory, Self.fileName(for: key))
    }

    // MARK: Load and save

    /// The secret kept for `key`, or nil when there is none (or the file is not this key's).
    public func load(_ key: String) -> Secret? {
        guard let bytes = try? FileSystem.read(path(for: key), limit: 1 << 20) else { return nil }
        let lines = bytes.split(separator: 0x0A, maxSplits: 1, omittingEmptySubsequences: false)
        guard lines.count == 2, String(decoding: lines[0], as: UTF8.self) == key else { return nil }
        var secret = Array(lines[1])
        if secret.last == 0x0A { secret.removeLast() }
        return Secret(String(decoding: secret, as: UTF8.self))
    }

    public func contains(_ key: String) -> Bool {
        load(key) != nil
    }

    /// Keeps `secret` for `key`: the folders are made with mode 0700 (and the `secrets` folder
    /// set to 0700 if it was wider), the file written atomically with mode 0600.
    public func save(_ secret: Secret, for key: String) throws(Failure) {
        do throws(FileSystem.Failure) {
            try FileSystem.makePrivateDirectories(directory)
            if chmod(directory, 0o700) != 0 { throw FileSystem.failure(directory) }
            let bytes = Array(key.utf8) + [0x0A] + Array(secret.reveal().utf8) + [0x0A]
            try FileSystem.writeAtomically(bytes, to: path(for: key), mode: 0o600)
        } catch {
            throw .io(error)
        }
    }

    /// Removes the secret kept for `key`; no error when there is none.
    public func remove(_ key: String) throws(Failure) {
        let p = path(for: key)
        if unlink(p) != 0 && errno != ENOENT { throw .io(FileSystem.failure(p)) }
    }
}
