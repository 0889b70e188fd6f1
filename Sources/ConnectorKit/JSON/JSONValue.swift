/// A JSON value that keeps object keys in the order they were read or inserted.
///
/// Connector files live in git: a save must not reorder keys the maker never touched, and
/// Foundation's `JSONSerialization` loses key order. Numbers keep their original spelling so
/// `1.0` is written back as `1.0`, not `1`.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var intValue: Int? {
        if case .number(let n) = self { return Int(n) ?? Double(n).flatMap { Int(exactly: $0) } }
        return nil
    }

    /// The member `key` of an object, or nil for anything else.
    public subscript(key: String) -> JSONValue? {
        get { objectValue?[key] }
        set {
            guard case .object(var o) = self else { return }
            o[key] = newValue
            self = .object(o)
        }
    }

    /// The member `key` of an object, matched exactly, else ignoring case (`oAuthSettings` and
    /// `oauthSettings`, `tokenUrl` and `TokenUrl` are both found in real files).
    subscript(anyCase key: String) -> JSONValue? {
        if let exact = self[key] { return exact }
        let lower = key.lowercased()
        return objectValue?.members.first { $0.key.lowercased() == lower }?.value
    }

    /// Follows a path of object keys; nil as soon as one is missing.
    public subscript(path path: [String]) -> JSONValue? {
        var current: JSONValue? = self
        for key in path { current = current?[key] }
        return current
    }
}

/// An object whose members keep their order. Lookups are linear, which is fast for the small
/// objects a connector's settings live in; `paths` with hundreds of members is read and written
/// as a whole, never searched key by key.
public struct JSONObject: Equatable, Sendable {
    public private(set) var members: [(key: String, value: JSONValue)]

    public init(_ members: [(key: String, value: JSONValue)] = []) {
        self.members = members
    }

    public var keys: [String] { members.map(\.key) }
    public var isEmpty: Bool { members.isEmpty }
    public var count: Int { members.count }

    /// The position of `key`; with duplicate keys, the last one, which is the one JSON readers
    /// (browsers, Python, the platform) take as the value.
    public func index(of key: String) -> Int? {
        members.lastIndex { $0.key == key }
    }

    /// Reading gives the member with that key; writing replaces it in place (keeping its
    /// position), appends a new key at the end, and removes the key when set to nil.
    public subscript(key: String) -> JSONValue? {
        get { index(of: key).map { members[$0].value } }
        set {
            if let i = index(of: key) {
                if let newValue { members[i].value = newValue } else { members.remove(at: i) }
            } else if let newValue {
                members.append((key, newValue))
            }
        }
    }

    /// Appends a member without looking for an earlier one with the same key (used by the
    /// reader, which reports duplicates itself).
    public mutating func appendMember(_ key: String, _ value: JSONValue) {
        members.append((key, value))
    }

    /// Inserts `key` after `anchor` when it is new (or at the end when the anchor is absent);
    /// an existing key is replaced in place.
    public mutating func set(_ key: String, _ value: JSONValue, after anchor: String) {
        if let i = index(of: key) {
            members[i].value = value
        } else if let a = index(of: anchor) {
            members.insert((key, value), at: a + 1)
        } else {
            members.append((key, value))
        }
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.members.count == rhs.members.count
            && zip(lhs.members, rhs.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral, ExpressibleByIntegerLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements.map { (key: $0.0, value: $0.1) }))
    }
    public init(integerLiteral value: Int) { self = .number(String(value)) }
    public init(nilLiteral: ()) { self = .null }
}
