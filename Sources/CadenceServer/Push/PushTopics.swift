import Crypto
import Foundation

/// Push topics (`P:topic`): stable, opaque, unique per collection. Each is the HMAC-SHA-256 of
/// the collection's store id (or a home's owner id) under a secret kept in the data folder
/// (`push-topic-key`, mode 0600), truncated to 128 bits, base64url: neither the id nor the
/// path can be read from it, and it survives renames (MOVE) because the id does.
struct PushTopics: Sendable {
    /// The file name inside the data folder.
    static let fileName = "push-topic-key"

    /// The secret's bytes (swift-crypto's `SymmetricKey` is not `Sendable`).
    let secret: [UInt8]

    init(key: SymmetricKey) {
        secret = key.withUnsafeBytes { Array($0) }
    }

    /// The secret in `directory`, created (mode 0600) when there is none.
    static func loadOrCreate(directory: String) throws -> PushTopics {
        let path = (directory as NSString).appendingPathComponent(fileName)
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            guard let raw = Base64URL.decode(text), raw.count == 32 else {
                throw PushKeyError(reason: "\(path) does not hold a 32-octet secret")
            }
            return PushTopics(key: SymmetricKey(data: raw))
        }
        let key = SymmetricKey(size: .bits256)
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true)
        let text = Base64URL.encode(key.withUnsafeBytes { Array($0) }) + "\n"
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        else { throw PushKeyError(reason: "cannot write \(path)") }
        return PushTopics(key: key)
    }

    /// The topic of a stored collection.
    func topic(collectionID: Int64) -> String { topic(seed: "collection:\(collectionID)") }

    /// The topic of a user's home of `kind` (`calendars`, `addressbooks`).
    func topic(homeOf ownerID: Int64, kind: String) -> String {
        topic(seed: "home:\(kind):\(ownerID)")
    }

    private func topic(seed: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data(seed.utf8), using: SymmetricKey(data: secret))
        return Base64URL.encode(Array(mac).prefix(16))
    }
}
