import Crypto
import Foundation
import Testing

@testable import CadenceServer

/// RFC 8291 message encryption and RFC 8292 VAPID tokens.
@Suite struct WebPushCryptoTests {
    /// RFC 8291 Appendix A: the published example, byte for byte.
    @Test func rfc8291ExampleVector() throws {
        let encryption = try WebPushEncryption(
            publicKey:
                "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4",
            authSecret: "BTBZMqHH6r4Tts7J_aSIgg")
        let serverKey = try P256.KeyAgreement.PrivateKey(
            rawRepresentation: try #require(
                Base64URL.decode("yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw")))
        #expect(
            Base64URL.encode(serverKey.publicKey.x963Representation)
                == "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8"
        )
        let body = try encryption.encrypt(
            Array("When I grow up, I want to be a watermelon".utf8), serverKey: serverKey,
            salt: try #require(Base64URL.decode("DGv6ra1nlYgDCS1FRnbzlw")))
        #expect(
            Base64URL.encode(body)
                == "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3"
                + "vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXL"
                + "WyouBWLVWGNWQexSgSxsj_Qulcy4a-fN")
    }

    /// A fresh encryption differs each time (random salt and ephemeral key).
    @Test func freshSaltAndKey() throws {
        let userAgent = P256.KeyAgreement.PrivateKey()
        let encryption = try WebPushEncryption(
            publicKey: Base64URL.encode(userAgent.publicKey.x963Representation),
            authSecret: Base64URL.encode([UInt8](repeating: 7, count: 16)))
        let first = try encryption.encrypt(Array("hello".utf8))
        let second = try encryption.encrypt(Array("hello".utf8))
        #expect(first != second)
        // Header: 16 salt, 4 record size (4096), 1 key id length (65), the key, then
        // ciphertext of 5 + 1 (delimiter) octets and a 16-octet tag.
        #expect(first.count == 16 + 4 + 1 + 65 + 6 + 16)
        #expect(Array(first[16..<20]) == [0, 0, 0x10, 0])
        #expect(first[20] == 65)
    }

    @Test func invalidKeysAreRefused() {
        #expect(throws: WebPushEncryption.Failure.invalidPublicKey) {
            try WebPushEncryption(publicKey: "AAAA", authSecret: "BTBZMqHH6r4Tts7J_aSIgg")
        }
        let key = Base64URL.encode(P256.KeyAgreement.PrivateKey().publicKey.x963Representation)
        #expect(throws: WebPushEncryption.Failure.invalidAuthSecret) {
            try WebPushEncryption(publicKey: key, authSecret: "c2hvcnQ")
        }
    }

    /// RFC 8292 §2–3: a compact ES256 JWT with `aud` (the push resource's origin), `exp` within
    /// 24 hours and `sub`, in `Authorization: vapid t=…, k=…`.
    @Test func vapidTokenShape() throws {
        let key = VAPIDKey(privateKey: P256.Signing.PrivateKey())
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let url = try #require(URL(string: "https://push.example.net:8443/wpush/abc?x=1"))
        let header = try key.authorization(for: url, subject: "mailto:ops@example.com", now: now)
        #expect(header.hasPrefix("vapid t="))
        #expect(header.hasSuffix(", k=\(key.publicKeyText)"))
        let token = try key.token(for: url, subject: "mailto:ops@example.com", now: now)
        let parts = token.split(separator: ".").map(String.init)
        #expect(parts.count == 3)
        let joseHeader =
            try JSONSerialization.jsonObject(
                with: Data(try #require(Base64URL.decode(parts[0])))) as? [String: String]
        #expect(joseHeader == ["typ": "JWT", "alg": "ES256"])
        let claimBytes = try #require(Base64URL.decode(parts[1]))
        let claims = try #require(
            try JSONSerialization.jsonObject(with: Data(claimBytes)) as? [String: Any])
        #expect(claims["aud"] as? String == "https://push.example.net:8443")
        #expect(claims["sub"] as? String == "mailto:ops@example.com")
        let expiry = try #require(claims["exp"] as? Int)
        #expect(expiry > 1_700_000_000 && expiry <= 1_700_000_000 + 86_400)
        let signature = try P256.Signing.ECDSASignature(
            rawRepresentation: try #require(Base64URL.decode(parts[2])))
        #expect(
            try key.signingKey().publicKey.isValidSignature(
                signature, for: Data((parts[0] + "." + parts[1]).utf8)))
        // The public key is the uncompressed point (65 octets starting 0x04).
        let publicKey = try #require(Base64URL.decode(key.publicKeyText))
        #expect(publicKey.count == 65 && publicKey.first == 4)
        // Default ports are left out of the audience.
        let plain = try key.token(
            for: try #require(URL(string: "https://push.example.net/x")), subject: "mailto:a@b",
            now: now)
        let plainClaims =
            try JSONSerialization.jsonObject(
                with: Data(try #require(Base64URL.decode(String(plain.split(separator: ".")[1])))))
            as? [String: Any]
        #expect(plainClaims?["aud"] as? String == "https://push.example.net")
    }

    /// The keys are made once, kept with mode 0600, and the topic is stable and opaque.
    @Test func keysPersistWithPrivateModes() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("cadence-push-keys-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try PushKeys(directory: directory)
        let second = try PushKeys(directory: directory)
        #expect(first.vapidKey.publicKeyText == second.vapidKey.publicKeyText)
        #expect(first.topics.topic(collectionID: 42) == second.topics.topic(collectionID: 42))
        #expect(first.topics.topic(collectionID: 42) != first.topics.topic(collectionID: 43))
        #expect(!first.topics.topic(collectionID: 42).contains("42"))
        for name in [VAPIDKey.fileName, PushTopics.fileName] {
            let attributes = try FileManager.default.attributesOfItem(
                atPath: (directory as NSString).appendingPathComponent(name))
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        }
        // Another data folder, another secret: topics differ.
        let otherDirectory = directory + "-other"
        defer { try? FileManager.default.removeItem(atPath: otherDirectory) }
        let other = try PushKeys(directory: otherDirectory)
        #expect(other.topics.topic(collectionID: 42) != first.topics.topic(collectionID: 42))
    }
}
