import ConnectorKit
import Foundation
import OpenAPIImport
import TestKit
import XCTest

/// Small descriptions written for one rule each: the Security tab from each kind of security
/// scheme (and what the platform cannot express, said), the title rule, and the parts of
/// OpenAPI 3 that Swagger 2.0 holds differently or not at all.
final class ConversionTests: ImportTestCase {
    /// An OpenAPI 3.0 description in YAML with `security` and `components` as given.
    func description(security: String, schemes: String, paths: String = "") throws -> ImportedDescription {
        try load(try file("api.yaml", """
            openapi: 3.0.3
            info: {title: Contoso Invoicing, version: "1"}
            servers: [{url: "https://api.contoso.com/v1/"}, {url: "https://sandbox.contoso.com"}]
            security: \(security)
            paths:
              /invoices:
                get:
                  operationId: ListInvoices
                  responses: {"200": {description: ok}}
            \(paths)
            components:
              securitySchemes:
            \(schemes)
            """))
    }

    func testAPIKeyInQueryKeepsItsNameAndLocation() throws {
        let i = try description(security: "[{key: []}]", schemes: "    key: {type: apiKey, in: query, name: code}")
        XCTAssertEqual(i.draft.authKind, .apikey)
        XCTAssertEqual(i.draft.apiKey.name, "code")
        XCTAssertEqual(i.draft.apiKey.location, .query)
        XCTAssertEqual(i.draft.general.basePath, "/v1", "the trailing slash goes")
        assertNote(i, "https://sandbox.contoso.com")
        let doc = try written(try save(i))
        XCTAssertEqual(doc["securityDefinitions"], ["API Key": ["type": "apiKey", "in": "query", "name": "code"]])
        SchemaChecker.assertPasses(scratch + "/connector", "an API key in the query")
    }

    func testAuthorizationCodeIsGenericOAuthWithItsURLsAndScopes() throws {
        let i = try description(security: "[{oauth: [invoices.read]}]", schemes: """
                oauth:
                  type: oauth2
                  flows:
                    implicit: {authorizationUrl: "https://login.contoso.com/implicit", scopes: {}}
                    authorizationCode:
                      authorizationUrl: https://login.contoso.com/authorize
                      tokenUrl: https://login.contoso.com/token
                      refreshUrl: https://login.contoso.com/refresh
                      scopes: {invoices.read: Read, invoices.write: Write}
            """)
        XCTAssertEqual(i.draft.authKind, .oauth2)
        XCTAssertEqual(i.draft.oauth.provider, "generic")
        XCTAssertEqual(i.draft.oauth.authorizationUrl, "https://login.contoso.com/authorize")
        XCTAssertEqual(i.draft.oauth.tokenUrl, "https://login.contoso.com/token")
        XCTAssertEqual(i.draft.oauth.refreshUrl, "https://login.contoso.com/refresh")
        XCTAssertEqual(i.draft.oauth.scope, "invoices.read", "the scopes the requirement names")
        assertNote(i, "the OAuth flows implicit were left out")
        let folder = try save(i) { $0.oauth.clientId = "contoso-app" }
        let doc = try written(folder)
        XCTAssertEqual(doc[path: ["securityDefinitions", "oauth2_auth", "flow"]], "accessCode")
        XCTAssertEqual(doc[path: ["securityDefinitions", "oauth2_auth", "tokenUrl"]], "https://login.contoso.com/token")
        let props = try written(folder, ConnectorDocument.propertiesFile)
        XCTAssertEqual(props[path: ["properties", "connectionParameters", "token", "oAuthSettings", "customParameters", "refreshUrl", "value"]],
                       "https://login.contoso.com/refresh")
        SchemaChecker.assertPasses(folder, "OAuth 2.0 from an authorization-code flow")
    }

    func testWhatThePlatformCannotExpressIsTheClosestTypeWithANote() throws {
        let bearer = try description(security: "[{jwt: []}]", schemes: "    jwt: {type: http, scheme: bearer, bearerFormat: JWT}")
        XCTAssertEqual(bearer.draft.authKind, .apikey)
        XCTAssertEqual(bearer.draft.apiKey.name, "Authorization")
        XCTAssertEqual(bearer.draft.apiKey.location, .header)
        assertNote(bearer, "HTTP bearer tokens without OAuth")

        let oidc = try description(security: "[{oidc: [openid, email]}]",
                                   schemes: "    oidc: {type: openIdConnect, openIdConnectUrl: \"https://login.contoso.com/.well-known/openid-configuration\"}")
        XCTAssertEqual(oidc.draft.authKind, .oauth2)
        XCTAssertEqual(oidc.draft.oauth.scope, "openid email")
        assertNote(oidc, "OpenID Connect discovery is not read")
        assertNote(oidc, "https://login.contoso.com/.well-known/openid-configuration")

        let machine = try description(security: "[{cc: []}]", schemes: """
                cc: {type: oauth2, flows: {clientCredentials: {tokenUrl: "https://login.contoso.com/token", scopes: {}}}}
            """)
        XCTAssertEqual(machine.draft.authKind, .oauth2)
        XCTAssertEqual(machine.draft.oauth.tokenUrl, "https://login.contoso.com/token")
        XCTAssertEqual(machine.draft.oauth.authorizationUrl, "")
        assertNote(machine, "only the client-credentials flow")

        let both = try description(security: "[{key: [], basic: []}]", schemes: """
                key: {type: apiKey, in: header, name: X-Key}
                basic: {type: http, scheme: basic}
            """)
        XCTAssertEqual(both.draft.authKind, .apikey)
        XCTAssertTrue(both.draft.sets.isEmpty)
        assertNote(both, "asks for key and basic together")

        let cookie = try description(security: "[{c: []}]", schemes: "    c: {type: apiKey, in: cookie, name: session}")
        XCTAssertEqual(cookie.draft.authKind, .none)
        assertNote(cookie, "an API key in a cookie cannot be sent")
    }

    func testAlternativesBecomeSeveralAuthenticationTypes() throws {
        let i = try description(security: "[{key: []}, {basic: []}]", schemes: """
                key: {type: apiKey, in: header, name: X-Key}
                basic: {type: http, scheme: basic}
            """)
        XCTAssertEqual(i.draft.sets.map(\.settings.kind), [.apikey, .basic])
        let folder = try save(i)
        let props = try written(folder, ConnectorDocument.propertiesFile)
        XCTAssertEqual(props[path: ["properties", "connectionParameterSets", "values"]]?.arrayValue?.count, 2)
        SchemaChecker.assertPasses(folder, "two authentication types")
    }

    func testALongTitleIsCutToThirtyCharacters() throws {
        let i = try load(try file("long.json", """
            {"openapi": "3.1.0", "info": {"title": "The Contoso Invoicing and Payments Service", "version": "2"}, "paths": {}}
            """))
        XCTAssertEqual(i.draft.general.title, "The Contoso Invoicing and Paym")
        XCTAssertLessThanOrEqual(i.draft.general.title.count, 30)
        assertNote(i, "cut to \"The Contoso Invoicing and Paym\"")
    }

    func testThreeOneSchemasCookiesOneOfAndSeveralBodies() throws {
        let i = try load(try file("api.yaml", """
            openapi: 3.1.0
            info: {title: Contoso, version: 1.0}
            servers: [{url: "https://api.contoso.com"}]
            paths:
              /items/{id}:
                parameters:
                  - {name: id, in: path, required: true, schema: {type: integer}}
                  - {name: session, in: cookie, schema: {type: string}}
                put:
                  operationId: PutItem
                  parameters:
                    - {name: tags, in: query, schema: {type: array, items: {type: string}}, explode: false}
                  requestBody:
                    required: true
                    content:
                      application/json: {schema: {$ref: "#/components/schemas/Item"}}
                      text/plain: {schema: {type: string}}
                  responses:
                    "200":
                      description: The item
                      content: {application/json: {schema: {$ref: "#/components/schemas/Item"}}}
                    4XX: {description: refused}
            components:
              schemas:
                Item:
                  type: object
                  properties:
                    name: {type: [string, "null"], examples: [Pen]}
                    price: {type: number, exclusiveMinimum: 0}
                    shape: {oneOf: [{$ref: "#/components/schemas/Round"}, {type: string}]}
                Round: {type: object, properties: {radius: {type: number}}}
            """))
        XCTAssertEqual(i.draft.general.host, "api.contoso.com")
        let folder = try save(i)
        SchemaChecker.assertPasses(folder, "a 3.1 description")
        let doc = try written(folder)
        XCTAssertEqual(doc[path: ["info", "version"]], "1.0", "the YAML number is the version's text")
        let item = try XCTUnwrap(doc[path: ["paths", "/items/{id}"]])
        XCTAssertEqual(item["parameters"]?.arrayValue?.map { $0["name"] }, ["id"], "the cookie parameter is left out")
        assertNote(i, "cookie parameters cannot be held in Swagger 2.0 and were left out: /items/{id} `session`")
        let put = item["put"]
        XCTAssertEqual(parameter(put, "tags")?["collectionFormat"], "csv")
        XCTAssertEqual(parameter(put, "body")?[path: ["schema", "$ref"]], "#/definitions/Item")
        XCTAssertEqual(put?["consumes"], ["application/json"])
        assertNote(i, "a request body in content types with different schemas")
        assertNote(i, "left out: text/plain")
        XCTAssertNil(put?[path: ["responses", "4XX"]])
        assertNote(i, "response ranges such as `2XX`")
        let props = try XCTUnwrap(doc[path: ["definitions", "Item", "properties"]])
        XCTAssertEqual(props["name"], ["x-nullable": true, "type": "string", "example": "Pen"])
        XCTAssertEqual(props["price"]?["minimum"], 0)
        XCTAssertEqual(props["price"]?["exclusiveMinimum"], true)
        XCTAssertEqual(props[path: ["shape", "x-oneOf"]]?.arrayValue?.first?["$ref"], "#/definitions/Round")
        assertNote(i, "`oneOf` cannot be held in Swagger 2.0")
    }

    func testASwagger2DescriptionInYAMLIsRead() throws {
        let i = try load(try file("v2.yaml", """
            swagger: "2.0"
            info: {title: Fabrikam, version: "1.0", description: Orders and shipments of Fabrikam's warehouses.}
            host: api.fabrikam.com
            basePath: /v2
            schemes: [http, https]
            securityDefinitions:
              key: {type: apiKey, in: header, name: Ocp-Apim-Subscription-Key}
            security: [{key: []}]
            paths:
              /orders:
                get:
                  operationId: ListOrders
                  responses: {"200": {description: ok, schema: {type: array, items: {$ref: "#/definitions/Order"}}}}
            definitions:
              Order: {type: object, properties: {id: {type: string}}}
            """))
        XCTAssertEqual(i.draft.general.host, "api.fabrikam.com")
        XCTAssertEqual(i.draft.general.basePath, "/v2")
        XCTAssertEqual(i.draft.general.scheme, .https)
        XCTAssertEqual(i.draft.apiKey.name, "Ocp-Apim-Subscription-Key")
        let folder = try save(i)
        SchemaChecker.assertPasses(folder, "a 2.0 description in YAML")
        XCTAssertEqual(try written(folder)[path: ["definitions", "Order", "properties", "id", "type"]], "string")
    }
}
