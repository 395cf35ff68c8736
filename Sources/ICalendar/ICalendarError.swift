import ContentLine

/// An error from the ICalendar library: a stable code, a reason, and where it was found.
public struct ICalendarError: Error, Sendable, CustomStringConvertible {
    /// Stable error codes.
    public enum Code: String, Sendable {
        // Syntax
        case malformedLine = "malformed-line"
        case unexpectedEnd = "unexpected-end"
        case unclosedComponent = "unclosed-component"
        case propertyOutsideComponent = "property-outside-component"
        case noComponent = "no-component"
        // Values
        case invalidDate = "invalid-date"
        case invalidDateTime = "invalid-date-time"
        case invalidDuration = "invalid-duration"
        case invalidPeriod = "invalid-period"
        case invalidUTCOffset = "invalid-utc-offset"
        case invalidRecurrenceRule = "invalid-recurrence-rule"
        case invalidValue = "invalid-value"
        case unknownTimeZone = "unknown-time-zone"
        // Validation (RFC 4791 §4.1, RFC 5545 §3.6)
        case notOneCalendar = "not-one-calendar"
        case missingProperty = "missing-property"
        case duplicateProperty = "duplicate-property"
        case mixedComponentTypes = "mixed-component-types"
        case multipleUIDs = "multiple-uids"
        case noCalendarComponent = "no-calendar-component"
        case endBeforeStart = "end-before-start"
        case conflictingProperties = "conflicting-properties"
        case invalidComponent = "invalid-component"
        /// A calendar component without a UID (RFC 4791 §4.1, RFC 5545 §3.8.4.7).
        case missingUID = "missing-uid"
        /// VERSION other than 2.0 (RFC 5545 §3.7.4).
        case unsupportedVersion = "unsupported-version"
        /// Two components of one UID without RECURRENCE-ID (RFC 4791 §4.1).
        case duplicateMaster = "duplicate-master"
        /// Two overrides with the same RECURRENCE-ID (RFC 5545 §3.8.4.4).
        case duplicateRecurrenceID = "duplicate-recurrence-id"
        /// DATE where DATE-TIME is required or the reverse, or a VALUE parameter that does not
        /// match the value (RFC 5545 §3.8.2.2, §3.8.2.4).
        case valueTypeMismatch = "value-type-mismatch"
        /// METHOD in a calendar object resource (RFC 4791 §4.1).
        case methodNotAllowed = "method-not-allowed"
    }

    public var code: Code
    public var reason: String
    /// 1-based physical line in the parsed text, when known.
    public var line: Int?
    /// The component path (`VCALENDAR/VEVENT/DTSTART`), when known.
    public var path: String?

    public init(_ code: Code, _ reason: String, line: Int? = nil, path: String? = nil) {
        self.code = code
        self.reason = reason
        self.line = line
        self.path = path
    }

    public var description: String {
        var where_ = ""
        if let line { where_ += "line \(line): " }
        if let path { where_ += "\(path): " }
        return "\(where_)\(reason) [\(code.rawValue)]"
    }
}

extension ICalendarError: Equatable {
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}
