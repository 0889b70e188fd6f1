import ConnectorKit
import Foundation
@testable import WizardUI
import XCTest

/// Real connectors through the wizard itself: opened, saved with Ctrl-S, reopened.
final class RealConnectorTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/fixtures/connectors").standardized.path

    /// How many connector folders the fixtures hold, counted as `connectors/<group>/<name>/`
    /// folders (independently of the recursive search the tests use); the set grows.
    static let connectorFolderCount: Int = {
        let fm = FileManager.default
        var n = 0
        for group in (try? fm.contentsOfDirectory(atPath: fixtures)) ?? [] {
            var isDir: ObjCBool = false
            for name in (try? fm.contentsOfDirectory(atPath: fixtures + "/" + group)) ?? []
            where fm.fileExists(atPath: fixtures + "/" + group + "/" + name, isDirectory: &isDir) && isDir.boolValue {
                n += 1
            }
        }
        precondition(n > 0, "no fixture connectors under \(fixtures)")
        return n
    }()

    /// Every connector folder of the fixtures, copied to a fresh temporary folder.
    func copies() throws -> [(name: String, folder: String)] {
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("cw-real-\(UUID().uuidString)").path
        addTeardownBlock { try? fm.removeItem(atPath: root) }
        var out: [(String, String)] = []
        let e = fm.enumerator(atPath: Self.fixtures)
        while let rel = e?.nextObject() as? String {
            guard rel.hasSuffix("/apiProperties.json") else { continue }
            let name = String(rel.dropLast("/apiProperties.json".count))
            let target = root + "/" + name.replacingOccurrences(of: "/", with: "_")
            try fm.createDirectory(atPath: target, withIntermediateDirectories: true)
            for file in try fm.contentsOfDirectory(atPath: Self.fixtures + "/" + name) {
                try fm.copyItem(atPath: Self.fixtures + "/" + name + "/" + file, toPath: target + "/" + file)
            }
            out.append((name, target))
        }
        XCTAssertEqual(out.count, Self.connectorFolderCount, "every fixture connector (connectors/*/*) is found")
        return out.sorted { $0.0 < $1.0 }
    }

    func bytes(_ folder: String) -> [String: Data] {
        var out: [String: Data] = [:]
        for f in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
            out[f] = FileManager.default.contents(atPath: folder + "/" + f)
        }
        return out
    }

    func testEveryReadableConnectorSavesUnchangedThroughTheWizard() throws {
        var saved = 0
        for (name, folder) in try copies() {
            let doc: ConnectorDocument
            do {
                doc = try ConnectorDocument.open(folder)
            } catch {
                XCTAssertTrue(name.hasSuffix("gofileroom"), "\(name): \(error)")
                continue
            }
            let before = bytes(folder)
            var s = WizardState(document: doc, files: FileSystem.Probe())
            XCTAssertTrue(s.screen.contains("Update connector"), name)
            let asked = SaveRequest(draft: s.draft, document: doc)
            let effects = s.press(.ctrl("s"))
            if s.errorCount > 0 {
                XCTFail("\(name) cannot be saved unchanged: \(s.diagnostics.filter { $0.severity == .error })")
                continue
            }
            XCTAssertEqual(effects, [.save(asked)], name)
            guard case .saved(_, let files, _, _)? = s.dialog else { XCTFail("\(name): \(String(describing: s.dialog))"); continue }
            XCTAssertEqual(files, [], "\(name): nothing changed, nothing written")
            XCTAssertEqual(bytes(folder), before, "\(name): every byte as it was")
            saved += 1
        }
        XCTAssertEqual(saved, Self.connectorFolderCount - 1, "all but the unreadable fixture are saved")
    }

    /// A connector on the legacy shared redirect URL keeps it, and moves to its own URL when
    /// the maker ticks "Update to unique redirect URL" (§3).
    func testTheLegacyRedirectURLIsKeptUntilTheMakerAsks() throws {
        let facebook = try XCTUnwrap(try copies().first { $0.name == "custom-connectors/Facebook" }).folder
        var s = WizardState(document: try ConnectorDocument.open(facebook), files: FileSystem.Probe())
        s.press(.alt("2"))
        XCTAssertTrue(s.screen.contains("https://global.consent.azure-apim.net/redirect"), s.screen)
        XCTAssertTrue(s.screen.contains("Update to unique redirect URL"), s.screen)
        // A save without ticking keeps the shared URL.
        s.draft.general.description = "Post to Facebook pages and read their feeds from flows and apps."
        s.press(.ctrl("s"))
        XCTAssertEqual(try ConnectorDocument.open(facebook).original?.redirect,
                       .legacyGlobal("https://global.consent.azure-apim.net/redirect", updateToUnique: false))
        s.press(.enter)
        while s.focused != .updateRedirect { s.press(.tab) }
        s.press(.char(" "))
        s.press(.ctrl("s"), newID: { "0123456789abcdef" })
        let expected = "https://global.consent.azure-apim.net/redirect/new-5ffacebook-5f0123456789abcdef"
        XCTAssertEqual(try ConnectorDocument.open(facebook).original?.redirect, .perConnector(expected))
        XCTAssertTrue(s.screen.contains("Copy redirect URL"), s.screen)
        s.press(.enter)
        XCTAssertFalse(s.screen.contains("Update to unique redirect URL"), "a per-connector URL has no such checkbox")
    }

    /// Random edits through the form's own setters, saved and reopened, give back the edited
    /// connector. Seeded, so a failure can be replayed.
    func testRandomEditsSaveAndReopenAsEdited() throws {
        var rng = SplitMix64(seed: 20261129)
        let editable = try copies().filter { copy in
            guard let doc = try? ConnectorDocument.open(copy.folder), let d = doc.original else { return false }
            return d.imported == nil
        }
        XCTAssertGreaterThan(editable.count, 20)
        for round in 0..<60 {
            let (name, folder) = editable[Int(rng.next() % UInt64(editable.count))]
            let doc = try ConnectorDocument.open(folder)
            var s = WizardState(document: doc, files: FileSystem.Probe())
            var d = s.draft
            var edits: [String] = []
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                let (field, value) = randomEdit(d, &rng)
                try d.setValue(value, of: field)
                edits.append("\(field.rawValue)=\(value)")
            }
            s.draft = d
            s.press(.ctrl("s"))
            guard s.errorCount == 0 else { continue }  // an edit broke a rule: nothing to reopen
            guard case .saved? = s.dialog else { XCTFail("round \(round) \(name) \(edits): \(String(describing: s.dialog))"); continue }
            let reopened = try XCTUnwrap(try ConnectorDocument.open(folder).original)
            for f in FieldID.allCases where f != .oauthClientSecret && f != .updateRedirect {
                XCTAssertEqual(reopened.value(of: f), s.draft.value(of: f), "round \(round) \(name) \(edits): \(f.rawValue)")
            }
        }
    }

    /// A value a maker could set for a field of the current form.
    func randomEdit(_ d: ConnectorDraft, _ rng: inout SplitMix64) -> (FieldID, String) {
        let words = ["Contoso", "Fabrikam", "Invoices", "Tailspin", "Überweisungen", "請求書", "Northwind"]
        func word() -> String { words[Int(rng.next() % UInt64(words.count))] }
        let fields = (d.fields(on: .general) + d.fields(on: .security)).filter {
            $0.takesFocus && ![.icon, .gateway, .auth, .authSet, .oauthProvider, .oauthClientSecret, .updateRedirect].contains($0.id)
        }
        let spec = fields[Int(rng.next() % UInt64(fields.count))]
        switch spec.kind {
        case .checkbox: return (spec.id, rng.next() % 2 == 0 ? "true" : "false")
        case .choice(let options): return (spec.id, options[Int(rng.next() % UInt64(options.count))].id)
        case .color: return (spec.id, String(format: "#%06x", Int(rng.next() % 0xFFFFFF)))
        default:
            switch spec.id {
            case .host: return (spec.id, "\(word().lowercased()).example.com")
            case .basePath: return (spec.id, "/\(word().lowercased())")
            case .apiKeyName: return (spec.id, "X-\(word())-Key".filter(\.isASCII))
            case .oauthAuthorizationUrl, .oauthTokenUrl, .oauthRefreshUrl, .oauthLoginUrl, .oauthResourceUrl:
                return (spec.id, "https://login.example.com/\(word().lowercased().filter(\.isASCII))")
            case .title: return (spec.id, "\(word()) \(word())")
            default: return (spec.id, "\(word()) \(word()) \(rng.next() % 100)")
            }
        }
    }
}

/// A small seeded generator (SplitMix64), so random tests can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Every screen of every real connector draws at every size, from too small to very large.
final class EverySizeTests: XCTestCase {
    func testEveryTabOfEveryFixtureDrawsAtEverySize() throws {
        let fixtures = RealConnectorTests.fixtures
        let e = FileManager.default.enumerator(atPath: fixtures)
        var folders: [String] = []
        while let rel = e?.nextObject() as? String {
            if rel.hasSuffix("/apiProperties.json") { folders.append(fixtures + "/" + rel.dropLast("/apiProperties.json".count)) }
        }
        XCTAssertEqual(folders.count, RealConnectorTests.connectorFolderCount)
        for folder in folders {
            guard let doc = try? ConnectorDocument.open(folder) else { continue }
            var s = WizardState(document: doc, files: FileSystem.Probe())
            for tab in WizardTab.allCases {
                _ = s.apply(.goToTab(tab))
                for (w, h) in [(20, 5), (59, 15), (60, 16), (61, 17), (64, 18), (80, 24), (100, 30), (200, 50)] {
                    s.press(.resize(width: w, height: h))
                    let b = Renderer.render(s)
                    XCTAssertEqual(b.lines.count, h, "\(folder) \(tab) \(w)×\(h)")
                }
            }
        }
    }
}

/// Random keys, pastes and sizes on real connectors: the wizard never crashes and always draws
/// a whole screen. Seeded, so a failure can be replayed.
final class RandomKeysTests: XCTestCase {
    func testRandomKeysNeverCrash() throws {
        var rng = SplitMix64(seed: 7_2026)
        let folders = ["custom-connectors/HR Cloud", "certified-connectors/AvePoint Cloud Governance",
                       "certified-connectors/LawVu", "custom-connectors/Snowflake", "certified-connectors/Connect Bridge"]
        let keys: [Key] = [.tab, .backTab, .up, .down, .left, .right, .home, .end, .enter, .escape, .backspace, .delete,
                           .char(" "), .char("a"), .char("請"), .char("é"), .char("<"), .char(">"), .char("/"), .char(":"),
                           .ctrl("u"), .ctrl("a"), .ctrl("e"), .ctrl("d"), .function(1), .function(5), .function(6),
                           .function(7), .function(8), .function(9), .alt("1"), .alt("2"), .alt("3"), .pageUp, .pageDown,
                           .paste("https://api.example.com:8443/v2?x=1"), .paste("line one\nline two\r\n請求書"),
                           .paste(String(repeating: "long paste ", count: 200))]
        for (i, name) in ([nil] + folders).enumerated() {
            let doc = try name.map { try ConnectorDocument.open(RealConnectorTests.fixtures + "/" + $0) } ?? .new(in: "/tmp/cw-never-saved-\(i)")
            var s = WizardState(document: doc, files: FileSystem.Probe())
            for step in 0..<600 {
                let r = rng.next() % 100
                let key: Key
                if r < 3 {
                    key = .resize(width: 10 + Int(rng.next() % 200), height: 3 + Int(rng.next() % 60))
                } else {
                    key = keys[Int(rng.next() % UInt64(keys.count))]
                }
                // Saves and quits the keys ask for are not carried out: this is about drawing.
                let effects = s.handle(key)
                if effects.contains(.quit) { s = WizardState(document: doc, files: FileSystem.Probe()) }
                let b = Renderer.render(s)
                XCTAssertEqual(b.lines.count, s.height, "\(name ?? "new") step \(step)")
            }
        }
    }
}
