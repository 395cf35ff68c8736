import ICalendar

/// America/New_York by the US rules in force 1987–2006 (first Sunday of April to last Sunday of
/// October) and from 2007 (second Sunday of March to first Sunday of November), enough for the
/// RFC 5545 examples. Every other TZID is unknown.
struct NewYorkResolver: TimeZoneResolving {
    static let tzid = "America/New_York"

    /// The wall-clock days on which DST starts and ends in `year`.
    static func transitionDays(_ year: Int) -> (start: Int, end: Int) {
        func nthSunday(_ month: Int, _ n: Int) -> Int {
            let first = CalendarDate(validYear: year, month: month, day: 1)
            let offset = (6 - first.weekday.rawValue + 7) % 7
            return first.dayNumber + offset + 7 * (n - 1)
        }
        func lastSunday(_ month: Int) -> Int {
            let last = CalendarDate(
                validYear: year, month: month,
                day: CalendarDate.daysInMonth(year: year, month: month))
            return last.dayNumber - (last.weekday.rawValue + 1) % 7
        }
        if year >= 2007 { return (nthSunday(3, 2), nthSunday(11, 1)) }
        return (nthSunday(4, 1), lastSunday(10))
    }

    func utcSeconds(forLocal local: CalendarDateTime, tzid: String) -> Int64? {
        guard tzid == Self.tzid else { return nil }
        let (start, end) = Self.transitionDays(local.date.year)
        let wall = local.secondsSinceEpoch
        let dst =
            wall >= Int64(start) * 86400 + 7200 && wall < Int64(end) * 86400 + 3600
        return wall + (dst ? 4 : 5) * 3600
    }

    func utcOffset(atUTC seconds: Int64, tzid: String) -> Int? {
        guard tzid == Self.tzid else { return nil }
        let year = CalendarDateTime(secondsSinceEpoch: seconds).date.year
        let (start, end) = Self.transitionDays(year)
        let dst =
            seconds >= Int64(start) * 86400 + 7 * 3600 && seconds < Int64(end) * 86400 + 6 * 3600
        return dst ? -4 * 3600 : -5 * 3600
    }
}

/// The first `limit` wall times of `rule` from `start` (zoned in New York unless it ends in Z or
/// is a DATE), as `YYYYMMDDTHHMMSS`.
func expand(_ rule: String, from start: String, limit: Int = 10_000) throws -> [String] {
    let parsed = try RecurrenceRule(parsing: rule)
    let dtstart = try DateTimeValue(parsing: start, tzid: NewYorkResolver.tzid)
    return parsed.occurrences(from: dtstart, resolver: NewYorkResolver()).prefix(limit).map(
        \.description)
}

/// Wall times at `time` on the given days of one month: `at(1997, 9, [2, 4])`.
func at(_ year: Int, _ month: Int, _ days: [Int], _ time: String = "090000") -> [String] {
    days.map { CalendarDate(validYear: year, month: month, day: $0).description + "T" + time }
}

/// Every `step`-th day of a month from `first` through `last`.
func days(_ first: Int, through last: Int, by step: Int = 1) -> [Int] {
    Array(stride(from: first, through: last, by: step))
}
