import Foundation
import Testing

@testable import CadenceServer

@Suite struct BasicCredentialsTests {
    private func header(_ text: String) -> String {
        "Basic " + Data(text.utf8).base64EncodedString()
    }

    @Test func readsNameAndPassword() throws {
        let plain = try #require(BasicCredentials.parse(header("ann:s3cret")))
        #expect(plain.name == "ann" && plain.password == "s3cret")
        // The name ends at the first colon; the password may hold more, or be empty.
        let colons = try #require(BasicCredentials.parse(header("ann:a:b:")))
        #expect(colons.name == "ann" && colons.password == "a:b:")
        let empty = try #require(BasicCredentials.parse(header("ann:")))
        #expect(empty.name == "ann" && empty.password == "")
        let unicode = try #require(BasicCredentials.parse(header("jörg:pässwört✓")))
        #expect(unicode.name == "jörg" && unicode.password == "pässwört✓")
        // Any case of the scheme, spaces and tabs around the token.
        let token = Data("ann:x".utf8).base64EncodedString()
        for text in ["bAsIc \(token)", "Basic   \(token) \t", "  basic \t\(token)"] {
            let parsed = try #require(BasicCredentials.parse(text), "\(text)")
            #expect(parsed.name == "ann" && parsed.password == "x")
        }
    }

    @Test func refusesWhatIsNotBasicCredentials() {
        let token = Data("ann:x".utf8).base64EncodedString()
        for text in [
            "", "Basic", "Basic ", "Bearer \(token)", "Basics \(token)", "Basi \(token)",
            header("no colon here"), "Basic " + String(token.dropLast()),
            "Basic " + token.replacingOccurrences(of: "=", with: "A") + "=",
            "Basic YW5u=Dp4", "Basic YW5uOng*",
            "Basic " + Data([0x61, 0x3A, 0xFF]).base64EncodedString(),
            "Basic ====",
        ] {
            #expect(BasicCredentials.parse(text) == nil, "\(text)")
        }
    }

    /// The decoder agrees with Foundation's `Data(base64Encoded:)` on random text over the base64
    /// alphabet, padding and a few strangers, except that it refuses padding followed by more
    /// text, which Foundation reads leniently.
    @Test func base64AgreesWithFoundation() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ ".utf8)
        for round in 0..<5_000 {
            let length =
                round % 3 == 0
                ? Int.random(in: 0...16, using: &generator) * 4
                : Int.random(in: 0...40, using: &generator)
            var bytes: [UInt8]
            if round % 2 == 0 {
                // Valid base64 of random bytes, sometimes with one byte changed.
                let data = Data(
                    (0..<Int.random(in: 0...30, using: &generator)).map { _ in
                        UInt8.random(in: .min ... .max, using: &generator)
                    })
                bytes = Array(data.base64EncodedString().utf8)
                if round % 4 == 0, !bytes.isEmpty {
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] =
                        alphabet.randomElement(using: &generator)!
                }
            } else {
                bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            let foundation = Data(base64Encoded: text).map { Array($0) }
            let decoded = bytes.withUnsafeBufferPointer { BasicCredentials.decodeBase64($0) }
            if let decoded {
                // Whatever it accepts, Foundation accepts too, with the same bytes.
                #expect(decoded == foundation, "\(text)")
            } else if let foundation {
                // It refuses only what RFC 4648 refuses: Foundation also reads `zg=3` as `zg==`.
                #expect(Data(foundation).base64EncodedString() != text, "\(text)")
            }
        }
    }
}
