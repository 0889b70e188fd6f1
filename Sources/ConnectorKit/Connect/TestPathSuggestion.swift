extension TestCall {
    /// A path worth a first test call: the swagger's first GET operation that needs no path
    /// parameter and no required query parameter (so the call can succeed as it stands), else
    /// its first GET without a path parameter, else `/`.
    public static func suggestedPath(definition: JSONValue) -> String {
        let paths = definition["paths"]?.objectValue?.members ?? []
        var fallback: String?
        for (path, item) in paths where !path.contains("{") {
            guard let get = item["get"] ?? item["GET"] else { continue }
            let parameters = (get["parameters"]?.arrayValue ?? []) + (item["parameters"]?.arrayValue ?? [])
            let needsInput = parameters.contains { p in
                p["required"]?.boolValue == true && p["in"]?.stringValue != "header"
            }
            if !needsInput { return path }
            if fallback == nil { fallback = path }
        }
        return fallback ?? "/"
    }
}
