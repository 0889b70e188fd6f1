import ConnectorKit

/// The `$ref`s of a description: each must lead to a value in the same file (a JSON pointer
/// after `#`), and a chain of references must end at something that is not one.
struct References {
    let root: JSONValue
    let file: DescriptionFile

    /// The value `ref` points to, or nil when it leads nowhere.
    func value(at ref: String) -> JSONValue? {
        guard ref.hasPrefix("#") else { return nil }
        var current = root
        for token in Self.tokens(of: ref) {
            switch current {
            case .object(let o):
                guard let next = o[token] else { return nil }
                current = next
            case .array(let a):
                guard let i = Int(token), a.indices.contains(i) else { return nil }
                current = a[i]
            default:
                return nil
            }
        }
        return current
    }

    /// The pointer's reference tokens: `#/a~1b/c` is `a/b`, `c`; `%`-escapes are decoded.
    static func tokens(of ref: String) -> [String] {
        var pointer = String(ref.dropFirst())
        if pointer.contains("%") { pointer = percentDecoded(pointer) }
        guard pointer.hasPrefix("/") else { return [] }
        return pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            String($0).replacingOccurrences("~1", "/").replacingOccurrences("~0", "~")
        }
    }

    static func percentDecoded(_ s: String) -> String {
        var out: [UInt8] = []
        let bytes = Array(s.utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count,
               let v = UInt8(String(decoding: bytes[(i + 1)...(i + 2)], as: UTF8.self), radix: 16) {
                out.append(v)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Follows `ref`, and the references it leads to, to the first value that is not one.
    func resolve(_ ref: String) throws(ImportFailure) -> JSONValue {
        var seen: [String] = []
        var current = ref
        while true {
            if seen.contains(current) {
                throw ImportFailure("\(file.place(current, after: "$ref")): a $ref cycle: \((seen + [current]).joined(separator: " → ")) never reaches a value")
            }
            seen.append(current)
            guard let value = try target(of: current) else { throw ImportFailure("\(file.path): $ref \"\(current)\" leads nowhere") }
            guard let next = value["$ref"]?.stringValue else { return value }
            current = next
        }
    }

    /// The value one reference points to, with a sentence when it leads outside the file or nowhere.
    func target(of ref: String) throws(ImportFailure) -> JSONValue? {
        guard ref.hasPrefix("#") else {
            throw ImportFailure("\(file.place(ref, after: "$ref")): $ref \"\(ref)\" points into another file or address, which is not read (bundle the description into one file first)")
        }
        guard let value = value(at: ref) else {
            throw ImportFailure("\(file.place(ref, after: "$ref")): $ref \"\(ref)\" leads nowhere (no such value in the file)")
        }
        return value
    }

    /// Checks every `$ref` of the description (examples and extensions aside, which may hold
    /// anything): each leads to a value, and no chain of them loops.
    func checkAll() throws(ImportFailure) {
        var stack: [JSONValue] = [root]
        var checked: Set<String> = []
        while let value = stack.popLast() {
            switch value {
            case .object(let o):
                for (key, member) in o.members {
                    if key == "$ref", let ref = member.stringValue {
                        if checked.insert(ref).inserted { _ = try resolve(ref) }
                    } else if key != "example" && key != "examples" && !key.hasPrefix("x-") {
                        stack.append(member)
                    }
                }
            case .array(let items):
                stack.append(contentsOf: items)
            default:
                break
            }
        }
    }
}

extension String {
    /// Every `target` replaced by `replacement` (no Foundation here).
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        var out = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            out += rest[..<range.lowerBound]
            out += replacement
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}
