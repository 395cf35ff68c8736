/// The common shape of an observance's RRULE (RFC 5545 §3.6.5, §3.3.10), evaluated year by year.
///
/// VTIMEZONE producers write one onset a year: `FREQ=YEARLY` with `BYMONTH` and `BYDAY=±nDD`
/// (`2SU`, `-1SU`), or `BYDAY=DD` with a week of `BYMONTHDAY`s (`8,9,…,14`), or a fixed
/// `BYMONTHDAY`, bounded by `UNTIL` or `COUNT` or not at all. For that shape the onset in any year
/// is computed directly, so a lookup never iterates from DTSTART. Other shapes are left to the
/// recurrence engine (`init` returns `nil`).
struct TimeZoneOnsetRule: Sendable, Hashable {
    /// Which day of the month the onset falls on.
    enum Day: Sendable, Hashable {
        /// The n-th (from the end when negative) weekday of the month.
        case nth(Weekday, Int)
        /// The weekday among a set of month days (negative from the end).
        case weekday(Weekday, monthDays: [Int])
        /// A fixed month day (negative from the end).
        case monthDay(Int)
    }

    /// The bound written as UNTIL.
    enum Until: Sendable, Hashable {
        case utc(Int64)
        case local(CalendarDateTime)
    }

    var month: Int
    var day: Day
    /// The observance's DTSTART (local time in `offsetFrom`); onsets take its time of day.
    var start: CalendarDateTime
    var offsetFrom: Int
    var until: Until?
    /// The last year with an onset, when COUNT bounds the rule.
    var lastCountedYear: Int?
    /// The last year that can hold an onset (from UNTIL and COUNT), `nil` when unbounded.
    var lastYear: Int?

    /// Parses `text` for an observance starting at `start`; `nil` when the rule is not of the
    /// yearly shape described above.
    init?(parsing text: String, start: CalendarDateTime, offsetFrom: Int) {
        var frequency: Substring?
        var month: Int?
        var weekday: (Weekday, Int?)?
        var monthDays: [Int] = []
        var until: Until?
        var count: Int?
        for part in text.split(separator: ";", omittingEmptySubsequences: true) {
            guard let eq = part.firstIndex(of: "=") else { return nil }
            let key = part[..<eq].uppercased()
            let value = part[part.index(after: eq)...]
            switch key {
            case "FREQ":
                frequency = value
            case "INTERVAL":
                guard Int(value) == 1 else { return nil }
            case "WKST":
                break
            case "BYMONTH":
                guard let m = Int(value), (1...12).contains(m) else { return nil }
                month = m
            case "BYDAY":
                guard !value.contains(","), let parsed = Self.parseWeekday(value) else {
                    return nil
                }
                weekday = parsed
            case "BYMONTHDAY":
                for item in value.split(separator: ",") {
                    guard let d = Int(item), d != 0, (-31...31).contains(d) else { return nil }
                    monthDays.append(d)
                }
            case "BYHOUR":
                guard Int(value) == start.hour else { return nil }
            case "BYMINUTE":
                guard Int(value) == start.minute else { return nil }
            case "BYSECOND":
                guard Int(value) == start.second else { return nil }
            case "UNTIL":
                guard let value = try? DateTimeValue(parsing: value) else { return nil }
                switch value.form {
                case .utc: until = .utc(value.local.secondsSinceEpoch)
                case .date:
                    until = .local(
                        CalendarDateTime(date: value.date, hour: 23, minute: 59, second: 59))
                case .floating, .zoned: until = .local(value.local)
                }
            case "COUNT":
                guard let c = Int(value), c > 0 else { return nil }
                count = c
            default:
                return nil
            }
        }
        guard frequency?.uppercased() == "YEARLY" else { return nil }
        self.month = month ?? start.date.month
        switch (weekday, monthDays.count) {
        case (nil, 0):
            day = .monthDay(start.date.day)
        case (nil, 1):
            day = .monthDay(monthDays[0])
        case (.some((let wd, let n?)), 0):
            guard n != 0, (-5...5).contains(n) else { return nil }
            day = .nth(wd, n)
        case (.some((let wd, nil)), 1...7):
            // At most one onset a year: the days must lie within one week.
            let sorted = monthDays.sorted()
            guard sorted.allSatisfy({ $0 > 0 }) || sorted.allSatisfy({ $0 < 0 }),
                sorted[sorted.count - 1] - sorted[0] < 7
            else { return nil }
            day = .weekday(wd, monthDays: sorted)
        default:
            return nil
        }
        self.start = start
        self.offsetFrom = offsetFrom
        self.until = until
        if let count {
            // DTSTART is the first instance (RFC 5545 §3.8.5.3); the rule adds the others.
            var remaining = count - 1
            var year = start.date.year
            var last = year - 1
            var guardYears = 0
            while remaining > 0 && guardYears < 10_000 {
                if occurrence(inYear: year) != nil {
                    remaining -= 1
                    last = year
                }
                year += 1
                guardYears += 1
            }
            lastCountedYear = last
        }
        switch until {
        case .utc(let limit)?:
            lastYear = CalendarDateTime(secondsSinceEpoch: limit + Int64(offsetFrom)).date.year
        case .local(let limit)?:
            lastYear = limit.date.year
        case nil:
            lastYear = nil
        }
        if let lastCountedYear { lastYear = min(lastYear ?? lastCountedYear, lastCountedYear) }
    }

    /// Whether the rule ends (UNTIL or COUNT).
    var isBounded: Bool { until != nil || lastCountedYear != nil }

    /// The onset date in `year`, ignoring DTSTART and the bounds; `nil` when the year has none
    /// (a fifth Sunday that does not exist, 30 February).
    func date(inYear year: Int) -> CalendarDate? {
        let length = CalendarDate.daysInMonth(year: year, month: month)
        switch day {
        case .monthDay(let d):
            let resolved = d > 0 ? d : length + d + 1
            guard resolved >= 1, resolved <= length else { return nil }
            return CalendarDate(validYear: year, month: month, day: resolved)
        case .nth(let weekday, let n):
            if n > 0 {
                let first = CalendarDate(validYear: year, month: month, day: 1)
                let shift = (weekday.rawValue - first.weekday.rawValue + 7) % 7
                let d = 1 + shift + (n - 1) * 7
                guard d <= length else { return nil }
                return CalendarDate(validYear: year, month: month, day: d)
            } else {
                let last = CalendarDate(validYear: year, month: month, day: length)
                let shift = (last.weekday.rawValue - weekday.rawValue + 7) % 7
                let d = length - shift + (n + 1) * 7
                guard d >= 1 else { return nil }
                return CalendarDate(validYear: year, month: month, day: d)
            }
        case .weekday(let weekday, let monthDays):
            for m in monthDays {
                let resolved = m > 0 ? m : length + m + 1
                guard resolved >= 1, resolved <= length else { continue }
                let date = CalendarDate(validYear: year, month: month, day: resolved)
                if date.weekday == weekday { return date }
            }
            return nil
        }
    }

    /// The onset (local wall time) in `year` if the rule produces one there: after DTSTART and
    /// within UNTIL and COUNT.
    func occurrence(inYear year: Int) -> CalendarDateTime? {
        guard year >= start.date.year, let date = date(inYear: year) else { return nil }
        let local = CalendarDateTime(
            date: date, hour: start.hour, minute: start.minute, second: start.second)
        guard local > start else { return nil }
        if let lastCountedYear, year > lastCountedYear { return nil }
        switch until {
        case .utc(let limit)?:
            guard local.secondsSinceEpoch - Int64(offsetFrom) <= limit else { return nil }
        case .local(let limit)?:
            guard local <= limit else { return nil }
        case nil:
            break
        }
        return local
    }

    /// Every onset after DTSTART of a bounded rule, at most `limit`.
    func boundedOccurrences(limit: Int = 5000) -> [CalendarDateTime] {
        var result: [CalendarDateTime] = []
        let lastYear = self.lastYear ?? start.date.year + limit
        var year = start.date.year
        while year <= lastYear && result.count < limit {
            if let onset = occurrence(inYear: year) { result.append(onset) }
            year += 1
        }
        return result
    }

    /// The UTC instant of the latest onset at or before `utc`, or `nil` if there is none.
    func latestOnset(atOrBefore utc: Int64) -> Int64? {
        var year = CalendarDateTime(secondsSinceEpoch: utc + Int64(offsetFrom)).date.year
        if let lastYear { year = min(year, lastYear) }
        let firstYear = start.date.year
        var tries = 0
        while year >= firstYear && tries < 16 {
            if let date = date(inYear: year) {
                let local = CalendarDateTime(
                    date: date, hour: start.hour, minute: start.minute, second: start.second)
                let onset = local.secondsSinceEpoch - Int64(offsetFrom)
                if local <= start { return nil }
                if onset <= utc, occurrence(inYear: year) != nil { return onset }
            }
            year -= 1
            tries += 1
        }
        return nil
    }

    /// Reads `[+/-][n]DD`.
    private static func parseWeekday(_ text: Substring) -> (Weekday, Int?)? {
        guard text.count >= 2, let weekday = Weekday(code: text.suffix(2)) else { return nil }
        let prefix = text.dropLast(2)
        if prefix.isEmpty { return (weekday, nil) }
        guard let n = Int(prefix) else { return nil }
        return (weekday, n)
    }
}
