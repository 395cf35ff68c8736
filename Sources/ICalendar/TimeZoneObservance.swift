/// A STANDARD or DAYLIGHT sub-component of a VTIMEZONE (RFC 5545 §3.6.5): from each onset on,
/// the zone's offset is `offsetTo`.
///
/// Onsets are DTSTART, the RRULE's instances and every RDATE. Their wall times are read in the
/// offset in effect before the onset, `offsetFrom`, as the RFC prescribes.
public struct TimeZoneObservance: Sendable, Hashable {
    /// STANDARD or DAYLIGHT.
    public enum Kind: String, Sendable, Hashable {
        /// Standard time.
        case standard = "STANDARD"
        /// Daylight saving time.
        case daylight = "DAYLIGHT"
    }

    /// Which of the two the component was.
    public var kind: Kind
    /// DTSTART: the first onset, as a wall time in `offsetFrom`.
    public var start: CalendarDateTime
    /// TZOFFSETFROM in seconds (TZOFFSETTO when a producer left it out).
    public var offsetFrom: Int
    /// TZOFFSETTO in seconds.
    public var offsetTo: Int
    /// TZNAME values, in order.
    public var names: [String]
    /// The raw RRULE value, if any.
    public var recurrenceRule: String?
    /// The RDATE onsets, as wall times in `offsetFrom`, in the order written.
    public var recurrenceDates: [CalendarDateTime]

    /// An observance from its parts (wall times in `offsetFrom`).
    public init(
        kind: Kind, start: CalendarDateTime, offsetFrom: Int, offsetTo: Int, names: [String] = [],
        recurrenceRule: String? = nil, recurrenceDates: [CalendarDateTime] = []
    ) {
        self.kind = kind
        self.start = start
        self.offsetFrom = offsetFrom
        self.offsetTo = offsetTo
        self.names = names
        self.recurrenceRule = recurrenceRule
        self.recurrenceDates = recurrenceDates
    }

    /// Reads a STANDARD or DAYLIGHT component.
    ///
    /// Throws `.invalidComponent` for another component, `.missingProperty` without DTSTART or
    /// TZOFFSETTO, and the value's error for a malformed DTSTART, offset or RDATE. A DTSTART or
    /// RDATE written in UTC (which the RFC forbids) is converted to the wall time in `offsetFrom`.
    public init(_ component: Component) throws(ICalendarError) {
        guard let kind = Kind(rawValue: component.name) else {
            throw ICalendarError(
                .invalidComponent, "\(component.name) is not a STANDARD or DAYLIGHT observance",
                path: component.name)
        }
        guard let startProperty = component.property("DTSTART") else {
            throw ICalendarError(
                .missingProperty, "\(kind.rawValue) has no DTSTART", path: kind.rawValue)
        }
        guard let toProperty = component.property("TZOFFSETTO") else {
            throw ICalendarError(
                .missingProperty, "\(kind.rawValue) has no TZOFFSETTO", path: kind.rawValue)
        }
        let offsetTo: Int
        let offsetFrom: Int
        do {
            offsetTo = try UTCOffset(parsing: toProperty.value).seconds
            if let from = component.property("TZOFFSETFROM") {
                offsetFrom = try UTCOffset(parsing: from.value).seconds
            } else {
                offsetFrom = offsetTo
            }
        } catch {
            var e = error
            e.path = kind.rawValue
            throw e
        }
        let startValue = try DateTimeValue(startProperty)
        var dates: [CalendarDateTime] = []
        for property in component.properties(named: "RDATE") {
            for item in property.value.split(separator: ",") {
                let text = item.split(separator: "/", maxSplits: 1).first ?? item
                let value: DateTimeValue
                do {
                    value = try DateTimeValue(parsing: text)
                } catch {
                    var e = error
                    e.path = kind.rawValue + "/RDATE"
                    throw e
                }
                dates.append(Self.wallTime(value, offsetFrom: offsetFrom))
            }
        }
        self.init(
            kind: kind, start: Self.wallTime(startValue, offsetFrom: offsetFrom),
            offsetFrom: offsetFrom, offsetTo: offsetTo,
            names: component.properties(named: "TZNAME").map(\.text),
            recurrenceRule: component.property("RRULE")?.value, recurrenceDates: dates)
    }

    /// The UTC instant of an onset written as a wall time in `offsetFrom`.
    public func onsetUTC(_ local: CalendarDateTime) -> Int64 {
        local.secondsSinceEpoch - Int64(offsetFrom)
    }

    private static func wallTime(_ value: DateTimeValue, offsetFrom: Int) -> CalendarDateTime {
        if value.form == .utc {
            return CalendarDateTime(
                secondsSinceEpoch: value.local.secondsSinceEpoch + Int64(offsetFrom))
        }
        return value.local
    }
}
