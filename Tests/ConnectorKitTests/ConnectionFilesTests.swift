import ConnectorKit
import Foundation
import XCTest

/// Where an end user's connection and gateways live (§5, §5.2): in the user's own folders, the
/// connection readable by the user alone.
final class ConnectionFilesTests: XCTestCase {
    var root = ""

    override func setUpWithError() throws {
        root = NSTemporaryDirectory() + "cw-connections-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: root)
    }

    func env(_ vars: [String: String]) -> (String) -> String? { { vars[$0] } }

    func testTheStoreFollowsXDGStateHomeElseHome() throws {
        XCTAssertEqual(try ConnectionStore.forCurrentUser(environment: env(["XDG_STATE_HOME": "/s", "HOME": "/h"])).directory,
                       "/s/connector-wizard/connections")
        XCTAssertEqual(try ConnectionStore.forCurrentUser(environment: env(["XDG_STATE_HOME": "relative", "HOME": "/h"])).directory,
                       "/h/.local/state/connector-wizard/connections", "a relative XDG path is ignored, as the spec asks")
        XCTAssertThrowsError(try ConnectionStore.forCurrentUser(environment: env([:])))
    }

    func testASavedConnectionIsTheUsersAlone() throws {
        let store = ConnectionStore(directory: root + "/state/connector-wizard/connections")
        let token = OAuthToken(accessToken: "at-123", refreshToken: "rt-456", expiresAt: 1_800_000_000, scope: "read")
        let c = ConnectionStore.Connection(connector: "Contoso", folder: "/work/contoso", authenticationType: nil,
                                           parameters: [("api_key", "k3y")], token: token)
        let path = try store.save(c, for: "https://global.consent.azure-apim.net/redirect/new-5fcontoso-5f0123456789abcdef")
        XCTAssertTrue(path.hasPrefix(store.directory + "/redirect-new-5fcontoso"), path)
        let file = try FileManager.default.attributesOfItem(atPath: path)
        XCTAssertEqual((file[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        let folder = try FileManager.default.attributesOfItem(atPath: store.directory)
        XCTAssertEqual((folder[.posixPermissions] as? NSNumber)?.intValue, 0o700)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        XCTAssertEqual(json["connector"] as? String, "Contoso")
        XCTAssertEqual((json["parameters"] as? [String: String])?["api_key"], "k3y")
        XCTAssertEqual((json["token"] as? [String: Any])?["refreshToken"] as? String, "rt-456")
        XCTAssertEqual((json["token"] as? [String: Any])?["expiresAt"] as? Int, 1_800_000_000)
    }

    func testGatewaysFile() throws {
        XCTAssertEqual(GatewaysFile.parse("# installed\ngw-east\n\n  gw-west  # the other one\r\n"), ["gw-east", "gw-west"])
        let config = root + "/config"
        try FileManager.default.createDirectory(atPath: config + "/connector-wizard", withIntermediateDirectories: true)
        try "gw-file\ngw-cli\n".write(toFile: config + "/connector-wizard/gateways", atomically: true, encoding: .utf8)
        XCTAssertEqual(GatewaysFile.merged(["gw-cli"], environment: env(["XDG_CONFIG_HOME": config])), ["gw-cli", "gw-file"])
        XCTAssertEqual(GatewaysFile.merged([], environment: env(["HOME": root + "/nowhere"])), [], "no file: no gateways")
    }
}

final class ReadableBodyTests: XCTestCase {
    func testALongMinifiedJSONAnswerIsLaidOut() {
        let long = "{\"value\":[" + (0..<8).map { "{\"id\":\($0),\"name\":\"item \($0)\"}" }.joined(separator: ",") + "]}"
        let r = HTTPResponse(status: 200, headers: [HTTPHeader("Content-Type", "application/json; charset=utf-8")], body: Array(long.utf8))
        let shown = TestCall.readableBody(r)
        XCTAssertTrue(shown.hasPrefix("{\n  \"value\": [\n    {\n      \"id\": 0,\n"), shown)
    }

    func testShortJSONAndOtherAnswersStayAsTheyCame() {
        let short = "{\"user\": \"test-user\", \"via\": \"bearer\"}"
        XCTAssertEqual(TestCall.readableBody(HTTPResponse(status: 200, headers: [HTTPHeader("Content-Type", "application/json")],
                                                          body: Array(short.utf8))), short)
        let html = "<html>" + String(repeating: "x", count: 300) + "</html>"
        XCTAssertEqual(TestCall.readableBody(HTTPResponse(status: 200, headers: [HTTPHeader("Content-Type", "text/html")],
                                                          body: Array(html.utf8))), html)
        let broken = "{\"a\": " + String(repeating: "1", count: 200)
        XCTAssertEqual(TestCall.readableBody(HTTPResponse(status: 200, headers: [HTTPHeader("Content-Type", "application/json")],
                                                          body: Array(broken.utf8))), broken, "not JSON after all: as it came")
    }
}
