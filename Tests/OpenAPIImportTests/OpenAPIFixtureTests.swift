import ConnectorKit
import Foundation
import OpenAPIImport
import TestKit
import XCTest

/// The real OpenAPI 3 descriptions of `../shared/fixtures/openapi` (the OpenAPI Initiative's
/// examples and three of Twilio's), imported and saved as `new --from` does: what the files say
/// (operations, parameters, bodies, security), the platform's schema check with
/// openapi-spec-validator, and every operation of the input present in what was written.
final class OpenAPIFixtureTests: ImportTestCase {
    static let all = ["oai-examples/api-with-examples.yaml", "oai-examples/callback-example.yaml", "oai-examples/link-example.yaml",
                      "oai-examples/petstore-expanded.yaml", "oai-examples/petstore.yaml", "oai-examples/uspto.yaml",
                      "twilio/twilio_lookups_v1.yaml", "twilio/twilio_content_v2.json", "twilio/twilio_api_v2010.yaml"]

    func testEveryDescriptionPassesTheSchemaCheckWithEveryOperation() throws {
        for name in Self.all {
            let path = Self.openapi + "/" + name
            let imported = try load(path)
            // The examples name no server; the maker gives the host, as host= would.
            let folder = try save(imported, as: name.replacingOccurrences(of: "/", with: "-")) {
                if $0.general.host.isEmpty { $0.general.host = "api.example.com" }
            }
            SchemaChecker.assertPasses(folder, name)
            let source = try input(path)
            let written = try written(folder)
            XCTAssertEqual(written["swagger"], "2.0", name)
            let before = operations(source), after = operations(written)
            XCTAssertEqual(Set(after.keys), Set(before.keys), "\(name): the operations written differ from the description's")
            for (key, op) in before {
                for field in ["operationId", "summary", "description"] {
                    XCTAssertEqual(after[key]?[field], op[field], "\(name) \(key) \(field)")
                }
            }
            XCTAssertTrue(imported.summary.hasSuffix("operation".counted(before.count)), "\(name): \(imported.summary)")
            // Every reference points into definitions, and there is something there.
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: folder + "/apiDefinition.swagger.json")), as: UTF8.self)
            XCTAssertFalse(text.contains("#/components/"), "\(name): a reference still points into components")
            for (schemaName, _) in source[path: ["components", "schemas"]]?.objectValue?.members ?? [] {
                XCTAssertNotNil(written["definitions"]?[schemaName], "\(name): components/schemas/\(schemaName) is not among the definitions")
            }
        }
    }

    func testPetstoreGivesItsServerParametersBodyAndResponses() throws {
        let imported = try load(Self.openapi + "/oai-examples/petstore.yaml")
        XCTAssertEqual(imported.draft.general.title, "Swagger Petstore")
        XCTAssertEqual(imported.draft.general.scheme, .http)
        XCTAssertEqual(imported.draft.general.host, "petstore.swagger.io")
        XCTAssertEqual(imported.draft.general.basePath, "/v1")
        XCTAssertEqual(imported.draft.authKind, .none)
        let doc = try written(try save(imported))
        let ops = operations(doc)
        let limit = parameter(ops["GET /pets"], "limit")
        XCTAssertEqual(limit?["in"], "query")
        XCTAssertEqual(limit?["type"], "integer")
        XCTAssertEqual(limit?["format"], "int32")
        XCTAssertEqual(limit?["maximum"], 100)
        XCTAssertEqual(limit?["required"], false)
        XCTAssertEqual(ops["GET /pets"]?[path: ["responses", "200", "schema", "$ref"]], "#/definitions/Pets")
        XCTAssertEqual(ops["GET /pets"]?[path: ["responses", "200", "headers", "x-next", "type"]], "string")
        XCTAssertEqual(ops["GET /pets"]?["produces"], ["application/json"])
        let body = parameter(ops["POST /pets"], "body")
        XCTAssertEqual(body?["in"], "body")
        XCTAssertEqual(body?["required"], true)
        XCTAssertEqual(body?[path: ["schema", "$ref"]], "#/definitions/Pet")
        XCTAssertEqual(ops["POST /pets"]?["consumes"], ["application/json"])
        let petId = parameter(ops["GET /pets/{petId}"], "petId")
        XCTAssertEqual(petId?["in"], "path")
        XCTAssertEqual(petId?["required"], true)
        XCTAssertEqual(doc[path: ["definitions", "Pets", "items", "$ref"]], "#/definitions/Pet")
        XCTAssertEqual(doc[path: ["definitions", "Pet", "required"]], ["id", "name"])
    }

    func testUSPTOServerVariableAndFormEncodedBody() throws {
        let imported = try load(Self.openapi + "/oai-examples/uspto.yaml")
        // `{scheme}://developer.uspto.gov/ds-api`, the variable's default https.
        XCTAssertEqual(imported.draft.general.scheme, .https)
        XCTAssertEqual(imported.draft.general.host, "developer.uspto.gov")
        XCTAssertEqual(imported.draft.general.basePath, "/ds-api")
        let ops = operations(try written(try save(imported)))
        let search = ops["POST /{dataset}/{version}/records"]
        XCTAssertEqual(search?["consumes"], ["application/x-www-form-urlencoded"])
        let criteria = parameter(search, "criteria")
        XCTAssertEqual(criteria?["in"], "formData")
        XCTAssertEqual(criteria?["type"], "string")
        XCTAssertEqual(criteria?["required"], true)
        XCTAssertEqual(parameter(search, "start")?["type"], "integer")
        XCTAssertEqual(parameter(search, "start")?["required"], false)
        XCTAssertEqual(parameter(search, "dataset")?["in"], "path")
        XCTAssertNil(search?["parameters"]?.arrayValue?.first { $0["in"] == "body" }, "a form body has no body parameter")
        XCTAssertEqual(search?[path: ["responses", "200", "schema", "type"]], "array")
    }

    func testWhatSwagger2CannotHoldIsSaidOneLineEach() throws {
        let links = try load(Self.openapi + "/oai-examples/link-example.yaml")
        assertNote(links, "links cannot be held in Swagger 2.0")
        XCTAssertEqual(links.notes.filter { $0.contains("links") }.count, 1, "one line for the links:\n\(links.notes)")
        assertNote(links, "4 in all")
        assertNote(links, "names no server")
        let callbacks = try load(Self.openapi + "/oai-examples/callback-example.yaml")
        assertNote(callbacks, "callbacks cannot be held in Swagger 2.0 and were left out: POST /streams")
        assertNote(callbacks, "without an operationId")
        let lookups = try load(Self.openapi + "/twilio/twilio_lookups_v1.yaml")
        assertNote(lookups, "an object cannot be a parameter")
        assertNote(lookups, "formats the platform does not know were kept as `x-format`")
    }

    func testTwilioAPIIsBasicWithFormFieldsAndImportsQuickly() throws {
        let path = Self.openapi + "/twilio/twilio_api_v2010.yaml"
        let started = Date()
        let imported = try load(path)
        let seconds = Date().timeIntervalSince(started)
        // The release build takes about a third of a second (README, Speed); a debug build is
        // slower, but not by this much.
        XCTAssertLessThan(seconds, 10, "importing the 1.5 MB description took \(seconds) s")
        XCTAssertEqual(imported.draft.general.title, "Twilio - Api")
        XCTAssertEqual(imported.draft.general.host, "api.twilio.com")
        XCTAssertEqual(imported.draft.general.basePath, "/")
        XCTAssertEqual(imported.draft.authKind, .basic)
        XCTAssertEqual(imported.summary, "OpenAPI 3.0.1, 197 operations")
        let folder = try save(imported)
        let doc = try written(folder)
        XCTAssertEqual(doc["securityDefinitions"], ["basic_auth": ["type": "basic"]])
        XCTAssertEqual(doc["security"], [["basic_auth": []]])
        let props = try written(folder, ConnectorDocument.propertiesFile)
        XCTAssertEqual(props[path: ["properties", "connectionParameters", "username", "type"]], "securestring")
        let call = operations(doc)["POST /2010-04-01/Accounts/{AccountSid}/Calls.json"]
        XCTAssertEqual(call?["operationId"], "CreateCall")
        XCTAssertEqual(call?["consumes"], ["application/x-www-form-urlencoded"])
        XCTAssertEqual(parameter(call, "To")?["in"], "formData")
        XCTAssertEqual(parameter(call, "To")?["required"], true)
        XCTAssertEqual(parameter(call, "AccountSid")?["in"], "path")
        XCTAssertEqual(parameter(call, "StatusCallbackEvent")?["type"], "array")
        // The operations' own security, the same as the description's, needs no note.
        XCTAssertFalse(imported.notes.contains { $0.contains("security requirements") }, "\(imported.notes)")
    }

    func testContentJSONKeepsQueryParameters() throws {
        let imported = try load(Self.openapi + "/twilio/twilio_content_v2.json")
        XCTAssertEqual(imported.draft.general.host, "content.twilio.com")
        let ops = operations(try written(try save(imported)))
        XCTAssertEqual(ops.count, 2)
        let params = ops.values.flatMap { $0["parameters"]?.arrayValue ?? [] }
        XCTAssertEqual(params.count, 24)
        XCTAssertTrue(params.allSatisfy { $0["in"] == "query" && $0["type"] != nil })
    }
}
