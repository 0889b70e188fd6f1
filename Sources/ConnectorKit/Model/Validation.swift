/// One finding about a field: an error blocks the save, a warning does not.
public struct Diagnostic: Equatable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable, Comparable {
        case warning, error
        public static func < (a: Severity, b: Severity) -> Bool { a == .warning && b == .error }
    }

    public var field: FieldID
    public var severity: Severity
    public var message: String

    public init(_ field: FieldID, _ severity: Severity, _ message: String) {
        self.field = field
        self.severity = severity
        self.message = message
    }

    public var description: String { "\(severity.rawValue): \(message)" }
}

/// Reads a file's first bytes and size, for the icon rule. Injected so the rules stay pure.
public protocol FileProbe: Sendable {
    /// nil when there is no regular file at `path`.
    func probe(_ path: String) -> (size: Int, head: [UInt8])?
}

/// The rules of §2.1–§2.3, as pure functions of the draft.
public enum Validator {
    public static let hostPattern = #"^[^{}/ :\\]+(?::\d+)?$"#

    /// Every finding, in the order of the fields on the form (General first, then Security).
    /// `original` is the draft as read from an existing connector: a value read from a file that
    /// breaks a rule the maker has not touched is kept as found and only warned about (§4).
    public static func validate(_ d: ConnectorDraft, original: ConnectorDraft? = nil, files: FileProbe) -> [Diagnostic] {
        var out: [Diagnostic] = []
        out.reserveCapacity(8)
        for part in Part.allCases { check(part, d, original: original, files: files, into: &out) }
        return out
    }

    /// The rules come in parts, each reading values of its own, and the findings come in the
    /// parts' order: a change to one value need only check its part again
    /// (`validate(_:after:findings:original:files:)`).
    public enum Part: Int, CaseIterable, Sendable {
        case title, icon, iconBrandColor, description, scheme, host, basePath, security

        /// The part whose rules give findings at `field`.
        public static func of(_ field: FieldID) -> Part {
            switch field {
            case .title: .title
            case .icon: .icon
            case .iconBrandColor: .iconBrandColor
            case .description: .description
            case .scheme: .scheme
            case .host: .host
            case .basePath: .basePath
            default: .security
            }
        }

        /// The icon's rules read a file and the scheme's the types' kinds: both are checked
        /// again at every change (neither costs anything while its field is empty or HTTPS).
        var checkedAtEveryChange: Bool { self == .icon || self == .scheme }

        /// Whether the part's rules read the same values in `a` and `b`, so that they find the
        /// same.
        func readsSame(_ a: ConnectorDraft, _ b: ConnectorDraft) -> Bool {
            if checkedAtEveryChange { return false }
            return switch self {
            case .title: a.general.title == b.general.title
            case .icon, .scheme: false
            case .iconBrandColor: a.general.iconBrandColor == b.general.iconBrandColor
            case .description: a.general.description == b.general.description
            case .host: a.general.host == b.general.host
            case .basePath: a.general.basePath == b.general.basePath
            case .security:
                a.imported == b.imported && a.general.gateway == b.general.gateway && a.selectedSet == b.selectedSet
                    && a.single == b.single && a.sets == b.sets
            }
        }
    }

    /// The findings of `d`, given `findings`, those of `before` against the same `original` and
    /// files: the parts whose values are the same keep theirs, the others are checked again.
    /// The same as `validate(d, original:files:)`.
    public static func validate(_ d: ConnectorDraft, after before: ConnectorDraft, findings: [Diagnostic],
                                original: ConnectorDraft?, files: FileProbe) -> [Diagnostic] {
        validate(d, findings: findings, original: original, files: files) { !$0.readsSame(before, d) }
    }

    /// The findings of `d`, given `findings`, those of a draft that differed from it in the value
    /// of `field` alone: the rules that read that field are checked again (and those checked at
    /// every change).
    public static func validate(_ d: ConnectorDraft, changed field: FieldID, findings: [Diagnostic],
                                original: ConnectorDraft?, files: FileProbe) -> [Diagnostic] {
        let part = Part.of(field)
        return validate(d, findings: findings, original: original, files: files) { $0 == part || $0.checkedAtEveryChange }
    }

    private static func validate(_ d: ConnectorDraft, findings: [Diagnostic], original: ConnectorDraft?, files: FileProbe,
                                 checkAgain: (Part) -> Bool) -> [Diagnostic] {
        var out: [Diagnostic] = []
        out.reserveCapacity(findings.count + 2)
        var i = 0
        for part in Part.allCases {
            let start = i
            while i < findings.count, Part.of(findings[i].field) == part { i += 1 }
            if !checkAgain(part) {
                out.append(contentsOf: findings[start..<i])
            } else {
                check(part, d, original: original, files: files, into: &out)
            }
        }
        return out
    }

    /// Appends the findings of one part of the rules.
    static func check(_ part: Part, _ d: ConnectorDraft, original: ConnectorDraft?, files: FileProbe,
                      into out: inout [Diagnostic]) {
        let start = out.count
        defer {
            // Errors in values the maker kept from the file are warnings. (Done here, not in
            // `add`: a closure that read the drafts would take a copy of both at every check.)
            for i in start..<out.count where out[i].severity == .error && out[i].field != .auth
                && original?.value(of: out[i].field) == d.value(of: out[i].field) {
                out[i] = Diagnostic(out[i].field, .warning, out[i].message + " (kept as found in the file)")
            }
        }
        func add(_ f: FieldID, _ s: Diagnostic.Severity, _ m: String) {
            out.append(Diagnostic(f, s, m))
        }
        let g = d.general
        switch part {
        case .title:
            let title = g.title
            if title.utf8.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) {
                add(.title, .error, "Connector title is required.")
            } else {
                if title.count > 30 { add(.title, .error, "Connector title must be at most 30 characters (it has \(title.count)).") }
                if Self.namesAPIOrConnector(title) {
                    add(.title, .warning, "Connector title should not contain \"API\" or \"Connector\" (certification rule).")
                }
            }

        case .icon:
            guard !g.icon.isEmpty else { return }
            if let (size, head) = files.probe(g.icon) {
                if !(isPNG(head) || isJPEG(head)) {
                    add(.icon, .error, "Icon must be a PNG or JPEG image; \(g.icon) is neither.")
                } else if size > 1_048_576 {
                    add(.icon, .error, "Icon must be at most 1 MB (1,048,576 bytes); \(g.icon) has \(bytes(size)).")
                }
            } else {
                add(.icon, .error, "Icon file \(g.icon) does not exist.")
            }

        case .iconBrandColor:
            let color = g.iconBrandColor
            if !isHexColor(color) {
                add(.iconBrandColor, .error, "Icon background color must be #rrggbb (six hex digits), not \"\(color)\".")
            } else if ["#007ee5", "#ffffff"].contains(color.lowercased()) {
                add(.iconBrandColor, .warning, "Icon background color \(color.lowercased()) is not accepted for certification.")
            }

        case .description:
            let n = g.description.count
            if n < 30 {
                add(.description, .warning, "Description should have at least 30 characters (it has \(n)).")
            } else if n > 500 {
                add(.description, .warning, "Description should have at most 500 characters (it has \(n)).")
            }

        case .scheme:
            if g.scheme == .http, d.imported == nil, let clear = d.allSettings.first(where: { [.basic, .apikey].contains($0.kind) }) {
                add(.scheme, .warning, "With HTTP, the \(clear.kind == .basic ? "password" : "API key") travels in clear text; use HTTPS.")
            }

        case .host:
            if g.host.isEmpty {
                add(.host, .error, "Host is required, e.g. api.contoso.com.")
            } else if !matchesHost(g.host) {
                add(.host, .error, "Host must be a host name with an optional :port, without scheme or path (e.g. api.contoso.com).")
            }

        case .basePath:
            if let base = g.basePath, !base.hasPrefix("/") {
                add(.basePath, .error, "Base URL must start with /.")
            }

        case .security:
            guard d.imported == nil else { return }
            if !d.authKindIsOffered {
                let kept = original.map { $0.authKind == d.authKind && $0.general.gateway == g.gateway } ?? false
                add(.auth, kept ? .warning : .error, "\(d.authKind.label) is not available \(g.gateway ? "through an on-premises data gateway" : "without an on-premises data gateway"); choose another type.")
            }
            if d.sets.isEmpty {
                validate(d.single, add)
            } else {
                for (i, set) in d.sets.enumerated() {
                    if set.displayName.isBlank {
                        add(i == d.selectedSet ? .authSetName : .authSet, .error, "Type \(i + 1) needs a display name.")
                    } else if d.sets.prefix(i).contains(where: { $0.displayName == set.displayName }) {
                        add(i == d.selectedSet ? .authSetName : .authSet, .error, "Two types are called \"\(set.displayName)\": end users could not tell them apart.")
                    }
                    if i == d.selectedSet {
                        validate(set.settings, add)
                    } else {
                        // The other types' findings show on the type choice, named.
                        let name = set.displayName.isBlank ? "Type \(i + 1)" : set.displayName
                        validate(set.settings) { _, severity, message in add(.authSet, severity, "\(name): \(message)") }
                        if !AuthKind.offered(gateway: g.gateway).contains(set.settings.kind) {
                            add(.authSet, .error, "\(name): \(set.settings.kind.label) is not available \(g.gateway ? "through" : "without") an on-premises data gateway.")
                        }
                    }
                }
            }
        }
    }

    /// The rules of one authentication type's fields.
    static func validate(_ a: AuthSettings, _ add: (FieldID, Diagnostic.Severity, String) -> Void) {
        switch a.kind {
        case .none, .windows:
            break
        case .basic:
            if a.basic.usernameLabel.isBlank { add(.basicUsernameLabel, .error, "The user name's Parameter label is required.") }
            if a.basic.passwordLabel.isBlank { add(.basicPasswordLabel, .error, "The password's Parameter label is required.") }
        case .apikey:
            if a.apiKey.label.isBlank { add(.apiKeyLabel, .error, "Parameter label is required.") }
            if a.apiKey.name.isBlank {
                add(.apiKeyName, .error, "Parameter name is required.")
            } else if !a.apiKey.name.allSatisfy(isTokenCharacter) {
                add(.apiKeyName, .error, "Parameter name may use letters, digits and !#$%&'*+-.^_`|~ only (no spaces).")
            }
        case .oauth2:
            let o = a.oauth
            if o.clientId.isBlank { add(.oauthClientId, .error, "Client ID is required.") }
            if o.clientSecret.isEmpty {
                add(.oauthClientSecret, .warning, "Client secret is empty: the platform needs it when the connector is created (paconn create --secret).")
            }
            let t = o.template
            if t.isAAD {
                checkURL(o.loginUrl, .oauthLoginUrl, "Login URL", add)
                if o.tenantId.isBlank { add(.oauthTenantId, .error, "Tenant ID is required (common for any tenant).") }
                if o.resourceUrl.isBlank { add(.oauthResourceUrl, .error, "Resource URL is required.") }
            } else if t.makerFillsURLs {
                checkURL(o.authorizationUrl, .oauthAuthorizationUrl, "Authorization URL", add)
                checkURL(o.tokenUrl, .oauthTokenUrl, "Token URL", add)
                if !o.refreshUrl.isEmpty { checkURL(o.refreshUrl, .oauthRefreshUrl, "Refresh URL", add) }
            }
        }
    }

    static func checkURL(_ url: String, _ f: FieldID, _ name: String,
                         _ add: (FieldID, Diagnostic.Severity, String) -> Void) {
        if url.isBlank { add(f, .error, "\(name) is required."); return }
        let lower = url.lowercased()
        func host(after prefix: Int) -> String {
            let rest = url.dropFirst(prefix)
            let h = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            if h.hasPrefix("[") { return String(h.prefix { $0 != "]" }.dropFirst()) }
            return String(h.split(separator: ":").first ?? "")
        }
        if lower.hasPrefix("https://") {
            if host(after: 8).isEmpty || url.contains(" ") { add(f, .error, "\(name) must be an absolute https URL.") }
        } else if lower.hasPrefix("http://") {
            let h = host(after: 7).lowercased()
            if h == "localhost" || h == "::1" || h.hasPrefix("127.") {
                add(f, .warning, "\(name) uses http: fine for a loopback test server, never for a real one.")
            } else {
                add(f, .error, "\(name) must use https (http only to a loopback address).")
            }
        } else {
            add(f, .error, "\(name) must be an absolute https URL.")
        }
    }

    /// A file size as a maker reads it: whole bytes with thousands separators (1 MB and one byte
    /// is not "1024 KB"), with the size in MB beside it when it is that large.
    public static func bytes(_ n: Int) -> String {
        var digits = String(n)
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        let exact = digits + grouped + " bytes"
        guard n >= 1_048_576 * 2 else { return exact }
        let tenths = (n * 10 + 524_288) / 1_048_576
        return exact + " (\(tenths / 10).\(tenths % 10) MB)"
    }

    /// `#` and six ASCII hex digits (not their fullwidth forms, which no colour parser reads).
    public static func isHexColor(_ s: String) -> Bool {
        let bytes = s.utf8
        return bytes.count == 7 && bytes.first == UInt8(ascii: "#") && bytes.dropFirst().allSatisfy { b in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(b | 0x20)
        }
    }

    /// `^[^{}/ :\\]+(?::\d+)?$`, without a regex engine (Foundation's would cost start-up time).
    public static func matchesHost(_ s: String) -> Bool {
        var name = Substring(s)
        if let colon = s.lastIndex(of: ":") {
            let port = s[s.index(after: colon)...]
            guard !port.isEmpty, port.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
            name = s[..<colon]
        }
        return !name.isEmpty && !name.contains { "{}/ :\\".contains($0) }
    }

    static func isTokenCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || "!#$%&'*+-.^_`|~".contains(c))
    }

    /// The words of `text`, lower-cased: its runs of letters and digits. ASCII text (nearly
    /// every title, checked at each key typed) is split a byte at a time.
    /// Whether "API" or "Connector" is one of the title's words (`words(of:)`), in any case; an
    /// ASCII title is read in place, without making its words.
    static func namesAPIOrConnector(_ text: String) -> Bool {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else {
            let words = words(of: text)
            return words.contains("api") || words.contains("connector")
        }
        let bytes = Array(text.utf8)
        func isWordByte(_ b: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b | 0x20) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b)
        }
        func isWord(_ range: Range<Int>, _ word: StaticString) -> Bool {
            range.count == word.utf8CodeUnitCount
                && zip(bytes[range], UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)).allSatisfy { $0 | 0x20 == $1 }
        }
        var start = 0
        for end in 0...bytes.count where end == bytes.count || !isWordByte(bytes[end]) {
            if isWord(start..<end, "api") || isWord(start..<end, "connector") { return true }
            start = end + 1
        }
        return false
    }

    static func words(of text: String) -> [String] {
        text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    }

    public static func isPNG(_ head: [UInt8]) -> Bool {
        head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    }

    public static func isJPEG(_ head: [UInt8]) -> Bool {
        head.starts(with: [0xFF, 0xD8, 0xFF])
    }
}

extension String {
    var isBlank: Bool { allSatisfy { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" } }
}
