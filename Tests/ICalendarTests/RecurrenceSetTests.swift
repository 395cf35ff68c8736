import ICalendar
import Testing

/// A UTC instant from its parts.
private func utc(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0) -> Int64 {
    CalendarDateTime(date: CalendarDate(validYear: y, month: m, day: d), hour: h, minute: mi)
        .secondsSinceEpoch
}

private func component(_ lines: String...) throws -> Component {
    try Component(parsing: lines.joined(separator: "\r\n") + "\r\n")
}

private let zone = "TZID=America/New_York"

@Suite struct RecurrenceSetTests {
    @Test func rdateExdateAndPeriods() throws {
        let event = try component(
            "BEGIN:VEVENT", "UID:a",
            "DTSTART;\(zone):19970902T090000", "DTEND;\(zone):19970902T100000",
            "RRULE:FREQ=DAILY;COUNT=5",
            "EXDATE;\(zone):19970903T090000,19970904T090000",
            "EXDATE:19970905T130000Z",
            "RDATE;\(zone):19970910T090000",
            "RDATE;VALUE=PERIOD:19970911T130000Z/PT3H",
            "END:VEVENT")
        let set = try RecurrenceSet(master: event, overrides: [], resolver: NewYorkResolver())
        let all = set.occurrences(windowStart: nil, windowEnd: nil, limit: 100)
        #expect(
            all.map(\.recurrenceID.description) == [
                "19970902T090000", "19970906T090000", "19970910T090000", "19970911T090000",
            ])
        #expect(all.map(\.startUTC) == [2, 6, 10, 11].map { utc(1997, 9, $0, 13) })
        #expect(
            all.map(\.endUTC) == [
                utc(1997, 9, 2, 14), utc(1997, 9, 6, 14), utc(1997, 9, 10, 14),
                utc(1997, 9, 11, 16),
            ])
        #expect(all[0].end?.description == "19970902T100000")
        #expect(all[0].end?.tzid == "America/New_York")
        #expect(all[3].end?.description == "19970911T160000Z")
        #expect(all.allSatisfy { $0.overrideIndex == nil })
    }

    @Test func overridesReplaceMoveAndAdd() throws {
        let master = try component(
            "BEGIN:VEVENT", "UID:b",
            "DTSTART;\(zone):19970902T090000", "DURATION:PT1H",
            "RRULE:FREQ=DAILY;COUNT=4", "END:VEVENT")
        let moved = try component(
            "BEGIN:VEVENT", "UID:b", "RECURRENCE-ID;\(zone):19970903T090000",
            "DTSTART;\(zone):19970903T140000", "DTEND;\(zone):19970903T150000", "END:VEVENT")
        let outOfWindow = try component(
            "BEGIN:VEVENT", "UID:b", "RECURRENCE-ID:19970904T130000Z",
            "DTSTART;\(zone):19971001T090000", "DURATION:PT1H", "END:VEVENT")
        let orphan = try component(
            "BEGIN:VEVENT", "UID:b", "RECURRENCE-ID;\(zone):19970920T090000",
            "DTSTART;\(zone):19970920T100000", "END:VEVENT")
        let set = try RecurrenceSet(
            master: master, overrides: [moved, outOfWindow, orphan], resolver: NewYorkResolver())
        let september = set.occurrences(
            windowStart: utc(1997, 9, 1), windowEnd: utc(1997, 9, 30), limit: 10)
        #expect(
            september.map(\.start.description) == [
                "19970902T090000", "19970903T140000", "19970905T090000", "19970920T100000",
            ])
        #expect(
            september.map(\.recurrenceID.description) == [
                "19970902T090000", "19970903T090000", "19970905T090000", "19970920T090000",
            ])
        #expect(september.map(\.overrideIndex) == [nil, 0, nil, 2])
        #expect(september[1].endUTC == utc(1997, 9, 3, 19))
        #expect(september[3].end == nil)
        #expect(september[3].endUTC == september[3].startUTC)
        // The instance moved into October is found there, and only there.
        let october = set.occurrences(
            windowStart: utc(1997, 10, 1), windowEnd: utc(1997, 11, 1), limit: 10)
        #expect(october.map(\.start.description) == ["19971001T090000"])
        #expect(october.map(\.recurrenceID.description) == ["19970904T090000"])
        #expect(october.map(\.overrideIndex) == [1])
    }

    @Test func thisAndFutureShiftsLaterInstances() throws {
        let master = try component(
            "BEGIN:VEVENT", "UID:c",
            "DTSTART;\(zone):19970902T090000", "DTEND;\(zone):19970902T100000",
            "RRULE:FREQ=DAILY;COUNT=5", "END:VEVENT")
        let future = try component(
            "BEGIN:VEVENT", "UID:c",
            "RECURRENCE-ID;RANGE=THISANDFUTURE;\(zone):19970904T090000",
            "DTSTART;\(zone):19970904T110000", "DTEND;\(zone):19970904T113000", "END:VEVENT")
        let set = try RecurrenceSet(
            master: master, overrides: [future], resolver: NewYorkResolver())
        let all = set.occurrences(windowStart: nil, windowEnd: nil, limit: 10)
        #expect(
            all.map(\.start.description) == [
                "19970902T090000", "19970903T090000", "19970904T110000", "19970905T110000",
                "19970906T110000",
            ])
        #expect(all.map { $0.endUTC - $0.startUTC } == [3600, 3600, 1800, 1800, 1800])
        #expect(all.map(\.overrideIndex) == [nil, nil, 0, 0, 0])
        #expect(all[4].recurrenceID.description == "19970906T090000")
    }

    @Test func nominalDurationAcrossDaylightSavingEnd() throws {
        // 26 October 1997 is 25 hours long in New York: DURATION:P1D keeps the wall time.
        let event = try component(
            "BEGIN:VEVENT", "UID:d", "DTSTART;\(zone):19971025T120000", "DURATION:P1D",
            "RRULE:FREQ=DAILY;COUNT=2", "END:VEVENT")
        let set = try RecurrenceSet(master: event, overrides: [], resolver: NewYorkResolver())
        let all = set.occurrences(windowStart: nil, windowEnd: nil, limit: 10)
        #expect(all.map { $0.endUTC - $0.startUTC } == [25 * 3600, 24 * 3600])
        #expect(all[0].end?.description == "19971026T120000")
    }

    @Test func dateSeriesLastsADayAndWidensBounds() throws {
        let event = try component(
            "BEGIN:VEVENT", "UID:e", "DTSTART;VALUE=DATE:20240101", "RRULE:FREQ=DAILY;COUNT=3",
            "END:VEVENT")
        let set = try RecurrenceSet(master: event, overrides: [], resolver: NewYorkResolver())
        let all = set.occurrences(windowStart: nil, windowEnd: nil, limit: 10)
        #expect(all.map(\.start.description) == ["20240101", "20240102", "20240103"])
        #expect(all.map(\.end?.description) == ["20240102", "20240103", "20240104"])
        #expect(all.map(\.startUTC) == [utc(2024, 1, 1), utc(2024, 1, 2), utc(2024, 1, 3)])
        #expect(
            set.bounds
                == OccurrenceBounds(
                    firstStart: utc(2024, 1, 1) - 14 * 3600, lastEnd: utc(2024, 1, 4) + 14 * 3600))
    }

    @Test func windowAndLimitOnAnInfiniteSeries() throws {
        let event = try component(
            "BEGIN:VEVENT", "UID:f", "DTSTART:20230102T100000Z", "DTEND:20230102T110000Z",
            "RRULE:FREQ=WEEKLY", "END:VEVENT")
        let set = try RecurrenceSet(master: event, overrides: [], resolver: nil)
        let january = set.occurrences(
            windowStart: utc(2024, 1, 1), windowEnd: utc(2024, 2, 1), limit: 100)
        #expect(january.map(\.startUTC) == [1, 8, 15, 22, 29].map { utc(2024, 1, $0, 10) })
        let firstThree = set.occurrences(
            windowStart: utc(2024, 1, 1), windowEnd: utc(2024, 2, 1), limit: 3)
        #expect(firstThree.map(\.startUTC) == [1, 8, 15].map { utc(2024, 1, $0, 10) })
        let unbounded = set.occurrences(
            windowStart: utc(2024, 1, 1, 10, 30), windowEnd: nil, limit: 2)
        // The 1 January instance still runs at 10:30, so it overlaps.
        #expect(unbounded.map(\.startUTC) == [utc(2024, 1, 1, 10), utc(2024, 1, 8, 10)])
        #expect(set.bounds == OccurrenceBounds(firstStart: utc(2023, 1, 2, 10), lastEnd: nil))
    }

    @Test func boundsOfAFiniteZonedSeries() throws {
        let event = try component(
            "BEGIN:VEVENT", "UID:g", "DTSTART;\(zone):19970902T090000", "DURATION:PT30M",
            "RRULE:FREQ=WEEKLY;UNTIL=19971224T000000Z", "RDATE;\(zone):19970801T080000",
            "END:VEVENT")
        let set = try RecurrenceSet(master: event, overrides: [], resolver: NewYorkResolver())
        // First: the RDATE before DTSTART (08:00 EDT); last: 23 December 09:30 EST.
        #expect(
            set.bounds
                == OccurrenceBounds(
                    firstStart: utc(1997, 8, 1, 12), lastEnd: utc(1997, 12, 23, 14, 30)))
    }

    @Test func boundsOfAFloatingSeriesAreWidened() throws {
        let event = try component(
            "BEGIN:VEVENT", "UID:h", "DTSTART:20240301T090000", "DTEND:20240301T100000",
            "RRULE:FREQ=DAILY;COUNT=2", "END:VEVENT")
        let set = try RecurrenceSet(master: event, overrides: [], resolver: NewYorkResolver())
        #expect(
            set.bounds
                == OccurrenceBounds(
                    firstStart: utc(2024, 3, 1, 9) - 14 * 3600,
                    lastEnd: utc(2024, 3, 2, 10) + 14 * 3600))
    }

    /// A series with UNTIL too long to walk is bounded by UNTIL (no instance starts after it),
    /// not left open-ended; one with a COUNT too long to walk is open-ended (issue 8: walking a
    /// million instances on every PUT was found by FuzzRecurrence).
    @Test func absurdlyLongSeriesBounds() throws {
        let event = try component(
            "BEGIN:VEVENT", "UID:i", "DTSTART:20000101T090000Z",
            "RRULE:FREQ=HOURLY;UNTIL=99991231T000000Z", "END:VEVENT")
        let set = try RecurrenceSet(master: event, overrides: [], resolver: nil)
        #expect(
            set.bounds
                == OccurrenceBounds(
                    firstStart: utc(2000, 1, 1, 9), lastEnd: utc(9999, 12, 31, 0)))
        let counted = try component(
            "BEGIN:VEVENT", "UID:k", "DTSTART:20000101T090000Z",
            "RRULE:FREQ=SECONDLY;COUNT=2000000", "END:VEVENT")
        let long = try RecurrenceSet(master: counted, overrides: [], resolver: nil)
        #expect(long.bounds == OccurrenceBounds(firstStart: utc(2000, 1, 1, 9), lastEnd: nil))
    }

    @Test func singleEventsAndTodos() throws {
        let event = try component(
            "BEGIN:VEVENT", "UID:j", "DTSTART:20240301T090000Z", "END:VEVENT")
        let single = try RecurrenceSet(master: event, overrides: [], resolver: nil)
        #expect(
            single.occurrences(windowStart: nil, windowEnd: nil, limit: 5)
                == [
                    Occurrence(
                        recurrenceID: try DateTimeValue(parsing: "20240301T090000Z"),
                        start: try DateTimeValue(parsing: "20240301T090000Z"), end: nil,
                        startUTC: utc(2024, 3, 1, 9), endUTC: utc(2024, 3, 1, 9))
                ])
        #expect(
            single.bounds
                == OccurrenceBounds(firstStart: utc(2024, 3, 1, 9), lastEnd: utc(2024, 3, 1, 9)))
        let todo = try component(
            "BEGIN:VTODO", "UID:k", "DTSTART:20240301T090000Z", "DUE:20240301T170000Z",
            "RRULE:FREQ=DAILY;COUNT=2", "END:VTODO")
        let todos = try RecurrenceSet(master: todo, overrides: [], resolver: nil)
        #expect(
            todos.occurrences(windowStart: nil, windowEnd: nil, limit: 5).map(\.endUTC)
                == [utc(2024, 3, 1, 17), utc(2024, 3, 2, 17)])
    }

    @Test func overridesWithoutMaster() throws {
        let orphan = try component(
            "BEGIN:VEVENT", "UID:l", "RECURRENCE-ID:20240305T090000Z",
            "DTSTART:20240305T100000Z", "DTEND:20240305T110000Z", "END:VEVENT")
        let set = try RecurrenceSet(master: nil, overrides: [orphan], resolver: nil)
        let all = set.occurrences(windowStart: nil, windowEnd: nil, limit: 5)
        #expect(all.map(\.startUTC) == [utc(2024, 3, 5, 10)])
        #expect(all.map(\.overrideIndex) == [0])
        #expect(
            set.bounds
                == OccurrenceBounds(firstStart: utc(2024, 3, 5, 10), lastEnd: utc(2024, 3, 5, 11)))
        #expect(throws: ICalendarError(.missingProperty, "")) {
            try RecurrenceSet(master: nil, overrides: [], resolver: nil)
        }
        #expect(throws: ICalendarError(.missingProperty, "")) {
            try RecurrenceSet(
                master: Component(name: "VEVENT", properties: [Property(name: "UID", value: "m")]),
                overrides: [], resolver: nil)
        }
    }

    @Test func exdateOfTypeDateRemovesTheDay() throws {
        let event = try component(
            "BEGIN:VEVENT", "UID:n", "DTSTART:20240301T090000Z", "RRULE:FREQ=DAILY;COUNT=3",
            "EXDATE;VALUE=DATE:20240302", "END:VEVENT")
        let set = try RecurrenceSet(master: event, overrides: [], resolver: nil)
        #expect(
            set.occurrences(windowStart: nil, windowEnd: nil, limit: 5).map(\.startUTC)
                == [utc(2024, 3, 1, 9), utc(2024, 3, 3, 9)])
    }

    @Test func neverTerminatingRuleIsBounded() throws {
        let event = try component(
            "BEGIN:VEVENT", "UID:o", "DTSTART:20240130T090000Z",
            "RRULE:FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30", "END:VEVENT")
        let set = try RecurrenceSet(master: event, overrides: [], resolver: nil)
        #expect(
            set.occurrences(windowStart: utc(2025, 1, 1), windowEnd: nil, limit: 5).isEmpty)
        #expect(set.bounds == OccurrenceBounds(firstStart: utc(2024, 1, 30, 9), lastEnd: nil))
    }
}
