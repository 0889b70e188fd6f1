import CommandReports
import ConnectorKit
import Foundation
import XCTest

/// `validate` and `show` as reports, in-process over the real connectors.
final class ReportTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/fixtures/connectors").standardized.path

    /// Every `connectors/<group>/<name>` folder, sorted.
    var folders: [String] {
        let fm = FileManager.default
        var out: [String] = []
        for group in ((try? fm.contentsOfDirectory(atPath: Self.fixtures)) ?? []).sorted() {
            for name in ((try? fm.contentsOfDirectory(atPath: Self.fixtures + "/" + group)) ?? []).sorted() {
                var isDir: ObjCBool = false
                let path = Self.fixtures + "/" + group + "/" + name
                if fm.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue { out.append(path) }
            }
        }
        return out
    }

    func testValidateOverEveryFixtureNamesEachFolderAndSumsUp() throws {
        let folders = self.folders
        XCTAssertFalse(folders.isEmpty, "fixtures at \(Self.fixtures)")
        let reports = ValidationReport.checkAll(folders)
        XCTAssertEqual(reports.map(\.folder), folders, "one report a folder, in the order given")
        let unreadable = reports.filter { !$0.readable }.map { URL(fileURLWithPath: $0.folder).lastPathComponent }
        XCTAssertEqual(Set(unreadable), ["gofileroom"], "ZohoSign's em spaces are read as white space")
        let text = ValidationReport.render(reports, json: false)
        let lines = text.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.last?.hasPrefix("\(folders.count) folders checked: 1 error in 1 folder, ") == true, lines.last ?? "")
        XCTAssertTrue(lines.contains { $0.contains("/gofileroom: error: apiProperties.json is not valid JSON at line ") }, text)
        for folder in folders {
            XCTAssertTrue(lines.contains { $0.hasPrefix(folder + ": ") }, "\(folder) is named")
        }
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(ValidationReport.render(reports, json: true).utf8)) as? [String: Any])
        let summary = try XCTUnwrap(json["summary"] as? [String: Any])
        XCTAssertEqual(summary["folders"] as? Int, folders.count)
        XCTAssertEqual(summary["foldersWithErrors"] as? Int, 1)
    }

    func testShowTellsTheFormsFieldsAndNeverTheClientSecret() throws {
        let doc = try ConnectorDocument.open(Self.fixtures + "/custom-connectors/Facebook")
        let view = ConnectorView(doc)
        let text = view.text(folder: "facebook")
        XCTAssertTrue(text.hasPrefix("Facebook — facebook\n"), text)
        for line in ["General", "Security", "  Client secret"] {
            XCTAssertTrue(text.contains("\n" + line), "\(line) in\n\(text)")
        }
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(view.json(folder: "facebook").utf8)) as? [String: Any])
        XCTAssertEqual(json["folder"] as? String, "facebook")
        XCTAssertEqual(json["oauth.clientSecret"] as? String, "not stored")
        XCTAssertEqual(json["auth"] as? String, "oauth2")
    }

    func testShowNamesAnImportedProvidersSettingsInTextAndJSON() throws {
        let doc = try ConnectorDocument.open(Self.fixtures + "/certified-connectors/ZohoSign")
        let view = ConnectorView(doc)
        let text = view.text(folder: "zoho")
        let lines = text.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        XCTAssertTrue(lines.contains("Authorization template https://accounts.zoho.{CustomHost}/oauth/v2/auth"), text)
        XCTAssertTrue(lines.contains("Client ID <Enter Your Client ID>"), text)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(view.json(folder: "zoho").utf8)) as? [String: Any])
        let imported = try XCTUnwrap(json["imported"] as? [String: Any])
        let settings = try XCTUnwrap(imported["settings"] as? [[String: String]])
        XCTAssertEqual(settings.first { $0["name"] == "refreshUrlTemplate" }?["value"], "https://accounts.zoho.{CustomHost}/oauth/v2/token")
        XCTAssertEqual(settings.first { $0["name"] == "clientId" }?["label"], "Client ID")
    }
}
