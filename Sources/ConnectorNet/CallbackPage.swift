import ConnectorKit

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
