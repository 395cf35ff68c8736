/// TEXT value escaping (RFC 5545 §3.3.11, RFC 6350 §3.4): `\\`, `\;`, `\,` and `\n` (or `\N`).
public enum TextValue {
    /// Decodes an escaped TEXT value. An unknown escape such as `\:` keeps the escaped character.
    public static func unescape(_ raw: some StringProtocol) -> String {
        guard raw.utf8.contains(0x5C) else { return String(raw) }
        var out: [UInt8] = []
        out.reserveCapacity(raw.utf8.count)
        var escaping = false
        for b in raw.utf8 {
            if escaping {
                out.append(b == 0x6E || b == 0x4E ? 0x0A : b)
                escaping = false
            } else if b == 0x5C {
                escaping = true
            } else {
                out.append(b)
            }
        }
        if escaping { out.append(0x5C) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Encodes text for a TEXT value; CRLF and lone CR become `\n`.
    public static func escape(_ text: some StringProtocol) -> String {
        var needs = false
        for b in text.utf8 where b == 0x5C || b == 0x3B || b == 0x2C || b == 0x0A || b == 0x0D {
            needs = true
            break
        }
        guard needs else { return String(text) }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 8)
        var previousWasCR = false
        for b in text.utf8 {
            switch b {
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x3B: out.append(contentsOf: [0x5C, 0x3B])
            case 0x2C: out.append(contentsOf: [0x5C, 0x2C])
            case 0x0D: out.append(contentsOf: [0x5C, 0x6E])
            case 0x0A: if !previousWasCR { out.append(contentsOf: [0x5C, 0x6E]) }
            default: out.append(b)
            }
            previousWasCR = b == 0x0D
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Splits a raw value at unescaped commas and decodes each item (TEXT lists such as CATEGORIES).
    public static func splitList(_ raw: some StringProtocol, separator: UInt8 = 0x2C) -> [String] {
        var items: [String] = []
        var current: [UInt8] = []
        var escaping = false
        for b in raw.utf8 {
            if escaping {
                current.append(b == 0x6E || b == 0x4E ? 0x0A : b)
                escaping = false
            } else if b == 0x5C {
                escaping = true
            } else if b == separator {
                items.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            } else {
                current.append(b)
            }
        }
        if escaping { current.append(0x5C) }
        items.append(String(decoding: current, as: UTF8.self))
        return items
    }

    /// Joins items into one escaped list value.
    public static func joinList(_ items: [String], separator: String = ",") -> String {
        items.map { escape($0) }.joined(separator: separator)
    }
}
