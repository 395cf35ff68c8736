import ICalendar
import WebDAV

/// The CalDAV XML namespace (RFC 4791 §4).
public enum CalDAVNamespace {
    public static let uri = "urn:ietf:params:xml:ns:caldav"

    /// CALDAV:valid-calendar-data (RFC 4791 §5.3.2.1), for a PUT whose body does not parse.
    public static func invalidCalendarData(_ error: ICalendarError) -> DAVError {
        DAVError(
            status: 403, condition: .init(namespace: uri, name: "valid-calendar-data"),
            reason: error.description)
    }
}
