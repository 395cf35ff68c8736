/// Why a text is not a vCard that a CardDAV server can store (RFC 6352 §5.1, RFC 6350 §6.1).
public struct VCardError: Error, Sendable, CustomStringConvertible {
    /// Stable error codes.
    public enum Code: String, Sendable {
        /// The content lines do not parse (with the content-line error's position in the reason).
        case syntax
        /// No `BEGIN:VCARD`, or no matching `END:VCARD`.
        case missingBeginOrEnd = "missing-begin-or-end"
        /// More than one vCard in one resource (RFC 6352 §5.1).
        case multipleCards = "multiple-cards"
        /// No `VERSION`, or one other than 3.0 and 4.0.
        case unsupportedVersion = "unsupported-version"
        /// A property the version requires is missing (`FN`, `UID` for CardDAV, `N` in 3.0).
        case missingProperty = "missing-property"
        /// A property that may appear once appears more often.
        case duplicateProperty = "duplicate-property"
    }

    /// The code.
    public var code: Code
    /// A human reason.
    public var reason: String

    /// Creates an error.
    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(reason) [\(code.rawValue)]" }
}

extension VCardError: Equatable {
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}
