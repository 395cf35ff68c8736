import Crypto
import Foundation

/// Message encryption for Web Push (RFC 8291) in the `aes128gcm` content coding (RFC 8188),
/// one record: what a push service relays without being able to read it.
///
/// RFC 8291 §3.3–3.4: an ephemeral ECDH key pair of the application server and the user
/// agent's public key give a shared secret; HKDF with the user agent's auth secret and
/// `"WebPush: info" || 0x00 || ua_public || as_public` gives the input keying material; RFC 8188
/// §2.2–2.3 derive the content encryption key and nonce from it and a random salt. The body is
/// the RFC 8188 header (salt, record size, the application server's public key as key id)
/// followed by the AES-128-GCM ciphertext of the plaintext and the final-record delimiter 0x02.
struct WebPushEncryption: Sendable {
    /// Why a subscription's keys cannot be used.
    enum Failure: Error, Equatable {
        /// The `p256dh` key is not an uncompressed P-256 point.
        case invalidPublicKey
        /// The auth secret is not 16 octets.
        case invalidAuthSecret
    }

    /// The user agent's public key (RFC 8291 `ua_public`), uncompressed (65 octets).
    let userAgentKeyBytes: [UInt8]
    /// The authentication secret (16 octets).
    let authSecret: [UInt8]

    /// The record size written into the header (RFC 8188 §2.1); one record holds the message.
    static let recordSize: UInt32 = 4096

    /// Reads the subscription's base64url `p256dh` key and auth secret.
    init(publicKey: String, authSecret: String) throws(Failure) {
        guard let keyBytes = Base64URL.decode(publicKey), keyBytes.count == 65,
            keyBytes.first == 0x04,
            (try? P256.KeyAgreement.PublicKey(x963Representation: keyBytes)) != nil
        else { throw .invalidPublicKey }
        guard let secret = Base64URL.decode(authSecret), secret.count == 16 else {
            throw .invalidAuthSecret
        }
        userAgentKeyBytes = keyBytes
        self.authSecret = secret
    }

    /// Encrypts `plaintext` with a fresh ephemeral key and random salt.
    func encrypt(_ plaintext: [UInt8]) throws -> [UInt8] {
        var salt = [UInt8](repeating: 0, count: 16)
        var generator = SystemRandomNumberGenerator()
        for index in salt.indices { salt[index] = generator.next() }
        return try encrypt(plaintext, serverKey: P256.KeyAgreement.PrivateKey(), salt: salt)
    }

    /// Encrypts with a given ephemeral key and salt (RFC 8291 Appendix A checks this).
    func encrypt(
        _ plaintext: [UInt8], serverKey: P256.KeyAgreement.PrivateKey, salt: [UInt8]
    ) throws -> [UInt8] {
        let serverPublic = Array(serverKey.publicKey.x963Representation)
        let shared = try serverKey.sharedSecretFromKeyAgreement(
            with: P256.KeyAgreement.PublicKey(x963Representation: userAgentKeyBytes))
        // RFC 8291 §3.4: IKM = HKDF(auth_secret, ecdh_secret, key_info, 32).
        let keyInfo = Array("WebPush: info".utf8) + [0] + userAgentKeyBytes + serverPublic
        let inputKey = shared.hkdfDerivedSymmetricKey(
            using: SHA256.self, salt: authSecret, sharedInfo: keyInfo, outputByteCount: 32)
        // RFC 8188 §2.2, §2.3: PRK = HMAC(salt, IKM); CEK and NONCE expand from it.
        let pseudoRandomKey = HKDF<SHA256>.extract(
            inputKeyMaterial: inputKey, salt: salt)
        let contentKey = HKDF<SHA256>.expand(
            pseudoRandomKey: pseudoRandomKey,
            info: Array("Content-Encoding: aes128gcm".utf8) + [0], outputByteCount: 16)
        let nonce = HKDF<SHA256>.expand(
            pseudoRandomKey: pseudoRandomKey, info: Array("Content-Encoding: nonce".utf8) + [0],
            outputByteCount: 12)
        let sealed = try AES.GCM.seal(
            plaintext + [2], using: contentKey,
            nonce: AES.GCM.Nonce(data: nonce.withUnsafeBytes { Array($0) }))
        var body = salt
        let size = Self.recordSize
        body += [
            UInt8(size >> 24), UInt8(size >> 16 & 0xff), UInt8(size >> 8 & 0xff),
            UInt8(size & 0xff),
        ]
        body.append(UInt8(serverPublic.count))
        body += serverPublic
        body += sealed.ciphertext
        body += sealed.tag
        return body
    }
}
