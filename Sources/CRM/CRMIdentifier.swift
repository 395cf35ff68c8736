import Foundation

/// Ids of CRM records: random, lowercase UUIDs (version 4).
public enum CRMIdentifier {
    /// A fresh random id. Its 122 random bits come from the system's generator (`getrandom(2)`),
    /// not from `UUID()`, which on Linux opens, reads and closes `/dev/urandom` for each id:
    /// four system calls on every PUT of a task (issue 4).
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let high: UInt64 = generator.next()
        let low: UInt64 = generator.next()
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &bytes) { buffer in
            buffer.storeBytes(of: high.bigEndian, toByteOffset: 0, as: UInt64.self)
            buffer.storeBytes(of: low.bigEndian, toByteOffset: 8, as: UInt64.self)
            buffer[6] = buffer[6] & 0x0F | 0x40  // version 4
            buffer[8] = buffer[8] & 0x3F | 0x80  // the RFC 9562 variant
        }
        return UUID(uuid: bytes).uuidString.lowercased()
    }
}
