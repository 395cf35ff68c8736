import ICalendar
import Testing

/// UTC seconds of a UTC wall time.
func utc(_ y: Int, _ mo: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0, _ s: Int = 0) -> Int64 {
    wall(y, mo, d, h, mi, s).secondsSinceEpoch
}

/// A wall time.
func wall(_ y: Int, _ mo: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0, _ s: Int = 0)
    -> CalendarDateTime
{
    CalendarDateTime(
        date: CalendarDate(validYear: y, month: mo, day: d), hour: h, minute: mi, second: s)
}

/// VTIMEZONE fixtures written the way each client writes them.
enum TimeZoneFixtures {
    /// Apple Calendar (macOS/iOS): current US rules only, DTSTART in 2007.
    static let appleNewYork = """
        BEGIN:VTIMEZONE
        TZID:America/New_York
        BEGIN:DAYLIGHT
        TZOFFSETFROM:-0500
        RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
        DTSTART:20070311T020000
        TZNAME:EDT
        TZOFFSETTO:-0400
        END:DAYLIGHT
        BEGIN:STANDARD
        TZOFFSETFROM:-0400
        RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
        DTSTART:20071104T020000
        TZNAME:EST
        TZOFFSETTO:-0500
        END:STANDARD
        END:VTIMEZONE
        """

    /// Thunderbird / Lightning (libical): DTSTART in 1970, X-LIC-LOCATION.
    static let thunderbirdBerlin = """
        BEGIN:VTIMEZONE
        TZID:Europe/Berlin
        X-LIC-LOCATION:Europe/Berlin
        BEGIN:DAYLIGHT
        TZOFFSETFROM:+0100
        TZOFFSETTO:+0200
        TZNAME:CEST
        DTSTART:19700329T020000
        RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
        END:DAYLIGHT
        BEGIN:STANDARD
        TZOFFSETFROM:+0200
        TZOFFSETTO:+0100
        TZNAME:CET
        DTSTART:19701025T030000
        RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
        END:STANDARD
        END:VTIMEZONE
        """

    /// Thunderbird with the Mozilla-prefixed TZID of older Lightning versions.
    static let mozillaNewYork = """
        BEGIN:VTIMEZONE
        TZID:/mozilla.org/20050126_1/America/New_York
        X-LIC-LOCATION:America/New_York
        BEGIN:STANDARD
        TZOFFSETFROM:-0400
        TZOFFSETTO:-0500
        TZNAME:EST
        DTSTART:19701101T020000
        RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11
        END:STANDARD
        BEGIN:DAYLIGHT
        TZOFFSETFROM:-0500
        TZOFFSETTO:-0400
        TZNAME:EDT
        DTSTART:19700308T020000
        RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3
        END:DAYLIGHT
        END:VTIMEZONE
        """

    /// Outlook / Exchange: Windows name, DTSTART 1601, INTERVAL=1, DTSTART not on the rule.
    static let outlookBerlin = """
        BEGIN:VTIMEZONE
        TZID:W. Europe Standard Time
        BEGIN:STANDARD
        DTSTART:16010101T030000
        TZOFFSETFROM:+0200
        TZOFFSETTO:+0100
        RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10
        END:STANDARD
        BEGIN:DAYLIGHT
        DTSTART:16010101T020000
        TZOFFSETFROM:+0100
        TZOFFSETTO:+0200
        RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3
        END:DAYLIGHT
        END:VTIMEZONE
        """

    /// Outlook / Exchange for New York.
    static let outlookNewYork = """
        BEGIN:VTIMEZONE
        TZID:Eastern Standard Time
        BEGIN:STANDARD
        DTSTART:16010101T020000
        TZOFFSETFROM:-0400
        TZOFFSETTO:-0500
        RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=1SU;BYMONTH=11
        END:STANDARD
        BEGIN:DAYLIGHT
        DTSTART:16010101T020000
        TZOFFSETFROM:-0500
        TZOFFSETTO:-0400
        RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=2SU;BYMONTH=3
        END:DAYLIGHT
        END:VTIMEZONE
        """

    /// US Eastern with the rules before and after 2007 (older Apple exports, tzurl.org).
    static let historicalNewYork = """
        BEGIN:VTIMEZONE
        TZID:US-Eastern
        BEGIN:STANDARD
        DTSTART:19671029T020000
        RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU;UNTIL=20061029T060000Z
        TZOFFSETFROM:-0400
        TZOFFSETTO:-0500
        TZNAME:EST
        END:STANDARD
        BEGIN:DAYLIGHT
        DTSTART:19870405T020000
        RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU;UNTIL=20060402T070000Z
        TZOFFSETFROM:-0500
        TZOFFSETTO:-0400
        TZNAME:EDT
        END:DAYLIGHT
        BEGIN:DAYLIGHT
        DTSTART:20070311T020000
        RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
        TZOFFSETFROM:-0500
        TZOFFSETTO:-0400
        TZNAME:EDT
        END:DAYLIGHT
        BEGIN:STANDARD
        DTSTART:20071104T020000
        RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
        TZOFFSETFROM:-0400
        TZOFFSETTO:-0500
        TZNAME:EST
        END:STANDARD
        END:VTIMEZONE
        """

    /// Moscow 1981–1983 written with RDATEs only (as tzdata-generated VTIMEZONEs do).
    static let rdateMoscow = """
        BEGIN:VTIMEZONE
        TZID:Moscow-1980s
        BEGIN:STANDARD
        DTSTART:19700101T000000
        TZOFFSETFROM:+0300
        TZOFFSETTO:+0300
        TZNAME:MSK
        END:STANDARD
        BEGIN:DAYLIGHT
        DTSTART:19810401T000000
        RDATE:19820401T000000,19830401T000000
        TZOFFSETFROM:+0300
        TZOFFSETTO:+0400
        TZNAME:MSD
        END:DAYLIGHT
        BEGIN:STANDARD
        DTSTART:19811001T000000
        RDATE:19821001T000000
        RDATE;VALUE=PERIOD:19831001T000000/PT1H
        TZOFFSETFROM:+0400
        TZOFFSETTO:+0300
        TZNAME:MSK
        END:STANDARD
        END:VTIMEZONE
        """

    /// Australia/Sydney: daylight time across the new year.
    static let sydney = """
        BEGIN:VTIMEZONE
        TZID:Australia/Sydney
        BEGIN:STANDARD
        DTSTART:20080406T030000
        RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU
        TZOFFSETFROM:+1100
        TZOFFSETTO:+1000
        TZNAME:AEST
        END:STANDARD
        BEGIN:DAYLIGHT
        DTSTART:20081005T020000
        RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=1SU
        TZOFFSETFROM:+1000
        TZOFFSETTO:+1100
        TZNAME:AEDT
        END:DAYLIGHT
        END:VTIMEZONE
        """

    /// Australia/Adelaide: half-hour offsets, rules written with a week of BYMONTHDAYs.
    static let adelaide = """
        BEGIN:VTIMEZONE
        TZID:Australia/Adelaide
        BEGIN:STANDARD
        DTSTART:20080406T030000
        RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=SU;BYMONTHDAY=1,2,3,4,5,6,7
        TZOFFSETFROM:+1030
        TZOFFSETTO:+0930
        TZNAME:ACST
        END:STANDARD
        BEGIN:DAYLIGHT
        DTSTART:20081005T020000
        RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=SU;BYMONTHDAY=1,2,3,4,5,6,7
        TZOFFSETFROM:+0930
        TZOFFSETTO:+1030
        TZNAME:ACDT
        END:DAYLIGHT
        END:VTIMEZONE
        """

    /// Only a STANDARD observance (zones without daylight time, as Outlook writes them).
    static let kolkataStandardOnly = """
        BEGIN:VTIMEZONE
        TZID:India Standard Time
        BEGIN:STANDARD
        DTSTART:16010101T000000
        TZOFFSETFROM:+0530
        TZOFFSETTO:+0530
        END:STANDARD
        END:VTIMEZONE
        """

    /// A deliberately wrong "America/New_York": the VTIMEZONE must still win over IANA.
    static let fakeNewYork = """
        BEGIN:VTIMEZONE
        TZID:America/New_York
        BEGIN:STANDARD
        DTSTART:19700101T000000
        TZOFFSETFROM:+0300
        TZOFFSETTO:+0300
        TZNAME:FAKE
        END:STANDARD
        END:VTIMEZONE
        """

    static func definition(_ text: String) throws -> TimeZoneDefinition {
        try TimeZoneDefinition(
            Component(parsing: text.replacingOccurrences(of: "\n", with: "\r\n")))
    }

    static func registry(_ texts: String...) throws -> TimeZoneRegistry {
        TimeZoneRegistry(
            timeZones: try texts.map {
                try Component(parsing: $0.replacingOccurrences(of: "\n", with: "\r\n"))
            })
    }
}

@Suite struct TimeZoneDefinitionTests {
    let hour = 3600

    @Test func appleNewYorkOffsetsAroundBothTransitions() throws {
        let zone = try TimeZoneFixtures.definition(TimeZoneFixtures.appleNewYork)
        #expect(zone.tzid == "America/New_York")
        #expect(zone.observances.count == 2)
        // 2024-03-10 02:00 EST = 07:00Z = 1710054000.
        #expect(zone.utcOffset(atUTC: 1_710_054_000 - 1) == -5 * hour)
        #expect(zone.utcOffset(atUTC: 1_710_054_000) == -4 * hour)
        // 2024-11-03 02:00 EDT = 06:00Z = 1730613600.
        #expect(zone.utcOffset(atUTC: 1_730_613_600 - 1) == -4 * hour)
        #expect(zone.utcOffset(atUTC: 1_730_613_600) == -5 * hour)
        #expect(zone.utcOffset(atUTC: utc(2030, 7, 1)) == -4 * hour)
        #expect(zone.utcOffset(atUTC: utc(2099, 12, 31)) == -5 * hour)
        #expect(zone.observance(atUTC: utc(2024, 7, 1))?.names == ["EDT"])
        #expect(zone.observance(atUTC: utc(2024, 12, 1))?.kind == .standard)
    }

    @Test func appleNewYorkBeforeFirstOnsetUsesFirstOffsetFrom() throws {
        let zone = try TimeZoneFixtures.definition(TimeZoneFixtures.appleNewYork)
        #expect(zone.utcOffset(atUTC: utc(2000, 7, 1)) == -5 * hour)
        #expect(zone.observance(atUTC: utc(2000, 7, 1)) == nil)
    }

    @Test func newYorkGapMovesForwardAndOverlapTakesFirst() throws {
        let zone = try TimeZoneFixtures.definition(TimeZoneFixtures.appleNewYork)
        // 02:30 does not exist on 2024-03-10: read in EST, it is 03:30 EDT = 07:30Z.
        #expect(zone.utcSeconds(forLocal: wall(2024, 3, 10, 2, 30)) == utc(2024, 3, 10, 7, 30))
        #expect(zone.utcSeconds(forLocal: wall(2024, 3, 10, 1, 59, 59)) == 1_710_054_000 - 1)
        #expect(zone.utcSeconds(forLocal: wall(2024, 3, 10, 3, 0)) == 1_710_054_000)
        // 01:30 on 2024-11-03 happens twice: the first, in EDT, is 05:30Z.
        #expect(zone.utcSeconds(forLocal: wall(2024, 11, 3, 1, 30)) == utc(2024, 11, 3, 5, 30))
        #expect(zone.utcSeconds(forLocal: wall(2024, 11, 3, 0, 59)) == utc(2024, 11, 3, 4, 59))
        #expect(zone.utcSeconds(forLocal: wall(2024, 11, 3, 2, 0)) == 1_730_613_600 + 3600)
        #expect(zone.utcSeconds(forLocal: wall(2024, 7, 4, 12, 0)) == utc(2024, 7, 4, 16, 0))
        #expect(zone.utcSeconds(forLocal: wall(2024, 1, 15, 9, 0)) == utc(2024, 1, 15, 14, 0))
    }

    @Test func thunderbirdBerlinOffsetsGapAndOverlap() throws {
        let zone = try TimeZoneFixtures.definition(TimeZoneFixtures.thunderbirdBerlin)
        #expect(zone.location == "Europe/Berlin")
        // 2024-03-31 02:00 CET = 01:00Z = 1711846800; 2024-10-27 03:00 CEST = 01:00Z = 1729990800.
        #expect(zone.utcOffset(atUTC: 1_711_846_800 - 1) == hour)
        #expect(zone.utcOffset(atUTC: 1_711_846_800) == 2 * hour)
        #expect(zone.utcOffset(atUTC: 1_729_990_800 - 1) == 2 * hour)
        #expect(zone.utcOffset(atUTC: 1_729_990_800) == hour)
        #expect(zone.utcSeconds(forLocal: wall(2024, 3, 31, 2, 30)) == utc(2024, 3, 31, 1, 30))
        #expect(zone.utcSeconds(forLocal: wall(2024, 10, 27, 2, 30)) == utc(2024, 10, 27, 0, 30))
        #expect(zone.utcSeconds(forLocal: wall(2024, 10, 27, 3, 0)) == utc(2024, 10, 27, 2, 0))
        // 1970s onsets come from the same rule: 1980-03-30 is the last Sunday of March 1980.
        #expect(zone.utcOffset(atUTC: utc(1980, 3, 30, 0, 59)) == hour)
        #expect(zone.utcOffset(atUTC: utc(1980, 3, 30, 1, 0)) == 2 * hour)
    }

    @Test func outlookDefinitionsFrom1601() throws {
        let berlin = try TimeZoneFixtures.definition(TimeZoneFixtures.outlookBerlin)
        #expect(berlin.utcOffset(atUTC: 1_711_846_800 - 1) == hour)
        #expect(berlin.utcOffset(atUTC: 1_711_846_800) == 2 * hour)
        #expect(berlin.utcOffset(atUTC: 1_729_990_800 - 1) == 2 * hour)
        #expect(berlin.utcOffset(atUTC: 1_729_990_800) == hour)
        #expect(berlin.utcOffset(atUTC: utc(1700, 7, 1)) == 2 * hour)
        let newYork = try TimeZoneFixtures.definition(TimeZoneFixtures.outlookNewYork)
        #expect(newYork.utcOffset(atUTC: 1_710_054_000 - 1) == -5 * hour)
        #expect(newYork.utcOffset(atUTC: 1_710_054_000) == -4 * hour)
        #expect(newYork.utcOffset(atUTC: 1_730_613_600 - 1) == -4 * hour)
        #expect(newYork.utcOffset(atUTC: 1_730_613_600) == -5 * hour)
        #expect(newYork.utcSeconds(forLocal: wall(2024, 3, 10, 2, 30)) == utc(2024, 3, 10, 7, 30))
        #expect(newYork.utcSeconds(forLocal: wall(2024, 11, 3, 1, 30)) == utc(2024, 11, 3, 5, 30))
    }

    @Test func historicalRulesWithUntil() throws {
        let zone = try TimeZoneFixtures.definition(TimeZoneFixtures.historicalNewYork)
        // 2006: old rules, first Sunday of April to last Sunday of October.
        #expect(zone.utcOffset(atUTC: utc(2006, 4, 2, 6, 59, 59)) == -5 * hour)
        #expect(zone.utcOffset(atUTC: utc(2006, 4, 2, 7, 0)) == -4 * hour)
        #expect(zone.utcOffset(atUTC: utc(2006, 10, 29, 5, 59, 59)) == -4 * hour)
        #expect(zone.utcOffset(atUTC: utc(2006, 10, 29, 6, 0)) == -5 * hour)
        #expect(zone.utcOffset(atUTC: utc(2006, 11, 2)) == -5 * hour)
        #expect(zone.utcOffset(atUTC: utc(1990, 7, 1)) == -4 * hour)
        #expect(zone.utcOffset(atUTC: utc(1990, 12, 1)) == -5 * hour)
        // 2007: new rules; the old ones ended with UNTIL and must not fire again.
        #expect(zone.utcOffset(atUTC: utc(2007, 3, 11, 6, 59, 59)) == -5 * hour)
        #expect(zone.utcOffset(atUTC: utc(2007, 3, 11, 7, 0)) == -4 * hour)
        #expect(zone.utcOffset(atUTC: utc(2007, 10, 28, 12, 0)) == -4 * hour)
        #expect(zone.utcOffset(atUTC: utc(2007, 11, 4, 5, 59, 59)) == -4 * hour)
        #expect(zone.utcOffset(atUTC: utc(2007, 11, 4, 6, 0)) == -5 * hour)
        #expect(zone.utcOffset(atUTC: utc(2008, 4, 1)) == -4 * hour)
        // 2006-04-02 02:30 does not exist; 2006-10-29 01:30 happens twice.
        #expect(zone.utcSeconds(forLocal: wall(2006, 4, 2, 2, 30)) == utc(2006, 4, 2, 7, 30))
        #expect(zone.utcSeconds(forLocal: wall(2006, 10, 29, 1, 30)) == utc(2006, 10, 29, 5, 30))
    }

    @Test func rdateOnlyObservances() throws {
        let zone = try TimeZoneFixtures.definition(TimeZoneFixtures.rdateMoscow)
        #expect(zone.observances[1].recurrenceDates.count == 2)
        #expect(zone.observances[2].recurrenceDates == [wall(1982, 10, 1), wall(1983, 10, 1)])
        #expect(zone.utcOffset(atUTC: utc(1980, 7, 1)) == 3 * hour)
        // 1981-04-01 00:00 MSK = 1981-03-31 21:00Z.
        #expect(zone.utcOffset(atUTC: utc(1981, 3, 31, 20, 59, 59)) == 3 * hour)
        #expect(zone.utcOffset(atUTC: utc(1981, 3, 31, 21, 0)) == 4 * hour)
        // 1982-10-01 00:00 MSD = 1982-09-30 20:00Z.
        #expect(zone.utcOffset(atUTC: utc(1982, 9, 30, 19, 59, 59)) == 4 * hour)
        #expect(zone.utcOffset(atUTC: utc(1982, 9, 30, 20, 0)) == 3 * hour)
        #expect(zone.utcOffset(atUTC: utc(1983, 7, 1)) == 4 * hour)
        #expect(zone.utcOffset(atUTC: utc(1983, 12, 1)) == 3 * hour)
        #expect(zone.utcOffset(atUTC: utc(1984, 7, 1)) == 3 * hour)
        let changes = zone.offsetChanges(from: utc(1981, 1, 1), to: utc(1984, 1, 1))
        #expect(
            changes.map(\.utc) == [
                utc(1981, 3, 31, 21), utc(1981, 9, 30, 20), utc(1982, 3, 31, 21),
                utc(1982, 9, 30, 20), utc(1983, 3, 31, 21), utc(1983, 9, 30, 20),
            ])
        #expect(changes.map(\.offset) == [4, 3, 4, 3, 4, 3].map { $0 * hour })
    }

    @Test func southernHemisphere() throws {
        let zone = try TimeZoneFixtures.definition(TimeZoneFixtures.sydney)
        #expect(zone.utcOffset(atUTC: utc(2024, 1, 15)) == 11 * hour)
        #expect(zone.utcOffset(atUTC: utc(2024, 7, 1)) == 10 * hour)
        // 2024-04-07 03:00 AEDT = 2024-04-06 16:00Z; 2024-10-06 02:00 AEST = 2024-10-05 16:00Z.
        #expect(zone.utcOffset(atUTC: 1_712_419_200 - 1) == 11 * hour)
        #expect(zone.utcOffset(atUTC: 1_712_419_200) == 10 * hour)
        #expect(zone.utcOffset(atUTC: 1_728_144_000 - 1) == 10 * hour)
        #expect(zone.utcOffset(atUTC: 1_728_144_000) == 11 * hour)
        #expect(zone.utcOffset(atUTC: utc(2024, 12, 31, 23)) == 11 * hour)
        #expect(zone.utcSeconds(forLocal: wall(2024, 4, 7, 2, 30)) == utc(2024, 4, 6, 15, 30))
        #expect(zone.utcSeconds(forLocal: wall(2024, 10, 6, 2, 30)) == utc(2024, 10, 5, 16, 30))
        #expect(zone.utcSeconds(forLocal: wall(2025, 1, 1, 0, 0)) == utc(2024, 12, 31, 13, 0))
    }

    @Test func halfHourOffsetsWithMonthDayWeek() throws {
        let zone = try TimeZoneFixtures.definition(TimeZoneFixtures.adelaide)
        let halfHour = 1800
        // 2024-04-07 03:00 ACDT = 2024-04-06 16:30Z = 1712421000.
        #expect(zone.utcOffset(atUTC: 1_712_421_000 - 1) == 21 * halfHour)
        #expect(zone.utcOffset(atUTC: 1_712_421_000) == 19 * halfHour)
        // 2024-10-06 02:00 ACST = 2024-10-05 16:30Z.
        #expect(zone.utcOffset(atUTC: utc(2024, 10, 5, 16, 29, 59)) == 19 * halfHour)
        #expect(zone.utcOffset(atUTC: utc(2024, 10, 5, 16, 30)) == 21 * halfHour)
        // 02:15 does not exist: read in +0930 it is 16:45Z, shown as 03:15 ACDT.
        #expect(zone.utcSeconds(forLocal: wall(2024, 10, 6, 2, 15)) == utc(2024, 10, 5, 16, 45))
        let kolkata = try TimeZoneFixtures.definition(TimeZoneFixtures.kolkataStandardOnly)
        #expect(kolkata.utcOffset(atUTC: utc(2024, 6, 1)) == 11 * halfHour)
        #expect(kolkata.utcOffset(atUTC: utc(1500, 6, 1)) == 11 * halfHour)
        #expect(kolkata.utcSeconds(forLocal: wall(2024, 6, 1, 9, 0)) == utc(2024, 6, 1, 3, 30))
    }

    @Test func countBoundsRule() throws {
        let text = """
            BEGIN:VTIMEZONE
            TZID:Counted
            BEGIN:STANDARD
            DTSTART:20001029T020000
            RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU;COUNT=3
            TZOFFSETFROM:+0200
            TZOFFSETTO:+0100
            END:STANDARD
            BEGIN:DAYLIGHT
            DTSTART:20000326T020000
            RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;COUNT=3
            TZOFFSETFROM:+0100
            TZOFFSETTO:+0200
            END:DAYLIGHT
            END:VTIMEZONE
            """
        let zone = try TimeZoneFixtures.definition(text)
        // Instances 2000, 2001, 2002; none in 2003, so summer 2003 stays +0100.
        #expect(zone.utcOffset(atUTC: utc(2002, 7, 1)) == 2 * 3600)
        #expect(zone.utcOffset(atUTC: utc(2002, 12, 1)) == 3600)
        #expect(zone.utcOffset(atUTC: utc(2003, 7, 1)) == 3600)
    }

    @Test func rejectsComponentsThatAreNotTimeZones() throws {
        #expect(throws: ICalendarError(.invalidComponent, "")) {
            try TimeZoneDefinition(Component(name: "VEVENT"))
        }
        #expect(throws: ICalendarError(.missingProperty, "")) {
            try TimeZoneDefinition(Component(name: "VTIMEZONE"))
        }
        let empty = Component(
            name: "VTIMEZONE", properties: [Property(name: "TZID", value: "Nowhere")])
        #expect(throws: ICalendarError(.invalidComponent, "")) {
            try TimeZoneDefinition(empty)
        }
        let noStart = Component(
            name: "VTIMEZONE", properties: [Property(name: "TZID", value: "Nowhere")],
            components: [
                Component(
                    name: "STANDARD", properties: [Property(name: "TZOFFSETTO", value: "+0100")])
            ])
        #expect(throws: ICalendarError(.missingProperty, "")) {
            try TimeZoneDefinition(noStart)
        }
    }
}
