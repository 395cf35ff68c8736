import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The server key that seals connector passwords at rest: AES-256-GCM (NIST SP 800-38D) with a
/// random 96-bit nonce per seal.
///
/// From `CADENCE_SECRET_KEY` (64 hex digits or 32 bytes in base64; any other text is hashed with
/// SHA-256), else from `<data>/secret.key`, 32 random bytes created with mode 0600 on first use.
public struct SecretKey: Sendable {
    let bytes: [UInt8]

    var key: SymmetricKey { SymmetricKey(data: bytes) }

    /// A key from raw bytes (32 expected; other lengths are hashed to 32).
    public init(bytes: [UInt8]) {
        self.bytes = bytes.count == 32 ? bytes : Array(SHA256.hash(data: bytes))
    }

    /// The key from `CADENCE_SECRET_KEY`, else from `<dataDirectory>/secret.key` (created if
    /// missing).
    public static func load(dataDirectory: String, environment: [String: String])
        throws(ConnectorSecretError) -> SecretKey
    {
        if let text = environment["CADENCE_SECRET_KEY"], !text.isEmpty {
            return SecretKey(text: text)
        }
        let path = (dataDirectory as NSString).appendingPathComponent("secret.key")
        if let existing = FileManager.default.contents(atPath: path) {
            guard existing.count == 32 else {
                throw ConnectorSecretError("\(path) must hold exactly 32 bytes")
            }
            return SecretKey(bytes: [UInt8](existing))
        }
        try? FileManager.default.createDirectory(
            atPath: dataDirectory, withIntermediateDirectories: true)
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for i in bytes.indices { bytes[i] = generator.next() }
        #if canImport(Glibc)
            let descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        #else
            let descriptor = Darwin.open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        #endif
        guard descriptor >= 0 else {
            // Another process created it first: use theirs.
            if let existing = FileManager.default.contents(atPath: path), existing.count == 32 {
                return SecretKey(bytes: [UInt8](existing))
            }
            throw ConnectorSecretError("cannot create \(path)")
        }
        defer { _ = close(descriptor) }
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, 32) }
        guard written == 32 else { throw ConnectorSecretError("cannot write \(path)") }
        return SecretKey(bytes: bytes)
    }

    /// A key from the text of `CADENCE_SECRET_KEY`.
    public init(text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let utf8 = Array(trimmed.utf8)
        if utf8.count == 64, let bytes = Self.hexBytes(utf8) {
            self.init(bytes: bytes)
        } else if let data = Data(base64Encoded: trimmed), data.count == 32 {
            self.init(bytes: [UInt8](data))
        } else {
            self.init(bytes: Array(SHA256.hash(data: utf8)))
        }
    }

    /// Seals `secret`: nonce, ciphertext and tag in one byte string.
    public func seal(_ secret: String) throws(ConnectorSecretError) -> [UInt8] {
        do {
            guard let combined = try AES.GCM.seal(Array(secret.utf8), using: key).combined else {
                throw ConnectorSecretError("cannot seal")
            }
            return [UInt8](combined)
        } catch {
            throw ConnectorSecretError("cannot seal: \(error)")
        }
    }

    /// Opens a sealed secret; fails when it was sealed with another key or altered.
    public func open(_ sealed: [UInt8]) throws(ConnectorSecretError) -> String {
        do {
            let box = try AES.GCM.SealedBox(combined: sealed)
            return String(decoding: try AES.GCM.open(box, using: key), as: UTF8.self)
        } catch {
            throw ConnectorSecretError("cannot open the sealed password (wrong server key?)")
        }
    }

    static func hexBytes(_ digits: [UInt8]) -> [UInt8]? {
        var bytes: [UInt8] = []
        var i = 0
        while i + 1 < digits.count {
            guard let high = HrefCoding.hexValue(digits[i]),
                let low = HrefCoding.hexValue(digits[i + 1])
            else { return nil }
            bytes.append(high << 4 | low)
            i += 2
        }
        return bytes
    }
}

/// A failure to load the server key or to seal or open a secret.
public struct ConnectorSecretError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public var reason: String

    /// Creates an error.
    public init(_ reason: String) { self.reason = reason }

    /// The reason.
    public var description: String { reason }
}
