extension TestCall {
    /// A test call's answer as shown: a long JSON answer on one line (minified, as most APIs
    /// send it) laid out one member a line so that its start can be read; a short one, and
    /// anything else, as it came.
    public static func readableBody(_ response: HTTPResponse) -> String {
        let type = response.header("Content-Type")?.lowercased() ?? ""
        let text = response.text
        guard type.contains("json"), text.count > 120, !text.contains("\n"), response.body.count <= 1 << 20,
              let parsed = try? JSONReader.read(response.body) else { return text }
        return JSONWriter().string(parsed.value)
    }
}
