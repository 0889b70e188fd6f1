import Foundation
import TestKit
import XCTest

/// Faults only the real thing shows, through the binary: a file-size limit, a folder that may
/// be written but not listed, a FIFO, several programs saving at once, a hostile title on the
/// terminal, a fatal signal under a plain interactive shell, an oversized client secret.
final class FaultsEndToEndTests: XCTestCase {
    static let fixtures = SharedFolder.connectors
    var tmp: String!

    override func setUpWithError() throws {
        tmp = NSTemporaryDirectory() + "cw-faults-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let tmp {
            _ = try? CommandRunner.run(["chmod", "-R", "u+rwx", tmp])
            try? FileManager.default.removeItem(atPath: tmp)
        }
    }

    func copy(_ fixture: String) throws -> String {
        let target = tmp + "/" + (fixture.split(separator: "/").last.map(String.init) ?? "c")
        _ = try CommandRunner.run(["cp", "-r", Self.fixtures + "/" + fixture, target])
        _ = try CommandRunner.run(["chmod", "-R", "u+w", target])
        return target
    }

    func contents(_ folder: String) -> [String: Data] {
        var out: [String: Data] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
            out[name] = FileManager.default.contents(atPath: folder + "/" + name)
        }
        return out
    }

    func testAFileSizeLimitIsAnErrorAndTheFilesStayAsTheyWere() throws {
        let dir = try copy("certified-connectors/Encodian")
        let before = contents(dir)
        let r = try CommandRunner.run(["sh", "-c", "ulimit -f 100; exec \"$0\" set \"$1\" title=Changed iconBrandColor=#123456",
                                       TmuxTerminal.binary, dir])
        XCTAssertEqual(r.status, 3, "an error, not death by SIGXFSZ (153):\n\(r.transcript)")
        XCTAssertTrue(r.stderr.hasPrefix("connector-wizard: not saved: ") && r.stderr.contains("File too large"), r.transcript)
        XCTAssertEqual(contents(dir), before, "both files as they were, and no temporary file left")
    }

    func testAFolderThatCannotBeListedIsAnErrorNeverANewConnector() throws {
        let dir = try copy("custom-connectors/HR Cloud")
        let before = contents(dir)
        // As a user the permissions apply to (root reads any folder).
        var prefix: [String] = []
        if getuid() == 0 {
            _ = try CommandRunner.run(["chown", "-R", "65534:65534", dir])
            prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        }
        XCTAssertEqual(chmod(dir, 0o300), 0)
        var r = try CommandRunner.run(prefix + [TmuxTerminal.binary, "new", dir, "title=Replaced"],
                                      environment: ["HOME": tmp, "XDG_CONFIG_HOME": tmp + "/config"])
        XCTAssertEqual(r.status, 3, r.transcript)
        XCTAssertEqual(r.stderr, "connector-wizard: \(dir) cannot be read: Permission denied.\n", r.transcript)
        XCTAssertEqual(chmod(dir, 0o000), 0)
        r = try CommandRunner.run(prefix + [TmuxTerminal.binary, "show", dir], environment: ["HOME": tmp])
        XCTAssertEqual(r.status, 3, r.transcript)
        XCTAssertTrue(r.stderr.contains("Permission denied") && !r.stderr.contains("holds no connector"), r.transcript)
        XCTAssertEqual(chmod(dir, 0o755), 0)
        XCTAssertEqual(contents(dir), before, "the connector inside is untouched")
    }

    func testAFIFOIsAnErrorAndValidateGoesOnToTheNextFolder() throws {
        let a = try copy("custom-connectors/HR Cloud")
        let fifo = tmp + "/fifo"
        try FileManager.default.createDirectory(atPath: fifo, withIntermediateDirectories: true)
        try Data("{\"properties\": {}}".utf8).write(to: URL(fileURLWithPath: fifo + "/apiProperties.json"))
        XCTAssertEqual(mkfifo(fifo + "/apiDefinition.swagger.json", 0o644), 0)
        let b = try copy("certified-connectors/Egnyte")
        let r = try CommandRunner.wizard(["validate", a, fifo, b])
        XCTAssertEqual(r.status, 1, r.transcript)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains("\(fifo): error: apiDefinition.swagger.json is a FIFO (a named pipe), not a file."), r.transcript)
        XCTAssertTrue(lines.contains { $0.hasPrefix(a + ": ") } && lines.contains { $0.hasPrefix(b + ": ") }, r.transcript)
        XCTAssertTrue(lines.last?.hasPrefix("3 folders checked") == true, r.transcript)
    }

    /// Four programs, each changing a key of its own, five rounds: every change reported as
    /// saved is in the files at the end; a save that met another is refused, never lost.
    func testConcurrentSavesLoseNoChange() throws {
        let dir = try copy("custom-connectors/HR Cloud")
        let keys = ["title", "description", "host", "iconBrandColor"]
        func value(_ key: String, _ round: Int) -> String {
            switch key {
            case "title": "Title \(round)"
            case "description": "A description long enough for the rule, round \(round) of the test."
            case "host": "api\(round).contoso.com"
            default: String(format: "#1234%02d", round)
            }
        }
        let script = keys.map { key in
            (0..<5).map { round in
                "if \"$0\" set \"$1\" \(key)='\(value(key, round))' >/dev/null 2>>\"$2\"; then echo \(round) > \"$2.\(key)\"; fi"
            }.joined(separator: "; ")
        }
        let logs = tmp + "/log"
        let r = try CommandRunner.run(["sh", "-c", script.map { "( \($0) ) &" }.joined(separator: " ") + " wait",
                                       TmuxTerminal.binary, dir, logs])
        XCTAssertEqual(r.status, 0, r.transcript)
        let show = try CommandRunner.wizard(["show", dir, "--json"])
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        for key in keys {
            guard let last = (try? String(contentsOfFile: "\(logs).\(key)", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines),
                  let round = Int(last) else { continue }
            XCTAssertEqual(json[key] as? String, value(key, round), "\(key): the last change reported as saved is there")
        }
        let refusals = (try? String(contentsOfFile: logs, encoding: .utf8)) ?? ""
        for line in refusals.split(separator: "\n") {
            XCTAssertTrue(line.contains("changed on disk since it was read, so nothing was written"), String(line))
        }
    }

    func testAHostileTitleReachesTheTerminalAsTextOnly() throws {
        let dir = try copy("custom-connectors/HR Cloud")
        let hostile = "T\u{1B}]52;c;UFdORUQ=\u{07}\u{1B}]0;PWN\u{07}\u{1B}[2J"
        let path = dir + "/apiDefinition.swagger.json"
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"title\": \"HR Cloud\"", with: "\"title\": \"T\\u001b]52;c;UFdORUQ=\\u0007\\u001b]0;PWN\\u0007\\u001b[2J\"")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        for args in [["show", dir], ["validate", dir], ["prompt", dir], ["set", dir, "host=api.hr.example"]] {
            let r = try CommandRunner.wizard(args)
            let all = r.stdout + r.stderr
            XCTAssertFalse(all.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) },
                           "\(args[0]): \(all.debugDescription)")
        }
        let json = try CommandRunner.wizard(["show", dir, "--json"])
        XCTAssertTrue(json.stdout.contains("\\u001b]52;c;UFdORUQ=\\u0007"), "--json keeps the exact value, escaped:\n\(json.stdout)")
        let value = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])["title"] as? String
        XCTAssertEqual(value, hostile)
    }

    func testAFatalSignalUnderAnInteractiveDashRestoresTheTerminalAndDumpsNoCore() throws {
        guard FileManager.default.isExecutableFile(atPath: "/bin/dash") else { return XCTFail("dash is needed (apt-get install dash)") }
        for signal in [SIGSEGV, SIGABRT] {
            let t = try TmuxTerminal("exec dash -i")
            try t.type(wizardScript("crashed") + "\n")
            try t.waitFor("1. General")
            let pid = try t.waitForFile("wizard.pid").trimmingCharacters(in: .whitespacesAndNewlines)
            XCTAssertEqual(kill(pid_t(pid)!, signal), 0)
            XCTAssertEqual(try t.waitForFile("exit.status"), "\(128 + signal)\n", "ended by the signal")
            XCTAssertEqual(try t.waitForFile("stty.after"), try String(contentsOfFile: t.workDir + "/stty.before", encoding: .utf8),
                           "the terminal's modes as they were after signal \(signal)")
            let screen = try t.screen(escapes: true)
            XCTAssertFalse(screen.contains("1. General"), "the alternate screen is gone:\n\(screen)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: t.workDir + "/core"), "no core dump")
        }
    }

    func testAClientSecretLongerThan64KiBIsRefused() throws {
        let dir = tmp + "/oauth"
        _ = try CommandRunner.wizard(["new", dir, "title=Long", "host=api.example.com", "auth=oauth2", "oauth.provider=github",
                                      "oauth.clientId=abc"])
        let r = try CommandRunner.wizard(["set", dir, "--client-secret-stdin"], stdin: String(repeating: "s", count: 70_000) + "\n",
                                         environment: ["XDG_CONFIG_HOME": tmp + "/config"])
        XCTAssertEqual(r.status, 2, r.transcript)
        XCTAssertEqual(r.stderr, "connector-wizard: --client-secret-stdin: the client secret is longer than 64 KiB; nothing was kept.\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: tmp + "/config/connector-wizard/secrets"), "nothing kept")
    }
}
