import Foundation
import XCTest

/// `../shared` beside the package root: the fixtures, schemas and `schema_check.py`.
public enum SharedFolder {
    /// This file is `<root>/Tests/TestKit/SchemaChecker.swift`.
    public static let path: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("shared").standardized.path
    }()

    public static let connectors = path + "/fixtures/connectors"
    public static let schemaCheck = path + "/tools/schema_check.py"
}

/// `schema_check.py` in one long-lived Python process: each folder written to its standard input
/// is checked by running the script as it is (through runpy, with its own argv), and the exit
/// status and output come back as one JSON line. The process ends with the test run (its input
/// closes).
public final class SchemaChecker: @unchecked Sendable {
    public static let shared = Result { try SchemaChecker() }

    private let process = Process()
    private let input: FileHandle
    private let output: FileHandle
    private var buffer = Data()
    private let lock = NSLock()

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    private static let driver = """
        import contextlib, io, json, runpy, sys
        tool = sys.argv[1]
        for line in sys.stdin:
            sys.argv = [tool, line.rstrip("\\n")]
            out, code = io.StringIO(), 0
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                try:
                    runpy.run_path(tool, run_name="__main__")
                except SystemExit as e:
                    code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
                except Exception as e:
                    print(repr(e))
                    code = 2
            sys.stdout.write(json.dumps({"status": code, "output": out.getvalue()}) + "\\n")
            sys.stdout.flush()
        """

    init() throws {
        let stdin = Pipe(), stdout = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.driver, SharedFolder.schemaCheck]
        process.standardInput = stdin
        process.standardOutput = stdout
        input = stdin.fileHandleForWriting
        output = stdout.fileHandleForReading
        try process.run()
    }

    public func check(_ folder: String) throws -> (status: Int, output: String) {
        lock.lock()
        defer { lock.unlock() }
        input.write(Data((folder + "\n").utf8))
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = buffer[buffer.startIndex..<newline]
                buffer.removeSubrange(buffer.startIndex...newline)
                guard let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                      let status = object["status"] as? Int, let text = object["output"] as? String else {
                    throw Failure(description: "schema_check.py's driver answered \(String(decoding: line, as: UTF8.self))")
                }
                return (status, text)
            }
            let more = output.availableData
            if more.isEmpty { throw Failure(description: "the schema_check.py process ended") }
            buffer.append(more)
        }
    }
}

extension SchemaChecker {
    /// Whether python3 with jsonschema and openapi-spec-validator can run; the reason when not.
    public static let pythonProblem: String? = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import json, jsonschema, openapi_spec_validator"]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        do { try p.run() } catch { return "python3 cannot be started (is it on PATH?)" }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        if p.terminationStatus != 0 {
            return "python3 lacks a module the schema check needs (pip install jsonschema openapi-spec-validator): "
                + String(decoding: data, as: UTF8.self)
        }
        return nil
    }()

    /// Fails loudly when python3 or its modules are missing; returns false then.
    public static func requirePython(file: StaticString = #filePath, line: UInt = #line) -> Bool {
        if let pythonProblem {
            XCTFail("The schema check cannot run: \(pythonProblem)", file: file, line: line)
            return false
        }
        return true
    }

    /// Runs `schema_check.py` over a connector folder in the shared process and fails the test
    /// (with its output) unless clean.
    public static func assertPasses(_ folder: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        guard requirePython(file: file, line: line) else { return }
        do {
            let r = try shared.get().check(folder)
            if r.status != 0 {
                XCTFail("schema_check.py rejects \(what) (exit \(r.status)):\n\(r.output)", file: file, line: line)
            }
        } catch {
            XCTFail("cannot run schema_check.py: \(error)", file: file, line: line)
        }
    }
}
