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
///
/// A large object the reader was asked to defer (`JSONReader.read(_:keepSource:deferring:)`)
/// holds only where it stands in the file's bytes, checked but not made into values, until its
/// members are first asked for.
public struct JSONObject: Equatable, Sendable {
    private var storage: Storage

    private enum Storage: Sendable {
        case members([(key: String, value: JSONValue)])
        case deferred(DeferredMembers)
    }

    public init(_ members: [(key: String, value: JSONValue)] = []) {
        storage = .members(members)
    }

    init(deferred: DeferredMembers) {
        storage = .deferred(deferred)
    }

    public var members: [(key: String, value: JSONValue)] {
        switch storage {
        case .members(let members): return members
        case .deferred(let deferred): return deferred.members
        }
    }

    /// Changes the members in place (a deferred object is read first).
    private mutating func mutateMembers<R>(_ body: (inout [(key: String, value: JSONValue)]) -> R) -> R {
        var members = self.members
        storage = .members([])  // `members` is then the only reference: changed in place
        defer { storage = .members(members) }
        return body(&members)
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
        get {
            let members = self.members
            return members.lastIndex { $0.key == key }.map { members[$0].value }
        }
        set {
            let i = index(of: key)
            mutateMembers { members in
                if let i {
                    if let newValue { members[i].value = newValue } else { members.remove(at: i) }
                } else if let newValue {
                    members.append((key, newValue))
                }
            }
        }
    }

    /// Appends a member without looking for an earlier one with the same key (used by the
    /// reader, which reports duplicates itself).
    public mutating func appendMember(_ key: String, _ value: JSONValue) {
        mutateMembers { $0.append((key, value)) }
    }

    /// Inserts `key` after `anchor` when it is new (or at the end when the anchor is absent);
    /// an existing key is replaced in place.
    public mutating func set(_ key: String, _ value: JSONValue, after anchor: String) {
        let i = index(of: key)
        let a = index(of: anchor)
        mutateMembers { members in
            if let i {
                members[i].value = value
            } else if let a {
                members.insert((key, value), at: a + 1)
            } else {
                members.append((key, value))
            }
        }
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        // The same deferred bytes are the same members, without reading them.
        if case .deferred(let a) = lhs.storage, case .deferred(let b) = rhs.storage, a.isSame(as: b) { return true }
        let l = lhs.members
        let r = rhs.members
        return l.count == r.count && zip(l, r).allSatisfy { $0.key == $1.key && $0.value == $1.value }
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
