import WebDAV

/// A user principal (RFC 3744 §2, RFC 4791 §6.2).
public protocol PrincipalResource: DAVResource {
    /// The user's calendar home (`CALDAV:calendar-home-set`).
    var calendarHome: DAVPath { get }
    /// Calendar user addresses (`mailto:` URIs and the principal URL).
    var calendarUserAddresses: [String] { get }
}

/// A calendar home: the collection that holds a user's calendars.
public protocol CalendarHomeResource: DAVResource {}

/// A calendar collection (RFC 4791 §4.2).
public protocol CalendarCollectionResource: SyncableCollection {
    var calendarDescription: String? { get }
    /// `#RRGGBB` or `#RRGGBBAA`.
    var color: String? { get }
    var order: Int? { get }
    /// A VCALENDAR holding one VTIMEZONE (`CALDAV:calendar-timezone`).
    var timeZone: String? { get }
    /// Component names this calendar accepts (`VEVENT`, `VTODO`, …).
    var supportedComponents: [String] { get }
    /// The largest object accepted, in octets.
    var maxResourceSize: Int { get }
    /// The CalendarServer ctag (changes with every change of the collection).
    var ctag: String { get }
}

/// A calendar object resource (RFC 4791 §4.1).
public protocol CalendarObjectResource: DAVResource {
    /// The component type (`VEVENT`, `VTODO`, `VJOURNAL`, `VFREEBUSY`).
    var componentType: String { get }
    /// Every instance of the object in UTC seconds when the store knows them exactly, whatever
    /// the query's time zone (a VEVENT set with UTC or zoned times; `end == start` for an
    /// instance without length); `nil` otherwise. Lets a VEVENT time-range query (RFC 4791 §9.9)
    /// be answered without parsing the object.
    var exactInstances: [(start: Int64, end: Int64)]? { get }
}

extension CalendarObjectResource {
    public var resourceTypes: [XMLName] { [] }
    public var exactInstances: [(start: Int64, end: Int64)]? { nil }
}
