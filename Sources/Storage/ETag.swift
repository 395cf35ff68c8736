/// Strong entity tags for stored bytes (RFC 7232 §2.3).
public enum ETag {
    /// The strong ETag of `bytes` in quoted form: `"` + lowercase hex SHA-256 + `"`.
    public static func strong(for bytes: [UInt8]) -> String {
        let digest = SHA256Digest(of: bytes)
        var text = [UInt8]()
        text.reserveCapacity(66)
        text.append(UInt8(ascii: "\""))
        let hex = Array("0123456789abcdef".utf8)
        for byte in digest.bytes {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0F)])
        }
        text.append(UInt8(ascii: "\""))
        return String(decoding: text, as: UTF8.self)
    }
}
