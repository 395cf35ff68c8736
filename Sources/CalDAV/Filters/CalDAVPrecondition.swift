import WebDAV

/// The CalDAV preconditions the filter, calendar-data and free-busy parsers report (RFC 4791
/// §7.5.1, §7.8, §7.10), and the CalDAV element names they read.
enum CalDAVPrecondition {
    /// 403 `CALDAV:valid-filter` (RFC 4791 §7.8): the filter is malformed.
    static func validFilter(_ reason: String) -> DAVError {
        DAVError(
            status: 403, condition: .init(namespace: XMLNamespace.calDAV, name: "valid-filter"),
            reason: reason)
    }

    /// 403 `CALDAV:supported-filter` (RFC 4791 §7.8): an element or name the server does not know.
    static func supportedFilter(_ reason: String) -> DAVError {
        DAVError(
            status: 403,
            condition: .init(namespace: XMLNamespace.calDAV, name: "supported-filter"),
            reason: reason)
    }

    /// 403 `CALDAV:supported-collation` (RFC 4791 §7.5.1).
    static func supportedCollation(_ reason: String) -> DAVError {
        DAVError(
            status: 403,
            condition: .init(namespace: XMLNamespace.calDAV, name: "supported-collation"),
            reason: reason)
    }

    /// 403 `CALDAV:supported-calendar-data` (RFC 4791 §7.8): a media type other than
    /// text/calendar 2.0 was asked for.
    static func supportedCalendarData(_ reason: String) -> DAVError {
        DAVError(
            status: 403,
            condition: .init(namespace: XMLNamespace.calDAV, name: "supported-calendar-data"),
            reason: reason)
    }

    /// 403 `CALDAV:valid-calendar-data` (RFC 4791 §7.8): the CALDAV:timezone text is not iCalendar.
    static func validCalendarData(_ reason: String) -> DAVError {
        DAVError(
            status: 403,
            condition: .init(namespace: XMLNamespace.calDAV, name: "valid-calendar-data"),
            reason: reason)
    }

    /// 403 `CALDAV:max-instances` (RFC 4791 §5.2.8 names the limit): CALDAV:expand would produce
    /// more instances of one recurrence set than the server returns. RFC 4791 defines the
    /// element for PUT (§5.3.2.1); for REPORTs it is the closest named condition, so a client
    /// sees why instead of a silently shortened answer.
    static func maxInstances(_ reason: String) -> DAVError {
        DAVError(
            status: 403, condition: .init(namespace: XMLNamespace.calDAV, name: "max-instances"),
            reason: reason)
    }

    /// 400 for a malformed request body that no precondition names.
    static func badRequest(_ reason: String) -> DAVError {
        DAVError(status: 400, reason: reason)
    }

    /// A name in the CalDAV namespace.
    static func name(_ local: String) -> XMLName { XMLName(XMLNamespace.calDAV, local) }

    static let compFilter = name("comp-filter")
    static let propFilter = name("prop-filter")
    static let paramFilter = name("param-filter")
    static let isNotDefined = name("is-not-defined")
    static let timeRange = name("time-range")
    static let textMatch = name("text-match")
    static let filter = name("filter")
    static let calendarQuery = name("calendar-query")
    static let calendarData = name("calendar-data")
    static let timezone = name("timezone")
    static let timezoneID = name("timezone-id")
    static let comp = name("comp")
    static let prop = name("prop")
    static let allcomp = name("allcomp")
    static let allprop = name("allprop")
    static let expand = name("expand")
    static let limitRecurrenceSet = name("limit-recurrence-set")
    static let limitFreeBusySet = name("limit-freebusy-set")
    static let freeBusyQuery = name("free-busy-query")
}
