import ConnectorKit
import XCTest

/// §3: the per-connector redirect URL.
final class RedirectURLTests: XCTestCase {
    func testSpecExample() {
        XCTAssertEqual(RedirectURLMaker.url(prefix: "new", title: "Contoso Invoicing", id: "0123456789abcdef"),
                       "https://global.consent.azure-apim.net/redirect/new-5fcontoso-20invoicing-5f0123456789abcdef")
    }

    func testRealValueShape() {
        // A real connector's URL: …/redirect/cat-5fapprovals-20kit-5f416fa96192e41eeb
        XCTAssertEqual(RedirectURLMaker.url(prefix: "cat", title: "Approvals Kit", id: "416fa96192e41eeb"),
                       "https://global.consent.azure-apim.net/redirect/cat-5fapprovals-20kit-5f416fa96192e41eeb")
    }

    func testAPINameIsPrefixLowerCasedTitleAndID() {
        XCTAssertEqual(RedirectURLMaker.apiName(prefix: "new", title: "Contoso Invoicing", id: "0123456789abcdef"),
                       "new_contoso invoicing_0123456789abcdef")
    }

    func testEveryByteOutsideLowerCaseLettersAndDigitsIsEncoded() {
        XCTAssertEqual(RedirectURLMaker.encode("az09"), "az09")
        XCTAssertEqual(RedirectURLMaker.encode("_ -.A/"), "-5f-20-2d-2e-41-2f")
        // Each UTF-8 byte on its own, in lower-case hex: "Ü" is C3 9C.
        XCTAssertEqual(RedirectURLMaker.encode("Ü"), "-c3-9c")
        XCTAssertEqual(RedirectURLMaker.encode("€"), "-e2-82-ac")
    }

    func testNonASCIITitleIsLowerCasedThenEncodedByteByByte() {
        // The title is lower-cased first (§3): "Ü" becomes "ü" = C3 BC; "€" has no lower case.
        XCTAssertEqual(RedirectURLMaker.url(prefix: "new", title: "Über €", id: "0123456789abcdef"),
                       "https://global.consent.azure-apim.net/redirect/new-5f-c3-bcber-20-e2-82-ac-5f0123456789abcdef")
    }

    func testNewDraftUsesTheDefaultPublisherPrefix() {
        XCTAssertEqual(ConnectorDraft().publisherPrefix, "new")
    }

    func testRandomIDIsSixteenLowerCaseHexDigitsAndDiffers() {
        var seen: Set<String> = []
        for _ in 0..<50 {
            let id = RedirectURLMaker.randomID()
            XCTAssertEqual(id.count, 16, id)
            XCTAssertTrue(id.allSatisfy { "0123456789abcdef".contains($0) }, id)
            seen.insert(id)
        }
        XCTAssertEqual(seen.count, 50, "50 random IDs should all differ")
        // Over many IDs, every hex digit shows up (the generator is not stuck on a subset).
        XCTAssertEqual(Set(seen.joined()).count, 16)
    }

    func testRandomIDUsesTheGivenGenerator() {
        struct Counter: RandomNumberGenerator {
            var state: UInt64
            mutating func next() -> UInt64 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return state
            }
        }
        var a = Counter(state: 42)
        var b = Counter(state: 42)
        XCTAssertEqual(RedirectURLMaker.randomID(using: &a), RedirectURLMaker.randomID(using: &b))
    }

    func testRedirectFieldTextBeforeTheFirstSave() {
        XCTAssertEqual(RedirectURL.notGenerated.display, "Save the custom connector to generate the redirect URL")
        XCTAssertNil(RedirectURL.notGenerated.url)
        XCTAssertEqual(RedirectURL.platformBase, "https://global.consent.azure-apim.net/redirect")
    }
}
