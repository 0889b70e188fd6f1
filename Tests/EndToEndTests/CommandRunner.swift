import Foundation
import XCTest

/// Runs the real `connector-wizard` binary (or any program) as a child process without a
/// terminal: standard input from a file, standard output and error into files (never pipes, so a
/// large output cannot deadlock), every signal at its default disposition.
enum CommandRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// For failure messages.
        var transcript: String { "exit \(status)\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)" }
    }

    private static let counter = Counter()
    static let scratch: String = {
        let dir = NSTemporaryDirectory() + "cw-commands-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }()

    /// `connector-wizard args…`, with `environment` added to the test's own (HOME and
    /// XDG_CONFIG_HOME default to a scratch folder, so no test touches the user's config).
    static func wizard(_ args: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> Result {
        var env = ["HOME": scratch + "/home", "XDG_CONFIG_HOME": scratch + "/config", "XDG_STATE_HOME": scratch + "/state"]
        for (k, v) in environment { env[k] = v }
        return try run([TmuxTerminal.binary] + args, stdin: stdin, environment: env)
    }

    static func run(_ argv: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> Result {
        let n = counter.next()
        let base = scratch + "/run-\(n)"
        let inPath = base + ".in", outPath = base + ".out", errPath = base + ".err"
        defer { for p in [inPath, outPath, errPath] { unlink(p) } }
        // Again each time: a test class that ran earlier may have removed the folder when done.
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        try (stdin ?? "").write(toFile: inPath, atomically: false, encoding: .utf8)

        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        let program = argv[0].contains("/") ? argv[0] : (TmuxTerminal.which(argv[0]) ?? argv[0])
        let code: Int32
        do {
            code = try Spawn.run([program] + argv.dropFirst(), stdin: stdin == nil ? nil : inPath, stdout: outPath,
                                 stderr: errPath, environment: env)
        } catch {
            throw Failure("\(error)")
        }
        let out = FileManager.default.contents(atPath: outPath).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let err = FileManager.default.contents(atPath: errPath).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return Result(status: code, stdout: out, stderr: err)
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    final class Counter: @unchecked Sendable {
        private var value = 0
        private let lock = NSLock()
        func next() -> Int {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return value
        }
    }
}

/// The checks that need Python: the platform's schema check and JSON compared by value and
/// key order. Missing Python or its packages fail the test loudly (scripts/test installs them).
enum PythonChecks {
    static func require(file: StaticString = #filePath, line: UInt = #line) throws {
        let probe = try CommandRunner.run(["python3", "-c", "import jsonschema, openapi_spec_validator"])
        if probe.status != 0 {
            XCTFail("python3 with jsonschema and openapi-spec-validator is needed (scripts/test installs them):\n\(probe.transcript)",
                    file: file, line: line)
            throw CommandRunner.Failure("python3 or its packages are missing")
        }
    }

    /// Compares connector folders pairwise by JSON value and key order (objects read as lists of
    /// pairs, so order and duplicate keys count). Each case: folder `a`, folder `b`, and the
    /// changes expected from a to b (`file`, `path` of keys, new `value`). Real files may be
    /// lenient JSON (a BOM, trailing commas, Windows-1252 bytes, raw TABs): both sides are read
    /// the same lenient way. Returns one line per difference, empty when all match.
    static func compare(_ cases: [[String: Any]]) throws -> String {
        let script = """
            import json, sys, os, re
            class O(list):  # a JSON object: its members as [key, value] in order, duplicates kept
                pass
            def hook(pairs): return O([list(p) for p in pairs])
            # Unicode spaces between values (ZohoSign's em spaces) are white space to the wizard.
            SPACES = "".join(map(chr, [0xA0, 0x1680] + list(range(0x2000, 0x200B)) + [0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF]))
            def lenient(path):
                b = open(path, "rb").read()
                if b.startswith(b"\\xef\\xbb\\xbf"): b = b[3:]
                try: t = b.decode("utf-8")
                except UnicodeDecodeError: t = b.decode("cp1252")
                try: return json.loads(t, strict=False, object_pairs_hook=hook)
                except ValueError: pass
                # Trailing commas and Unicode spaces, outside strings.
                out, i, n, in_str = [], 0, len(t), False
                while i < n:
                    c = t[i]
                    if in_str:
                        out.append(c)
                        if c == "\\\\": out.append(t[i + 1]); i += 2; continue
                        if c == '"': in_str = False
                    elif c == '"': in_str = True; out.append(c)
                    else: out.append(" " if c in SPACES else c)
                    i += 1
                return json.loads(re.sub(r",(\\s*[}\\]])", r"\\1", "".join(out)), strict=False, object_pairs_hook=hook)
            def setpath(tree, path, value):
                for k in path[:-1]:
                    tree = [m for m in tree if m[0] == k][-1][1]
                found = [m for m in tree if m[0] == path[-1]]
                if found: found[-1][1] = value
                else: tree.append([path[-1], value])
            def first_diff(a, b, path=""):
                if type(a) != type(b): return f"{path or '/'}: {type(a).__name__} {a!r:.80} vs {type(b).__name__} {b!r:.80}"
                if isinstance(a, O):
                    ka, kb = [m[0] for m in a], [m[0] for m in b]
                    if ka != kb: return f"{path or '/'}: keys {ka!r:.200} vs {kb!r:.200}"
                    for (k, x), (_, y) in zip(a, b):
                        d = first_diff(x, y, f"{path}/{k}")
                        if d: return d
                    return None
                if isinstance(a, list):
                    if len(a) != len(b): return f"{path or '/'}: {len(a)} items vs {len(b)}"
                    for i, (x, y) in enumerate(zip(a, b)):
                        d = first_diff(x, y, f"{path}[{i}]")
                        if d: return d
                    return None
                return None if a == b else f"{path}: {a!r:.80} vs {b!r:.80}"
            problems = []
            for case in json.load(sys.stdin):
                a, b = case["a"], case["b"]
                names = {n.lower(): n for n in os.listdir(a)}
                for name in ("apiproperties.json", "apidefinition.swagger.json"):
                    fa = os.path.join(a, names[name]); fb = os.path.join(b, names[name])
                    if not os.path.exists(fb): problems.append(f"{fb}: missing"); continue
                    ta, tb = lenient(fa), lenient(fb)
                    for ch in case.get("changes", []):
                        if ch["file"].lower() == name: setpath(ta, ch["path"], ch["value"])
                    d = first_diff(ta, tb)
                    if d: problems.append(f"{b}/{names[name]}: differs from {a} at {d}")
            print("\\n".join(problems))
            """
        let data = try JSONSerialization.data(withJSONObject: cases)
        let r = try CommandRunner.run(["python3", "-c", script], stdin: String(decoding: data, as: UTF8.self))
        if r.status != 0 { return "the comparison failed to run:\n\(r.transcript)" }
        return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
