/// HTTP dates (RFC 9110 §5.6.7, IMF-fixdate) and ISO 8601 dates for `DAV:creationdate`.
public enum HTTPDate {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]

    /// `Sun, 06 Nov 1994 08:49:37 GMT`.
    public static func format(_ secondsSinceEpoch: Int64) -> String {
        let c = components(secondsSinceEpoch)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(29)
        bytes += days[c.weekday].utf8
        bytes += ", ".utf8
        appendDigits(c.day, count: 2, to: &bytes)
        bytes.append(0x20)
        bytes += months[c.month - 1].utf8
        bytes.append(0x20)
        appendDigits(Int(c.year), count: 4, to: &bytes)
        bytes.append(0x20)
        appendTime(c, to: &bytes)
        bytes += " GMT".utf8
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `1994-11-06T08:49:37Z`.
    public static func iso8601(_ secondsSinceEpoch: Int64) -> String {
        let c = components(secondsSinceEpoch)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20)
        appendDigits(Int(c.year), count: 4, to: &bytes)
        bytes.append(0x2D)
        appendDigits(c.month, count: 2, to: &bytes)
        bytes.append(0x2D)
        appendDigits(c.day, count: 2, to: &bytes)
        bytes.append(0x54)
        appendTime(c, to: &bytes)
        bytes.append(0x5A)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The UTC seconds of an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`, RFC 9110 §5.6.7), or
    /// `nil` for any other text (the obsolete forms are not accepted).
    public static func parse(_ text: some StringProtocol) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count == 29, bytes[3] == 0x2C, bytes[4] == 0x20, bytes[7] == 0x20,
            bytes[11] == 0x20, bytes[16] == 0x20, bytes[19] == 0x3A, bytes[22] == 0x3A,
            bytes[25] == 0x20, bytes[26...] == Array("GMT".utf8)[...]
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        let monthName = String(decoding: bytes[8..<11], as: UTF8.self)
        guard let monthIndex = months.firstIndex(of: monthName), let day = number(5..<7),
            let year = number(12..<16), let hour = number(17..<19), let minute = number(20..<22),
            let second = number(23..<25), (1...31).contains(day), hour < 24, minute < 60,
            second < 61
        else { return nil }
        // Days since 1970-01-01 of a proleptic Gregorian date (days-from-civil).
        let month = monthIndex + 1
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// The UTC calendar fields of a time (proleptic Gregorian; weekday 0 is Sunday).
    struct Fields: Equatable {
        var year: Int64
        var month: Int
        var day: Int
        var hour: Int
        var minute: Int
        var second: Int
        var weekday: Int
    }

    /// The fields of a Unix time, without Foundation's calendar: a GET's `Last-Modified` and
    /// every listed member's `getlastmodified` are formatted with it. H. Hinnant's
    /// civil-from-days; `ICalendar.CalendarDate(dayNumber:)` holds the same arithmetic, which
    /// this layer may not import (ARCHITECTURE.md: WebDAV builds on no format module).
    static func components(_ time: Int64) -> Fields {
        // Years 0–9999, the dates these formats can write (and no overflow below).
        let seconds = min(max(time, -62_167_219_200), 253_402_300_799)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra =
            (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let month = Int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9)
        return Fields(
            year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month,
            day: Int(dayOfYear - (153 * monthIndex + 2) / 5 + 1), hour: secondOfDay / 3600,
            minute: secondOfDay / 60 % 60, second: secondOfDay % 60,
            // 1970-01-01 was a Thursday.
            weekday: Int(((days % 7) + 11) % 7))
    }

    private static func appendDigits(_ value: Int, count: Int, to bytes: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<count { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(0x30 + UInt8(rest / divisor % 10))
            rest %= divisor
            divisor /= 10
        }
    }

    private static func appendTime(_ c: Fields, to bytes: inout [UInt8]) {
        appendDigits(c.hour, count: 2, to: &bytes)
        bytes.append(0x3A)
        appendDigits(c.minute, count: 2, to: &bytes)
        bytes.append(0x3A)
        appendDigits(c.second, count: 2, to: &bytes)
    }
}
