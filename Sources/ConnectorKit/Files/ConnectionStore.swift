#if canImport(Glibc)
import Glibc
#endif

/// Connections an end user asked to keep (`connect --save-connection`, §5.2): one JSON file per
/// connector, mode 0600, in a folder of mode 0700 under `$XDG_STATE_HOME/connector-wizard/
/// connections/` (default `~/.local/state/…`) — never in the connector folder, which goes to git.
public struct ConnectionStore: Sendable {
    public var directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// The current user's store: `$XDG_STATE_HOME` when absolute (as the XDG spec asks), else
    /// `$HOME/.local/state`.
    public static func forCurrentUser(environment: (String) -> String? = SecretStore.environment) throws(SecretStore.Failure) -> ConnectionStore {
        guard let folder = FileSystem.userFolder("XDG_STATE_HOME", fallback: ".local/state", sub: "connections",
                                                 environment: environment) else { throw .noConfigFolder }
        return ConnectionStore(directory: folder)
    }

    /// A created connection: what the end user entered, and the OAuth token when signed in.
    public struct Connection: Sendable {
        public var connector: String
        public var folder: String
        /// The chosen authentication type's name, with several types.
        public var authenticationType: String?
        /// Parameter name → value, secrets included (that is what keeping a connection means).
        public var parameters: [(name: String, value: String)]
        public var token: OAuthToken?

        public init(connector: String, folder: String, authenticationType: String?,
                    parameters: [(name: String, value: String)], token: OAuthToken?) {
            self.connector = connector
            self.folder = folder
            self.authenticationType = authenticationType
            self.parameters = parameters
            self.token = token
        }

        public var json: JSONValue {
            var o = JSONObject()
            o["connector"] = .string(connector)
            o["folder"] = .string(folder)
            if let authenticationType { o["authenticationType"] = .string(authenticationType) }
            o["parameters"] = .object(JSONObject(parameters.map { ($0.name, JSONValue.string($0.value)) }))
            if let token {
                var t = JSONObject()
                t["tokenType"] = .string(token.tokenType)
                t["accessToken"] = .string(token.accessToken)
                if let r = token.refreshToken { t["refreshToken"] = .string(r) }
                if let e = token.expiresAt { t["expiresAt"] = .number(String(e)) }
                if let s = token.scope { t["scope"] = .string(s) }
                o["token"] = .object(t)
            }
            return .object(o)
        }
    }

    /// The file a connector's connection goes to, named like the client secret's (§ SecretStore).
    public func path(for key: String) -> String {
        FileSystem.join(directory, SecretStore.fileName(for: key) + ".json")
    }

    /// Writes the connection atomically with mode 0600; returns the file's path.
    @discardableResult
    public func save(_ connection: Connection, for key: String) throws(SecretStore.Failure) -> String {
        let p = path(for: key)
        do throws(FileSystem.Failure) {
            try FileSystem.makePrivateDirectories(directory)
            if chmod(directory, 0o700) != 0 { throw FileSystem.failure(directory) }
            try FileSystem.writeAtomically(JSONWriter().bytes(connection.json) + [0x0A], to: p, mode: 0o600)
        } catch {
            throw .io(error)
        }
        return p
    }
}
