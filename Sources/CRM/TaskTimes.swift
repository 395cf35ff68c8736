import ICalendar

/// The time fields of a task component (RFC 5545 §3.8.2): `DTSTART`, `DTEND` or `DURATION`,
/// `DUE`, read as UTC seconds, with the form they were written in.
struct TaskTimes: Sendable, Hashable {
    var start: Int64?
    var end: Int64?
    var due: Int64?
    var isAllDay: Bool
    var timeZone: String?

    /// Reads a VEVENT's or VTODO's times; zoned times through `resolver`, floating ones as UTC.
    ///
    /// A VEVENT's `DURATION` gives its end, a VTODO's (after `DTSTART`) its due time: nominal
    /// days on the wall clock, then exact hours, minutes and seconds.
    init(reading task: Component, resolver: any TimeZoneResolving) {
        let isEvent = task.name == "VEVENT"
        let startValue = task.property("DTSTART").flatMap { try? DateTimeValue($0) }
        let dueValue = isEvent ? nil : task.property("DUE").flatMap { try? DateTimeValue($0) }
        start = startValue?.utcSeconds(resolver: resolver)
        var endValue: DateTimeValue?
        var endSeconds: Int64?
        if isEvent {
            endValue = task.property("DTEND").flatMap { try? DateTimeValue($0) }
        } else {
            endValue = dueValue
        }
        if let endValue {
            endSeconds = endValue.utcSeconds(resolver: resolver)
        } else if let startValue, let property = task.property("DURATION"),
            let duration = try? DurationValue(property)
        {
            let shifted = CalendarDateTime(
                date: startValue.local.date.adding(days: duration.nominalDays),
                hour: startValue.local.hour, minute: startValue.local.minute,
                second: startValue.local.second)
            endSeconds =
                DateTimeValue(local: shifted, form: startValue.form).utcSeconds(resolver: resolver)
                + Int64(duration.exactSeconds)
        }
        end = isEvent ? endSeconds : nil
        due = isEvent ? nil : endSeconds
        let anchor = startValue ?? dueValue
        isAllDay = anchor?.isDate ?? false
        timeZone = anchor?.tzid
    }

    /// Times from a draft.
    init(_ draft: TaskDraft) {
        start = draft.start
        end = draft.end
        due = draft.due
        isAllDay = draft.isAllDay
        timeZone = draft.timeZone
    }

    /// The value a UTC instant is written as: a DATE (the UTC day) for all-day tasks, a wall time
    /// with `TZID` in `timeZone` when it resolves, else UTC.
    func value(_ utc: Int64, resolver: any TimeZoneResolving) -> DateTimeValue {
        if isAllDay {
            return DateTimeValue(date: CalendarDate(dayNumber: Int(utc.floorDivided(by: 86400))))
        }
        if let timeZone, let local = resolver.local(atUTC: utc, tzid: timeZone) {
            return DateTimeValue(local: local, form: .zoned(tzid: timeZone))
        }
        return DateTimeValue(utcSeconds: utc)
    }

    /// The `DTSTART`/`DTEND`/`DUE` properties for these times in a VEVENT or VTODO; `DURATION`
    /// instead of `DTEND` when `useDuration`.
    func properties(isEvent: Bool, useDuration: Bool, resolver: any TimeZoneResolving)
        -> [Property]
    {
        var properties: [Property] = []
        if let start {
            properties.append(value(start, resolver: resolver).property(named: "DTSTART"))
        }
        if isEvent, let end {
            if useDuration, let start {
                properties.append(Property(name: "DURATION", value: durationText(end - start)))
            } else {
                properties.append(value(end, resolver: resolver).property(named: "DTEND"))
            }
        }
        if !isEvent, let due {
            properties.append(value(due, resolver: resolver).property(named: "DUE"))
        }
        return properties
    }

    /// A DURATION of `seconds`: whole days for all-day tasks, else exact hours and minutes.
    private func durationText(_ seconds: Int64) -> String {
        let s = Int(seconds)
        if isAllDay, s % 86400 == 0 { return DurationValue(days: s / 86400).description }
        return DurationValue(hours: s / 3600, minutes: s / 60 % 60, seconds: s % 60).description
    }

    /// The year of the first time, for the VTIMEZONE written beside it.
    var year: Int? {
        (start ?? due ?? end).map { CalendarDateTime(secondsSinceEpoch: $0).date.year }
    }
}

extension Int64 {
    /// Division rounding toward negative infinity.
    func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
