import ICalendar
import Testing

/// Every example of RFC 5545 §3.8.5.3, with the RFC's instance lists (infinite ones: the first
/// instances the RFC lists). DTSTART is `TZID=America/New_York` as in the RFC.
@Suite struct RecurrenceRuleExamplesTests {
    @Test func dailyForTenOccurrences() throws {
        #expect(
            try expand("FREQ=DAILY;COUNT=10", from: "19970902T090000")
                == at(1997, 9, days(2, through: 11)))
    }

    @Test func dailyUntilDecember24() throws {
        let expected =
            at(1997, 9, days(2, through: 30)) + at(1997, 10, days(1, through: 31))
            + at(1997, 11, days(1, through: 30)) + at(1997, 12, days(1, through: 23))
        #expect(
            try expand("FREQ=DAILY;UNTIL=19971224T000000Z", from: "19970902T090000") == expected)
    }

    @Test func everyOtherDayForever() throws {
        let expected =
            at(1997, 9, days(2, through: 30, by: 2)) + at(1997, 10, days(2, through: 30, by: 2))
            + at(1997, 11, days(1, through: 29, by: 2)) + at(1997, 12, [1, 3])
        #expect(
            try expand("FREQ=DAILY;INTERVAL=2", from: "19970902T090000", limit: expected.count)
                == expected)
    }

    @Test func everyTenDaysFiveOccurrences() throws {
        #expect(
            try expand("FREQ=DAILY;INTERVAL=10;COUNT=5", from: "19970902T090000")
                == at(1997, 9, [2, 12, 22]) + at(1997, 10, [2, 12]))
    }

    @Test(arguments: [
        "FREQ=YEARLY;UNTIL=20000131T140000Z;BYMONTH=1;BYDAY=SU,MO,TU,WE,TH,FR,SA",
        "FREQ=DAILY;UNTIL=20000131T140000Z;BYMONTH=1",
    ])
    func everyDayInJanuaryForThreeYears(rule: String) throws {
        let expected =
            at(1998, 1, days(1, through: 31)) + at(1999, 1, days(1, through: 31))
            + at(2000, 1, days(1, through: 31))
        #expect(try expand(rule, from: "19980101T090000") == expected)
    }

    @Test func weeklyForTenOccurrences() throws {
        #expect(
            try expand("FREQ=WEEKLY;COUNT=10", from: "19970902T090000")
                == at(1997, 9, [2, 9, 16, 23, 30]) + at(1997, 10, [7, 14, 21, 28])
                + at(1997, 11, [4]))
    }

    @Test func weeklyUntilDecember24() throws {
        #expect(
            try expand("FREQ=WEEKLY;UNTIL=19971224T000000Z", from: "19970902T090000")
                == at(1997, 9, [2, 9, 16, 23, 30]) + at(1997, 10, [7, 14, 21, 28])
                + at(1997, 11, [4, 11, 18, 25]) + at(1997, 12, [2, 9, 16, 23]))
    }

    @Test func everyOtherWeekForever() throws {
        let expected =
            at(1997, 9, [2, 16, 30]) + at(1997, 10, [14, 28]) + at(1997, 11, [11, 25])
            + at(1997, 12, [9, 23]) + at(1998, 1, [6, 20]) + at(1998, 2, [3, 17])
        #expect(
            try expand(
                "FREQ=WEEKLY;INTERVAL=2;WKST=SU", from: "19970902T090000", limit: expected.count)
                == expected)
    }

    @Test(arguments: [
        "FREQ=WEEKLY;UNTIL=19971007T000000Z;WKST=SU;BYDAY=TU,TH",
        "FREQ=WEEKLY;COUNT=10;WKST=SU;BYDAY=TU,TH",
    ])
    func weeklyOnTuesdayAndThursdayForFiveWeeks(rule: String) throws {
        #expect(
            try expand(rule, from: "19970902T090000")
                == at(1997, 9, [2, 4, 9, 11, 16, 18, 23, 25, 30]) + at(1997, 10, [2]))
    }

    @Test func everyOtherWeekOnMondayWednesdayFridayUntilDecember24() throws {
        #expect(
            try expand(
                "FREQ=WEEKLY;INTERVAL=2;UNTIL=19971224T000000Z;WKST=SU;BYDAY=MO,WE,FR",
                from: "19970901T090000")
                == at(1997, 9, [1, 3, 5, 15, 17, 19, 29]) + at(1997, 10, [1, 3, 13, 15, 17])
                + at(1997, 10, [27, 29, 31]) + at(1997, 11, [10, 12, 14, 24, 26, 28])
                + at(1997, 12, [8, 10, 12, 22]))
    }

    @Test func everyOtherWeekOnTuesdayAndThursdayForEight() throws {
        #expect(
            try expand(
                "FREQ=WEEKLY;INTERVAL=2;COUNT=8;WKST=SU;BYDAY=TU,TH", from: "19970902T090000")
                == at(1997, 9, [2, 4, 16, 18, 30]) + at(1997, 10, [2, 14, 16]))
    }

    @Test func monthlyOnFirstFridayForTen() throws {
        #expect(
            try expand("FREQ=MONTHLY;COUNT=10;BYDAY=1FR", from: "19970905T090000")
                == at(1997, 9, [5]) + at(1997, 10, [3]) + at(1997, 11, [7]) + at(1997, 12, [5])
                + at(1998, 1, [2]) + at(1998, 2, [6]) + at(1998, 3, [6]) + at(1998, 4, [3])
                + at(1998, 5, [1]) + at(1998, 6, [5]))
    }

    @Test func monthlyOnFirstFridayUntilDecember24() throws {
        #expect(
            try expand("FREQ=MONTHLY;UNTIL=19971224T000000Z;BYDAY=1FR", from: "19970905T090000")
                == at(1997, 9, [5]) + at(1997, 10, [3]) + at(1997, 11, [7]) + at(1997, 12, [5]))
    }

    @Test func everyOtherMonthOnFirstAndLastSunday() throws {
        #expect(
            try expand("FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU", from: "19970907T090000")
                == at(1997, 9, [7, 28]) + at(1997, 11, [2, 30]) + at(1998, 1, [4, 25])
                + at(1998, 3, [1, 29]) + at(1998, 5, [3, 31]))
    }

    @Test func monthlyOnSecondToLastMondayForSixMonths() throws {
        #expect(
            try expand("FREQ=MONTHLY;COUNT=6;BYDAY=-2MO", from: "19970922T090000")
                == at(1997, 9, [22]) + at(1997, 10, [20]) + at(1997, 11, [17])
                + at(1997, 12, [22]) + at(1998, 1, [19]) + at(1998, 2, [16]))
    }

    @Test func monthlyOnThirdToLastDayForever() throws {
        let expected =
            at(1997, 9, [28]) + at(1997, 10, [29]) + at(1997, 11, [28]) + at(1997, 12, [29])
            + at(1998, 1, [29]) + at(1998, 2, [26])
        #expect(
            try expand("FREQ=MONTHLY;BYMONTHDAY=-3", from: "19970928T090000", limit: 6)
                == expected)
    }

    @Test func monthlyOnSecondAndFifteenthForTen() throws {
        #expect(
            try expand("FREQ=MONTHLY;COUNT=10;BYMONTHDAY=2,15", from: "19970902T090000")
                == at(1997, 9, [2, 15]) + at(1997, 10, [2, 15]) + at(1997, 11, [2, 15])
                + at(1997, 12, [2, 15]) + at(1998, 1, [2, 15]))
    }

    @Test func monthlyOnFirstAndLastDayForTen() throws {
        #expect(
            try expand("FREQ=MONTHLY;COUNT=10;BYMONTHDAY=1,-1", from: "19970930T090000")
                == at(1997, 9, [30]) + at(1997, 10, [1, 31]) + at(1997, 11, [1, 30])
                + at(1997, 12, [1, 31]) + at(1998, 1, [1, 31]) + at(1998, 2, [1]))
    }

    @Test func everyEighteenMonthsOnTenthThroughFifteenth() throws {
        #expect(
            try expand(
                "FREQ=MONTHLY;INTERVAL=18;COUNT=10;BYMONTHDAY=10,11,12,13,14,15",
                from: "19970910T090000")
                == at(1997, 9, days(10, through: 15)) + at(1999, 3, days(10, through: 13)))
    }

    @Test func everyTuesdayEveryOtherMonth() throws {
        let expected =
            at(1997, 9, [2, 9, 16, 23, 30]) + at(1997, 11, [4, 11, 18, 25])
            + at(1998, 1, [6, 13, 20, 27]) + at(1998, 3, [3, 10, 17, 24, 31])
        #expect(
            try expand(
                "FREQ=MONTHLY;INTERVAL=2;BYDAY=TU", from: "19970902T090000", limit: expected.count)
                == expected)
    }

    @Test func yearlyInJuneAndJulyForTen() throws {
        let expected = (1997...2001).flatMap { at($0, 6, [10]) + at($0, 7, [10]) }
        #expect(try expand("FREQ=YEARLY;COUNT=10;BYMONTH=6,7", from: "19970610T090000") == expected)
    }

    @Test func everyOtherYearInJanuaryFebruaryMarchForTen() throws {
        let expected =
            at(1997, 3, [10])
            + [1999, 2001, 2003].flatMap { at($0, 1, [10]) + at($0, 2, [10]) + at($0, 3, [10]) }
        #expect(
            try expand("FREQ=YEARLY;INTERVAL=2;COUNT=10;BYMONTH=1,2,3", from: "19970310T090000")
                == expected)
    }

    @Test func everyThirdYearOnDays1And100And200() throws {
        #expect(
            try expand(
                "FREQ=YEARLY;INTERVAL=3;COUNT=10;BYYEARDAY=1,100,200", from: "19970101T090000")
                == at(1997, 1, [1]) + at(1997, 4, [10]) + at(1997, 7, [19]) + at(2000, 1, [1])
                + at(2000, 4, [9]) + at(2000, 7, [18]) + at(2003, 1, [1]) + at(2003, 4, [10])
                + at(2003, 7, [19]) + at(2006, 1, [1]))
    }

    @Test func everyTwentiethMondayOfTheYear() throws {
        #expect(
            try expand("FREQ=YEARLY;BYDAY=20MO", from: "19970519T090000", limit: 3)
                == at(1997, 5, [19]) + at(1998, 5, [18]) + at(1999, 5, [17]))
    }

    @Test func mondayOfWeekNumberTwenty() throws {
        #expect(
            try expand("FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO", from: "19970512T090000", limit: 3)
                == at(1997, 5, [12]) + at(1998, 5, [11]) + at(1999, 5, [17]))
    }

    @Test func everyThursdayInMarch() throws {
        let expected =
            at(1997, 3, [13, 20, 27]) + at(1998, 3, [5, 12, 19, 26]) + at(1999, 3, [4, 11, 18, 25])
        #expect(
            try expand("FREQ=YEARLY;BYMONTH=3;BYDAY=TH", from: "19970313T090000", limit: 11)
                == expected)
    }

    @Test func everyThursdayInJuneJulyAugust() throws {
        let expected =
            at(1997, 6, [5, 12, 19, 26]) + at(1997, 7, [3, 10, 17, 24, 31])
            + at(1997, 8, [7, 14, 21, 28]) + at(1998, 6, [4, 11, 18, 25])
            + at(1998, 7, [2, 9, 16, 23, 30]) + at(1998, 8, [6, 13, 20, 27])
            + at(1999, 6, [3, 10, 17, 24]) + at(1999, 7, [1, 8, 15, 22, 29])
            + at(1999, 8, [5, 12, 19, 26])
        #expect(
            try expand(
                "FREQ=YEARLY;BYDAY=TH;BYMONTH=6,7,8", from: "19970605T090000",
                limit: expected.count) == expected)
    }

    @Test func everyFridayThe13th() throws {
        // The RFC excludes DTSTART with an EXDATE, so this runs through the recurrence set.
        let event = try Component(
            parsing: """
                BEGIN:VEVENT
                UID:f13
                DTSTART;TZID=America/New_York:19970902T090000
                EXDATE;TZID=America/New_York:19970902T090000
                RRULE:FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13
                END:VEVENT
                """)
        let set = try RecurrenceSet(master: event, overrides: [], resolver: NewYorkResolver())
        let starts = set.occurrences(windowStart: nil, windowEnd: nil, limit: 5).map {
            $0.start.description
        }
        #expect(
            starts
                == at(1998, 2, [13]) + at(1998, 3, [13]) + at(1998, 11, [13]) + at(1999, 8, [13])
                + at(2000, 10, [13]))
    }

    @Test func firstSaturdayAfterFirstSunday() throws {
        let expected =
            at(1997, 9, [13]) + at(1997, 10, [11]) + at(1997, 11, [8]) + at(1997, 12, [13])
            + at(1998, 1, [10]) + at(1998, 2, [7]) + at(1998, 3, [7]) + at(1998, 4, [11])
            + at(1998, 5, [9]) + at(1998, 6, [13])
        #expect(
            try expand(
                "FREQ=MONTHLY;BYDAY=SA;BYMONTHDAY=7,8,9,10,11,12,13", from: "19970913T090000",
                limit: 10) == expected)
    }

    @Test func presidentialElectionDay() throws {
        #expect(
            try expand(
                "FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8",
                from: "19961105T090000", limit: 3)
                == at(1996, 11, [5]) + at(2000, 11, [7]) + at(2004, 11, [2]))
    }

    @Test func thirdTuesdayWednesdayOrThursdayForThreeMonths() throws {
        #expect(
            try expand("FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3", from: "19970904T090000")
                == at(1997, 9, [4]) + at(1997, 10, [7]) + at(1997, 11, [6]))
    }

    @Test func secondToLastWeekday() throws {
        let expected =
            at(1997, 9, [29]) + at(1997, 10, [30]) + at(1997, 11, [27]) + at(1997, 12, [30])
            + at(1998, 1, [29]) + at(1998, 2, [26]) + at(1998, 3, [30])
        #expect(
            try expand(
                "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2", from: "19970929T090000", limit: 7)
                == expected)
    }

    /// The RFC lists 09:00, 12:00, 15:00, but its UNTIL (17:00Z) is 13:00 EDT; read exactly, the
    /// rule stops at 12:00. With UNTIL at 17:00 EDT (21:00Z) the RFC's list comes out.
    @Test func everyThreeHoursFrom9To5() throws {
        #expect(
            try expand("FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T170000Z", from: "19970902T090000")
                == at(1997, 9, [2], "090000") + at(1997, 9, [2], "120000"))
        #expect(
            try expand("FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T210000Z", from: "19970902T090000")
                == ["090000", "120000", "150000"].flatMap { at(1997, 9, [2], $0) })
    }

    @Test func everyFifteenMinutesForSix() throws {
        #expect(
            try expand("FREQ=MINUTELY;INTERVAL=15;COUNT=6", from: "19970902T090000")
                == ["090000", "091500", "093000", "094500", "100000", "101500"].flatMap {
                    at(1997, 9, [2], $0)
                })
    }

    @Test func everyHourAndAHalfForFour() throws {
        #expect(
            try expand("FREQ=MINUTELY;INTERVAL=90;COUNT=4", from: "19970902T090000")
                == ["090000", "103000", "120000", "133000"].flatMap { at(1997, 9, [2], $0) })
    }

    @Test(arguments: [
        "FREQ=DAILY;BYHOUR=9,10,11,12,13,14,15,16;BYMINUTE=0,20,40",
        "FREQ=MINUTELY;INTERVAL=20;BYHOUR=9,10,11,12,13,14,15,16",
    ])
    func everyTwentyMinutesFrom9To440(rule: String) throws {
        let times = (9...16).flatMap { hour in
            [0, 20, 40].map { pad2(hour) + pad2($0) + "00" }
        }
        let expected =
            times.flatMap { at(1997, 9, [2], $0) } + times.flatMap { at(1997, 9, [3], $0) }
        #expect(try expand(rule, from: "19970902T090000", limit: expected.count) == expected)
    }

    @Test func weekStartMondayChangesTheDays() throws {
        #expect(
            try expand(
                "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO", from: "19970805T090000")
                == at(1997, 8, [5, 10, 19, 24]))
    }

    @Test func weekStartSundayChangesTheDays() throws {
        #expect(
            try expand(
                "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU", from: "19970805T090000")
                == at(1997, 8, [5, 17, 19, 31]))
    }

    @Test func invalidDateIsIgnored() throws {
        #expect(
            try expand("FREQ=MONTHLY;BYMONTHDAY=15,30;COUNT=5", from: "20070115T090000")
                == at(2007, 1, [15, 30]) + at(2007, 2, [15]) + at(2007, 3, [15, 30]))
    }
}

func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
