import Foundation
import Yams

// `connector-wizard-yaml IN OUT`: reads the YAML document IN and writes it to OUT as JSON, for
// `new --from` and the wizard's Import. A program of its own so that Yams, and the Foundation it
// brings, are loaded only when a YAML description is imported, never at the wizard's start-up.
//
// Exit status: 0 written; 1 not YAML (one line on standard error: `line L, column C: problem`);
// 2 usage or a file that cannot be read or written.

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: connector-wizard-yaml IN OUT\n".utf8))
    exit(2)
}

func fail(_ sentence: String, status: Int32) -> Never {
    FileHandle.standardError.write(Data((sentence + "\n").utf8))
    exit(status)
}

guard let data = FileManager.default.contents(atPath: arguments[1]) else {
    fail("cannot be read", status: 2)
}
guard let text = String(validating: data, as: UTF8.self) else {
    fail("line 1, column 1: is not UTF-8 text", status: 1)
}

do {
    guard let root = try Parser(yaml: text, resolver: .basic, encoding: .utf8).singleRoot() else {
        fail("line 1, column 1: the file holds no YAML document", status: 1)
    }
    var writer = YAMLToJSON(limit: max(8 << 20, data.count * 8))
    try writer.write(root)
    writer.out.append(0x0A)
    guard FileManager.default.createFile(atPath: arguments[2], contents: Data(writer.out)) else {
        fail("cannot write \(arguments[2])", status: 2)
    }
} catch let error as YAMLToJSON.Failure {
    fail(error.sentence, status: 1)
} catch let error as YamlError {
    fail(YAMLToJSON.sentence(error), status: 1)
} catch {
    fail("line 1, column 1: \(error)", status: 1)
}
