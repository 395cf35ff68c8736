/// A recurrence rule: the RECUR value (RFC 5545 §3.3.10) carried by an RRULE property (§3.8.5.3).
///
/// The rule is a typed view over the property's text: `RecurrenceRule(property)` reads it and
/// `description` writes it back in canonical order (FREQ first). Rule parts this type does not know
/// (X- parts, later IANA parts such as RSCALE) are kept in `otherParts` so that they round-trip.
/// Expansion lives in `RecurrenceRule+Occurrences.swift`.
public struct RecurrenceRule: Sendable, Hashable, CustomStringConvertible {
    /// The FREQ rule part (RFC 5545 §3.3.10): the kind of period the rule repeats over.
    public enum Frequency: String, Sendable, Hashable, CaseIterable {
        case secondly = "SECONDLY"
        case minutely = "MINUTELY"
        case hourly = "HOURLY"
        case daily = "DAILY"
        case weekly = "WEEKLY"
        case monthly = "MONTHLY"
        case yearly = "YEARLY"
    }

    /// One BYDAY entry (RFC 5545 §3.3.10 `weekdaynum`): a weekday with an optional ordinal,
    /// `MO`, `1FR`, `-1SU`.
    public struct WeekdayNum: Sendable, Hashable, CustomStringConvertible {
        /// The ordinal (±1…±53) within the month or year; `nil` means every such weekday.
        public var ordinal: Int?
        /// The weekday.
        public var weekday: Weekday

        /// A BYDAY entry; `ordinal` nil for every such weekday of the period.
        public init(ordinal: Int? = nil, weekday: Weekday) {
            self.ordinal = ordinal
            self.weekday = weekday
        }

        /// Parses `[+/-][n]WD` (RFC 5545 §3.3.10 `weekdaynum`); `nil` when malformed.
        public init?(parsing text: some StringProtocol) {
            let bytes = Array(text.utf8)
            guard bytes.count >= 2, let weekday = Weekday(code: text.suffix(2)) else { return nil }
            self.weekday = weekday
            let head = bytes[0..<(bytes.count - 2)]
            if head.isEmpty {
                ordinal = nil
                return
            }
            var index = head.startIndex
            var sign = 1
            if head[index] == 0x2B || head[index] == 0x2D {
                sign = head[index] == 0x2D ? -1 : 1
                index += 1
            }
            guard index < head.endIndex, head.endIndex - index <= 2 else { return nil }
            var value = 0
            while index < head.endIndex {
                let b = head[index]
                guard b >= 0x30 && b <= 0x39 else { return nil }
                value = value * 10 + Int(b - 0x30)
                index += 1
            }
            guard (1...53).contains(value) else { return nil }
            ordinal = sign * value
        }

        /// The entry as written in BYDAY (`-1SU`).
        public var description: String {
            guard let ordinal else { return weekday.code }
            return String(ordinal) + weekday.code
        }
    }

    /// A rule part this type does not interpret (X- or later IANA parts), kept for round trip.
    public struct OtherPart: Sendable, Hashable {
        /// The part name, uppercased.
        public var name: String
        /// The value as written.
        public var value: String

        /// A part `name=value`.
        public init(name: String, value: String) {
            self.name = name.uppercasedName
            self.value = value
        }
    }

    /// FREQ.
    public var frequency: Frequency
    /// UNTIL (inclusive), a DATE or DATE-TIME; a DATE-TIME should be in UTC.
    public var until: DateTimeValue?
    /// COUNT: the number of instances, DTSTART included.
    public var count: Int?
    /// INTERVAL, at least 1.
    public var interval: Int
    /// BYSECOND (0…60).
    public var bySecond: [Int]
    /// BYMINUTE (0…59).
    public var byMinute: [Int]
    /// BYHOUR (0…23).
    public var byHour: [Int]
    /// BYDAY.
    public var byDay: [WeekdayNum]
    /// BYMONTHDAY (±1…31).
    public var byMonthDay: [Int]
    /// BYYEARDAY (±1…366).
    public var byYearDay: [Int]
    /// BYWEEKNO (±1…53), YEARLY only.
    public var byWeekNo: [Int]
    /// BYMONTH (1…12).
    public var byMonth: [Int]
    /// BYSETPOS (±1…366).
    public var bySetPos: [Int]
    /// WKST, Monday by default.
    public var weekStart: Weekday
    /// Parts not interpreted by this type, in the order written.
    public var otherParts: [OtherPart]

    /// A rule from its parts; every BYxxx list defaults to empty (no restriction).
    public init(
        frequency: Frequency, until: DateTimeValue? = nil, count: Int? = nil, interval: Int = 1,
        bySecond: [Int] = [], byMinute: [Int] = [], byHour: [Int] = [], byDay: [WeekdayNum] = [],
        byMonthDay: [Int] = [], byYearDay: [Int] = [], byWeekNo: [Int] = [], byMonth: [Int] = [],
        bySetPos: [Int] = [], weekStart: Weekday = .monday, otherParts: [OtherPart] = []
    ) {
        self.frequency = frequency
        self.until = until
        self.count = count
        self.interval = interval
        self.bySecond = bySecond
        self.byMinute = byMinute
        self.byHour = byHour
        self.byDay = byDay
        self.byMonthDay = byMonthDay
        self.byYearDay = byYearDay
        self.byWeekNo = byWeekNo
        self.byMonth = byMonth
        self.bySetPos = bySetPos
        self.weekStart = weekStart
        self.otherParts = otherParts
    }

    /// Parses a RECUR value (RFC 5545 §3.3.10), e.g. `FREQ=WEEKLY;COUNT=10;BYDAY=TU,TH`.
    ///
    /// Part names and values are case-insensitive. Throws `.invalidRecurrenceRule` with a reason
    /// naming the offending part when FREQ is missing or unknown, a part repeats, a value is out of
    /// range, COUNT and UNTIL are both given, or BYSETPOS comes without another BYxxx part.
    public init(parsing value: String) throws(ICalendarError) {
        var frequency: Frequency?
        self.init(frequency: .daily)
        var seen: Set<String> = []
        for rawPart in value.split(separator: ";", omittingEmptySubsequences: true) {
            let part = rawPart.trimmingSpaces()
            if part.isEmpty { continue }
            guard let eq = part.firstIndex(of: "=") else {
                throw Self.error("rule part '\(part)' has no '='")
            }
            let name = part[..<eq].uppercased()
            let text = part[part.index(after: eq)...]
            guard !name.isEmpty else { throw Self.error("rule part '\(part)' has no name") }
            guard seen.insert(name).inserted else {
                throw Self.error("rule part \(name) appears more than once")
            }
            switch name {
            case "FREQ":
                guard let f = Frequency(rawValue: text.uppercased()) else {
                    throw Self.error("FREQ=\(text) is not a known frequency")
                }
                frequency = f
            case "UNTIL":
                do {
                    until = try DateTimeValue(parsing: text)
                } catch {
                    throw Self.error("UNTIL=\(text) is not a DATE or DATE-TIME")
                }
            case "COUNT":
                guard let n = Int(text), n >= 1 else {
                    throw Self.error("COUNT=\(text) is not a positive integer")
                }
                count = n
            case "INTERVAL":
                guard let n = Int(text), n >= 1 else {
                    throw Self.error("INTERVAL=\(text) is not a positive integer")
                }
                interval = n
            case "BYSECOND": bySecond = try Self.integers(text, name, 0...60, signed: false)
            case "BYMINUTE": byMinute = try Self.integers(text, name, 0...59, signed: false)
            case "BYHOUR": byHour = try Self.integers(text, name, 0...23, signed: false)
            case "BYMONTHDAY": byMonthDay = try Self.integers(text, name, 1...31, signed: true)
            case "BYYEARDAY": byYearDay = try Self.integers(text, name, 1...366, signed: true)
            case "BYWEEKNO": byWeekNo = try Self.integers(text, name, 1...53, signed: true)
            case "BYMONTH": byMonth = try Self.integers(text, name, 1...12, signed: false)
            case "BYSETPOS": bySetPos = try Self.integers(text, name, 1...366, signed: true)
            case "BYDAY":
                var days: [WeekdayNum] = []
                for item in text.split(separator: ",", omittingEmptySubsequences: false) {
                    guard let day = WeekdayNum(parsing: item.trimmingSpaces()) else {
                        throw Self.error("BYDAY value '\(item)' is not a weekday like MO or -1SU")
                    }
                    days.append(day)
                }
                byDay = days
            case "WKST":
                guard let day = Weekday(code: text.trimmingSpaces()) else {
                    throw Self.error("WKST=\(text) is not a weekday")
                }
                weekStart = day
            default:
                otherParts.append(OtherPart(name: name, value: String(text)))
            }
        }
        guard let frequency else { throw Self.error("FREQ is missing") }
        self.frequency = frequency
        if count != nil && until != nil {
            throw Self.error("COUNT and UNTIL must not both be given")
        }
        if !bySetPos.isEmpty
            && bySecond.isEmpty && byMinute.isEmpty && byHour.isEmpty && byDay.isEmpty
            && byMonthDay.isEmpty && byYearDay.isEmpty && byWeekNo.isEmpty && byMonth.isEmpty
        {
            throw Self.error("BYSETPOS needs another BYxxx rule part")
        }
    }

    /// Reads an RRULE (or EXRULE) property; errors carry the property name as their path.
    public init(_ property: Property) throws(ICalendarError) {
        do {
            try self.init(parsing: property.value)
        } catch {
            var e = error
            e.path = property.name
            throw e
        }
    }

    /// The RECUR value in canonical order: FREQ, UNTIL, COUNT, INTERVAL (when not 1), the BYxxx
    /// parts from BYSECOND to BYSETPOS, WKST (when not Monday), then the other parts as written.
    public var description: String {
        var s = "FREQ=" + frequency.rawValue
        if let until { s += ";UNTIL=" + until.description }
        if let count { s += ";COUNT=" + String(count) }
        if interval != 1 { s += ";INTERVAL=" + String(interval) }
        func list(_ name: String, _ values: [Int]) {
            guard !values.isEmpty else { return }
            s += ";" + name + "=" + values.map(String.init).joined(separator: ",")
        }
        list("BYSECOND", bySecond)
        list("BYMINUTE", byMinute)
        list("BYHOUR", byHour)
        if !byDay.isEmpty {
            s += ";BYDAY=" + byDay.map(\.description).joined(separator: ",")
        }
        list("BYMONTHDAY", byMonthDay)
        list("BYYEARDAY", byYearDay)
        list("BYWEEKNO", byWeekNo)
        list("BYMONTH", byMonth)
        list("BYSETPOS", bySetPos)
        if weekStart != .monday { s += ";WKST=" + weekStart.code }
        for part in otherParts { s += ";" + part.name + "=" + part.value }
        return s
    }

    /// An RRULE property carrying this rule.
    public func property(named name: String = "RRULE") -> Property {
        Property(name: name, value: description)
    }

    private static func error(_ reason: String) -> ICalendarError {
        ICalendarError(.invalidRecurrenceRule, reason)
    }

    private static func integers(
        _ text: Substring, _ name: String, _ range: ClosedRange<Int>, signed: Bool
    ) throws(ICalendarError) -> [Int] {
        var values: [Int] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = item.trimmingSpaces()
            guard let n = Int(trimmed), range.contains(abs(n)), signed || n >= 0,
                trimmed.first != "+" || signed
            else {
                throw error("\(name) value '\(item)' is out of range")
            }
            values.append(n)
        }
        return values
    }
}

extension StringProtocol {
    fileprivate func trimmingSpaces() -> Substring {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return s
    }
}
