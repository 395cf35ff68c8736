import WebDAV

/// CALDAV:text-match (RFC 4791 §9.7.5): a substring test with a collation, optionally negated.
public struct TextMatch: Sendable, Hashable {
    /// The text to look for.
    public var text: String
    /// How text is compared.
    public var collation: Collation
    /// `negate-condition="yes"`: match when the text is *not* contained.
    public var negate: Bool

    /// A text-match from its parts.
    public init(text: String, collation: Collation = .asciiCasemap, negate: Bool = false) {
        self.text = text
        self.collation = collation
        self.negate = negate
    }

    /// Parses `<C:text-match collation="…" negate-condition="yes|no">text</C:text-match>`.
    public init(_ element: XMLElement) throws(DAVError) {
        let collation = try Collation(attribute: element.attributes[XMLName("", "collation")])
        let negation = element.attributes[XMLName("", "negate-condition")]
        switch negation {
        case nil, "no": negate = false
        case "yes": negate = true
        case .some(let other):
            throw CalDAVPrecondition.validFilter("negate-condition='\(other)' is not yes or no")
        }
        self.collation = collation
        text = element.text
    }

    /// Whether `value` satisfies the test.
    public func matches(_ value: String) -> Bool {
        collation.contains(value, text) != negate
    }
}
