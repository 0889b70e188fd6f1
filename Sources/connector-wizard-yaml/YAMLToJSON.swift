import ConnectorKit
import Yams

/// A YAML node tree written as JSON text. Plain scalars take their type from the YAML 1.2 core
/// schema (null, booleans, integers, floats; everything else a string, dates included), quoted
/// and block scalars are strings, mapping keys are strings, `<<` merge keys are merged.
/// Aliases are written out in full; `limit` bounds the output so that a document of nested
/// aliases cannot grow without end.
struct YAMLToJSON {
    struct Failure: Error {
        var sentence: String
    }

    var out: [UInt8] = []
    let limit: Int

    init(limit: Int) {
        self.limit = limit
        out.reserveCapacity(1 << 20)
    }

    mutating func write(_ node: Node) throws(Failure) {
        if out.count > limit {
            throw Failure(sentence: "\(Self.at(node.mark)): the document grows past \(limit >> 20) MB as JSON (aliases inside aliases?)")
        }
        switch node {
        case .scalar(let scalar):
            writeScalar(scalar)
        case .sequence(let sequence):
            out.append(UInt8(ascii: "["))
            for (i, item) in sequence.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                try write(item)
            }
            out.append(UInt8(ascii: "]"))
        case .mapping(let mapping):
            out.append(UInt8(ascii: "{"))
            var first = true
            for (key, value) in try Self.pairs(of: mapping) {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                JSONWriter.quote(key, into: &out)
                out.append(UInt8(ascii: ":"))
                try write(value)
            }
            out.append(UInt8(ascii: "}"))
        case .alias:
            // The parser resolves aliases to the nodes they name; none is left in the tree.
            out.append(contentsOf: "null".utf8)
        }
    }

    /// The members of a mapping in order, with the members of `<<` merged in where the
    /// mapping does not have them itself.
    static func pairs(of mapping: Node.Mapping) throws(Failure) -> [(String, Node)] {
        var own: [(String, Node)] = []
        var merged: [Node.Mapping] = []
        for (key, value) in mapping {
            guard case .scalar(let k) = key else {
                throw Failure(sentence: "\(at(key.mark)): a mapping key that is not a scalar cannot be JSON")
            }
            if k.style == .plain, k.string == "<<" {
                switch value {
                case .mapping(let m): merged.append(m)
                case .sequence(let s): merged += s.compactMap(\.mapping)
                default: throw Failure(sentence: "\(at(key.mark)): `<<` merges mappings only")
                }
                continue
            }
            own.append((k.string, value))
        }
        guard !merged.isEmpty else { return own }
        var seen = Set(own.map(\.0))
        for m in merged {
            for (key, value) in try pairs(of: m) where seen.insert(key).inserted { own.append((key, value)) }
        }
        return own
    }

    mutating func writeScalar(_ scalar: Node.Scalar) {
        let tag = scalar.tag.description
        let s = scalar.string
        if scalar.style == .plain, tag.isEmpty || tag == "!" || tag.hasPrefix("tag:yaml.org,2002:") && tag != "tag:yaml.org,2002:str" {
            switch s {
            case "", "~", "null", "Null", "NULL":
                if tag.isEmpty || tag.hasSuffix(":null") { out.append(contentsOf: "null".utf8); return }
            case "true", "True", "TRUE":
                out.append(contentsOf: "true".utf8); return
            case "false", "False", "FALSE":
                out.append(contentsOf: "false".utf8); return
            default:
                if let number = Self.number(s) { out.append(contentsOf: number.utf8); return }
            }
        }
        JSONWriter.quote(s, into: &out)
    }

    /// A plain scalar the core schema reads as a number, spelled as JSON; nil for any other.
    static func number(_ s: String) -> String? {
        var bytes = Array(s.utf8)
        guard !bytes.isEmpty else { return nil }
        if bytes.count > 2, bytes[0] == UInt8(ascii: "0"), bytes[1] == UInt8(ascii: "x") || bytes[1] == UInt8(ascii: "o") {
            let radix = bytes[1] == UInt8(ascii: "x") ? 16 : 8
            return Int(String(decoding: bytes[2...], as: UTF8.self), radix: radix).map(String.init)
        }
        var sign = ""
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
            if bytes[0] == UInt8(ascii: "-") { sign = "-" }
            bytes.removeFirst()
        }
        func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        var i = 0
        var integer: [UInt8] = []
        while i < bytes.count, isDigit(bytes[i]) { integer.append(bytes[i]); i += 1 }
        var fraction: [UInt8]?
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            var f: [UInt8] = []
            while i < bytes.count, isDigit(bytes[i]) { f.append(bytes[i]); i += 1 }
            fraction = f
        }
        var exponent: [UInt8]?
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            var e: [UInt8] = []
            if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
                if bytes[i] == UInt8(ascii: "-") { e.append(bytes[i]) }
                i += 1
            }
            let start = e.count
            while i < bytes.count, isDigit(bytes[i]) { e.append(bytes[i]); i += 1 }
            guard e.count > start else { return nil }
            exponent = e
        }
        guard i == bytes.count, !integer.isEmpty || !(fraction ?? []).isEmpty else { return nil }
        // JSON has no leading zeros, no empty integer part and no empty fraction.
        while integer.count > 1, integer[0] == UInt8(ascii: "0") { integer.removeFirst() }
        var text = sign + (integer.isEmpty ? "0" : String(decoding: integer, as: UTF8.self))
        if let fraction { text += "." + (fraction.isEmpty ? "0" : String(decoding: fraction, as: UTF8.self)) }
        if let exponent { text += "e" + String(decoding: exponent, as: UTF8.self) }
        return text
    }

    static func at(_ mark: Mark?) -> String {
        guard let mark else { return "line 1, column 1" }
        return "line \(mark.line), column \(mark.column)"
    }

    /// Yams' error as `line L, column C: problem`.
    static func sentence(_ error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let around = context.map { " (\($0.text) at line \($0.mark.line))" } ?? ""
            return "\(at(mark)): \(problem)\(around)"
        case .reader(let problem, let offset, _, _):
            return "line 1, column 1: \(problem)" + (offset.map { " at character \($0)" } ?? "")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return "\(at(context.mark)): duplicate key \(duplicates.map { "\"\($0)\"" }.joined(separator: ", ")) in a mapping"
        default:
            return "line 1, column 1: \(error)"
        }
    }
}
