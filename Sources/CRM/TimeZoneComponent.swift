import Foundation
import ICalendar

/// Builds the VTIMEZONE (RFC 5545 §3.6.5) that the CRM writes beside a time in an IANA zone.
///
/// The observances come from Foundation's zone data for one year: a zone without offset changes
/// that year gets one STANDARD; a zone with one change to daylight time and one back gets a
/// STANDARD and a DAYLIGHT, each with a yearly `RRULE` (`BYMONTH`, `BYDAY` with the week's
/// ordinal, `-1` for the last) and a 1970 `DTSTART` on that rule; any other pattern gets one
/// observance per change of that year, without a rule. No `TZNAME`: Foundation on Linux names
/// zones `GMT+1`, which reads as the opposite offset in POSIX notation.
enum TimeZoneComponent {
    /// The VTIMEZONE named `tzid` for `zone`, exact for the wall times of `year`.
    static func make(tzid: String, zone: TimeZone, year: Int) -> Component {
        let yearStart = Int64(CalendarDate(validYear: year, month: 1, day: 1).dayNumber) * 86400
        let yearEnd = Int64(CalendarDate(validYear: year + 1, month: 1, day: 1).dayNumber) * 86400
        var changes: [Change] = []
        var cursor = Date(timeIntervalSince1970: TimeInterval(yearStart - 86400))
        while changes.count < 12, let next = zone.nextDaylightSavingTimeTransition(after: cursor) {
            let utc = Int64(next.timeIntervalSince1970.rounded())
            if utc >= yearEnd + 86400 { break }
            cursor = next
            let from = offset(zone, utc - 1)
            let to = offset(zone, utc)
            guard from != to else { continue }
            changes.append(
                Change(
                    utc: utc, from: from, to: to,
                    isDaylight: zone.isDaylightSavingTime(for: next)))
        }
        var observances: [Component] = []
        let daylight = changes.filter(\.isDaylight)
        let standard = changes.filter { !$0.isDaylight }
        if changes.isEmpty {
            let now = offset(zone, yearStart + 86400 * 182)
            observances.append(
                observance(
                    .standard, start: epochStart, from: now, to: now))
        } else if daylight.count == 1, standard.count == 1 {
            for change in [standard[0], daylight[0]] {
                let local = CalendarDateTime(secondsSinceEpoch: change.utc + Int64(change.from))
                let rule = YearlyRule(local.date)
                observances.append(
                    observance(
                        change.isDaylight ? .daylight : .standard,
                        start: CalendarDateTime(
                            date: rule.date(in: 1970), hour: local.hour, minute: local.minute,
                            second: local.second),
                        from: change.from, to: change.to, rule: rule.description))
            }
        } else {
            let first = changes[0]
            let initialDaylight = zone.isDaylightSavingTime(for: date(first.utc - 1))
            observances.append(
                observance(
                    initialDaylight ? .daylight : .standard, start: epochStart, from: first.from,
                    to: first.from))
            for change in changes {
                observances.append(
                    observance(
                        change.isDaylight ? .daylight : .standard,
                        start: CalendarDateTime(secondsSinceEpoch: change.utc + Int64(change.from)),
                        from: change.from, to: change.to))
            }
        }
        return Component(
            name: "VTIMEZONE",
            properties: [
                Property(name: "TZID", value: tzid),
                Property(name: "X-LIC-LOCATION", value: zone.identifier),
            ],
            components: observances)
    }

    /// One offset change.
    private struct Change {
        var utc: Int64
        var from: Int
        var to: Int
        var isDaylight: Bool
    }

    /// `FREQ=YEARLY;BYMONTH=m;BYDAY=nWD` for the weekday of a date within its month.
    private struct YearlyRule: CustomStringConvertible {
        var month: Int
        var weekday: Weekday
        /// 1…4 for the first to fourth such weekday, -1 for the last.
        var ordinal: Int

        init(_ date: CalendarDate) {
            month = date.month
            weekday = date.weekday
            let days = CalendarDate.daysInMonth(year: date.year, month: date.month)
            ordinal = date.day + 7 > days ? -1 : (date.day - 1) / 7 + 1
        }

        /// The rule's date in `year`.
        func date(in year: Int) -> CalendarDate {
            if ordinal > 0 {
                let first = CalendarDate(validYear: year, month: month, day: 1)
                let shift = (weekday.rawValue - first.weekday.rawValue + 7) % 7
                return first.adding(days: shift + (ordinal - 1) * 7)
            }
            let days = CalendarDate.daysInMonth(year: year, month: month)
            let last = CalendarDate(validYear: year, month: month, day: days)
            let shift = (last.weekday.rawValue - weekday.rawValue + 7) % 7
            return last.adding(days: -shift)
        }

        var description: String {
            "FREQ=YEARLY;BYMONTH=\(month);BYDAY=\(ordinal)\(weekday.code)"
        }
    }

    private static let epochStart = CalendarDateTime(
        date: CalendarDate(validYear: 1970, month: 1, day: 1))

    private static func observance(
        _ kind: TimeZoneObservance.Kind, start: CalendarDateTime, from: Int, to: Int,
        rule: String? = nil
    ) -> Component {
        var properties = [
            Property(name: "DTSTART", value: start.description),
            Property(name: "TZOFFSETFROM", value: UTCOffset(seconds: from).description),
            Property(name: "TZOFFSETTO", value: UTCOffset(seconds: to).description),
        ]
        if let rule { properties.append(Property(name: "RRULE", value: rule)) }
        return Component(name: kind.rawValue, properties: properties)
    }

    private static func offset(_ zone: TimeZone, _ utc: Int64) -> Int {
        zone.secondsFromGMT(for: date(utc))
    }

    private static func date(_ utc: Int64) -> Date {
        Date(timeIntervalSince1970: TimeInterval(utc))
    }
}
