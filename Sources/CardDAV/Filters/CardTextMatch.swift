import WebDAV

/// CARDDAV:text-match (RFC 6352 §10.5.4): a collation, a match type, optionally negated.
public struct CardTextMatch: Sendable, Hashable {
    /// How the text is compared (RFC 6352 §8.3).
    public enum Collation: String, Sendable, Hashable, CaseIterable {
        /// Unicode case-insensitive (RFC 5051, simplified to lowercasing); the default.
        case unicodeCasemap = "i;unicode-casemap"
        /// ASCII letters case-insensitive, other bytes exact (RFC 4790 §9.2).
        case asciiCasemap = "i;ascii-casemap"
        /// Exact octets (RFC 4790 §9.4).
        case octet = "i;octet"
    }

    /// Where the text must appear (RFC 6352 §10.5.4 `match-type`).
    public enum MatchType: String, Sendable, Hashable, CaseIterable {
        case equals
        case contains
        case startsWith = "starts-with"
        case endsWith = "ends-with"
    }

    public var text: String
    public var collation: Collation
    public var matchType: MatchType
    /// `negate-condition="yes"`.
    public var negate: Bool

    /// A text-match from its parts.
    public init(
        text: String, collation: Collation = .unicodeCasemap, matchType: MatchType = .contains,
        negate: Bool = false
    ) {
        self.text = text
        self.collation = collation
        self.matchType = matchType
        self.negate = negate
    }

    /// Parses `<CR:text-match collation=… match-type=… negate-condition=…>text</…>`.
    public init(_ element: XMLElement) throws(DAVError) {
        let collationName = element.attributes[XMLName("", "collation")]
        guard let collation = collationName.map({ Collation(rawValue: $0) }) ?? .unicodeCasemap
        else {
            throw CardDAVNamespace.supportedCollation(
                "collation '\(collationName ?? "")' is not supported")
        }
        let typeName = element.attributes[XMLName("", "match-type")]
        guard let matchType = typeName.map({ MatchType(rawValue: $0) }) ?? .contains else {
            throw CardDAVNamespace.validFilter("match-type '\(typeName ?? "")' is not known")
        }
        switch element.attributes[XMLName("", "negate-condition")] {
        case nil, "no": negate = false
        case "yes": negate = true
        case .some(let other):
            throw CardDAVNamespace.validFilter("negate-condition='\(other)' is not yes or no")
        }
        self.collation = collation
        self.matchType = matchType
        text = element.text
    }

    /// Whether `value` satisfies the test.
    public func matches(_ value: String) -> Bool {
        let (haystack, needle) = (fold(value), fold(text))
        let found: Bool
        switch matchType {
        case .equals: found = haystack == needle
        case .startsWith: found = haystack.starts(with: needle)
        case .endsWith: found = haystack.reversed().starts(with: needle.reversed())
        case .contains: found = Self.find(haystack, needle)
        }
        return found != negate
    }

    private func fold(_ s: String) -> [UInt8] {
        switch collation {
        case .octet: return Array(s.utf8)
        case .asciiCasemap:
            return s.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        case .unicodeCasemap: return Array(s.lowercased().utf8)
        }
    }

    private static func find(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        if needle.isEmpty { return true }
        guard needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count)
        where haystack[start] == needle[0]
            && haystack[start..<start + needle.count].elementsEqual(needle)
        {
            return true
        }
        return false
    }
}
