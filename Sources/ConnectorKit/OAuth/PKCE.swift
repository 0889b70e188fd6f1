/// Proof Key for Code Exchange (RFC 7636) with the S256 method: the verifier stays here, its
/// hash travels in the authorization URL, and the token endpoint checks one against the other,
/// so a code intercepted on its way to the loopback listener is useless.
public struct PKCE: Sendable, Equatable {
    public let verifier: String
    /// `BASE64URL(SHA256(ASCII(verifier)))` (§4.2).
    public let challenge: String
    public var method: String { "S256" }

    public init(verifier: String) {
        self.verifier = verifier
        challenge = Base64.encodeURL(SHA256.hash(Array(verifier.utf8)))
    }

    /// A fresh verifier: 32 random bytes in base64url, 43 characters (§4.1 recommends exactly this).
    public static func random() -> PKCE { PKCE(verifier: RandomText.token(bytes: 32)) }
}

/// Unguessable text for `state` and PKCE verifiers.
public enum RandomText {
    /// `bytes` bytes from the system's cryptographically secure generator, in base64url.
    public static func token(bytes: Int = 16) -> String {
        var generator = SystemRandomNumberGenerator()
        return Base64.encodeURL((0..<max(0, bytes)).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }
}
