/// The identity-provider templates of the OAuth 2.0 form, held as data: adding a provider is
/// adding a row. Each fills the URLs the maker would otherwise have to look up.
public struct OAuthProvider: Equatable, Sendable {
    /// The value of `oauth.provider=` on the command line.
    public var id: String
    /// What the Identity provider choice shows.
    public var displayName: String
    /// `oAuthSettings.identityProvider` as written.
    public var identityProvider: String
    /// The maker types the authorization, token and refresh URLs (Generic only).
    public var makerFillsURLs: Bool
    /// Azure Active Directory's login URL, tenant and resource fields.
    public var isAAD: Bool
    public var authorizationURL: String
    public var tokenURL: String
    public var refreshURL: String

    public static let all: [OAuthProvider] = [
        .init(id: "generic", displayName: "Generic OAuth 2", identityProvider: "oauth2", makerFillsURLs: true,
              isAAD: false, authorizationURL: "", tokenURL: "", refreshURL: ""),
        .init(id: "aad", displayName: "Azure Active Directory", identityProvider: "aad", makerFillsURLs: false,
              isAAD: true, authorizationURL: "", tokenURL: "", refreshURL: ""),
        .init(id: "github", displayName: "GitHub", identityProvider: "oauth2", makerFillsURLs: false, isAAD: false,
              authorizationURL: "https://github.com/login/oauth/authorize",
              tokenURL: "https://github.com/login/oauth/access_token",
              refreshURL: "https://github.com/login/oauth/access_token"),
        .init(id: "google", displayName: "Google", identityProvider: "oauth2", makerFillsURLs: false, isAAD: false,
              authorizationURL: "https://accounts.google.com/o/oauth2/v2/auth",
              tokenURL: "https://oauth2.googleapis.com/token",
              refreshURL: "https://oauth2.googleapis.com/token"),
        .init(id: "microsoft", displayName: "Microsoft Account", identityProvider: "oauth2", makerFillsURLs: false,
              isAAD: false,
              authorizationURL: "https://login.live.com/oauth20_authorize.srf",
              tokenURL: "https://login.live.com/oauth20_token.srf",
              refreshURL: "https://login.live.com/oauth20_token.srf"),
        .init(id: "dropbox", displayName: "Dropbox", identityProvider: "oauth2", makerFillsURLs: false, isAAD: false,
              authorizationURL: "https://www.dropbox.com/oauth2/authorize",
              tokenURL: "https://api.dropboxapi.com/oauth2/token",
              refreshURL: "https://api.dropboxapi.com/oauth2/token"),
        .init(id: "salesforce", displayName: "Salesforce", identityProvider: "oauth2", makerFillsURLs: false,
              isAAD: false,
              authorizationURL: "https://login.salesforce.com/services/oauth2/authorize",
              tokenURL: "https://login.salesforce.com/services/oauth2/token",
              refreshURL: "https://login.salesforce.com/services/oauth2/token"),
        .init(id: "linkedin", displayName: "LinkedIn", identityProvider: "oauth2", makerFillsURLs: false, isAAD: false,
              authorizationURL: "https://www.linkedin.com/oauth/v2/authorization",
              tokenURL: "https://www.linkedin.com/oauth/v2/accessToken",
              refreshURL: "https://www.linkedin.com/oauth/v2/accessToken"),
        .init(id: "slack", displayName: "Slack", identityProvider: "oauth2", makerFillsURLs: false, isAAD: false,
              authorizationURL: "https://slack.com/oauth/v2/authorize",
              tokenURL: "https://slack.com/api/oauth.v2.access",
              refreshURL: "https://slack.com/api/oauth.v2.access"),
        .init(id: "facebook", displayName: "Facebook", identityProvider: "facebook", makerFillsURLs: false,
              isAAD: false,
              authorizationURL: "https://www.facebook.com/v9.0/dialog/oauth",
              tokenURL: "https://graph.facebook.com/v9.0/oauth/access_token",
              refreshURL: "https://graph.facebook.com/v9.0/oauth/access_token"),
    ]

    public static let generic = all[0]

    /// The template with this id, in any case. (Asked by every frame of an OAuth form: the id as
    /// stored, in lower case, is found without lower-casing it again for each template.)
    public static func named(_ id: String) -> OAuthProvider? {
        if let i = all.firstIndex(where: { $0.id == id }) { return all[i] }
        let lower = id.lowercased()
        return all.first { $0.id == lower }
    }

    /// The template that wrote these settings: by identityProvider, and for `oauth2` by the
    /// authorization URL (a known public URL means that provider's template, anything else Generic).
    public static func matching(identityProvider: String, authorizationURL: String) -> OAuthProvider? {
        switch identityProvider.lowercased() {
        case "aad": return named("aad")
        case "facebook": return named("facebook")
        case "oauth2":
            return all.first { !$0.makerFillsURLs && $0.identityProvider == "oauth2" && $0.authorizationURL == authorizationURL }
                ?? generic
        default: return nil
        }
    }
}
