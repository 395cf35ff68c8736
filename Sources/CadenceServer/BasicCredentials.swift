/// The user name and password of an `Authorization: Basic …` header (RFC 7617), read from its
/// bytes: every DAV request carries one, and Foundation's trimming, `Data` and `String(data:)`
/// conversions were a noticeable share of a GET's CPU (issue 4).
enum BasicCredentials {
    /// `nil` unless the scheme is `Basic` (any case) and the token is standard padded base64
    /// of UTF-8 text holding a colon; the name is what comes before the first colon.
    static func parse(_ header: String) -> (name: String, password: String)? {
        var header = header
        return header.withUTF8 { bytes -> (name: String, password: String)? in
            var start = 0
            while start < bytes.count, bytes[start] == 0x20 { start += 1 }
            let scheme = start
            while start < bytes.count, bytes[start] != 0x20 { start += 1 }
            guard start - scheme == 5 else { return nil }
            for (offset, letter) in "basic".utf8.enumerated()
            where bytes[scheme + offset] | 0x20 != letter {
                return nil
            }
            var end = bytes.count
            while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
            while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
            guard let decoded = decodeBase64(UnsafeBufferPointer(rebasing: bytes[start..<end])),
                let colon = decoded.firstIndex(of: 0x3A),
                let name = String(validating: decoded[..<colon], as: UTF8.self),
                let password = String(validating: decoded[(colon + 1)...], as: UTF8.self)
            else { return nil }
            return (name, password)
        }
    }

    /// Standard base64 with padding (RFC 4648 §4): a length that is a multiple of four, at most
    /// two `=` and only at the end, nothing else. (`Data(base64Encoded:)` also takes text after
    /// the padding, `zg=3` for `zg==`; this does not.)
    static func decodeBase64(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard text.count % 4 == 0 else { return nil }
        var padding = 0
        if text.count >= 1, text[text.count - 1] == 0x3D { padding += 1 }
        if text.count >= 2, text[text.count - 2] == 0x3D { padding += 1 }
        var out: [UInt8] = []
        out.reserveCapacity(text.count / 4 * 3)
        var index = 0
        while index < text.count {
            var group: UInt32 = 0
            for offset in 0..<4 {
                let byte = text[index + offset]
                let value: UInt32
                switch byte {
                case 0x41...0x5A: value = UInt32(byte - 0x41)
                case 0x61...0x7A: value = UInt32(byte - 0x61 + 26)
                case 0x30...0x39: value = UInt32(byte - 0x30 + 52)
                case 0x2B: value = 62
                case 0x2F: value = 63
                case 0x3D where index + offset >= text.count - padding: value = 0
                default: return nil
                }
                group = group << 6 | value
            }
            out.append(UInt8(group >> 16))
            out.append(UInt8(group >> 8 & 0xFF))
            out.append(UInt8(group & 0xFF))
            index += 4
        }
        out.removeLast(padding)
        return out
    }
}
