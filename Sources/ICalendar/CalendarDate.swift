/// A day of the week, in RFC 5545 order of the `BYDAY` codes; raw values count from Monday = 0.
public enum Weekday: Int, Sendable, Hashable, CaseIterable, Comparable {
    case monday = 0, tuesday, wednesday, thursday, friday, saturday, sunday

    /// The two-letter RFC 5545 code (`MO` … `SU`).
    public var code: String {
        switch self {
        case .monday: "MO"
        case .tuesday: "TU"
        case .wednesday: "WE"
        case .thursday: "TH"
        case .friday: "FR"
        case .saturday: "SA"
        case .sunday: "SU"
        }
    }

    /// The weekday for a two-letter code (case-insensitive).
    public init?(code: some StringProtocol) {
        switch code.uppercased() {
        case "MO": self = .monday
        case "TU": self = .tuesday
        case "WE": self = .wednesday
        case "TH": self = .thursday
        case "FR": self = .friday
        case "SA": self = .saturday
        case "SU": self = .sunday
        default: return nil
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A date in the proleptic Gregorian calendar, with no time zone (RFC 5545 §3.3.4 DATE).
///
/// Arithmetic goes through `dayNumber`, the count of days since 1970-01-01, without Foundation.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// A date; returns `nil` when the day does not exist (30 February).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Self.daysInMonth(year: year, month: month)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// A date known to be valid.
    public init(validYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date `dayNumber` days after 1970-01-01 (negative before).
    public init(dayNumber: Int) {
        // Civil-from-days (H. Hinnant's algorithm).
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        month = m
        day = d
    }

    /// Days since 1970-01-01.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The day of the week.
    public var weekday: Weekday {
        let n = (dayNumber + 3) % 7  // 1970-01-01 was a Thursday
        return Weekday(rawValue: n < 0 ? n + 7 : n)!
    }

    /// The day of the year, 1-based.
    public var dayOfYear: Int {
        dayNumber - CalendarDate(validYear: year, month: 1, day: 1).dayNumber + 1
    }

    /// The date `days` days later (earlier when negative).
    public func adding(days: Int) -> CalendarDate { CalendarDate(dayNumber: dayNumber + days) }

    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public static func daysInYear(_ year: Int) -> Int { isLeapYear(year) ? 366 : 365 }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// `YYYYMMDD`.
    public var description: String {
        guard (0...9999).contains(year), (0...99).contains(month), (0...99).contains(day) else {
            return pad(year, 4) + pad(month, 2) + pad(day, 2)
        }
        return String(unsafeUninitializedCapacity: 8) { buffer in
            writeDigits(year, 4, into: buffer, at: 0)
            writeDigits(month, 2, into: buffer, at: 4)
            writeDigits(day, 2, into: buffer, at: 6)
            return 8
        }
    }
}

/// A wall-clock date and time with no zone attached (what `DTSTART;TZID=…:` or a floating time
/// writes). Seconds may be 60 only where a producer wrote a leap second.
public struct CalendarDateTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var date: CalendarDate
    public var hour: Int
    public var minute: Int
    public var second: Int

    public init(date: CalendarDate, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.date = date
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// The wall time `seconds` after 1970-01-01T00:00:00 (read as if it were UTC).
    public init(secondsSinceEpoch seconds: Int64) {
        var days = Int(seconds / 86400)
        var rest = Int(seconds % 86400)
        if rest < 0 {
            rest += 86400
            days -= 1
        }
        date = CalendarDate(dayNumber: days)
        hour = rest / 3600
        minute = rest / 60 % 60
        second = rest % 60
    }

    /// Seconds since 1970-01-01T00:00:00, reading this wall time as UTC.
    public var secondsSinceEpoch: Int64 {
        Int64(date.dayNumber) * 86400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// Seconds since midnight.
    public var secondOfDay: Int { hour * 3600 + minute * 60 + second }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.date, lhs.hour, lhs.minute, lhs.second) < (rhs.date, rhs.hour, rhs.minute, rhs.second)
    }

    /// `YYYYMMDDTHHMMSS`.
    public var description: String {
        guard (0...9999).contains(date.year), (0...99).contains(date.month),
            (0...99).contains(date.day), (0...99).contains(hour), (0...99).contains(minute),
            (0...99).contains(second)
        else {
            return date.description + "T" + pad(hour, 2) + pad(minute, 2) + pad(second, 2)
        }
        // Written straight into the string's storage: expanded reports write three per instance.
        return String(unsafeUninitializedCapacity: 15) { buffer in
            writeDigits(date.year, 4, into: buffer, at: 0)
            writeDigits(date.month, 2, into: buffer, at: 4)
            writeDigits(date.day, 2, into: buffer, at: 6)
            buffer[8] = UInt8(ascii: "T")
            writeDigits(hour, 2, into: buffer, at: 9)
            writeDigits(minute, 2, into: buffer, at: 11)
            writeDigits(second, 2, into: buffer, at: 13)
            return 15
        }
    }
}

/// Writes `value` (not negative, fewer than `width` + 1 digits) as `width` ASCII digits.
@inline(__always)
private func writeDigits(
    _ value: Int, _ width: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int
) {
    var rest = value
    var index = offset + width - 1
    while index >= offset {
        buffer[index] = UInt8(ascii: "0") + UInt8(rest % 10)
        rest /= 10
        index -= 1
    }
}

@inline(__always)
func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(abs(value))
    let sign = value < 0 ? "-" : ""
    return digits.count >= width
        ? sign + digits : sign + String(repeating: "0", count: width - digits.count) + digits
}
