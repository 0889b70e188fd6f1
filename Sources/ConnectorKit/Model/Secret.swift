/// A secret (client secret, password, API key, token) that never prints itself.
///
/// `description`, `debugDescription`, string interpolation, `dump` and reflection all show a
/// redaction, so a secret cannot leak into a log, an error message or a test snapshot by accident.
/// The value is reached only through `reveal()`, which makes each use visible in review.
public struct Secret: Equatable, Sendable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable, ExpressibleByStringLiteral
{
    private let value: String

    public init(_ value: String) { self.value = value }
    public init(stringLiteral value: String) { self.value = value }

    public static let empty = Secret("")

    public func reveal() -> String { value }
    public var isEmpty: Bool { value.isEmpty }
    /// Characters, for drawing one mask glyph per character.
    public var count: Int { value.count }

    public var description: String { value.isEmpty ? "" : "••••••" }
    public var debugDescription: String { "Secret(redacted)" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
