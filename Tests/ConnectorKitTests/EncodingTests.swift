import ConnectorKit
import XCTest

/// SHA-256, base64, percent-encoding and PKCE: the building blocks of sign-in, against the
/// published test vectors.
final class EncodingTests: XCTestCase {
    // MARK: - SHA-256 (FIPS 180-4; vectors from NIST's "Examples with intermediate values")

    func testSHA256OfTheEmptyMessage() {
        XCTAssertEqual(SHA256.hexDigest([]), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    func testSHA256OfABC() {
        XCTAssertEqual(SHA256.hexDigest(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hash(Array("abc".utf8)).count, 32)
        XCTAssertEqual(SHA256.hash(Array("abc".utf8)).prefix(4), [0xba, 0x78, 0x16, 0xbf])
    }

    func testSHA256OfThe448BitMessageThatNeedsASecondPaddingBlock() {
        let m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        XCTAssertEqual(m.utf8.count * 8, 448)
        XCTAssertEqual(SHA256.hexDigest(Array(m.utf8)), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    func testSHA256OfThe896BitMessage() {
        let m = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
        XCTAssertEqual(SHA256.hexDigest(Array(m.utf8)), "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
    }

    func testSHA256OfAMillionA() {
        let m = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        XCTAssertEqual(SHA256.hexDigest(m), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Lengths around the block and padding boundaries (55/56 bytes decide whether the length
    /// fits in the last block). Expected values from Python's hashlib for bytes (i*7+3) mod 256.
    func testSHA256AtPaddingBoundaries() {
        let expected: [Int: String] = [
            1: "084fed08b978af4d7d196a7446a86b58009e636b611db16211b65a9aadff29c5",
            55: "e7313d333c272e639f790978283f9eb392e843d0f29b7016828bb1daa4aac70b",
            56: "4324d65f3c103567f5589c710bc08f8523f929a9272e3af36fc968e52abc6c27",
            57: "35df609437dcfea3279283ab79fd554e2bf78f8f7ae2de532d8ee300b09e8f73",
            63: "81c80242132f230c3bd41b3e63bbcff16107339549214a99614ff26664625055",
            64: "39e3d7b6b5d075d37d053ad89b24b41bef4f3c29760c84447cab3f3be1882241",
            65: "aacca6ff74fdbb296d165a45cecfa04e5127bc008770fbbdd48006f2d2fae95e",
            119: "9ce7368e4daf32341631b492e80359dc9f594b48453cd0dd5bf0b19279cc177e",
            120: "7836b787757e95e58b3ca5aec90b1b004e8deba1e50e9675af9cabf1a13a04b5",
            127: "a8d23e75d936f303d248888d9b165ee543f4cbafcad3c9dd2a79bd84faa11d07",
            128: "d2742f1f4ac6bb7ca2b239ee18402ba8b3f9f8e652d2a72973c2b9ba11c08cf6",
        ]
        for (n, digest) in expected.sorted(by: { $0.key < $1.key }) {
            let m = (0..<n).map { UInt8(truncatingIfNeeded: $0 * 7 + 3) }
            XCTAssertEqual(SHA256.hexDigest(m), digest, "\(n) bytes")
        }
    }

    // MARK: - Base64 (RFC 4648 §10 vectors)

    func testBase64RFC4648Vectors() {
        let vectors = ["": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=", "foobar": "Zm9vYmFy"]
        for (plain, encoded) in vectors {
            XCTAssertEqual(Base64.encode(Array(plain.utf8)), encoded, plain)
            XCTAssertEqual(Base64.decode(encoded), Array(plain.utf8), encoded)
            let unpadded = String(encoded.prefix { $0 != "=" })
            XCTAssertEqual(Base64.encodeURL(Array(plain.utf8)), unpadded, "base64url has no padding")
            XCTAssertEqual(Base64.decode(unpadded), Array(plain.utf8), "padding is optional")
        }
    }

    func testBase64URLUsesDashAndUnderscore() {
        let bytes: [UInt8] = [0xfb, 0xff, 0xbf]
        XCTAssertEqual(Base64.encode(bytes), "+/+/")
        XCTAssertEqual(Base64.encodeURL(bytes), "-_-_")
        XCTAssertEqual(Base64.decode("-_-_"), bytes)
        XCTAssertEqual(Base64.decode("+/+/"), bytes)
        XCTAssertEqual(Base64.encodeURL([0xfb, 0xff]), "-_8")
        XCTAssertEqual(Base64.decode("-_8"), [0xfb, 0xff])
    }

    func testBase64RoundTripsEveryByteValue() {
        let all = (0...255).map { UInt8($0) }
        for n in [0, 1, 2, 3, 100, 254, 255, 256] {
            let bytes = Array(all.prefix(n))
            XCTAssertEqual(Base64.decode(Base64.encode(bytes)), bytes)
            XCTAssertEqual(Base64.decode(Base64.encodeURL(bytes)), bytes)
        }
    }

    func testBase64RejectsWhatIsNotBase64() {
        let invalid = ["Zm9v!": "a character of neither alphabet", "Zm9vY": "one character cannot make a byte",
                       "Zg=": "padding that does not complete the group", "Zg===": "three padding characters",
                       "Zm 9v": "a space", "Zm9v\u{e9}": "a non-ASCII character"]
        for (text, why) in invalid { XCTAssertNil(Base64.decode(text), why) }
    }

    // MARK: - Percent-encoding

    func testComponentEncodesAllButUnreservedInUppercaseHex() {
        XCTAssertEqual(URLEncoding.component("AZaz09-._~"), "AZaz09-._~")
        XCTAssertEqual(URLEncoding.component("a b&c=d/e?f#g+h"), "a%20b%26c%3Dd%2Fe%3Ff%23g%2Bh")
        XCTAssertEqual(URLEncoding.component("https://global.consent.azure-apim.net/redirect"),
                       "https%3A%2F%2Fglobal.consent.azure-apim.net%2Fredirect")
        XCTAssertEqual(URLEncoding.component("é€"), "%C3%A9%E2%82%AC", "UTF-8 bytes")
        XCTAssertEqual(URLEncoding.component(""), "")
    }

    func testFormJoinsEncodedPairsInOrder() {
        XCTAssertEqual(URLEncoding.form([("grant_type", "authorization_code"), ("code", "Splx lO/B"), ("a&b", "")]),
                       "grant_type=authorization_code&code=Splx%20lO%2FB&a%26b=")
        XCTAssertEqual(URLEncoding.form([]), "")
    }

    func testDecodeUndoesEscapesAndPlusAndKeepsInvalidEscapes() {
        let cases: [(String, String)] = [
            ("a+b%20c%2fd%2F", "a b c/d/"), ("%C3%A9", "é"), ("100%", "100%"), ("%zz%4", "%zz%4"), ("%4g%41", "%4gA"),
            ("%FF", "\u{FFFD}"),  // a byte that is not UTF-8 is repaired
        ]
        for (encoded, decoded) in cases { XCTAssertEqual(URLEncoding.decode(encoded), decoded, encoded) }
        for s in ["a b+c&d=é/%", "", "~!*'()"] {
            XCTAssertEqual(URLEncoding.decode(URLEncoding.component(s)), s, "round trip")
        }
    }

    func testQuerySplitsAndDecodesPairs() {
        let q = URLEncoding.query("?code=Splx%2FlO&state=xyz&empty=&flag&&error_description=a+b&code=second")
        XCTAssertEqual(q.map(\.name), ["code", "state", "empty", "flag", "error_description", "code"])
        XCTAssertEqual(q.map(\.value), ["Splx/lO", "xyz", "", "", "a b", "second"])
        XCTAssertEqual(URLEncoding.query("a=1=2").first?.value, "1=2", "only the first = splits")
        XCTAssertTrue(URLEncoding.query("").isEmpty)
    }

    func testAppendingAddsAQueryOrExtendsOneAndKeepsTheFragmentLast() {
        XCTAssertEqual(URLEncoding.appending([("a", "1 2")], to: "https://h/p"), "https://h/p?a=1%202")
        XCTAssertEqual(URLEncoding.appending([("a", "1"), ("b", "2")], to: "https://h/p?x=y"), "https://h/p?x=y&a=1&b=2")
        XCTAssertEqual(URLEncoding.appending([("a", "1")], to: "https://h/p?"), "https://h/p?a=1")
        XCTAssertEqual(URLEncoding.appending([("a", "1")], to: "https://h/p?x=y&"), "https://h/p?x=y&a=1")
        XCTAssertEqual(URLEncoding.appending([("a", "1")], to: "https://h/p#frag"), "https://h/p?a=1#frag")
        XCTAssertEqual(URLEncoding.appending([("a", "1")], to: "https://h/p?x=y#f?g"), "https://h/p?x=y&a=1#f?g")
        XCTAssertEqual(URLEncoding.appending([], to: "https://h/p#f"), "https://h/p#f")
    }

    // MARK: - PKCE (RFC 7636)

    /// Appendix B: the verifier made of these 32 octets, and its S256 challenge.
    func testPKCEAppendixBVector() {
        let octets: [UInt8] = [116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186,
                               22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121]
        XCTAssertEqual(Base64.encodeURL(octets), "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
        let pkce = PKCE(verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
        XCTAssertEqual(SHA256.hash(Array(pkce.verifier.utf8)),
                       [19, 211, 30, 150, 26, 26, 216, 236, 47, 22, 177, 12, 76, 152, 46, 8, 118, 168, 120, 173,
                        109, 241, 68, 86, 110, 225, 137, 74, 203, 112, 249, 195])
        XCTAssertEqual(pkce.challenge, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        XCTAssertEqual(pkce.method, "S256")
    }

    func testRandomPKCEIsA43CharacterVerifierOfTheAllowedAlphabet() {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        var seen = Set<String>()
        for _ in 0..<50 {
            let p = PKCE.random()
            XCTAssertEqual(p.verifier.count, 43, "32 bytes in base64url, §4.1")
            XCTAssertTrue(p.verifier.allSatisfy(allowed.contains), p.verifier)
            XCTAssertEqual(Base64.decode(p.verifier)?.count, 32)
            XCTAssertEqual(p.challenge, PKCE(verifier: p.verifier).challenge)
            XCTAssertEqual(p.challenge.count, 43)
            seen.insert(p.verifier)
        }
        XCTAssertEqual(seen.count, 50, "no verifier repeats")
    }

    func testRandomTextIsBase64URLOfTheAskedBytes() {
        XCTAssertEqual(RandomText.token().count, 22, "16 bytes")
        XCTAssertEqual(Base64.decode(RandomText.token())?.count, 16)
        XCTAssertEqual(Base64.decode(RandomText.token(bytes: 5))?.count, 5)
        XCTAssertEqual(RandomText.token(bytes: 0), "")
        XCTAssertNotEqual(RandomText.token(), RandomText.token())
        let many = (0..<200).map { _ in RandomText.token(bytes: 1) }
        XCTAssertGreaterThan(Set(many).count, 50, "single random bytes spread over the values")
    }
}
