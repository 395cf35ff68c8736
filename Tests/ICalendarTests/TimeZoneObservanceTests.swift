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

    /// The yearly fast path gives exactly the recurrence engine's onsets.
    @Test(arguments: [
        ("FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10", wall(1601, 1, 1, 3), 7200),
        ("FREQ=YEARLY;INTERVAL=1;BYDAY=2SU;BYMONTH=3", wall(1601, 1, 1, 2), -18_000),
        ("FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", wall(1970, 3, 29, 2), 3600),
        ("FREQ=YEARLY;BYMONTH=11;BYDAY=1SU", wall(2007, 11, 4, 2), -14_400),
        ("FREQ=YEARLY;BYMONTH=4;BYDAY=1SU;UNTIL=20060402T070000Z", wall(1987, 4, 5, 2), -18_000),
        (
            "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU;UNTIL=20061029T060000Z", wall(1967, 10, 29, 2),
            -14_400
        ),
        ("FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;UNTIL=19960331T010000Z", wall(1981, 3, 29, 2), 3600),
        ("FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;UNTIL=19960331T020000", wall(1981, 3, 29, 2), 3600),
        ("FREQ=YEARLY;BYMONTH=10;BYDAY=SU;BYMONTHDAY=1,2,3,4,5,6,7", wall(2008, 10, 5, 2), 34_200),
        ("FREQ=YEARLY;BYMONTH=3;BYDAY=SU;BYMONTHDAY=-7,-6,-5,-4,-3,-2,-1", wall(1990, 3, 1), 0),
        ("FREQ=YEARLY;BYMONTH=3;BYDAY=5SU", wall(1980, 1, 1, 1), 0),
        ("FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=22", wall(1979, 9, 22), 12_600),
        ("FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;COUNT=5", wall(2000, 3, 26, 2), 3600),
        ("FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;COUNT=5", wall(2000, 1, 1, 2), 3600),
        ("FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;BYHOUR=2;BYMINUTE=0", wall(2000, 3, 26, 2), 3600),
    ])
    func fastPathMatchesRecurrenceEngine(text: String, start: CalendarDateTime, offsetFrom: Int)
        throws
    {
        let rule = try #require(
            TimeZoneOnsetRule(parsing: text, start: start, offsetFrom: offsetFrom))
        let observance = TimeZoneObservance(
            kind: .standard, start: start, offsetFrom: offsetFrom, offsetTo: 0,
            recurrenceRule: text)
        let engine = TimeZoneDefinition.generalOnsets(
            rule: try RecurrenceRule(parsing: text), observance: observance
        ).filter { $0.date.year <= 2100 }
        let fast: [CalendarDateTime] =
            rule.isBounded
            ? rule.boundedOccurrences()
            : (start.date.year...2100).compactMap { rule.occurrence(inYear: $0) }
        #expect(fast == engine)
        #expect(!fast.isEmpty)
        // The latest-onset search agrees with the list.
        for onset in fast.prefix(400) {
            let utc = observance.onsetUTC(onset)
            #expect(rule.latestOnset(atOrBefore: utc) == utc)
            #expect(rule.latestOnset(atOrBefore: utc - 1) != utc)
        }
    }

    /// A rule outside the fast path goes through the recurrence engine.
    @Test func generalRuleThroughRecurrenceEngine() throws {
        let text = TimeZoneFixtures.thunderbirdBerlin
            .replacingOccurrences(
                of: "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
                with: "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=SU;BYSETPOS=-1"
            )
            .replacingOccurrences(
                of: "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
                with: "RRULE:FREQ=MONTHLY;INTERVAL=12;BYDAY=-1SU")
        let zone = try TimeZoneFixtures.definition(text)
        #expect(zone.utcOffset(atUTC: 1_711_846_800 - 1) == 3600)
        #expect(zone.utcOffset(atUTC: 1_711_846_800) == 7200)
        #expect(zone.utcOffset(atUTC: 1_729_990_800 - 1) == 7200)
        #expect(zone.utcOffset(atUTC: 1_729_990_800) == 3600)
        #expect(zone.utcSeconds(forLocal: wall(2024, 3, 31, 2, 30)) == utc(2024, 3, 31, 1, 30))
        #expect(zone.utcOffset(atUTC: utc(2150, 7, 1)) == 7200)
    }
}
