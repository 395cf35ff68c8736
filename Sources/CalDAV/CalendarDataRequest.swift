import ICalendar
import WebDAV

/// CALDAV:calendar-data in a REPORT request (RFC 4791 §9.6): which parts of each calendar object
/// to return, and whether to expand or limit recurrence sets.
public struct CalendarDataRequest: Sendable, Hashable {
    /// CALDAV:comp (RFC 4791 §9.6.1): a component and the parts of it to return.
    public struct ComponentSelection: Sendable, Hashable {
        /// The component name, uppercased.
        public var name: String
        /// The properties to return: `nil` for all (CALDAV:allprop).
        public var properties: [PropertySelection]?
        /// The sub-components to return: `nil` for all (CALDAV:allcomp).
        public var components: [ComponentSelection]?

        /// A selection from its parts.
        public init(
            name: String, properties: [PropertySelection]? = nil,
            components: [ComponentSelection]? = nil
        ) {
            self.name = name.uppercased()
            self.properties = properties
            self.components = components
        }

    }

    /// CALDAV:prop (RFC 4791 §9.6.4): a property to return, with or without its value.
    public struct PropertySelection: Sendable, Hashable {
        /// The property name, uppercased.
        public var name: String
        /// `novalue="yes"`: the property is returned with an empty value.
        public var noValue: Bool

        /// A selection from its parts.
        public init(name: String, noValue: Bool = false) {
            self.name = name.uppercased()
            self.noValue = noValue
        }
    }

    /// The most instances CALDAV:expand returns for one recurrence set (a year of hourly
    /// instances fits); more is 403 `CALDAV:max-instances`.
    public static let maximumExpandedInstances = 10_000

    /// The component selection; `nil` for the whole object.
    public var component: ComponentSelection?
    /// CALDAV:expand (RFC 4791 §9.6.5): one component per instance overlapping the range.
    public var expand: TimeRange?
    /// CALDAV:limit-recurrence-set (RFC 4791 §9.6.6): the master and the overrides that overlap.
    public var limitRecurrenceSet: TimeRange?
    /// CALDAV:limit-freebusy-set (RFC 4791 §9.6.7): only FREEBUSY periods that overlap.
    public var limitFreeBusySet: TimeRange?

    /// A request from its parts; all `nil` asks for the whole object.
    public init(
        component: ComponentSelection? = nil, expand: TimeRange? = nil,
        limitRecurrenceSet: TimeRange? = nil, limitFreeBusySet: TimeRange? = nil
    ) {
        self.component = component
        self.expand = expand
        self.limitRecurrenceSet = limitRecurrenceSet
        self.limitFreeBusySet = limitFreeBusySet
    }

    /// Parses `<C:calendar-data>` (RFC 4791 §9.6). A content-type other than text/calendar
    /// (version 2.0) is 403 `CALDAV:supported-calendar-data`; a malformed time range in
    /// expand/limit-* is 403 `CALDAV:valid-filter`; other malformed content is 400.
    public init(_ element: XMLElement) throws(DAVError) {
        self.init()
        let type = element.attributes[XMLName("", "content-type")]
        let version = element.attributes[XMLName("", "version")]
        if let type, type.lowercased() != "text/calendar" {
            throw CalDAVPrecondition.supportedCalendarData("content-type \(type) is not supported")
        }
        if let version, version != "2.0" {
            throw CalDAVPrecondition.supportedCalendarData("version \(version) is not supported")
        }
        for child in element.elements {
            switch child.name {
            case CalDAVPrecondition.comp where component == nil:
                let selection = try Self.selection(child)
                guard selection.name == "VCALENDAR" else {
                    throw CalDAVPrecondition.badRequest(
                        "calendar-data must select VCALENDAR, found \(selection.name)")
                }
                component = selection
            case CalDAVPrecondition.expand where expand == nil && limitRecurrenceSet == nil:
                expand = try Self.range(child)
            case CalDAVPrecondition.limitRecurrenceSet
            where expand == nil && limitRecurrenceSet == nil:
                limitRecurrenceSet = try Self.range(child)
            case CalDAVPrecondition.limitFreeBusySet where limitFreeBusySet == nil:
                limitFreeBusySet = try Self.range(child)
            default:
                throw CalDAVPrecondition.badRequest("unexpected \(child.name) in calendar-data")
            }
        }
    }

    private static func range(_ element: XMLElement) throws(DAVError) -> TimeRange {
        try TimeRange(element, requiresBoth: true, invalid: CalDAVPrecondition.validFilter)
    }

    /// CALDAV:comp: an element with no children selects everything below it (as RFC 4791
    /// §7.8.1's `<C:comp name="VTIMEZONE"/>` does); otherwise the prop and comp lists are literal.
    private static func selection(_ element: XMLElement) throws(DAVError) -> ComponentSelection {
        guard let name = element.attributes[XMLName("", "name")], !name.isEmpty else {
            throw CalDAVPrecondition.badRequest("CALDAV:comp has no name attribute")
        }
        var selection = ComponentSelection(name: name)
        let children = element.elements
        guard !children.isEmpty else { return selection }
        var properties: [PropertySelection]? = []
        var components: [ComponentSelection]? = []
        for child in children {
            switch child.name {
            case CalDAVPrecondition.allprop: properties = nil
            case CalDAVPrecondition.allcomp: components = nil
            case CalDAVPrecondition.prop:
                guard let propName = child.attributes[XMLName("", "name")], !propName.isEmpty
                else {
                    throw CalDAVPrecondition.badRequest("CALDAV:prop has no name attribute")
                }
                let noValue = child.attributes[XMLName("", "novalue")] == "yes"
                properties?.append(PropertySelection(name: propName, noValue: noValue))
            case CalDAVPrecondition.comp:
                components?.append(try Self.selection(child))
            default:
                throw CalDAVPrecondition.badRequest("unexpected \(child.name) in CALDAV:comp")
            }
        }
        selection.properties = properties
        selection.components = components
        return selection
    }

    /// Whether nothing is asked beyond the whole stored object.
    public var isWholeObject: Bool {
        expand == nil && limitRecurrenceSet == nil && limitFreeBusySet == nil
            && (component.map { $0.properties == nil && $0.components == nil } ?? true)
    }

    /// The calendar data to return for one stored object: `text` is the stored iCalendar text;
    /// return it unchanged when nothing is asked beyond the whole object (byte-for-byte), else the
    /// transformed text.
    public func apply(
        to text: [UInt8], calendar: Component, resolver: (any TimeZoneResolving)?
    ) throws(DAVError) -> String {
        try apply(to: text, calendar: calendar, resolver: resolver, timeZone: nil)
    }

    /// As `apply(to:calendar:resolver:)`, reading floating times and DATEs in `timeZone` (the
    /// query's CALDAV:timezone or the collection's calendar-timezone; UTC if `nil`).
    public func apply(
        to text: [UInt8], calendar: Component, resolver: (any TimeZoneResolving)?,
        timeZone: String?
    ) throws(DAVError) -> String {
        if isWholeObject { return String(decoding: text, as: UTF8.self) }
        let expansion = InstanceExpansion(resolver: resolver, floatingZone: timeZone)
        var result = calendar
        if let range = limitRecurrenceSet {
            result = Self.limitingRecurrenceSets(result, to: range, expansion: expansion)
        }
        if let range = expand {
            result = try Self.expanding(result, over: range, expansion: expansion)
        }
        if let range = limitFreeBusySet {
            result = Self.limitingFreeBusy(result, to: range, expansion: expansion)
        }
        if let component, component.name == result.name {
            result = Self.project(result, component)
        }
        return result.serialized()
    }
}
