import ICalendar
import WebDAV

/// The CalDAV XML namespace (RFC 4791 §4) and its element names.
public enum CalDAVNamespace {
    public static let uri = XMLNamespace.calDAV

    /// CALDAV:valid-calendar-data (RFC 4791 §5.3.2.1), for a PUT whose body does not parse.
    public static func invalidCalendarData(_ error: ICalendarError) -> DAVError {
        DAVError(
            status: 403, condition: .init(namespace: uri, name: "valid-calendar-data"),
            reason: error.description)
    }
}

extension XMLName {
    /// Names in the CalDAV namespace (RFC 4791).
    public enum calDAV {
        public static func name(_ local: String) -> XMLName { XMLName(XMLNamespace.calDAV, local) }
        public static let calendar = name("calendar")
        public static let mkcalendar = name("mkcalendar")
        public static let calendarHomeSet = name("calendar-home-set")
        public static let calendarUserAddressSet = name("calendar-user-address-set")
        public static let calendarDescription = name("calendar-description")
        public static let calendarTimezone = name("calendar-timezone")
        public static let supportedCalendarComponentSet = name("supported-calendar-component-set")
        public static let supportedCalendarData = name("supported-calendar-data")
        public static let supportedCollationSet = name("supported-collation-set")
        public static let maxResourceSize = name("max-resource-size")
        public static let minDateTime = name("min-date-time")
        public static let maxDateTime = name("max-date-time")
        public static let maxInstances = name("max-instances")
        public static let maxAttendeesPerInstance = name("max-attendees-per-instance")
        public static let calendarData = name("calendar-data")
        public static let calendarQuery = name("calendar-query")
        public static let calendarMultiget = name("calendar-multiget")
        public static let freeBusyQuery = name("free-busy-query")
        public static let comp = name("comp")
        public static let scheduleCalendarTransp = name("schedule-calendar-transp")
        public static let calendarTimezoneID = name("calendar-timezone-id")
        public static let calendarUserType = name("calendar-user-type")
    }

    /// CalendarServer extensions.
    public enum calendarServer {
        public static let getctag = XMLName(XMLNamespace.calendarServer, "getctag")
        public static let emailAddressSet = XMLName(
            XMLNamespace.calendarServer, "email-address-set")
        public static let calendarProxyRead = XMLName(
            XMLNamespace.calendarServer, "calendar-proxy-read")
        public static let calendarProxyWrite = XMLName(
            XMLNamespace.calendarServer, "calendar-proxy-write")
        public static let calendarProxyReadFor = XMLName(
            XMLNamespace.calendarServer, "calendar-proxy-read-for")
        public static let calendarProxyWriteFor = XMLName(
            XMLNamespace.calendarServer, "calendar-proxy-write-for")
        /// The resource type of a notification collection (caldav-notifications.txt §3.1).
        public static let notification = XMLName(XMLNamespace.calendarServer, "notification")
        /// A principal's notification collection (caldav-notifications.txt §4.1).
        public static let notificationURL = XMLName(
            XMLNamespace.calendarServer, "notification-URL")
        /// The type of a notification resource (caldav-notifications.txt §4.2).
        public static let notificationType = XMLName(
            XMLNamespace.calendarServer, "notificationtype")
        /// The resource type of a calendar shared with the user (caldav-sharing.txt §5.2).
        public static let shared = XMLName(XMLNamespace.calendarServer, "shared")
        /// The resource type of the owner's calendar that is shared (caldav-sharing.txt §5.2).
        public static let sharedOwner = XMLName(XMLNamespace.calendarServer, "shared-owner")
        /// The owner's URL of a calendar shared with the user (caldav-sharing.txt §5.1).
        public static let sharedURL = XMLName(XMLNamespace.calendarServer, "shared-url")

        /// A name in the CalendarServer namespace.
        public static func name(_ local: String) -> XMLName {
            XMLName(XMLNamespace.calendarServer, local)
        }
    }

    /// Apple iCal extensions.
    public enum appleICal {
        public static let calendarColor = XMLName(XMLNamespace.appleICal, "calendar-color")
        public static let calendarOrder = XMLName(XMLNamespace.appleICal, "calendar-order")
    }
}
