import ConnectorKit

/// A redirect's query taken apart: `code=a%20b&state=x` → [("code", "a b"), ("state", "x")].
enum QueryItems {
    /// Splits on `&`, then on the first `=`; `+` is a space and `%XX` a byte, as browsers and
    /// authorization servers write form-encoded queries. Invalid UTF-8 is repaired.
    static func decode<S: StringProtocol>(_ query: S) -> [(name: String, value: String)] {
        query.split(separator: "&").map { pair in
            let equals = pair.firstIndex(of: "=")
            let name = equals.map { pair[..<$0] } ?? pair[...]
            let value = equals.map { pair[pair.index(after: $0)...] } ?? ""
            return (percentDecoded(name), percentDecoded(value))
        }
    }

    static func percentDecoded<S: StringProtocol>(_ text: S) -> String {
        var out: [UInt8] = []
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "+") {
                out.append(0x20)
            } else if b == UInt8(ascii: "%"), i + 2 < bytes.count, let hi = hexValue(bytes[i + 1]),
                      let lo = hexValue(bytes[i + 2]) {
                out.append(hi << 4 | lo)
                i += 2
            } else {
                out.append(b)
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

/// What the browser shows after the redirect: one small page, no scripts, nothing fetched.
enum CallbackPage {
    static func html(for items: [(name: String, value: String)]) -> String {
        guard let error = items.first(where: { $0.name == "error" })?.value else {
            return page(title: "Signed in", message: "Signed in — you can close this tab and go back to the terminal.")
        }
        var message = "The sign-in failed: " + Markup.escape(error)
        if let description = items.first(where: { $0.name == "error_description" })?.value, !description.isEmpty {
            message += " — " + Markup.escape(description)
        }
        return page(title: "Sign-in failed", message: message + "</p><p>You can close this tab and go back to the terminal.")
    }

    static let notFound = page(title: "Not found", message: "Nothing here: the sign-in answers on /callback only.")

    /// For a callback that is not the one the terminal waits for (another sign-in's `state`).
    static let ignored = page(title: "Ignored",
                              message: Markup.escape("This is not the sign-in this terminal is waiting for; it was ignored."))

    /// `message` is HTML already.
    private static func page(title: String, message: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
        <title>\(title) · connector-wizard</title>
        <style>body{font:16px/1.5 system-ui,sans-serif;max-width:36em;margin:15vh auto;padding:0 1em;color:#222;background:#fafafa}
        h1{font-size:1.4em}@media(prefers-color-scheme:dark){body{color:#ddd;background:#1e1e1e}}</style>
        </head><body><h1>\(title)</h1><p>\(message)</p></body></html>

        """
    }
}
