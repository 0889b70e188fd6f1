/// A set of fields held as one bit each (by `FieldID.ordinal`): the wizard asks whether a field
/// is touched at every row of every frame, which a hashed set answers by hashing.
public struct FieldSet: SetAlgebra, Hashable, Sendable, ExpressibleByArrayLiteral {
    private var bits: UInt64 = 0

    public init() {}

    public init(arrayLiteral fields: FieldID...) {
        for f in fields { insert(f) }
    }

    @inline(__always)
    private static func bit(_ f: FieldID) -> UInt64 {
        precondition(f.ordinal < 64, "a FieldSet holds the first 64 fields")
        return 1 << UInt64(f.ordinal)
    }

    public var isEmpty: Bool { bits == 0 }

    public func contains(_ f: FieldID) -> Bool { bits & Self.bit(f) != 0 }

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
    private var values: [Value?] = []

    public init() {}

    public subscript(field: FieldID) -> Value? {
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
