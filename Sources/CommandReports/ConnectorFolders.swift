import ConnectorKit

/// What the commands say of a connector folder, and what they read beside it: the client
/// secret this user keeps for it (`set --client-secret-stdin`).
public enum ConnectorFolders {
    /// `… does not exist` / `… holds no connector`.
    public static func noConnector(_ dir: String) -> String {
        FileSystem.exists(dir)
            ? "\(dir) holds no connector (no \(ConnectorDocument.propertiesFile) or \(ConnectorDocument.definitionFile))"
            : "\(dir) does not exist"
    }

    /// `path reason` reads as one sentence: `x/apiProperties.json is not valid JSON at line 3, …`.
    public static func sentence(_ error: ConnectorReadError) -> String {
        "\(error.path) \(error.reason)"
    }

    /// Puts the client secret kept for this user (if any) into the draft as read and the draft,
    /// so that what the maker stored counts as there (no "Client secret is empty" warning).
    public static func loadStoredSecret(into doc: inout ConnectorDocument) {
        guard var original = doc.original, original.authKind == .oauth2, original.imported == nil,
              let store = try? SecretStore.forCurrentUser(),
              let secret = store.load(SecretStore.key(for: doc)) else { return }
        original.oauth.clientSecret = secret
        doc.original = original
    }

    /// The OAuth client secret this user keeps for the connector (`set --client-secret-stdin`).
    public static func storedClientSecret(for document: ConnectorDocument) -> String? {
        guard let store = try? SecretStore.forCurrentUser() else { return nil }
        return store.load(SecretStore.key(for: document))?.reveal()
    }

    /// `(stored for this user)` / `(not stored)`.
    public static func secretIsStored(_ doc: ConnectorDocument) -> Bool {
        guard let store = try? SecretStore.forCurrentUser() else { return false }
        return store.contains(SecretStore.key(for: doc))
    }

    /// Whether the connector signs in with OAuth 2.0 (edited by the wizard, or imported).
    public static func usesOAuth(_ draft: ConnectorDraft, _ doc: ConnectorDocument) -> Bool {
        if draft.imported == nil { return draft.authKind == .oauth2 }
        let props = doc.apiProperties["properties"]
        var parameters = props?["connectionParameters"]?.objectValue?.members.map(\.value) ?? []
        for set in props?[path: ["connectionParameterSets", "values"]]?.arrayValue ?? [] {
            parameters += set["parameters"]?.objectValue?.members.map(\.value) ?? []
        }
        return parameters.contains { ($0["type"]?.stringValue ?? "").lowercased() == "oauthsetting" }
    }
}
