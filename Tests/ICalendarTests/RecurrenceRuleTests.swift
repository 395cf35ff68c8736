import ICalendar
import Testing

@Suite struct RecurrenceRuleTests {
    // MARK: Parsing and serialising

    @Test func parsesEveryPart() throws {
        let rule = try RecurrenceRule(
            parsing:
                "freq=yearly;interval=2;count=3;bysecond=0,30;byminute=15;byhour=9,17;"
                + "byday=-1su,MO,+2tu;bymonthday=1,-1;byyearday=100,-366;byweekno=-1,20;"
                + "bymonth=3,11;bysetpos=1,-1;wkst=su;X-NAME=Value")
        #expect(rule.frequency == .yearly)
        #expect(rule.interval == 2)
        #expect(rule.count == 3)
        #expect(rule.bySecond == [0, 30])
        #expect(rule.byMinute == [15])
        #expect(rule.byHour == [9, 17])
        #expect(
            rule.byDay == [
                .init(ordinal: -1, weekday: .sunday), .init(weekday: .monday),
                .init(ordinal: 2, weekday: .tuesday),
            ])
        #expect(rule.byMonthDay == [1, -1])
        #expect(rule.byYearDay == [100, -366])
        #expect(rule.byWeekNo == [-1, 20])
        #expect(rule.byMonth == [3, 11])
        #expect(rule.bySetPos == [1, -1])
        #expect(rule.weekStart == .sunday)
        #expect(rule.otherParts == [.init(name: "X-NAME", value: "Value")])
        #expect(
            rule.description
                == "FREQ=YEARLY;COUNT=3;INTERVAL=2;BYSECOND=0,30;BYMINUTE=15;BYHOUR=9,17;"
                + "BYDAY=-1SU,MO,2TU;BYMONTHDAY=1,-1;BYYEARDAY=100,-366;BYWEEKNO=-1,20;"
                + "BYMONTH=3,11;BYSETPOS=1,-1;WKST=SU;X-NAME=Value")
    }

    @Test(arguments: [
        "FREQ=DAILY",
        "FREQ=WEEKLY;UNTIL=19971224T000000Z;BYDAY=MO,WE,FR;WKST=SU",
        "FREQ=MONTHLY;UNTIL=19971224;BYDAY=1FR",
        "FREQ=YEARLY;COUNT=10;INTERVAL=3;BYYEARDAY=1,100,200",
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2;X-EXT=1;X-OTHER=a,b",
    ])
    func canonicalTextRoundTrips(text: String) throws {
        let rule = try RecurrenceRule(parsing: text)
        #expect(rule.description == text)
        #expect(try RecurrenceRule(parsing: rule.description) == rule)
    }

    @Test func readsTheProperty() throws {
        let property = Property(name: "RRULE", value: "FREQ=WEEKLY;COUNT=2")
        #expect(try RecurrenceRule(property) == RecurrenceRule(frequency: .weekly, count: 2))
        #expect(
            RecurrenceRule(frequency: .weekly, count: 2).property().value == "FREQ=WEEKLY;COUNT=2")
    }

    @Test(arguments: [
        ("COUNT=10", "FREQ is missing"),
        ("FREQ=FORTNIGHTLY", "FREQ=FORTNIGHTLY is not a known frequency"),
        ("FREQ=WEEKLY;BYDAY=XX", "BYDAY value 'XX' is not a weekday like MO or -1SU"),
        ("FREQ=MONTHLY;BYDAY=54MO", "BYDAY value '54MO' is not a weekday like MO or -1SU"),
        ("FREQ=DAILY;COUNT=5;UNTIL=19971224T000000Z", "COUNT and UNTIL must not both be given"),
        ("FREQ=MONTHLY;BYSETPOS=1", "BYSETPOS needs another BYxxx rule part"),
        ("FREQ=DAILY;COUNT=0", "COUNT=0 is not a positive integer"),
        ("FREQ=DAILY;INTERVAL=-1", "INTERVAL=-1 is not a positive integer"),
        ("FREQ=DAILY;BYHOUR=24", "BYHOUR value '24' is out of range"),
        ("FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY value '0' is out of range"),
        ("FREQ=YEARLY;BYMONTH=-1", "BYMONTH value '-1' is out of range"),
        ("FREQ=DAILY;FREQ=WEEKLY", "rule part FREQ appears more than once"),
        ("FREQ=DAILY;UNTIL=1997", "UNTIL=1997 is not a DATE or DATE-TIME"),
        ("FREQ=DAILY;WKST=XY", "WKST=XY is not a weekday"),
        ("FREQ=DAILY;COUNT", "rule part 'COUNT' has no '='"),
    ])
    func rejectsInvalidRules(text: String, reason: String) {
        #expect {
            try RecurrenceRule(parsing: text)
        } throws: { error in
            guard let error = error as? ICalendarError else { return false }
            return error.code == .invalidRecurrenceRule && error.reason == reason
        }
    }

    @Test func propertyErrorsCarryThePath() {
        #expect {
            try RecurrenceRule(Property(name: "RRULE", value: "BYDAY=MO"))
        } throws: { error in
            (error as? ICalendarError)?.path == "RRULE"
        }
    }

    // MARK: Expansion beyond the RFC examples

    @Test func lastFridayOfTheMonth() throws {
        #expect(
            try expand("FREQ=MONTHLY;COUNT=4;BYDAY=-1FR", from: "19970926T090000")
                == at(1997, 9, [26]) + at(1997, 10, [31]) + at(1997, 11, [28]) + at(1997, 12, [26]))
    }

    @Test func lastDayOfTheYear() throws {
        #expect(
            try expand("FREQ=YEARLY;COUNT=3;BYYEARDAY=-1", from: "19991231T090000")
                == at(1999, 12, [31]) + at(2000, 12, [31]) + at(2001, 12, [31]))
    }

    @Test func lastWeekOfTheYear() throws {
        // ISO weeks with WKST=MO: 1997's last week (52) starts Monday 22 December; 1998 has 53
        // weeks, the last starting Monday 28 December.
        #expect(
            try expand("FREQ=YEARLY;COUNT=3;BYWEEKNO=-1;BYDAY=MO", from: "19971222T090000")
                == at(1997, 12, [22]) + at(1998, 12, [28]) + at(1999, 12, [27]))
    }

    @Test func weekNumbersFollowWeekStart() throws {
        // 1998-01-01 is a Thursday: week 1 starts Monday 29 Dec 1997 (WKST=MO) or Sunday
        // 4 Jan 1998 (WKST=SU, since Sunday–Saturday 28 Dec–3 Jan has only 3 days in 1998).
        // 1999's week 1 starts Monday 4 January (WKST=MO) or Sunday 3 January (WKST=SU).
        #expect(
            try expand("FREQ=YEARLY;COUNT=2;BYWEEKNO=1;BYDAY=TH", from: "19980101T090000")
                == at(1998, 1, [1]) + at(1999, 1, [7]))
        #expect(
            try expand("FREQ=YEARLY;COUNT=2;BYWEEKNO=1;BYDAY=TH;WKST=SU", from: "19980108T090000")
                == at(1998, 1, [8]) + at(1999, 1, [7]))
    }

    @Test func leapDayYearlySkipsCommonYears() throws {
        #expect(
            try expand("FREQ=YEARLY;COUNT=4", from: "20000229T090000")
                == at(2000, 2, [29]) + at(2004, 2, [29]) + at(2008, 2, [29]) + at(2012, 2, [29]))
    }

    @Test func dateStartYieldsDates() throws {
        let rule = try RecurrenceRule(parsing: "FREQ=WEEKLY;UNTIL=19970916;BYDAY=TU,TH")
        let start = try DateTimeValue(parsing: "19970902")
        #expect(
            rule.occurrences(from: start, resolver: nil).map(\.description)
                == at(1997, 9, [2, 4, 9, 11, 16], "000000"))
    }

    @Test func startThatDoesNotMatchCountsAsFirst() throws {
        // DTSTART on a Wednesday, rule on Mondays: DTSTART is the first of the three.
        #expect(
            try expand("FREQ=WEEKLY;COUNT=3;BYDAY=MO", from: "19970903T090000")
                == at(1997, 9, [3, 8, 15]))
    }

    @Test func untilInUTCAgainstZonedStartAcrossDST() throws {
        // 9:00 EST on 5 Jan 1998 is 14:00Z: an UNTIL of 14:00Z includes it, 13:59:59Z does not.
        #expect(
            try expand("FREQ=DAILY;UNTIL=19980105T140000Z", from: "19980103T090000")
                == at(1998, 1, [3, 4, 5]))
        #expect(
            try expand("FREQ=DAILY;UNTIL=19980105T135959Z", from: "19980103T090000")
                == at(1998, 1, [3, 4]))
    }

    @Test func ruleThatCanProduceNothingEnds() throws {
        let rule = try RecurrenceRule(parsing: "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30")
        let start = try DateTimeValue(parsing: "20000130T090000")
        let clock = ContinuousClock()
        var all: [String] = []
        let elapsed = clock.measure {
            all = rule.occurrences(from: start, resolver: nil).map(\.description)
        }
        #expect(all == at(2000, 1, [30]))
        #expect(elapsed < .seconds(5))
        let yearly = try RecurrenceRule(parsing: "FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=31")
        #expect(Array(yearly.occurrences(from: start, resolver: nil)).count == 1)
        let daily = try RecurrenceRule(parsing: "FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=31")
        #expect(Array(daily.occurrences(from: start, resolver: nil)).count == 1)
    }

    @Test func sparseRuleIsNotCutShort() throws {
        // 29 February falling on a Friday happens every 28 years or so, across empty periods.
        #expect(
            try expand(
                "FREQ=YEARLY;COUNT=3;BYMONTH=2;BYMONTHDAY=29;BYDAY=FR", from: "20000229T090000")
                == at(2000, 2, [29]) + at(2008, 2, [29]) + at(2036, 2, [29]))
    }

    @Test func secondlyWithLimits() throws {
        #expect(
            try expand("FREQ=SECONDLY;COUNT=4;BYSECOND=0,30;BYMINUTE=0", from: "19970902T090000")
                == ["090000", "090030", "100000", "100030"].flatMap { at(1997, 9, [2], $0) })
    }

    @Test func hourlyExpandsMinutes() throws {
        #expect(
            try expand("FREQ=HOURLY;INTERVAL=2;COUNT=4;BYMINUTE=0,30", from: "19970902T090000")
                == ["090000", "093000", "110000", "113000"].flatMap { at(1997, 9, [2], $0) })
    }

    @Test func weeklyYearExpandsQuickly() throws {
        let rule = try RecurrenceRule(parsing: "FREQ=WEEKLY;BYDAY=MO,WE,FR;UNTIL=19981231T235959Z")
        let start = try DateTimeValue(parsing: "19980105T090000", tzid: NewYorkResolver.tzid)
        var count = 0
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for _ in 0..<100 {
                count = 0
                for _ in rule.occurrences(from: start, resolver: NewYorkResolver()) { count += 1 }
            }
        }
        #expect(count == 155)
        // Debug builds are far slower than release; this only guards against pathologies.
        #expect(elapsed < .seconds(2))
    }
}
