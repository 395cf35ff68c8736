import ICalendar
import Testing

@Suite struct ValuesTests {
    @Test func date() throws {
        let value = try DateTimeValue(parsing: "20240229")
        #expect(value.form == .date)
        #expect(value.date == CalendarDate(year: 2024, month: 2, day: 29))
        #expect(value.description == "20240229")
        #expect(
            value.property(named: "DTSTART").parameters == [Parameter(name: "VALUE", value: "DATE")]
        )
    }

    @Test func dateTimeForms() throws {
        let utc = try DateTimeValue(parsing: "20240101T101530Z")
        #expect(utc.form == .utc)
        #expect(utc.local.hour == 10 && utc.local.minute == 15 && utc.local.second == 30)
        #expect(utc.utcSeconds() == 1_704_104_130)
        #expect(utc.description == "20240101T101530Z")
        let floating = try DateTimeValue(parsing: "20240101T101530")
        #expect(floating.form == .floating)
        let zoned = try DateTimeValue(parsing: "20240101T101530", tzid: "Europe/Berlin")
        #expect(zoned.form == .zoned(tzid: "Europe/Berlin"))
        #expect(zoned.tzid == "Europe/Berlin")
        #expect(zoned.property(named: "DTEND").value == "20240101T101530")
        #expect(zoned.property(named: "DTEND")[parameter: "TZID"] == "Europe/Berlin")
    }

    @Test func dateTimeFromProperty() throws {
        let property = Property(
            name: "DTSTART", parameters: [Parameter(name: "TZID", value: "America/New_York")],
            value: "20240310T020000")
        let value = try DateTimeValue(property)
        #expect(value.tzid == "America/New_York")
        let bad = Property(name: "DTSTART", value: "2024-03-10")
        let error = #expect(throws: ICalendarError.self) { try DateTimeValue(bad) }
        #expect(error?.code == .invalidDateTime)
        #expect(error?.path == "DTSTART")
    }

    @Test(arguments: [
        "", "2024", "20241301", "20240230", "20240101T", "20240101T2500", "20240101T250000",
        "20240101T106000", "20240101T100000X", "20240101 100000", "abcdefgh",
    ])
    func invalidDateTimes(text: String) {
        let error = #expect(throws: ICalendarError.self) { try DateTimeValue(parsing: text) }
        #expect(error?.code == .invalidDateTime)
    }

    @Test func durations() throws {
        let long = try DurationValue(parsing: "P15DT5H0M20S")
        #expect(long.days == 15 && long.hours == 5 && long.minutes == 0 && long.seconds == 20)
        #expect(long.totalSeconds == 15 * 86400 + 5 * 3600 + 20)
        #expect(long.description == "P15DT5H0M20S")
        let weeks = try DurationValue(parsing: "P7W")
        #expect(weeks.weeks == 7)
        #expect(weeks.nominalDays == 49)
        #expect(weeks.description == "P7W")
        let negative = try DurationValue(parsing: "-PT15M")
        #expect(negative.isNegative)
        #expect(negative.totalSeconds == -900)
        #expect(negative.description == "-PT15M")
        #expect(try DurationValue(parsing: "+P1D").totalSeconds == 86400)
        #expect(DurationValue(totalSeconds: -90061).description == "-P1DT1H1M1S")
        #expect(DurationValue().description == "PT0S")
    }

    @Test(arguments: ["", "P", "PT", "15M", "P1H", "PT1D", "P1DT", "PTT1H", "P-1D", "P1.5D", "P1X"])
    func invalidDurations(text: String) {
        let error = #expect(throws: ICalendarError.self) { try DurationValue(parsing: text) }
        #expect(error?.code == .invalidDuration)
    }

    @Test func durationAddsNominalDaysThenExactSeconds() throws {
        let start = CalendarDateTime(
            date: CalendarDate(validYear: 2024, month: 2, day: 28), hour: 23)
        let end = try DurationValue(parsing: "P1DT2H").added(to: start)
        #expect(end.description == "20240301T010000")
    }

    @Test func periods() throws {
        let explicit = try PeriodValue(parsing: "19970101T180000Z/19970102T070000Z")
        #expect(explicit.start.form == .utc)
        #expect(explicit.end == .dateTime(try DateTimeValue(parsing: "19970102T070000Z")))
        #expect(explicit.description == "19970101T180000Z/19970102T070000Z")
        let byDuration = try PeriodValue(parsing: "19970101T180000Z/PT5H30M")
        #expect(byDuration.end == .duration(DurationValue(hours: 5, minutes: 30)))
        #expect(byDuration.endLocal.description == "19970101T233000")
    }

    @Test(arguments: [
        ("19970101T180000Z", ICalendarError.Code.invalidPeriod),
        ("19970101/19970102", .invalidPeriod),
        ("19970101T180000Z/19970102", .invalidPeriod),
        ("19970101T180000Z/PXT", .invalidDuration),
        ("x/PT1H", .invalidDateTime),
    ])
    func invalidPeriods(text: String, code: ICalendarError.Code) {
        let error = #expect(throws: ICalendarError.self) { try PeriodValue(parsing: text) }
        #expect(error?.code == code)
    }

    @Test func utcOffsets() throws {
        #expect(try UTCOffset(parsing: "+0100").seconds == 3600)
        #expect(try UTCOffset(parsing: "-053000").seconds == -19800)
        #expect(try UTCOffset(parsing: "+053015").seconds == 19815)
        #expect(try UTCOffset(parsing: "-0000").seconds == 0)
        #expect(UTCOffset(seconds: -19800).description == "-0530")
        #expect(UTCOffset(seconds: 19815).description == "+053015")
    }

    @Test(arguments: ["", "0100", "+1", "+01", "+2400", "+0160", "+010060", "+01000", "+ab00"])
    func invalidUTCOffsets(text: String) {
        let error = #expect(throws: ICalendarError.self) { try UTCOffset(parsing: text) }
        #expect(error?.code == .invalidUTCOffset)
    }

    @Test func calendarDateArithmetic() throws {
        let date = try #require(CalendarDate(year: 2024, month: 12, day: 31))
        #expect(date.dayNumber == 20088)
        #expect(date.dayOfYear == 366)
        #expect(date.weekday == .tuesday)
        #expect(CalendarDate(dayNumber: 0).description == "19700101")
        #expect(CalendarDate(dayNumber: -1).description == "19691231")
        #expect(CalendarDate(year: 2023, month: 2, day: 29) == nil)
        #expect(CalendarDate.daysInMonth(year: 2000, month: 2) == 29)
        #expect(CalendarDate.daysInMonth(year: 1900, month: 2) == 28)
        #expect(Weekday(code: "su") == .sunday)
        #expect(Weekday.sunday.code == "SU")
    }
}
