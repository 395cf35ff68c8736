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
    /// DTSTART as a UTC instant.
    var startUTC: Int64
    /// UNTIL as a UTC instant (a local UNTIL read in `offsetFrom`); `Int64.max` without one.
    var untilUTC: Int64

    /// Reads `text` for an observance starting at `start`; `nil` when it is not a valid RECUR
    /// value or not of the yearly shape described above.
    init?(parsing text: String, start: CalendarDateTime, offsetFrom: Int) {
        guard let rule = try? RecurrenceRule(parsing: text) else { return nil }
        self.init(rule: rule, start: start, offsetFrom: offsetFrom)
    }

    /// The fast form of `rule` for an observance starting at `start` (a wall time in
    /// `offsetFrom`); `nil` when the rule is not of the yearly shape described above.
    init?(rule: RecurrenceRule, start: CalendarDateTime, offsetFrom: Int) {
        guard rule.frequency == .yearly, rule.interval == 1, rule.byMonth.count <= 1,
            rule.byDay.count <= 1, rule.byYearDay.isEmpty, rule.byWeekNo.isEmpty,
            rule.bySetPos.isEmpty, rule.otherParts.isEmpty,
            rule.byHour.allSatisfy({ $0 == start.hour }),
            rule.byMinute.allSatisfy({ $0 == start.minute }),
            rule.bySecond.allSatisfy({ $0 == start.second })
        else { return nil }
        let monthDays = rule.byMonthDay
        self.month = rule.byMonth.first ?? start.date.month
        switch (rule.byDay.first, monthDays.count) {
        case (nil, 0):
            day = .monthDay(start.date.day)
        case (nil, 1):
            day = .monthDay(monthDays[0])
        case (let entry?, 0):
            guard let n = entry.ordinal, n != 0, (-5...5).contains(n) else { return nil }
            day = .nth(entry.weekday, n)
        case (let entry?, 1...7):
            // At most one onset a year: the days must lie within one week.
            let sorted = monthDays.sorted()
            guard entry.ordinal == nil,
                sorted.allSatisfy({ $0 > 0 }) || sorted.allSatisfy({ $0 < 0 }),
                sorted[sorted.count - 1] - sorted[0] < 7
            else { return nil }
            day = .weekday(entry.weekday, monthDays: sorted)
        default:
            return nil
        }
        let until: Until?
        switch rule.until?.form {
        case nil:
            until = nil
        case .utc?:
            until = .utc(rule.until!.local.secondsSinceEpoch)
        case .date?:
            until = .local(
                CalendarDateTime(date: rule.until!.date, hour: 23, minute: 59, second: 59))
        case .floating?, .zoned?:
            until = .local(rule.until!.local)
        }
        let count = rule.count
        self.start = start
        self.offsetFrom = offsetFrom
        self.until = until
        startUTC = start.secondsSinceEpoch - Int64(offsetFrom)
        switch until {
        case .utc(let limit)?: untilUTC = limit
        case .local(let limit)?: untilUTC = limit.secondsSinceEpoch - Int64(offsetFrom)
        case nil: untilUTC = .max
        }
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

    /// The onset date in `year` as a day number (days since 1970-01-01), ignoring DTSTART and
    /// the bounds; `nil` when the year has none (a fifth Sunday that does not exist, 30 February).
    @inline(__always)
    func dayNumber(inYear year: Int) -> Int? {
        let length = CalendarDate.daysInMonth(year: year, month: month)
        let first = CalendarDate(validYear: year, month: month, day: 1).dayNumber
        switch day {
        case .monthDay(let d):
            let resolved = d > 0 ? d : length + d + 1
            guard resolved >= 1, resolved <= length else { return nil }
            return first + resolved - 1
        case .nth(let weekday, let n):
            if n > 0 {
                let shift = (weekday.rawValue - Self.weekday(of: first) + 7) % 7
                let d = 1 + shift + (n - 1) * 7
                guard d <= length else { return nil }
                return first + d - 1
            } else {
                let last = first + length - 1
                let shift = (Self.weekday(of: last) - weekday.rawValue + 7) % 7
                let d = length - shift + (n + 1) * 7
                guard d >= 1 else { return nil }
                return first + d - 1
            }
        case .weekday(let weekday, let monthDays):
            for m in monthDays {
                let resolved = m > 0 ? m : length + m + 1
                guard resolved >= 1, resolved <= length else { continue }
                if Self.weekday(of: first + resolved - 1) == weekday.rawValue {
                    return first + resolved - 1
                }
            }
            return nil
        }
    }

    /// The onset date in `year`, ignoring DTSTART and the bounds.
    func date(inYear year: Int) -> CalendarDate? {
        dayNumber(inYear: year).map { CalendarDate(dayNumber: $0) }
    }

    /// The UTC instant of the onset in `year` if the rule produces one there: after DTSTART and
    /// within UNTIL and COUNT.
    @inline(__always)
    func onsetUTC(inYear year: Int) -> Int64? {
        guard year >= start.date.year, let day = dayNumber(inYear: year) else { return nil }
        let onset = Int64(day) * 86_400 + Int64(start.secondOfDay) - Int64(offsetFrom)
        guard onset > startUTC, onset <= untilUTC else { return nil }
        if let lastCountedYear, year > lastCountedYear { return nil }
        return onset
    }

    /// The onset (local wall time) in `year` if the rule produces one there.
    func occurrence(inYear year: Int) -> CalendarDateTime? {
        onsetUTC(inYear: year).map { CalendarDateTime(secondsSinceEpoch: $0 + Int64(offsetFrom)) }
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
        guard utc > startUTC else { return nil }
        let local = utc + Int64(offsetFrom)
        var days = Int(local / 86_400)
        if local % 86_400 < 0 { days -= 1 }
        var year = CalendarDate(dayNumber: days).year
        if let lastYear { year = min(year, lastYear) }
        let firstYear = start.date.year
        var tries = 0
        while year >= firstYear && tries < 16 {
            if let onset = onsetUTC(inYear: year), onset <= utc { return onset }
            year -= 1
            tries += 1
        }
        return nil
    }

    /// The UTC instant of the earliest onset after `utc`, or `nil` if there is none.
    func nextOnset(after utc: Int64) -> Int64? {
        let local = max(utc, startUTC) + Int64(offsetFrom)
        var days = Int(local / 86_400)
        if local % 86_400 < 0 { days -= 1 }
        var year = CalendarDate(dayNumber: days).year
        for _ in 0..<16 {
            if let lastYear, year > lastYear { return nil }
            if let onset = onsetUTC(inYear: year), onset > utc { return onset }
            year += 1
        }
        return nil
    }

    @inline(__always)
    private static func weekday(of dayNumber: Int) -> Int {
        let n = (dayNumber + 3) % 7  // 1970-01-01 was a Thursday
        return n < 0 ? n + 7 : n
    }
}
