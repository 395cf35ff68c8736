import ICalendar
import WebDAV

/// A CALDAV:calendar-query REPORT body (RFC 4791 §7.8, §9.5): the properties to return, the
/// filter, and the time zone floating times are read in.
public struct CalendarQuery: Sendable, Hashable {
    /// The filter every returned object matches (RFC 4791 §9.7).
    public var filter: CompFilter
    /// The properties asked for, as a PROPFIND would (`allprop` when the body names none).
    public var properties: PropFind
    /// The CALDAV:calendar-data asked for inside `DAV:prop`, if any.
    public var calendarData: CalendarDataRequest?
    /// The TZID of CALDAV:timezone's VTIMEZONE (RFC 4791 §9.8) or of CALDAV:timezone-id
    /// (RFC 7809 §5.2); `nil` when the body has neither.
    public var timezone: String?

    /// A query from its parts.
    public init(
        filter: CompFilter, properties: PropFind = .allProp(include: []),
        calendarData: CalendarDataRequest? = nil, timezone: String? = nil
    ) {
        self.filter = filter
        self.properties = properties
        self.calendarData = calendarData
        self.timezone = timezone
    }

    /// Parses `<C:calendar-query>`. A missing or malformed filter is 403 `CALDAV:valid-filter`,
    /// unknown filter elements 403 `CALDAV:supported-filter`, a CALDAV:timezone that is not one
    /// VTIMEZONE 403 `CALDAV:valid-calendar-data`; a body of another kind is 400.
    public init(_ report: XMLElement) throws(DAVError) {
        guard report.name == CalDAVPrecondition.calendarQuery else {
            throw CalDAVPrecondition.badRequest(
                "expected CALDAV:calendar-query, found \(report.name)")
        }
        guard let filterElement = report.first(CalDAVPrecondition.filter) else {
            throw CalDAVPrecondition.validFilter("calendar-query has no CALDAV:filter")
        }
        self.init(filter: try CompFilter(filterElement))
        if let prop = report.first(.dav.prop) {
            properties = .prop(prop.elements.map(\.name))
            if let data = prop.first(CalDAVPrecondition.calendarData) {
                calendarData = try CalendarDataRequest(data)
            }
        } else if report.first(.dav.propname) != nil {
            properties = .propName
        } else if report.first(.dav.allprop) != nil {
            properties = .allProp(include: report.first(.dav.include)?.elements.map(\.name) ?? [])
        }
        if let zone = report.first(CalDAVPrecondition.timezone) {
            timezone = try Self.timezoneID(zone.text)
        } else if let zone = report.first(CalDAVPrecondition.timezoneID) {
            let id = zone.trimmedText
            timezone = id.isEmpty ? nil : id
        }
    }

    /// The TZID of the one VTIMEZONE in a CALDAV:timezone body (RFC 4791 §9.8).
    static func timezoneID(_ text: String) throws(DAVError) -> String {
        guard let calendar = try? Component(parsing: text) else {
            throw CalDAVPrecondition.validCalendarData("CALDAV:timezone is not iCalendar")
        }
        let zones = calendar.components(named: "VTIMEZONE")
        guard calendar.name == "VCALENDAR", zones.count == 1,
            let tzid = zones[0].property("TZID")?.text, !tzid.isEmpty
        else {
            throw CalDAVPrecondition.validCalendarData(
                "CALDAV:timezone must hold exactly one VTIMEZONE with a TZID")
        }
        return tzid
    }
}
