/// A set of fields held as one bit each (by `FieldID.ordinal`): the wizard asks whether a field
/// is touched at every row of every frame, which a hashed set answers by hashing.
public struct FieldSet: SetAlgebra, Hashable, Sendable, ExpressibleByArrayLiteral {
    @usableFromInline var bits: UInt64 = 0

    public init() {}

    public init(arrayLiteral fields: FieldID...) {
        for f in fields { insert(f) }
    }

    @inlinable
    static func bit(_ f: FieldID) -> UInt64 {
        precondition(f.ordinal < 64, "a FieldSet holds the first 64 fields")
        return 1 << UInt64(f.ordinal)
    }

    @inlinable public var isEmpty: Bool { bits == 0 }

    @inlinable public func contains(_ f: FieldID) -> Bool { bits & Self.bit(f) != 0 }

    public func union(_ other: FieldSet) -> FieldSet { var s = self; s.bits |= other.bits; return s }
    public func intersection(_ other: FieldSet) -> FieldSet { var s = self; s.bits &= other.bits; return s }
    public func symmetricDifference(_ other: FieldSet) -> FieldSet { var s = self; s.bits ^= other.bits; return s }
    public mutating func formUnion(_ other: FieldSet) { bits |= other.bits }
    public mutating func formIntersection(_ other: FieldSet) { bits &= other.bits }
    public mutating func formSymmetricDifference(_ other: FieldSet) { bits ^= other.bits }

    @discardableResult
    public mutating func insert(_ f: FieldID) -> (inserted: Bool, memberAfterInsert: FieldID) {
        let had = contains(f)
        bits |= Self.bit(f)
        return (!had, f)
    }

    @discardableResult
    public mutating func remove(_ f: FieldID) -> FieldID? {
        guard contains(f) else { return nil }
        bits &= ~Self.bit(f)
        return f
    }

    @discardableResult
    public mutating func update(with f: FieldID) -> FieldID? {
        let had = contains(f)
        bits |= Self.bit(f)
        return had ? f : nil
    }

    /// The fields in declaration order.
    public var fields: [FieldID] { FieldID.allCases.filter { contains($0) } }
}

/// A value for some of the fields, kept by `FieldID.ordinal` (the wizard's carets): read for
/// every field row of every frame without hashing.
public struct FieldMap<Value: Sendable>: Sendable {
    /// Empty until the first value is set; then one place per field.
    @usableFromInline var values: [Value?] = []

    @inlinable public init() {}

    // Inlinable, so that another module's use is specialized for its Value (unspecialized, the
    // setter asks the runtime for witness tables at every key).
    @inlinable public subscript(field: FieldID) -> Value? {
        get { values.isEmpty ? nil : values[field.ordinal] }
        set {
            if values.isEmpty {
                guard newValue != nil else { return }
                values = Array(repeating: nil, count: FieldID.allCases.count)
            }
            values[field.ordinal] = newValue
        }
    }
}
