extension RecurrenceRule {
    /// Lazily yields the wall-time starts of the series that begins at `start` (the DTSTART's wall
    /// time), in order, DTSTART first (RFC 5545 §3.8.5.3: DTSTART is the first instance even when
    /// it does not match the rule, and COUNT includes it).
    ///
    /// A UTC UNTIL is converted once to `start`'s zone through `resolver`; a DATE UNTIL includes
    /// its whole day. A DATE `start` yields midnights. Generation stops after a bounded run of
    /// empty periods (a whole Gregorian 400-year cycle) and after year 9999, so a rule that can
    /// produce nothing (`BYMONTH=2;BYMONTHDAY=30`) ends instead of looping.
    public func occurrences(from start: DateTimeValue, resolver: (any TimeZoneResolving)?)
        -> Occurrences
    {
        Occurrences(plan: ExpansionPlan(rule: self, start: start, resolver: resolver))
    }

    /// The instances of a rule from a DTSTART (RFC 5545 §3.3.10), a lazy `Sequence` of wall times.
    public struct Occurrences: Sequence, Sendable {
        let plan: ExpansionPlan

        /// An iterator that generates period by period.
        public func makeIterator() -> Iterator { Iterator(plan: plan) }
    }

    /// Generates the instances of one period (year, month, week, day, hour, minute or second) at a
    /// time by the expand/limit table of RFC 5545 §3.3.10, then BYSETPOS, COUNT and UNTIL.
    public struct Iterator: IteratorProtocol, Sendable {
        let plan: ExpansionPlan
        /// Candidate wall times (seconds since 1970 read as UTC) of the current period.
        var buffer: [Int64] = []
        var selected: [Int64] = []
        var bufferIndex = 0
        var emitted = 0
        var startEmitted = false
        var finished = false
        /// The current period: a year, a month index (year × 12 + month − 1), a day number
        /// (first day of the week, or the day) or a wall second (sub-daily periods).
        var period: Int64

        init(plan: ExpansionPlan) {
            self.plan = plan
            period = plan.firstPeriod
            buffer.reserveCapacity(16)
        }

        /// The next instance, or `nil` when the series has ended.
        public mutating func next() -> CalendarDateTime? {
            if !startEmitted {
                startEmitted = true
                emitted = 1
                return CalendarDateTime(secondsSinceEpoch: plan.startWall)
            }
            if let count = plan.count, emitted >= count { return nil }
            while true {
                while bufferIndex < buffer.count {
                    let candidate = buffer[bufferIndex]
                    bufferIndex += 1
                    if candidate <= plan.startWall { continue }
                    if let until = plan.untilWall, candidate > until {
                        finished = true
                        buffer.removeAll(keepingCapacity: true)
                        return nil
                    }
                    emitted += 1
                    return CalendarDateTime(secondsSinceEpoch: candidate)
                }
                if finished { return nil }
                fillNextPeriod()
            }
        }

        /// Moves forward to the period holding the wall time `target`, so that a window far
        /// from DTSTART is reached without generating every instance before it; returns `false`
        /// (and does nothing) for a rule with COUNT, whose instances must be counted from the
        /// start. Instances before `target` inside that period may still follow.
        public mutating func skip(toWall target: Int64) -> Bool {
            guard plan.count == nil, !finished else { return false }
            if plan.startWall < target { startEmitted = true }
            let aligned = plan.period(containing: target)
            if aligned > period {
                period = aligned
                buffer.removeAll(keepingCapacity: true)
                bufferIndex = 0
            }
            while bufferIndex < buffer.count && buffer[bufferIndex] < target { bufferIndex += 1 }
            return true
        }

        /// Fills `buffer` with the next non-empty period, or sets `finished`.
        mutating func fillNextPeriod() {
            buffer.removeAll(keepingCapacity: true)
            bufferIndex = 0
            var emptyRun = 0
            while buffer.isEmpty {
                if emptyRun > plan.maxEmptyPeriods || period > plan.lastPeriod {
                    finished = true
                    return
                }
                if let untilPeriod = plan.untilPeriod, period > untilPeriod {
                    finished = true
                    return
                }
                let skipped = plan.expand(period: &period, into: &buffer)
                emptyRun += skipped
                if !buffer.isEmpty && !plan.bySetPos.isEmpty {
                    plan.applySetPos(&buffer, scratch: &selected)
                }
                if buffer.isEmpty { emptyRun += 1 }
            }
        }
    }
}

/// The rule compiled against one DTSTART: masks and sorted lists, computed once per series.
struct ExpansionPlan: Sendable {
    let frequency: RecurrenceRule.Frequency
    let interval: Int64
    let startWall: Int64
    let untilWall: Int64?
    let count: Int?
    let weekStart: Int
    /// Bit m (1…12) set for each allowed month; 0 = every month.
    let monthMask: UInt16
    /// Bit d (1…31) for BYMONTHDAY=d, and in `monthDayNegative` bit d for BYMONTHDAY=-d.
    let monthDayPositive: UInt32
    let monthDayNegative: UInt32
    let yearDays: [Int]
    let weekNumbers: [Int]
    let hasDayFilter: Bool
    /// Bit w set for every plain weekday (and for ordinal ones where ordinals do not apply).
    let weekdayMask: UInt8
    /// BYDAY entries with an ordinal, where the ordinal applies (MONTHLY, YEARLY).
    let ordinalDays: [(ordinal: Int, weekday: Int)]
    /// Ordinals count within the month (true) or the year (false).
    let ordinalInMonth: Bool
    /// Sorted times of day that expand a day (DAILY and longer periods).
    let hours: [Int]
    let minutes: [Int]
    let seconds: [Int]
    /// Limits for sub-daily periods (0 = no limit).
    let hourMask: UInt32
    let minuteMask: UInt64
    let secondMask: UInt64
    let bySetPos: [Int]
    let firstPeriod: Int64
    let lastPeriod: Int64
    let untilPeriod: Int64?
    let maxEmptyPeriods: Int

    /// The last day number generated: 9999-12-31.
    static let lastDay = Int64(CalendarDate(validYear: 9999, month: 12, day: 31).dayNumber)

    init(rule: RecurrenceRule, start: DateTimeValue, resolver: (any TimeZoneResolving)?) {
        frequency = rule.frequency
        interval = Int64(max(1, rule.interval))
        count = rule.count
        weekStart = rule.weekStart.rawValue
        let startLocal = start.local
        startWall = startLocal.secondsSinceEpoch
        untilWall = rule.until.map { Self.untilWall($0, start: start, resolver: resolver) }

        var byMonth = rule.byMonth
        var byMonthDay = rule.byMonthDay
        var byDay = rule.byDay
        let byWeekNo = rule.frequency == .yearly ? rule.byWeekNo : []
        let noDayParts =
            byWeekNo.isEmpty && rule.byYearDay.isEmpty && byMonthDay.isEmpty && byDay.isEmpty
        if noDayParts {
            switch rule.frequency {
            case .yearly:
                if byMonth.isEmpty { byMonth = [startLocal.date.month] }
                byMonthDay = [startLocal.date.day]
            case .monthly: byMonthDay = [startLocal.date.day]
            case .weekly: byDay = [.init(weekday: startLocal.date.weekday)]
            default: break
            }
        }
        monthMask = byMonth.reduce(0) { $0 | (1 << UInt16($1)) }
        var positive: UInt32 = 0
        var negative: UInt32 = 0
        for d in byMonthDay {
            if d > 0 { positive |= 1 << UInt32(d) } else { negative |= 1 << UInt32(-d) }
        }
        monthDayPositive = positive
        monthDayNegative = negative
        yearDays = rule.byYearDay
        weekNumbers = byWeekNo
        let ordinalsApply =
            (rule.frequency == .monthly || rule.frequency == .yearly) && byWeekNo.isEmpty
        var mask: UInt8 = 0
        var ordinals: [(ordinal: Int, weekday: Int)] = []
        for entry in byDay {
            if let ordinal = entry.ordinal, ordinalsApply {
                ordinals.append((ordinal, entry.weekday.rawValue))
            } else {
                mask |= 1 << UInt8(entry.weekday.rawValue)
            }
        }
        weekdayMask = mask
        ordinalDays = ordinals
        ordinalInMonth = rule.frequency == .monthly || !byMonth.isEmpty
        hasDayFilter = !byDay.isEmpty

        func sortedUnique(_ values: [Int], _ fallback: Int) -> [Int] {
            values.isEmpty ? [fallback] : Array(Set(values)).sorted()
        }
        if start.isDate {
            hours = [0]
            minutes = [0]
            seconds = [0]
        } else {
            hours = sortedUnique(rule.byHour, startLocal.hour)
            minutes = sortedUnique(rule.byMinute, startLocal.minute)
            seconds = sortedUnique(rule.bySecond, startLocal.second)
        }
        hourMask = rule.byHour.reduce(0) { $0 | (1 << UInt32($1)) }
        minuteMask = rule.byMinute.reduce(0) { $0 | (1 << UInt64($1)) }
        secondMask = rule.bySecond.reduce(0) { $0 | (1 << UInt64($1)) }
        bySetPos = rule.bySetPos

        let startDay = Int64(startLocal.date.dayNumber)
        let date = startLocal.date
        let untilDay = untilWall.map { Self.floorDiv($0, 86400) }
        switch rule.frequency {
        case .yearly:
            firstPeriod = Int64(date.year)
            lastPeriod = 9999
            untilPeriod = untilDay.map { Int64(CalendarDate(dayNumber: Int($0)).year) }
            maxEmptyPeriods = 400
        case .monthly:
            firstPeriod = Int64(date.year * 12 + date.month - 1)
            lastPeriod = 9999 * 12 + 11
            untilPeriod = untilDay.map {
                let d = CalendarDate(dayNumber: Int($0))
                return Int64(d.year * 12 + d.month - 1)
            }
            maxEmptyPeriods = 4800
        case .weekly:
            let offset = (date.weekday.rawValue - rule.weekStart.rawValue + 7) % 7
            firstPeriod = startDay - Int64(offset)
            lastPeriod = Self.lastDay
            untilPeriod = untilDay
            maxEmptyPeriods = 20871
        case .daily:
            firstPeriod = startDay
            lastPeriod = Self.lastDay
            untilPeriod = untilDay
            maxEmptyPeriods = 146_097
        case .hourly, .minutely, .secondly:
            let unit = Self.unit(rule.frequency)
            firstPeriod = Self.floorDiv(startWall, unit) * unit
            lastPeriod = (Self.lastDay + 1) * 86400 - 1
            untilPeriod = untilWall
            maxEmptyPeriods = 146_097
        }
    }

    static func unit(_ frequency: RecurrenceRule.Frequency) -> Int64 {
        switch frequency {
        case .hourly: 3600
        case .minutely: 60
        default: 1
        }
    }

    @inline(__always)
    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// UNTIL as a wall time in the DTSTART's zone (RFC 5545 §3.3.10: a UTC UNTIL against a zoned
    /// DTSTART); a DATE UNTIL includes its whole day.
    static func untilWall(
        _ until: DateTimeValue, start: DateTimeValue, resolver: (any TimeZoneResolving)?
    ) -> Int64 {
        switch until.form {
        case .date:
            return Int64(until.date.dayNumber + 1) * 86400 - 1
        case .utc, .zoned:
            if case .zoned(let tzid) = start.form {
                let utc = until.utcSeconds(resolver: resolver)
                if let resolver, let local = resolver.local(atUTC: utc, tzid: tzid) {
                    return local.secondsSinceEpoch
                }
            }
            return until.local.secondsSinceEpoch
        case .floating:
            return until.local.secondsSinceEpoch
        }
    }

    /// Appends the candidates of `period` (sorted) to `out` and advances `period` by INTERVAL.
    /// Returns the number of extra empty periods jumped over (sub-daily rules jump whole days,
    /// hours or minutes that cannot match).
    func expand(period: inout Int64, into out: inout [Int64]) -> Int {
        switch frequency {
        case .yearly:
            expandYear(Int(period), into: &out)
            period += interval
        case .monthly:
            let year = Int(Self.floorDiv(period, 12))
            let month = Int(period - Int64(year) * 12) + 1
            if monthMask == 0 || monthMask & (1 << UInt16(month)) != 0 {
                expandMonth(year: year, month: month, into: &out)
            }
            period += interval
        case .weekly:
            var date = CalendarDate(dayNumber: Int(period))
            for offset in 0..<7 {
                if offset > 0 { date = Self.nextDay(date) }
                if dayMatches(date, period + Int64(offset)) {
                    appendTimes(day: period + Int64(offset), into: &out)
                }
            }
            period += 7 * interval
        case .daily:
            let date = CalendarDate(dayNumber: Int(period))
            if dayMatches(date, period) { appendTimes(day: period, into: &out) }
            period += interval
        case .hourly, .minutely, .secondly:
            return expandSubDaily(period: &period, into: &out)
        }
        return 0
    }

    private func expandSubDaily(period: inout Int64, into out: inout [Int64]) -> Int {
        let step = interval * Self.unit(frequency)
        let day = Self.floorDiv(period, 86400)
        let date = CalendarDate(dayNumber: Int(day))
        guard dayMatches(date, day) else {
            let before = period
            period = Self.firstStep(from: period, step: step, atLeast: (day + 1) * 86400)
            return Int((period - before) / 86400)
        }
        let secondOfDay = Int(period - day * 86400)
        let hour = secondOfDay / 3600
        let minute = secondOfDay / 60 % 60
        let second = secondOfDay % 60
        // A period an hour, minute or second limit excludes jumps to the next allowed value
        // (not period by period: `FREQ=SECONDLY;BYMINUTE=0` walked 3,600 periods an hour for one
        // instance; found by FuzzRecurrence, issue 8).
        let hourStart = day * 86400 + Int64(hour) * 3600
        if hourMask != 0 && hourMask & (1 << UInt32(hour)) == 0 {
            let next = Self.nextAllowed(UInt64(hourMask), after: hour, below: 24)
            let target = next.map { day * 86400 + Int64($0) * 3600 } ?? (day + 1) * 86400
            period = Self.firstStep(from: period, step: step, atLeast: target)
            return 0
        }
        if frequency != .hourly && minuteMask != 0 && minuteMask & (1 << UInt64(minute)) == 0 {
            let next = Self.nextAllowed(minuteMask, after: minute, below: 60)
            let target = next.map { hourStart + Int64($0) * 60 } ?? hourStart + 3600
            period = Self.firstStep(from: period, step: step, atLeast: target)
            return 0
        }
        switch frequency {
        case .hourly:
            for m in minutes {
                for s in seconds { out.append(period + Int64(m * 60 + s)) }
            }
        case .minutely:
            for s in seconds { out.append(period + Int64(s)) }
        default:
            if secondMask != 0 && secondMask & (1 << UInt64(second)) == 0 {
                let minuteStart = hourStart + Int64(minute) * 60
                let next = Self.nextAllowed(secondMask, after: second, below: 60)
                let target = next.map { minuteStart + Int64($0) } ?? minuteStart + 60
                period = Self.firstStep(from: period, step: step, atLeast: target)
                return 0
            }
            out.append(period)
        }
        period += step
        return 0
    }

    /// The smallest value above `after` and below `below` whose bit is set in `mask`.
    @inline(__always)
    static func nextAllowed(_ mask: UInt64, after: Int, below: Int) -> Int? {
        guard after + 1 < 64 else { return nil }
        let higher = mask & ~((UInt64(1) << UInt64(after + 1)) - 1)
        guard higher != 0 else { return nil }
        let value = higher.trailingZeroBitCount
        return value < below ? value : nil
    }

    /// The period of the series (aligned on `firstPeriod` by the interval) that holds the wall
    /// time `wall`, or `firstPeriod` when `wall` is before it.
    func period(containing wall: Int64) -> Int64 {
        let raw: Int64
        var step = interval
        switch frequency {
        case .yearly:
            raw = Int64(CalendarDateTime(secondsSinceEpoch: wall).date.year)
        case .monthly:
            let date = CalendarDateTime(secondsSinceEpoch: wall).date
            raw = Int64(date.year * 12 + date.month - 1)
        case .weekly:
            raw = Self.floorDiv(wall, 86400)
            step = 7 * interval
        case .daily:
            raw = Self.floorDiv(wall, 86400)
        case .hourly, .minutely, .secondly:
            raw = wall
            step = interval * Self.unit(frequency)
        }
        guard raw > firstPeriod else { return firstPeriod }
        return min(firstPeriod + (raw - firstPeriod) / step * step, lastPeriod + 1)
    }

    /// The first `from + k × step` (k ≥ 1) at or after `target`.
    @inline(__always)
    static func firstStep(from: Int64, step: Int64, atLeast target: Int64) -> Int64 {
        let k = max(1, (target - from + step - 1) / step)
        return from + k * step
    }

    @inline(__always)
    static func nextDay(_ date: CalendarDate) -> CalendarDate {
        if date.day < CalendarDate.daysInMonth(year: date.year, month: date.month) {
            return CalendarDate(validYear: date.year, month: date.month, day: date.day + 1)
        }
        if date.month < 12 {
            return CalendarDate(validYear: date.year, month: date.month + 1, day: 1)
        }
        return CalendarDate(validYear: date.year + 1, month: 1, day: 1)
    }

    private func expandYear(_ year: Int, into out: inout [Int64]) {
        let daysInYear = CalendarDate.daysInYear(year)
        var weekStarts: (Int64, Int64, Int64, Int64) = (0, 0, 0, 0)
        if !weekNumbers.isEmpty {
            weekStarts = (
                firstWeekStart(year - 1), firstWeekStart(year), firstWeekStart(year + 1),
                firstWeekStart(year + 2)
            )
        }
        var yearDay = 0
        for month in 1...12 {
            let dim = CalendarDate.daysInMonth(year: year, month: month)
            defer { yearDay += dim }
            if monthMask != 0 && monthMask & (1 << UInt16(month)) == 0 { continue }
            let first = Int64(CalendarDate(validYear: year, month: month, day: 1).dayNumber)
            let firstWeekday = Self.weekday(first)
            for dom in 1...dim {
                let dayNumber = first + Int64(dom - 1)
                let weekday = (firstWeekday + dom - 1) % 7
                guard
                    matches(
                        dom: dom, dim: dim, yearDay: yearDay + dom, daysInYear: daysInYear,
                        weekday: weekday)
                else { continue }
                if !weekNumbers.isEmpty
                    && !weekNumberMatches(dayNumber, weekStarts: weekStarts)
                {
                    continue
                }
                appendTimes(day: dayNumber, into: &out)
            }
        }
    }

    private func expandMonth(year: Int, month: Int, into out: inout [Int64]) {
        let dim = CalendarDate.daysInMonth(year: year, month: month)
        let first = Int64(CalendarDate(validYear: year, month: month, day: 1).dayNumber)
        let firstWeekday = Self.weekday(first)
        let daysInYear = yearDays.isEmpty ? 365 : CalendarDate.daysInYear(year)
        let yearDayBase =
            yearDays.isEmpty
            ? 0 : CalendarDate(validYear: year, month: month, day: 1).dayOfYear - 1
        for dom in 1...dim {
            guard
                matches(
                    dom: dom, dim: dim, yearDay: yearDayBase + dom, daysInYear: daysInYear,
                    weekday: (firstWeekday + dom - 1) % 7)
            else { continue }
            appendTimes(day: first + Int64(dom - 1), into: &out)
        }
    }

    /// The day filter for WEEKLY, DAILY and sub-daily periods (all parts limit).
    @inline(__always)
    func dayMatches(_ date: CalendarDate, _ dayNumber: Int64) -> Bool {
        if monthMask != 0 && monthMask & (1 << UInt16(date.month)) == 0 { return false }
        let dim = CalendarDate.daysInMonth(year: date.year, month: date.month)
        let yearDay = yearDays.isEmpty ? 0 : date.dayOfYear
        let daysInYear = yearDays.isEmpty ? 365 : CalendarDate.daysInYear(date.year)
        return matches(
            dom: date.day, dim: dim, yearDay: yearDay, daysInYear: daysInYear,
            weekday: Self.weekday(dayNumber))
    }

    /// BYMONTHDAY, BYYEARDAY and BYDAY for one day (BYMONTH is checked by the caller).
    @inline(__always)
    private func matches(dom: Int, dim: Int, yearDay: Int, daysInYear: Int, weekday: Int) -> Bool {
        if monthDayPositive | monthDayNegative != 0 {
            let back = dim - dom + 1
            if monthDayPositive & (1 << UInt32(dom)) == 0
                && monthDayNegative & (1 << UInt32(back)) == 0
            {
                return false
            }
        }
        if !yearDays.isEmpty {
            let back = yearDay - daysInYear - 1
            if !yearDays.contains(where: { $0 == yearDay || $0 == back }) { return false }
        }
        if hasDayFilter {
            if weekdayMask & (1 << UInt8(weekday)) != 0 { return true }
            if ordinalDays.isEmpty { return false }
            let index = ordinalInMonth ? dom - 1 : yearDay > 0 ? yearDay - 1 : 0
            let length = ordinalInMonth ? dim : daysInYear
            let forward = index / 7 + 1
            let backward = -((length - 1 - index) / 7 + 1)
            for entry in ordinalDays where entry.weekday == weekday {
                if entry.ordinal == forward || entry.ordinal == backward { return true }
            }
            return false
        }
        return true
    }

    /// The day number on which week 1 of `year` starts (ISO 8601 rule: the first week with at least
    /// four days in the year, weeks starting on WKST).
    private func firstWeekStart(_ year: Int) -> Int64 {
        let jan1 = Int64(CalendarDate(validYear: year, month: 1, day: 1).dayNumber)
        let offset = Int64((Self.weekday(jan1) - weekStart + 7) % 7)
        return offset <= 3 ? jan1 - offset : jan1 - offset + 7
    }

    /// BYWEEKNO for a day; `weekStarts` holds week 1 of the years before, of, and after the period.
    private func weekNumberMatches(
        _ day: Int64, weekStarts: (Int64, Int64, Int64, Int64)
    ) -> Bool {
        let (previous, current, next, afterNext) = weekStarts
        let week: Int
        let weeksInYear: Int
        if day < current {
            week = Int((day - previous) / 7) + 1
            weeksInYear = Int((current - previous) / 7)
        } else if day >= next {
            week = Int((day - next) / 7) + 1
            weeksInYear = Int((afterNext - next) / 7)
        } else {
            week = Int((day - current) / 7) + 1
            weeksInYear = Int((next - current) / 7)
        }
        let back = week - weeksInYear - 1
        return weekNumbers.contains { $0 == week || $0 == back }
    }

    @inline(__always)
    static func weekday(_ dayNumber: Int64) -> Int {
        let n = Int((dayNumber + 3) % 7)
        return n < 0 ? n + 7 : n
    }

    @inline(__always)
    private func appendTimes(day: Int64, into out: inout [Int64]) {
        let base = day * 86400
        for h in hours {
            for m in minutes {
                for s in seconds { out.append(base + Int64(h * 3600 + m * 60 + s)) }
            }
        }
    }

    /// Keeps the BYSETPOS positions of the period's sorted candidates (RFC 5545 §3.3.10).
    func applySetPos(_ buffer: inout [Int64], scratch: inout [Int64]) {
        scratch.removeAll(keepingCapacity: true)
        let n = buffer.count
        for position in bySetPos {
            let index = position > 0 ? position - 1 : n + position
            if index >= 0 && index < n { scratch.append(buffer[index]) }
        }
        scratch.sort()
        buffer.removeAll(keepingCapacity: true)
        for value in scratch where buffer.last != value { buffer.append(value) }
    }
}
