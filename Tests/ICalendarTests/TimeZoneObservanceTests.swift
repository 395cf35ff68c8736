import Testing

@testable import ICalendar

@Suite struct TimeZoneObservanceTests {
    @Test func onsetRuleShapes() throws {
        let start = wall(1970, 3, 29, 2)
        let lastSunday = try #require(
            TimeZoneOnsetRule(
                parsing: "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", start: start, offsetFrom: 3600))
        #expect(lastSunday.date(inYear: 2024) == CalendarDate(year: 2024, month: 3, day: 31))
        #expect(lastSunday.date(inYear: 2025) == CalendarDate(year: 2025, month: 3, day: 30))
        let secondSunday = try #require(
            TimeZoneOnsetRule(
                parsing: "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU", start: start, offsetFrom: 0))
        #expect(secondSunday.date(inYear: 2024) == CalendarDate(year: 2024, month: 3, day: 10))
        #expect(secondSunday.date(inYear: 2026) == CalendarDate(year: 2026, month: 3, day: 8))
        let fifthSunday = try #require(
            TimeZoneOnsetRule(
                parsing: "FREQ=YEARLY;BYMONTH=3;BYDAY=5SU", start: start, offsetFrom: 0))
        #expect(fifthSunday.date(inYear: 2024) == CalendarDate(year: 2024, month: 3, day: 31))
        #expect(fifthSunday.date(inYear: 2025) == CalendarDate(year: 2025, month: 3, day: 30))
        #expect(fifthSunday.date(inYear: 2027) == nil)
        let week = try #require(
            TimeZoneOnsetRule(
                parsing: "FREQ=YEARLY;BYMONTH=3;BYDAY=SU;BYMONTHDAY=8,9,10,11,12,13,14",
                start: start, offsetFrom: 0))
        #expect(week.date(inYear: 2024) == CalendarDate(year: 2024, month: 3, day: 10))
        let fixed = try #require(
            TimeZoneOnsetRule(
                parsing: "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=-1", start: start, offsetFrom: 0))
        #expect(fixed.date(inYear: 2024) == CalendarDate(year: 2024, month: 3, day: 31))
        let implicit = try #require(
            TimeZoneOnsetRule(parsing: "FREQ=YEARLY", start: start, offsetFrom: 0))
        #expect(implicit.date(inYear: 2030) == CalendarDate(year: 2030, month: 3, day: 29))
        let localUntil = try #require(
            TimeZoneOnsetRule(
                parsing: "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;UNTIL=19720326T020000",
                start: start, offsetFrom: 3600))
        #expect(localUntil.boundedOccurrences() == [wall(1971, 3, 28, 2), wall(1972, 3, 26, 2)])
        let counted = try #require(
            TimeZoneOnsetRule(
                parsing: "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;COUNT=2", start: start, offsetFrom: 0))
        #expect(counted.boundedOccurrences() == [wall(1971, 3, 28, 2)])
        // Shapes left to the recurrence engine.
        for text in [
            "FREQ=MONTHLY;BYDAY=-1SU", "FREQ=YEARLY;INTERVAL=2;BYMONTH=3;BYDAY=-1SU",
            "FREQ=YEARLY;BYMONTH=3,4;BYDAY=-1SU", "FREQ=YEARLY;BYMONTH=3;BYDAY=SU",
            "FREQ=YEARLY;BYYEARDAY=80", "FREQ=YEARLY;BYMONTH=3;BYDAY=SU;BYSETPOS=-1",
            "FREQ=YEARLY;BYMONTH=3;BYDAY=SU;BYMONTHDAY=1,2,3,4,5,6,7,8",
        ] {
            #expect(TimeZoneOnsetRule(parsing: text, start: start, offsetFrom: 0) == nil, "\(text)")
        }
    }

    @Test func offsetChangesOfAYear() throws {
        let zone = try TimeZoneFixtures.definition(TimeZoneFixtures.appleNewYork)
        let changes = zone.offsetChanges(from: utc(2024, 1, 1), to: utc(2025, 1, 1))
        #expect(changes.map(\.utc) == [1_710_054_000, 1_730_613_600])
        #expect(changes.map(\.offset) == [-4 * 3600, -5 * 3600])
        let outlook = try TimeZoneFixtures.definition(TimeZoneFixtures.outlookBerlin)
        let berlin = outlook.offsetChanges(from: utc(2024, 1, 1), to: utc(2025, 1, 1))
        #expect(berlin.map(\.utc) == [1_711_846_800, 1_729_990_800])
    }

    @Test func missingOffsetFromMeansNoChange() throws {
        let observance = try TimeZoneObservance(
            Component(
                name: "STANDARD",
                properties: [
                    Property(name: "DTSTART", value: "19700101T000000"),
                    Property(name: "TZOFFSETTO", value: "+0530"),
                    Property(name: "TZNAME", value: "IST"),
                ]))
        #expect(observance.kind == .standard)
        #expect(observance.offsetFrom == 19_800)
        #expect(observance.offsetTo == 19_800)
        #expect(observance.names == ["IST"])
        #expect(observance.onsetUTC(wall(1970, 1, 1)) == -19_800)
        #expect(throws: ICalendarError(.invalidUTCOffset, "")) {
            try TimeZoneObservance(
                Component(
                    name: "DAYLIGHT",
                    properties: [
                        Property(name: "DTSTART", value: "19700101T000000"),
                        Property(name: "TZOFFSETTO", value: "+25"),
                    ]))
        }
    }
}
