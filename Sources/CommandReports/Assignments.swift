import ConnectorKit

/// `key=value` arguments of `new` and `set` (§8). The keys are the raw values of `FieldID`, and
/// every value goes through `ConnectorDraft.setValue(_:of:)`, as the form's fields do.
public struct Assignment: Equatable, Sendable {
    public var field: FieldID
    public var value: String

    public init(field: FieldID, value: String) {
        self.field = field
        self.value = value
    }
}

public enum Assignments {
    /// The keys the command line takes: every field but the client secret (never an argument:
    /// it would stay in the shell history) and the redirect URL (made by the save).
    public static let keys: [FieldID] = FieldID.allCases.filter { $0 != .oauthClientSecret && $0 != .redirectUrl }

    public static var keyList: String { keys.map(\.rawValue).joined(separator: ", ") }

    /// For `--help`.
    public static let help = """
        Settings as key=value (split at the first =), applied in order. Keys: \
        \(keys.map(\.rawValue).joined(separator: ", ")). Choices take their id or label \
        (auth: none, basic, apikey, oauth2, windows; oauth.provider: \
        \(OAuthProvider.all.map(\.id).joined(separator: ", "))); checkboxes take true/false. \
        With several authentication types, auth.set=N (from 1, as the wizard and show number them, \
        or the type's display name) picks the one the keys after it change. \
        A whole URL as host= also sets scheme and basePath.
        """

    /// A usage error: one sentence, exit 2.
    public struct Failure: Error {
        public var message: String
    }

    public static func parse(_ arguments: [String]) throws(Failure) -> [Assignment] {
        var list: [Assignment] = []
        for argument in arguments {
            guard let eq = argument.firstIndex(of: "=") else {
                // Not echoed in full: a mistyped argument may be a secret.
                throw Failure(message: "\"\(argument.prefix(40))\" is not a key=value setting (e.g. title=Contoso Invoicing); keys: \(keyList)")
            }
            let key = String(argument[..<eq])
            let value = String(argument[argument.index(after: eq)...])
            list.append(Assignment(field: try field(named: key), value: value))
        }
        return list
    }

    public static func field(named key: String) throws(Failure) -> FieldID {
        let match = FieldID(rawValue: key) ?? FieldID.allCases.first { $0.rawValue.lowercased() == key.lowercased() }
        if match == .oauthClientSecret || key.lowercased().hasSuffix("secret") {
            throw Failure(message: "\(key) is not taken as an argument (a secret would stay in the shell history); pipe it to --client-secret-stdin instead")
        }
        guard let match, keys.contains(match) else {
            if match == .redirectUrl {
                throw Failure(message: "oauth.redirectUrl is made when the connector is saved and cannot be set")
            }
            throw Failure(message: "unknown key \"\(key)\"; valid keys are \(keyList)")
        }
        return match
    }

    /// Sets each value on the draft, then checks that every Security key applies to the
    /// authentication type and provider the draft ends up with (a value for a field the form
    /// does not show would be silently kept and never written).
    public static func apply(_ list: [Assignment], to draft: inout ConnectorDraft) throws(Failure) {
        for a in list {
            if a.field == .host, draft.splitURLIntoHost(a.value) { continue }
            do {
                try draft.setValue(a.value, of: a.field)
            } catch {
                if case .readOnly(.auth) = error, let imported = draft.imported {
                    throw Failure(message: "auth is read-only for this connector: \(imported.summary) is kept exactly as found")
                }
                if case .readOnly(let f) = error, f == .authSet || f == .authSetName {
                    let what = f == .authSet ? "chooses which of several authentication types the keys after it change"
                        : "renames one of several authentication types"
                    let why = draft.imported.map { ": its authentication (\($0.summary)) is kept exactly as found" }
                        ?? "; types are added in the wizard's Security tab (F8)"
                    throw Failure(message: "\(f.rawValue) \(what), and this connector offers one type\(why)")
                }
                throw Failure(message: error.description)
            }
        }
        let securityFields = Set(list.map(\.field)).filter { ConnectorDraft.tab(of: $0) == .security && $0 != .auth }
        guard !securityFields.isEmpty else { return }
        if let imported = draft.imported {
            let keys = securityFields.map(\.rawValue).sorted().joined(separator: ", ")
            throw Failure(message: "\(keys) cannot be changed: this connector's authentication (\(imported.summary)) is kept exactly as found")
        }
        let shown = draft.fields(on: .security).filter(\.takesFocus).map(\.id).filter { $0 != .oauthClientSecret }
        for f in FieldID.allCases where securityFields.contains(f) && !shown.contains(f) {
            var what = draft.authKind.label
            if draft.authKind == .oauth2 { what += " with the \(draft.oauth.template.displayName) provider" }
            let valid = shown.filter { $0 != .auth }.map(\.rawValue)
            throw Failure(message: "\(f.rawValue) does not apply to \(what)"
                + (valid.isEmpty ? " (it has no settings)" : "; its keys are \(valid.joined(separator: ", "))"))
        }
    }
}
