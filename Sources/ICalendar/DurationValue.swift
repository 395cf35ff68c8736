/// A DURATION value (RFC 5545 §3.3.6): `[+/-]P[nW][nD][T[nH][nM][nS]]`.
///
/// Weeks and days are nominal (added to the wall time, so a day across a DST change is 23 or 25
/// hours); hours, minutes and seconds are exact.
public struct DurationValue: Sendable, Hashable, CustomStringConvertible {
    public var isNegative: Bool
    public var weeks: Int
    public var days: Int
    public var hours: Int
    public var minutes: Int
    public var seconds: Int

    public init(
        isNegative: Bool = false, weeks: Int = 0, days: Int = 0, hours: Int = 0, minutes: Int = 0,
        seconds: Int = 0
    ) {
        self.isNegative = isNegative
        self.weeks = weeks
        self.days = days
        self.hours = hours
        self.minutes = minutes
        self.seconds = seconds
    }

    /// An exact duration of `seconds` (negative allowed), written in days/hours/minutes/seconds.
    public init(totalSeconds: Int) {
        var rest = abs(totalSeconds)
        let d = rest / 86400
        rest %= 86400
        self.init(
            isNegative: totalSeconds < 0, days: d, hours: rest / 3600, minutes: rest / 60 % 60,
            seconds: rest % 60)
    }

    public init(parsing text: some StringProtocol) throws(ICalendarError) {
        let bytes = Array(text.utf8).filter { $0 != 0x20 && $0 != 0x09 }
        var i = 0
        var negative = false
        if i < bytes.count && (bytes[i] == 0x2B || bytes[i] == 0x2D) {
            negative = bytes[i] == 0x2D
            i += 1
        }
        guard i < bytes.count, bytes[i] == 0x50 || bytes[i] == 0x70 else {
            throw ICalendarError(.invalidDuration, "'\(text)' is not a DURATION (no 'P')")
        }
        i += 1
        var inTime = false
        var w = 0
        var d = 0
        var h = 0
        var m = 0
        var s = 0
        var sawComponent = false
        while i < bytes.count {
            if bytes[i] == 0x54 || bytes[i] == 0x74 {
                guard !inTime else {
                    throw ICalendarError(.invalidDuration, "'\(text)' has two 'T'")
                }
                inTime = true
                i += 1
                continue
            }
            var n = 0
            let start = i
            while i < bytes.count, bytes[i] >= 0x30 && bytes[i] <= 0x39 {
                n = n &* 10 &+ Int(bytes[i] - 0x30)
                i += 1
                if n > 1_000_000_000 {
                    throw ICalendarError(.invalidDuration, "'\(text)' is too large")
                }
            }
            guard i > start, i < bytes.count else {
                throw ICalendarError(.invalidDuration, "'\(text)' is not a valid DURATION")
            }
            switch (bytes[i] | 0x20, inTime) {
            case (0x77, false): w = n
            case (0x64, false): d = n
            case (0x68, true): h = n
            case (0x6D, true): m = n
            case (0x73, true): s = n
            default:
                throw ICalendarError(.invalidDuration, "'\(text)' is not a valid DURATION")
            }
            sawComponent = true
            i += 1
        }
        guard sawComponent else {
            throw ICalendarError(.invalidDuration, "'\(text)' has no length")
        }
        // A 'T' must be followed by at least one time component ("P1DT" is not a DURATION).
        if inTime, bytes.last.map({ $0 == 0x54 || $0 == 0x74 }) ?? false {
            throw ICalendarError(.invalidDuration, "'\(text)' has an empty time part")
        }
        self.init(isNegative: negative, weeks: w, days: d, hours: h, minutes: m, seconds: s)
    }

    public init(_ property: Property) throws(ICalendarError) {
        try self.init(parsing: property.value)
    }

    /// Signed nominal days (weeks × 7 + days).
    public var nominalDays: Int { (isNegative ? -1 : 1) * (weeks * 7 + days) }

    /// Signed exact seconds (hours, minutes, seconds).
    public var exactSeconds: Int { (isNegative ? -1 : 1) * (hours * 3600 + minutes * 60 + seconds) }

    /// Signed total seconds, counting a nominal day as 86,400 seconds.
    public var totalSeconds: Int { nominalDays * 86400 + exactSeconds }

    /// Adds the duration to a wall time: nominal days on the calendar, then exact seconds.
    public func added(to local: CalendarDateTime) -> CalendarDateTime {
        let shifted = CalendarDateTime(
            date: local.date.adding(days: nominalDays), hour: local.hour, minute: local.minute,
            second: local.second)
        return CalendarDateTime(secondsSinceEpoch: shifted.secondsSinceEpoch + Int64(exactSeconds))
    }

    public var description: String {
        var s = isNegative ? "-P" : "P"
        if weeks > 0 && days == 0 && hours == 0 && minutes == 0 && seconds == 0 {
            return s + "\(weeks)W"
        }
        let d = weeks * 7 + days
        if d > 0 { s += "\(d)D" }
        if hours > 0 || minutes > 0 || seconds > 0 {
            s += "T"
            if hours > 0 { s += "\(hours)H" }
            if minutes > 0 || (hours > 0 && seconds > 0) { s += "\(minutes)M" }
            if seconds > 0 { s += "\(seconds)S" }
        }
        if s.count <= 2 { s += "T0S" }
        return s
    }
}

/// A UTC-OFFSET value (RFC 5545 §3.3.14): `+HHMM[SS]` or `-HHMM[SS]`.
public struct UTCOffset: Sendable, Hashable, CustomStringConvertible {
    /// Signed seconds east of UTC.
    public var seconds: Int

    public init(seconds: Int) { self.seconds = seconds }

    public init(parsing text: some StringProtocol) throws(ICalendarError) {
        let bytes = Array(text.utf8).filter { $0 != 0x20 && $0 != 0x09 && $0 != 0x3A }
        guard bytes.count == 5 || bytes.count == 7, bytes[0] == 0x2B || bytes[0] == 0x2D,
            let h = digits(bytes, 1, 2), let m = digits(bytes, 3, 2), h < 24, m < 60
        else {
            throw ICalendarError(.invalidUTCOffset, "'\(text)' is not a UTC-OFFSET")
        }
        var s = 0
        if bytes.count == 7 {
            guard let sec = digits(bytes, 5, 2), sec < 60 else {
                throw ICalendarError(.invalidUTCOffset, "'\(text)' is not a UTC-OFFSET")
            }
            s = sec
        }
        let magnitude = h * 3600 + m * 60 + s
        seconds = bytes[0] == 0x2D ? -magnitude : magnitude
    }

    public var description: String {
        let a = abs(seconds)
        var s = (seconds < 0 ? "-" : "+") + pad(a / 3600, 2) + pad(a / 60 % 60, 2)
        if a % 60 != 0 { s += pad(a % 60, 2) }
        return s
    }
}

/// A PERIOD value (RFC 5545 §3.3.9): a start and either an end or a duration.
public struct PeriodValue: Sendable, Hashable, CustomStringConvertible {
    public enum End: Sendable, Hashable {
        case dateTime(DateTimeValue)
        case duration(DurationValue)
    }

    public var start: DateTimeValue
    public var end: End

    public init(start: DateTimeValue, end: End) {
        self.start = start
        self.end = end
    }

    public init(parsing text: some StringProtocol, tzid: String? = nil) throws(ICalendarError) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw ICalendarError(.invalidPeriod, "'\(text)' is not a PERIOD (no '/')")
        }
        let start = try DateTimeValue(parsing: parts[0], tzid: tzid)
        guard !start.isDate else {
            throw ICalendarError(.invalidPeriod, "'\(text)' starts with a DATE")
        }
        let endText = parts[1]
        if endText.first == "P" || endText.first == "+" || endText.first == "-"
            || endText.first == "p"
        {
            self.init(start: start, end: .duration(try DurationValue(parsing: endText)))
        } else {
            let end = try DateTimeValue(parsing: endText, tzid: tzid)
            guard !end.isDate else {
                throw ICalendarError(.invalidPeriod, "'\(text)' ends with a DATE")
            }
            self.init(start: start, end: .dateTime(end))
        }
    }

    /// The wall time at the end of the period.
    public var endLocal: CalendarDateTime {
        switch end {
        case .dateTime(let value): value.local
        case .duration(let duration): duration.added(to: start.local)
        }
    }

    public var description: String {
        switch end {
        case .dateTime(let value): "\(start)/\(value)"
        case .duration(let duration): "\(start)/\(duration)"
        }
    }
}
