import Crypto
import Foundation

/// The server's VAPID key pair (RFC 8292): a P-256 ECDSA key that signs the JWT of every push
/// message and whose public half clients use to create restricted subscriptions
/// (`P:vapid-public-key`).
///
/// Generated on first use and kept in the data folder as `push-vapid-key` (the raw 32-octet
/// private scalar, base64url, file mode 0600). `cadence push rotate-key` replaces it after
/// telling every subscriber (`PushKeyRotation`).
struct VAPIDKey: Sendable {
    /// The file name inside the data folder.
    static let fileName = "push-vapid-key"

    /// The private scalar (32 octets); kept as bytes because swift-crypto's key types are not
    /// `Sendable`.
    let rawKey: [UInt8]
    /// The public key, uncompressed (65 octets), base64url: `P:vapid-public-key` and the `k`
    /// parameter of the `vapid` authorization.
    let publicKeyText: String

    init(privateKey: P256.Signing.PrivateKey) {
        rawKey = Array(privateKey.rawRepresentation)
        publicKeyText = Base64URL.encode(privateKey.publicKey.x963Representation)
    }

    /// The signing key.
    func signingKey() throws -> P256.Signing.PrivateKey {
        try P256.Signing.PrivateKey(rawRepresentation: rawKey)
    }

    /// The key in `directory`, created (mode 0600) when there is none.
    static func loadOrCreate(directory: String) throws -> VAPIDKey {
        let path = (directory as NSString).appendingPathComponent(fileName)
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            guard let raw = Base64URL.decode(text), raw.count == 32 else {
                throw PushKeyError(reason: "\(path) does not hold a P-256 private key")
            }
            return VAPIDKey(privateKey: try P256.Signing.PrivateKey(rawRepresentation: raw))
        }
        let key = VAPIDKey(privateKey: P256.Signing.PrivateKey())
        try key.write(to: path)
        return key
    }

    /// Writes the key to `path` with mode 0600, replacing any file there atomically.
    func write(to path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true)
        let temporary = path + ".new"
        let text = Base64URL.encode(rawKey) + "\n"
        guard
            FileManager.default.createFile(
                atPath: temporary, contents: Data(text.utf8),
                attributes: [.posixPermissions: 0o600])
        else { throw PushKeyError(reason: "cannot write \(temporary)") }
        // rename(2) replaces the old file atomically: a reader sees the old key or the new one.
        guard rename(temporary, path) == 0 else {
            throw PushKeyError(reason: "cannot replace \(path) (errno \(errno))")
        }
    }

    /// The `Authorization` header value for a push resource (RFC 8292 §3):
    /// `vapid t=<JWT>, k=<public key>`, the JWT signed with ES256 (RFC 7518 §3.4), its `aud`
    /// the push resource's origin, `exp` at most 24 hours ahead, `sub` a contact.
    func authorization(for pushResource: URL, subject: String, now: Date = Date()) throws
        -> String
    {
        "vapid t=\(try token(for: pushResource, subject: subject, now: now)), k=\(publicKeyText)"
    }

    /// The signed JWT (RFC 7519 compact serialization).
    func token(for pushResource: URL, subject: String, now: Date = Date()) throws -> String {
        guard let scheme = pushResource.scheme?.lowercased(), let host = pushResource.host else {
            throw PushKeyError(reason: "push resource without an origin")
        }
        var audience = "\(scheme)://\(host)"
        if let port = pushResource.port,
            !(scheme == "https" && port == 443 || scheme == "http" && port == 80)
        {
            audience += ":\(port)"
        }
        let header = #"{"typ":"JWT","alg":"ES256"}"#
        let expiry = Int(now.timeIntervalSince1970) + 12 * 3_600
        let claims =
            #"{"aud":"# + Self.jsonString(audience) + #","exp":\#(expiry),"sub":"#
            + Self.jsonString(subject) + "}"
        let signingInput =
            Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(claims.utf8))
        let signature = try signingKey().signature(for: Data(signingInput.utf8))
        return signingInput + "." + Base64URL.encode(signature.rawRepresentation)
    }

    /// `text` as a JSON string literal.
    static func jsonString(_ text: String) -> String {
        let data =
            (try? JSONSerialization.data(
                withJSONObject: [text], options: [.withoutEscapingSlashes])) ?? Data("[\"\"]".utf8)
        let array = String(decoding: data, as: UTF8.self)
        return String(array.dropFirst().dropLast())
    }
}

/// A push key file that cannot be read or written.
struct PushKeyError: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}
