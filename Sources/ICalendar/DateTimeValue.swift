/// A DATE or DATE-TIME value (RFC 5545 §3.3.4, §3.3.5) and how it is anchored in time.
public struct DateTimeValue: Sendable, Hashable, CustomStringConvertible {
    /// How the wall time relates to UTC.
    public enum Form: Sendable, Hashable {
        /// A DATE: a whole day, no time of day.
        case date
        /// A DATE-TIME without zone: the same wall time everywhere (form #1).
        case floating
        /// A DATE-TIME in UTC, written with a `Z` (form #2).
        case utc
        /// A DATE-TIME in a named zone, written with a `TZID` parameter (form #3).
        case zoned(tzid: String)
    }

    /// The wall time; midnight for a DATE.
    public var local: CalendarDateTime
    public var form: Form

    public init(local: CalendarDateTime, form: Form) {
        self.local = local
        self.form = form
    }

    /// A DATE value.
    public init(date: CalendarDate) {
        self.init(local: CalendarDateTime(date: date), form: .date)
    }

    /// A DATE-TIME in UTC at `secondsSinceEpoch`.
    public init(utcSeconds: Int64) {
        self.init(local: CalendarDateTime(secondsSinceEpoch: utcSeconds), form: .utc)
    }

    /// Parses `YYYYMMDD` or `YYYYMMDDTHHMMSS[Z]`; a `tzid` applies to a non-UTC DATE-TIME.
    ///
    /// The value's own shape decides DATE versus DATE-TIME, whatever `VALUE=` says, because
    /// producers get the parameter wrong in both directions.
    public init(parsing text: some StringProtocol, tzid: String? = nil) throws(ICalendarError) {
        var bytes = Array(text.utf8)
        while let last = bytes.last, last == 0x20 || last == 0x09 { bytes.removeLast() }
        guard bytes.count >= 8, let date = parseDate(bytes, 0) else {
            throw ICalendarError(.invalidDateTime, "'\(text)' is not a DATE or DATE-TIME")
        }
        if bytes.count == 8 {
            self.init(date: date)
            return
        }
        guard bytes.count == 15 || bytes.count == 16, bytes[8] == 0x54 || bytes[8] == 0x74,
            let hour = digits(bytes, 9, 2), let minute = digits(bytes, 11, 2),
            let second = digits(bytes, 13, 2), hour < 24, minute < 60, second <= 60
        else {
            throw ICalendarError(.invalidDateTime, "'\(text)' is not a valid DATE-TIME")
        }
        let local = CalendarDateTime(date: date, hour: hour, minute: minute, second: second)
        if bytes.count == 16 {
            guard bytes[15] == 0x5A || bytes[15] == 0x7A else {
                throw ICalendarError(.invalidDateTime, "'\(text)' has trailing characters")
            }
            self.init(local: local, form: .utc)
        } else if let tzid, !tzid.isEmpty {
            self.init(local: local, form: .zoned(tzid: tzid))
        } else {
            self.init(local: local, form: .floating)
        }
    }

    /// Reads a DATE or DATE-TIME property (DTSTART, DTEND, DUE, RECURRENCE-ID, …).
    public init(_ property: Property) throws(ICalendarError) {
        do {
            try self.init(parsing: property.value, tzid: property[parameter: "TZID"])
        } catch {
            var e = error
            e.path = property.name
            throw e
        }
    }

    public var isDate: Bool { form == .date }

    public var date: CalendarDate { local.date }

    /// The `TZID`, for a zoned value.
    public var tzid: String? {
        if case .zoned(let tzid) = form { return tzid }
        return nil
    }

    /// The value as written on the wire.
    public var description: String {
        switch form {
        case .date: local.date.description
        case .utc: local.description + "Z"
        case .floating, .zoned: local.description
        }
    }

    /// A property carrying this value, with `VALUE=DATE` or `TZID` as needed.
    public func property(named name: String) -> Property {
        var parameters: [Parameter] = []
        switch form {
        case .date: parameters.append(Parameter(name: "VALUE", value: "DATE"))
        case .zoned(let tzid): parameters.append(Parameter(name: "TZID", value: tzid))
        case .floating, .utc: break
        }
        return Property(name: name, parameters: parameters, value: description)
    }

    /// The instant in UTC seconds: a zoned time through `resolver` (falling back to floating for
    /// an unknown zone), floating times and dates in `floatingZone` (UTC when `nil`).
    public func utcSeconds(
        resolver: (any TimeZoneResolving)? = nil, floatingZone: String? = nil
    ) -> Int64 {
        switch form {
        case .utc:
            return local.secondsSinceEpoch
        case .zoned(let tzid):
            if let resolver, let seconds = resolver.utcSeconds(forLocal: local, tzid: tzid) {
                return seconds
            }
            return local.secondsSinceEpoch
        case .date, .floating:
            if let floatingZone, let resolver,
                let seconds = resolver.utcSeconds(forLocal: local, tzid: floatingZone)
            {
                return seconds
            }
            return local.secondsSinceEpoch
        }
    }
}

/// Resolves wall times in named zones to UTC (RFC 5545 §3.3.5 form #3).
public protocol TimeZoneResolving: Sendable {
    /// The UTC instant of wall time `local` in zone `tzid`, or `nil` for an unknown zone.
    ///
    /// A time in a DST gap is moved forward by the gap's length; a time in an overlap takes the
    /// first occurrence (RFC 5545 §3.3.5).
    func utcSeconds(forLocal local: CalendarDateTime, tzid: String) -> Int64?

    /// The offset from UTC, in seconds, in effect in `tzid` at a UTC instant, or `nil` if unknown.
    func utcOffset(atUTC seconds: Int64, tzid: String) -> Int?
}

extension TimeZoneResolving {
    /// The wall time in `tzid` at a UTC instant, or `nil` for an unknown zone.
    public func local(atUTC seconds: Int64, tzid: String) -> CalendarDateTime? {
        guard let offset = utcOffset(atUTC: seconds, tzid: tzid) else { return nil }
        return CalendarDateTime(secondsSinceEpoch: seconds + Int64(offset))
    }
}

@inline(__always)
func digits(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int? {
    guard start + count <= bytes.count else { return nil }
    var value = 0
    for i in start..<(start + count) {
        let b = bytes[i]
        guard b >= 0x30 && b <= 0x39 else { return nil }
        value = value * 10 + Int(b - 0x30)
    }
    return value
}

func parseDate(_ bytes: [UInt8], _ start: Int) -> CalendarDate? {
    guard let year = digits(bytes, start, 4), let month = digits(bytes, start + 4, 2),
        let day = digits(bytes, start + 6, 2)
    else { return nil }
    return CalendarDate(year: year, month: month, day: day)
}
