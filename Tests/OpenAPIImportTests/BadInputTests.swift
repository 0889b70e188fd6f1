import ConnectorKit
import Foundation
import OpenAPIImport
import TestKit
import XCTest

/// What is not an OpenAPI description, or is a broken one: one sentence naming the file and,
/// where it is known, the line.
final class BadInputTests: ImportTestCase {
    func testNeitherJSONNorYAML() throws {
        let json = try file("broken.json", "{\n  \"openapi\": \"3.0.0\",\n  \"info\": {\n}}}\n")
        XCTAssertEqual(failure(json), "\(json) is not valid JSON (nor YAML) at line 4, column 3: unexpected '}' after the end of the document")
        let yaml = try file("broken.yaml", "openapi: 3.0.0\ninfo:\n  title: [unclosed\npaths: {}\n")
        let sentence = failure(yaml)
        XCTAssertTrue(sentence.hasPrefix("\(yaml) is neither JSON nor YAML: line "), sentence)
        let binary = scratch + "/logo.png"
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0xFF, 0xFE]).write(to: URL(fileURLWithPath: binary))
        XCTAssertTrue(failure(binary).hasPrefix("\(binary) is neither JSON nor YAML"), failure(binary))
    }

    func testNotOpenAPI() throws {
        let text = try file("notes.yaml", "Just a line of text.\n")
        XCTAssertEqual(failure(text), "\(text) is not an OpenAPI description: it holds a text, not an object with `openapi` or `swagger`")
        let other = try file("package.json", "{\"name\": \"contoso\", \"version\": \"1.0.0\"}")
        XCTAssertEqual(failure(other), "\(other) is not an OpenAPI description: it has neither `openapi` nor `swagger` at its top")
        let four = try file("four.yaml", "info: {title: x}\nopenapi: 4.0.0\npaths: {}\n")
        XCTAssertEqual(failure(four), "\(four), line 2: OpenAPI 4.0.0 is not read (OpenAPI 2.0, 3.0 and 3.1 are)")
        XCTAssertEqual(failure(scratch + "/missing.yaml"), "\(scratch)/missing.yaml does not exist")
    }

    func testAReferenceThatLeadsNowhereIsNamedWithItsLine() throws {
        let path = try file("api.yaml", """
            openapi: 3.0.0
            info: {title: Contoso, version: "1"}
            paths:
              /pets:
                get:
                  responses:
                    "200":
                      description: ok
                      content:
                        application/json:
                          schema:
                            $ref: "#/components/schemas/Pets"
            components: {schemas: {Pet: {type: object}}}
            """)
        XCTAssertEqual(failure(path), "\(path), line 12: $ref \"#/components/schemas/Pets\" leads nowhere (no such value in the file)")
        let external = try file("ext.json", """
            {"swagger": "2.0", "info": {"title": "x", "version": "1"},
             "paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "schema": {"$ref": "common.json#/Pet"}}}}}}}
            """)
        XCTAssertEqual(failure(external), "\(external), line 2: $ref \"common.json#/Pet\" points into another file or address, which is not read (bundle the description into one file first)")
    }

    func testAReferenceCycleIsNamed() throws {
        let path = try file("loop.yaml", """
            openapi: 3.0.0
            info: {title: Contoso, version: "1"}
            paths: {}
            components:
              schemas:
                A: {$ref: "#/components/schemas/B"}
                B: {$ref: "#/components/schemas/A"}
            """)
        let sentence = failure(path)
        XCTAssertTrue(sentence.hasPrefix("\(path), line "), sentence)
        XCTAssertTrue(sentence.contains("a $ref cycle: #/components/schemas/"), sentence)
        // A schema that contains itself is no cycle: Swagger 2.0 holds it as it is.
        let tree = try file("tree.yaml", """
            openapi: 3.0.0
            info: {title: Contoso, version: "1"}
            paths: {}
            components:
              schemas:
                Node: {type: object, properties: {children: {type: array, items: {$ref: "#/components/schemas/Node"}}}}
            """)
        let imported = try load(tree)
        XCTAssertEqual(imported.document.definition[path: ["definitions", "Node", "properties", "children", "items", "$ref"]], "#/definitions/Node")
        // A response that contains itself through references cannot be written out.
        let responses = try file("responses.yaml", """
            openapi: 3.0.0
            info: {title: Contoso, version: "1"}
            paths:
              /a: {get: {responses: {"200": {$ref: "#/components/responses/R"}}}}
            components:
              responses:
                R:
                  description: r
                  content: {application/json: {schema: {$ref: "#/components/responses/R/content/application~1json/schema"}}}
            """)
        XCTAssertTrue(failure(responses).contains("a $ref cycle"), failure(responses))
    }

    func testAFileTooLargeIsNotRead() throws {
        let path = scratch + "/huge.json"
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 40 << 20)
        try handle.close()
        XCTAssertEqual(failure(path), "\(path) is too large to be an API description (40 MB; at most 32 MB are read)")
    }

    func testAliasesThatGrowWithoutEndStopTheYAMLReader() throws {
        var text = "openapi: 3.0.0\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...9 { text += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        let path = try file("bomb.yaml", text)
        let sentence = failure(path)
        XCTAssertTrue(sentence.hasPrefix("\(path) is neither JSON nor YAML: line "), sentence)
        XCTAssertTrue(sentence.contains("MB as JSON"), sentence)
    }
}

/// Schemas that hold themselves where Swagger 2.0 needs a flat value: written out to a bound,
/// never without end.
final class SelfHoldingSchemaTests: ImportTestCase {
    func testAParameterOrFormWhoseSchemaHoldsItselfEnds() throws {
        let path = try file("self.yaml", """
            openapi: 3.0.0
            info: {title: Contoso, version: "1"}
            servers: [{url: "https://api.contoso.com"}]
            paths:
              /a:
                post:
                  parameters: [{name: grid, in: query, schema: {$ref: "#/components/schemas/Grid"}}]
                  requestBody:
                    content: {application/x-www-form-urlencoded: {schema: {$ref: "#/components/schemas/Form"}}}
                  responses: {"200": {description: ok}}
            components:
              schemas:
                Grid: {type: array, items: {$ref: "#/components/schemas/Grid"}}
                Form: {allOf: [{$ref: "#/components/schemas/More"}], properties: {name: {type: string}}}
                More: {allOf: [{$ref: "#/components/schemas/Form"}], properties: {size: {type: integer}}}
            """)
        let imported = try load(path)
        assertNote(imported, "an array that holds itself")
        let op = operations(imported.document.definition)["POST /a"]
        XCTAssertEqual(parameter(op, "grid")?["type"], "array")
        XCTAssertEqual(parameter(op, "name")?["in"], "formData")
        XCTAssertEqual(parameter(op, "size")?["type"], "integer")
        SchemaChecker.assertPasses(try save(imported), "schemas that hold themselves")
    }
}
