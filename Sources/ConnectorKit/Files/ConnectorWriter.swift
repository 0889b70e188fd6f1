#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes the draft into the connector's documents, touching only what the maker changed:
/// every key the wizard does not own, and every section the maker left alone, stays as it was.
public enum ConnectorWriter {
    /// The result of a save.
    public struct Saved: Sendable {
        public var document: ConnectorDocument
        /// The draft as saved (with its redirect URL, when one was made).
        public var draft: ConnectorDraft
        public var filesWritten: [String]
        public var redirectURL: String?
    }

    /// Validates, makes the redirect URL when it is due, writes the files atomically.
    /// Throws `SaveError.invalid` without writing anything when a rule gives an error.
    /// `everyFile` writes both files even when they did not change (a save into another folder).
    public static func save(_ draft: ConnectorDraft, into document: ConnectorDocument,
                            files: FileProbe = FileSystem.Probe(), everyFile: Bool = false,
                            newID: () -> String = { RedirectURLMaker.randomID() },
                            checkingChanges: Bool = true) throws(SaveError) -> Saved {
        let errors = Validator.validate(draft, original: document.original, files: files).filter { $0.severity == .error }
        if !errors.isEmpty { throw .invalid(errors) }
        var draft = draft
        draft.redirect = redirectAfterSave(draft, newID: newID)
        // Types added in this session take their names from what they became.
        let known = Set(document.original?.sets.map(\.name) ?? [])
        for i in draft.sets.indices where !known.contains(draft.sets[i].name) {
            let taken = draft.sets.indices.filter { $0 != i }.map { draft.sets[$0].name }
            draft.sets[i].name = ConnectorDraft.setName(for: draft.sets[i].settings.kind, taken: taken)
        }
        var doc = document
        apply(draft, to: &doc)

        let folder = doc.folder
        var writes: [(path: String, bytes: [UInt8])] = []
        let createdFolder = !FileSystem.exists(folder)
        do {
            try FileSystem.makeDirectories(folder)
            // One save at a time in a folder, and none over files changed since they were read.
            let lock = FolderLock(folder)
            defer { lock.release() }
            if checkingChanges {
                do { try checkUnchanged(document, folder: folder) } catch { throw SaveError.changed(error) }
            }
            if !draft.general.icon.isEmpty {
                let target = FileSystem.join(folder, "icon.png")
                if draft.general.icon != target {
                    writes.append((target, try FileSystem.read(FileSystem.expandingTilde(draft.general.icon))))
                    draft.general.icon = target
                }
            }
            let props = FileSystem.join(folder, ConnectorDocument.propertiesFile)
            let def = FileSystem.join(folder, doc.definitionFileName)
            if everyFile || doc.isNew || doc.apiProperties != document.apiProperties {
                writes.append((props, doc.propertiesFormat.bytes(doc.apiProperties)))
            }
            if everyFile || doc.isNew || doc.definition != document.definition {
                writes.append((def, doc.definitionFormat.bytes(doc.definition)))
            }
            // All or nothing: both files (and the icon) are written and flushed before any replaces its old one.
            try FileSystem.writeTogether(writes)
        } catch let error as SaveError {
            throw error
        } catch {
            // A folder this save made is not left behind, empty, when it fails.
            if createdFolder { rmdir(folder) }
            throw .io(error as? FileSystem.Failure ?? FileSystem.Failure(path: folder, reason: "\(error)"))
        }
        let written = writes.map(\.path)
        for path in written { doc.readFingerprints[path] = Fingerprint.of(writes.first { $0.path == path }!.bytes) }
        doc.original = draft
        return Saved(document: doc, draft: draft, filesWritten: written,
                     redirectURL: draft.usesOAuth ? draft.redirect.url : nil)
    }

    /// Refuses a save over files that changed on disk since `document` read them (another
    /// program saved there), and over a connector that appeared where a new one was to go.
    static func checkUnchanged(_ document: ConnectorDocument, folder: String) throws(FileSystem.Failure) {
        if document.isNew {
            let names = (try? FileSystem.listing(folder)) ?? []
            if names.contains(ConnectorDocument.propertiesFile) || names.contains(where: { $0.lowercased() == ConnectorDocument.definitionFile }) {
                throw FileSystem.Failure(path: folder, reason: "holds a connector now that was not there when the wizard started; nothing was written")
            }
            return
        }
        for (path, fingerprint) in document.readFingerprints.sorted(by: { $0.key < $1.key })
            where FileSystem.directory(of: path) == FileSystem.directory(of: FileSystem.join(folder, "x")) {
            let now = (try? FileSystem.read(path)).map(Fingerprint.of)
            if now != fingerprint {
                throw FileSystem.Failure(path: path, reason: "changed on disk since it was read, so nothing was written; open the connector again to see the change")
            }
        }
    }

    public enum SaveError: Error, CustomStringConvertible {
        case invalid([Diagnostic])
        case io(FileSystem.Failure)
        /// The files changed on disk since they were read (another program saved there).
        case changed(FileSystem.Failure)

        public var description: String {
            switch self {
            case .invalid(let d): d.first.map { "Not saved: \($0.message)" } ?? "Not saved."
            case .io(let f), .changed(let f): "Not saved: \(f.path): \(f.reason)."
            }
        }
    }

    /// The redirect URL after this save: made on the first save of an OAuth connector, and when
    /// the maker asked to leave the legacy shared URL; otherwise kept exactly.
    static func redirectAfterSave(_ d: ConnectorDraft, newID: () -> String) -> RedirectURL {
        guard d.usesOAuth else { return d.redirect }
        switch d.redirect {
        case .notGenerated, .legacyGlobal(_, updateToUnique: true):
            return .perConnector(RedirectURLMaker.url(prefix: d.publisherPrefix, title: d.general.title, id: newID()))
        default:
            return d.redirect
        }
    }

    /// Writes the draft's values into the documents. With an original draft (an existing
    /// connector) only the values that differ from it are written.
    public static func apply(_ d: ConnectorDraft, to doc: inout ConnectorDocument) {
        let o = doc.original
        let g = d.general
        var def = doc.definition.objectValue ?? JSONObject()
        var props = doc.apiProperties.objectValue ?? JSONObject()
        var p = props["properties"]?.objectValue ?? JSONObject()

        func changed<T: Equatable>(_ path: KeyPath<GeneralSettings, T>) -> Bool {
            o.map { $0.general[keyPath: path] != g[keyPath: path] } ?? true
        }
        // A value the maker did not change is left exactly as it is, even one of an odd shape
        // (`"info": […]`); only a change makes an object of it.
        if changed(\.title) || changed(\.description) {
            var info = def["info"]?.objectValue ?? JSONObject()
            if changed(\.title) { info["title"] = .string(g.title) }
            if changed(\.description) { info["description"] = .string(g.description) }
            def["info"] = .object(info)
        }
        if changed(\.host) { def["host"] = .string(g.host) }
        if changed(\.basePath), let base = g.basePath { def.set("basePath", .string(base), after: "host") }
        if changed(\.scheme) { def.set("schemes", [.string(g.scheme.rawValue)], after: "basePath") }
        if changed(\.iconBrandColor) { p.set("iconBrandColor", .string(g.iconBrandColor), after: "connectionParameters") }

        let authChanged = o.map { $0.authentication != d.authentication || $0.redirect != d.redirect || $0.general.gateway != g.gateway } ?? true
        if authChanged, d.imported == nil, !d.sets.isEmpty {
            // Several types: connectionParameterSets, one security definition per set; a type
            // that was in the file keeps everything the wizard does not own.
            var shape = AuthShapes.setsShape(of: d)
            if let o, !o.sets.isEmpty, o.imported == nil, var existing = p["connectionParameterSets"]?.objectValue {
                existing["values"] = .array(patchSets(d, original: o, existing: existing["values"]?.arrayValue ?? [],
                                                      fresh: shape.sets["values"]?.arrayValue ?? []))
                shape.sets = .object(existing)
                shape.definitions = patchDefinitions(d, original: o, existing: def["securityDefinitions"]?.objectValue ?? JSONObject(),
                                                     fresh: shape.definitions)
            }
            if let i = p.index(of: "connectionParameters"), p["connectionParameterSets"] == nil {
                p.set("connectionParameterSets", shape.sets, after: p.members[i].key)
            } else {
                p.set("connectionParameterSets", shape.sets, after: "")
            }
            // Turning one type into several: the sets take the place of connectionParameters. A
            // file that had both (some real ones do) keeps both.
            if o.map({ $0.sets.isEmpty }) ?? true { p["connectionParameters"] = nil }
            writeDefinitions(shape.definitions, into: &def)
        } else if authChanged, d.imported == nil, let o, o.imported == nil, o.sets.isEmpty, o.authKind == d.authKind,
           o.general.gateway == g.gateway, o.oauth.provider == d.oauth.provider || d.authKind != .oauth2 {
            // Same type as in the file: change only what differs between the two shapes.
            let old = AuthShapes.shape(of: o)
            let new = AuthShapes.shape(of: d)
            var params = p["connectionParameters"] ?? [:]
            patch(&params, old: .object(old.parameters), new: .object(new.parameters))
            p["connectionParameters"] = params
            if old.definitions != new.definitions, var defs = def["securityDefinitions"]?.objectValue {
                for (name, newDef) in new.definitions.members {
                    let type = newDef["type"]
                    let key = defs.keys.first { $0 == name } ?? defs.members.first { $0.value["type"] == type }?.key ?? name
                    var target = defs[key] ?? [:]
                    patch(&target, old: old.definitions[name] ?? [:], new: newDef)
                    defs[key] = target
                }
                def["securityDefinitions"] = .object(defs)
            }
        } else if authChanged, d.imported == nil {
            let auth = AuthShapes.shape(of: d)
            if let i = p.index(of: "connectionParameterSets"), p["connectionParameters"] == nil {
                // From several types back to one: in the place the sets stood.
                p.set("connectionParameters", .object(auth.parameters), after: p.members[i].key)
            } else {
                p.set("connectionParameters", .object(auth.parameters), after: "")
            }
            p["connectionParameterSets"] = nil
            writeDefinitions(auth.definitions, into: &def)
        }
        if changed(\.gateway) || o == nil {
            var caps = p["capabilities"]?.arrayValue ?? []
            let has = caps.contains(.string("gateway"))
            if g.gateway && !has { caps.append("gateway") }
            if !g.gateway && has { caps.removeAll { $0 == .string("gateway") } }
            p.set("capabilities", .array(caps), after: "iconBrandColor")
        }
        // The same for `properties`: written back only when something in it changed.
        if .object(p) != (props["properties"]?.objectValue.map(JSONValue.object) ?? .object(JSONObject())) {
            props["properties"] = .object(p)
        }
        doc.apiProperties = .object(props)
        doc.definition = .object(def)
    }

    /// `securityDefinitions` and the top-level `security` that names each of them (left as it
    /// is when it already names the same definitions).
    static func writeDefinitions(_ definitions: JSONObject, into def: inout JSONObject) {
        if definitions.isEmpty {
            if def["securityDefinitions"] != nil { def["securityDefinitions"] = [:] }
            if def["security"] != nil { def["security"] = [] }
        } else {
            def.set("securityDefinitions", .object(definitions), after: "responses")
            let named = Set((def["security"]?.arrayValue ?? []).flatMap { $0.objectValue?.keys ?? [] })
            if named != Set(definitions.keys) {
                def.set("security", .array(definitions.keys.map { .object(JSONObject([($0, .array([]))])) }),
                        after: "securityDefinitions")
            }
        }
    }

    /// Each set as the file had it, with only what changed in the wizard changed; new sets and
    /// sets whose type changed as the wizard writes them.
    static func patchSets(_ d: ConnectorDraft, original o: ConnectorDraft, existing: [JSONValue], fresh: [JSONValue]) -> [JSONValue] {
        d.sets.enumerated().map { i, set in
            guard let j = o.sets.firstIndex(where: { $0.name == set.name }), j < existing.count,
                  existing[j]["name"]?.stringValue == set.name else { return fresh[i] }
            let old = o.sets[j]
            var value = existing[j]
            if sameType(old.settings, set.settings) {
                let oldShape = AuthShapes.shape(of: old.settings, gateway: o.general.gateway, redirect: o.redirect)
                let newShape = AuthShapes.shape(of: set.settings, gateway: d.general.gateway, redirect: d.redirect)
                var params = value["parameters"] ?? [:]
                patch(&params, old: .object(oldShape.parameters), new: .object(newShape.parameters))
                value["parameters"] = params
            } else {
                value["parameters"] = fresh[i]["parameters"]
            }
            if old.displayName != set.displayName || old.description != set.description {
                var ui = value["uiDefinition"] ?? [:]
                ui["displayName"] = .string(set.displayName)
                if !set.description.isEmpty || ui["description"] != nil { ui["description"] = .string(set.description) }
                value["uiDefinition"] = ui
            }
            return value
        }
    }

    /// The security definitions of several types: each as the file had it where its type stayed.
    static func patchDefinitions(_ d: ConnectorDraft, original o: ConnectorDraft, existing: JSONObject,
                                 fresh: JSONObject) -> JSONObject {
        var out = JSONObject()
        for (name, newDefinition) in fresh.members {
            guard var kept = existing[name], let old = o.sets.first(where: { $0.name == name }),
                  let now = d.sets.first(where: { $0.name == name }), sameType(old.settings, now.settings) else {
                out[name] = newDefinition
                continue
            }
            let oldDefinition = AuthShapes.shape(of: old.settings, gateway: o.general.gateway, redirect: o.redirect)
                .definitions.members.first?.value ?? [:]
            patch(&kept, old: oldDefinition, new: newDefinition)
            out[name] = kept
        }
        return out
    }

    static func sameType(_ a: AuthSettings, _ b: AuthSettings) -> Bool {
        a.kind == b.kind && (a.kind != .oauth2 || a.oauth.provider == b.oauth.provider)
    }

    /// Applies to `target` the changes that turn `old` into `new`, keeping everything else
    /// (unknown keys, key order, descriptive texts) as it is.
    static func patch(_ target: inout JSONValue, old: JSONValue, new: JSONValue) {
        if old == new { return }
        if case .object(let o) = old, case .object(let n) = new, case .object(var t) = target {
            for (k, nv) in n.members {
                let tk = t.keys.first { $0 == k } ?? t.keys.first { $0.lowercased() == k.lowercased() } ?? k
                if let ov = o[k], var tv = t[tk] { patch(&tv, old: ov, new: nv); t[tk] = tv } else { t[tk] = nv }
            }
            for k in o.keys where n[k] == nil { t[k] = nil }
            target = .object(t)
            return
        }
        target = new
    }
}

/// An exclusive lock on a folder (flock on the folder itself), held while a save checks and
/// renames, so that two programs saving the same connector take turns. Nothing is created in
/// the folder for it.
struct FolderLock {
    private let fd: Int32

    init(_ folder: String) {
        fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 {
            while flock(fd, LOCK_EX) != 0 && errno == EINTR {}
        }
    }

    func release() {
        if fd >= 0 { close(fd) }
    }
}
