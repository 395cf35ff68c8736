import WebDAV

/// A text-match collation (RFC 4791 §7.5, RFC 4790): how text is compared.
public enum Collation: String, Sendable, Hashable, CaseIterable {
    /// ASCII letters compared case-insensitively, other bytes exactly (RFC 4790 §9.2); the default.
    case asciiCasemap = "i;ascii-casemap"
    /// Unicode simple case folding: both sides lowercased before comparing (RFC 5051).
    case unicodeCasemap = "i;unicode-casemap"
    /// Exact octets (RFC 4790 §9.4).
    case octet = "i;octet"

    /// Parses a `collation` attribute; throws 403 `CALDAV:supported-collation` (RFC 4791 §7.5.1)
    /// for any other name.
    init(attribute: String?) throws(DAVError) {
        guard let attribute else {
            self = .asciiCasemap
            return
        }
        guard let collation = Collation(rawValue: attribute) else {
            throw CalDAVPrecondition.supportedCollation("collation '\(attribute)' is not supported")
        }
        self = collation
    }

    /// Whether `text` contains `needle` under this collation (RFC 4791 §9.7.5 substring match).
    public func contains(_ text: String, _ needle: String) -> Bool {
        switch self {
        case .octet:
            return Self.find(Array(text.utf8), Array(needle.utf8))
        case .asciiCasemap:
            return Self.find(
                text.utf8.map(Self.asciiLower), needle.utf8.map(Self.asciiLower))
        case .unicodeCasemap:
            return Self.find(Array(text.lowercased().utf8), Array(needle.lowercased().utf8))
        }
    }

    @inline(__always)
    private static func asciiLower(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    private static func find(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        if needle.isEmpty { return true }
        guard needle.count <= haystack.count else { return false }
        let first = needle[0]
        var i = 0
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < needle.count && haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return true }
            }
            i += 1
        }
        return false
    }
}
