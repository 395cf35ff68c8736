import ICalendar

/// Instants in the JSON API: RFC 3339 / ISO 8601 text with the offset of the task's time zone
/// (`2026-12-01T10:00:00+01:00`), `…Z` for UTC, and `YYYY-MM-DD` for all-day values.
///
/// Formatting and parsing work on bytes and integers (`CalendarDateTime`), with offsets from the
/// IANA database through `TimeZoneRegistry`; no `DateFormatter`.
enum APITime {
    /// `2026-12-01T09:00:00Z`.
    static func timestamp(_ utc: Int64) -> String {
        format(utc, timeZone: nil, allDay: false)
    }

    /// An instant as text: a date for all-day values, else the wall time in `timeZone` (UTC when
    /// `nil` or unknown) with its offset.
    static func format(_ utc: Int64, timeZone: String?, allDay: Bool) -> String {
        if allDay { return CalendarDateTime(secondsSinceEpoch: utc).date.isoText }
        let offset = timeZone.flatMap { TimeZoneRegistry().utcOffset(atUTC: utc, tzid: $0) }
        let local = CalendarDateTime(secondsSinceEpoch: utc + Int64(offset ?? 0))
        var out = local.date.isoText
        out.append("T")
        out.append(pad(local.hour))
        out.append(":")
        out.append(pad(local.minute))
        out.append(":")
        out.append(pad(local.second))
        guard let offset else {
            out.append("Z")
            return out
        }
        out.append(offset < 0 ? "-" : "+")
        out.append(pad(abs(offset) / 3600))
        out.append(":")
        out.append(pad(abs(offset) % 3600 / 60))
        return out
    }

    /// A parsed input instant.
    struct Parsed: Sendable, Hashable {
        /// UTC seconds (midnight UTC for a date).
        var utc: Int64
        /// Whether the text was a date without a time.
        var isDate: Bool
    }

    /// Parses `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM[:SS[.fff]]` followed by `Z` or `±HH:MM`; without
    /// an offset the wall time is read in `timeZone` (and is invalid without one). `nil` when the
    /// text is not such a value.
    static func parse(_ text: String, timeZone: String?) -> Parsed? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 10, let year = number(bytes, 0, 4), bytes[4] == 0x2D,
            let month = number(bytes, 5, 2), bytes[7] == 0x2D, let day = number(bytes, 8, 2),
            let date = CalendarDate(year: year, month: month, day: day)
        else { return nil }
        if bytes.count == 10 {
            return Parsed(utc: Int64(date.dayNumber) * 86_400, isDate: true)
        }
        guard bytes.count >= 16, bytes[10] == 0x54 || bytes[10] == 0x74 || bytes[10] == 0x20,
            let hour = number(bytes, 11, 2), bytes[13] == 0x3A, let minute = number(bytes, 14, 2),
            hour < 24, minute < 60
        else { return nil }
        var index = 16
        var second = 0
        if index < bytes.count, bytes[index] == 0x3A {
            guard let value = number(bytes, index + 1, 2), value < 61 else { return nil }
            second = min(value, 59)
            index += 3
            if index < bytes.count, bytes[index] == 0x2E || bytes[index] == 0x2C {
                index += 1
                let start = index
                while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
                guard index > start else { return nil }
            }
        }
        let local = CalendarDateTime(date: date, hour: hour, minute: minute, second: second)
        if index == bytes.count {
            guard let timeZone,
                let utc = TimeZoneRegistry().utcSeconds(forLocal: local, tzid: timeZone)
            else { return nil }
            return Parsed(utc: utc, isDate: false)
        }
        let sign = bytes[index]
        if sign == 0x5A || sign == 0x7A {
            guard index + 1 == bytes.count else { return nil }
            return Parsed(utc: local.secondsSinceEpoch, isDate: false)
        }
        guard sign == 0x2B || sign == 0x2D, let offsetHours = number(bytes, index + 1, 2),
            offsetHours < 24
        else { return nil }
        var offsetMinutes = 0
        if index + 3 == bytes.count {
            offsetMinutes = 0
        } else if index + 6 == bytes.count, bytes[index + 3] == 0x3A,
            let value = number(bytes, index + 4, 2), value < 60
        {
            offsetMinutes = value
        } else if index + 5 == bytes.count, let value = number(bytes, index + 3, 2), value < 60 {
            offsetMinutes = value
        } else {
            return nil
        }
        let offset = Int64(offsetHours * 3600 + offsetMinutes * 60) * (sign == 0x2D ? -1 : 1)
        return Parsed(utc: local.secondsSinceEpoch - offset, isDate: false)
    }

    private static func number(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int? {
        guard start + count <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[start..<(start + count)] {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    fileprivate static func pad(_ value: Int, width: Int = 2) -> String {
        let digits = String(value)
        return digits.count >= width
            ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

extension CalendarDate {
    /// `YYYY-MM-DD` (RFC 3339 `full-date`).
    fileprivate var isoText: String {
        APITime.pad(year, width: 4) + "-" + APITime.pad(month) + "-" + APITime.pad(day)
    }
}
