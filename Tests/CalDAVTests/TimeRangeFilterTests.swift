import CalDAV
import ICalendar
import Testing

/// RFC 4791 §9.9: each row of the VEVENT, VTODO, VJOURNAL and VFREEBUSY tables, with ranges just
/// inside and just outside; VALARM triggers; recurring sets.
@Suite struct TimeRangeFilterTests {
    /// Whether a `name` component with `body` matches a time-range `[start, end)` comp-filter.
    func hits(
        _ name: String, _ body: String, _ start: String, _ end: String, timeZone: String? = nil
    ) throws -> Bool {
        let object = try calendar("BEGIN:\(name)\nUID:x\n\(body)\nEND:\(name)")
        let query = try filter(
            """
            <C:comp-filter name="VCALENDAR"><C:comp-filter name="\(name)">\
            <C:time-range start="\(start)" end="\(end)"/></C:comp-filter></C:comp-filter>
            """)
        return query.matches(object, resolver: FixedZones(), timeZone: timeZone)
    }

    // MARK: VEVENT

    @Test func eventWithDTEND() throws {
        let body = "DTSTART:20060104T100000Z\nDTEND:20060104T110000Z"
        #expect(try hits("VEVENT", body, "20060104T105959Z", "20060104T120000Z"))
        #expect(try !hits("VEVENT", body, "20060104T110000Z", "20060104T120000Z"))
        #expect(try !hits("VEVENT", body, "20060104T090000Z", "20060104T100000Z"))
        #expect(try hits("VEVENT", body, "20060104T090000Z", "20060104T100001Z"))
    }

    @Test func eventWithPositiveDuration() throws {
        let body = "DTSTART:20060104T100000Z\nDURATION:PT1H"
        #expect(try hits("VEVENT", body, "20060104T105959Z", "20060104T120000Z"))
        #expect(try !hits("VEVENT", body, "20060104T110000Z", "20060104T120000Z"))
        #expect(try !hits("VEVENT", body, "20060104T090000Z", "20060104T100000Z"))
    }

    @Test func eventWithZeroDuration() throws {
        let body = "DTSTART:20060104T100000Z\nDURATION:PT0S"
        #expect(try hits("VEVENT", body, "20060104T100000Z", "20060104T100001Z"))
        #expect(try !hits("VEVENT", body, "20060104T100001Z", "20060104T110000Z"))
        #expect(try !hits("VEVENT", body, "20060104T090000Z", "20060104T100000Z"))
    }

    @Test func eventWithDateTimeStartOnly() throws {
        let body = "DTSTART:20060104T100000Z"
        #expect(try hits("VEVENT", body, "20060104T100000Z", "20060104T100001Z"))
        #expect(try !hits("VEVENT", body, "20060104T100001Z", "20060104T110000Z"))
        #expect(try !hits("VEVENT", body, "20060104T000000Z", "20060104T100000Z"))
    }

    @Test func allDayEventLastsOneDay() throws {
        let body = "DTSTART;VALUE=DATE:20060104"
        #expect(try hits("VEVENT", body, "20060104T235959Z", "20060105T120000Z"))
        #expect(try !hits("VEVENT", body, "20060105T000000Z", "20060106T000000Z"))
        #expect(try !hits("VEVENT", body, "20060103T000000Z", "20060104T000000Z"))
    }

    @Test func floatingTimesAreReadInTheQueryTimeZone() throws {
        let body = "DTSTART:20060104T100000\nDURATION:PT1H"
        #expect(
            try hits(
                "VEVENT", body, "20060104T093000Z", "20060104T094500Z", timeZone: "Europe/Berlin"))
        #expect(try !hits("VEVENT", body, "20060104T093000Z", "20060104T094500Z"))
        #expect(try hits("VEVENT", body, "20060104T103000Z", "20060104T104500Z"))
    }

    @Test func openEndedRanges() throws {
        let object = try calendar(
            "BEGIN:VEVENT\nUID:x\nDTSTART:20060104T100000Z\nDURATION:PT1H\nEND:VEVENT")
        func query(_ attributes: String) throws -> CompFilter {
            try filter(
                "<C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VEVENT\"><C:time-range \(attributes)/></C:comp-filter></C:comp-filter>"
            )
        }
        #expect(try query("start=\"20060104T105959Z\"").matches(object, resolver: nil))
        #expect(try !query("start=\"20060104T110000Z\"").matches(object, resolver: nil))
        #expect(try query("end=\"20060104T100001Z\"").matches(object, resolver: nil))
        #expect(try !query("end=\"20060104T100000Z\"").matches(object, resolver: nil))
    }

    // MARK: VTODO (the eight rows)

    @Test func todoWithStartAndDuration() throws {
        let body = "DTSTART:20060104T100000Z\nDURATION:PT1H"
        #expect(try hits("VTODO", body, "20060104T110000Z", "20060104T120000Z"))
        #expect(try !hits("VTODO", body, "20060104T110001Z", "20060104T120000Z"))
        #expect(try !hits("VTODO", body, "20060104T090000Z", "20060104T100000Z"))
        #expect(try hits("VTODO", body, "20060104T090000Z", "20060104T100001Z"))
    }

    @Test func todoWithStartAndDue() throws {
        let body = "DTSTART:20060104T100000Z\nDUE:20060104T110000Z"
        #expect(try hits("VTODO", body, "20060104T105959Z", "20060104T120000Z"))
        #expect(try !hits("VTODO", body, "20060104T110000Z", "20060104T120000Z"))
        #expect(try !hits("VTODO", body, "20060104T090000Z", "20060104T100000Z"))
        #expect(try hits("VTODO", body, "20060104T090000Z", "20060104T100001Z"))
    }

    @Test func todoWithStartOnly() throws {
        let body = "DTSTART:20060104T100000Z"
        #expect(try hits("VTODO", body, "20060104T100000Z", "20060104T100001Z"))
        #expect(try !hits("VTODO", body, "20060104T100001Z", "20060104T110000Z"))
        #expect(try !hits("VTODO", body, "20060104T090000Z", "20060104T100000Z"))
    }

    @Test func todoWithDueOnly() throws {
        let body = "DUE:20060104T110000Z"
        #expect(try hits("VTODO", body, "20060104T100000Z", "20060104T110000Z"))
        #expect(try !hits("VTODO", body, "20060104T110000Z", "20060104T120000Z"))
        #expect(try !hits("VTODO", body, "20060104T100000Z", "20060104T105959Z"))
    }

    @Test func todoWithCompletedAndCreated() throws {
        let body = "CREATED:20060101T000000Z\nCOMPLETED:20060105T000000Z"
        #expect(try hits("VTODO", body, "20060102T000000Z", "20060103T000000Z"))
        #expect(try !hits("VTODO", body, "20060105T000001Z", "20060107T000000Z"))
        #expect(try !hits("VTODO", body, "20051201T000000Z", "20051231T235959Z"))
        #expect(try hits("VTODO", body, "20051201T000000Z", "20060101T000000Z"))
    }

    @Test func todoWithCompletedOnly() throws {
        let body = "COMPLETED:20060105T000000Z"
        #expect(try hits("VTODO", body, "20060104T000000Z", "20060105T000000Z"))
        #expect(try hits("VTODO", body, "20060105T000000Z", "20060106T000000Z"))
        #expect(try !hits("VTODO", body, "20060105T000001Z", "20060106T000000Z"))
        #expect(try !hits("VTODO", body, "20060104T000000Z", "20060104T235959Z"))
    }

    @Test func todoWithCreatedOnly() throws {
        let body = "CREATED:20060101T000000Z"
        #expect(try !hits("VTODO", body, "20051201T000000Z", "20060101T000000Z"))
        #expect(try hits("VTODO", body, "20051201T000000Z", "20060101T000001Z"))
        #expect(try hits("VTODO", body, "20300101T000000Z", "20300102T000000Z"))
    }

    @Test func todoWithNoDatesAlwaysOverlaps() throws {
        #expect(try hits("VTODO", "SUMMARY:x", "19000101T000000Z", "19000102T000000Z"))
    }

    // MARK: VJOURNAL, VFREEBUSY

    @Test func journals() throws {
        #expect(
            try hits("VJOURNAL", "DTSTART:20060104T100000Z", "20060104T100000Z", "20060104T100001Z")
        )
        #expect(
            try !hits(
                "VJOURNAL", "DTSTART:20060104T100000Z", "20060104T100001Z", "20060105T000000Z"))
        #expect(
            try hits(
                "VJOURNAL", "DTSTART;VALUE=DATE:20060104", "20060104T235959Z", "20060105T000000Z"))
        #expect(
            try !hits(
                "VJOURNAL", "DTSTART;VALUE=DATE:20060104", "20060105T000000Z", "20060106T000000Z"))
        #expect(try !hits("VJOURNAL", "SUMMARY:no start", "19000101T000000Z", "20991231T000000Z"))
    }

    @Test func freeBusyComponents() throws {
        let bounded = "DTSTART:20060101T000000Z\nDTEND:20060108T000000Z"
        #expect(try hits("VFREEBUSY", bounded, "20060108T000000Z", "20060109T000000Z"))
        #expect(try !hits("VFREEBUSY", bounded, "20060108T000001Z", "20060109T000000Z"))
        let periods = "FREEBUSY:20060103T100000Z/PT2H"
        #expect(try hits("VFREEBUSY", periods, "20060103T115959Z", "20060104T000000Z"))
        #expect(try !hits("VFREEBUSY", periods, "20060103T120000Z", "20060104T000000Z"))
        #expect(try !hits("VFREEBUSY", "SUMMARY:empty", "19000101T000000Z", "20991231T000000Z"))
    }

    // MARK: Recurrence

    @Test func overrideMovedOutOfTheRange() throws {
        let object = try calendar(
            """
            BEGIN:VEVENT
            UID:r
            DTSTART:20060102T100000Z
            DURATION:PT1H
            RRULE:FREQ=DAILY;COUNT=5
            END:VEVENT
            BEGIN:VEVENT
            UID:r
            RECURRENCE-ID:20060104T100000Z
            DTSTART:20060110T100000Z
            DURATION:PT1H
            END:VEVENT
            """)
        func hit(_ start: String, _ end: String) throws -> Bool {
            try filter(
                """
                <C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">\
                <C:time-range start="\(start)" end="\(end)"/></C:comp-filter></C:comp-filter>
                """
            ).matches(object, resolver: nil)
        }
        #expect(try !hit("20060104T000000Z", "20060105T000000Z"))
        #expect(try hit("20060110T103000Z", "20060110T120000Z"))
        #expect(try hit("20060105T000000Z", "20060106T000000Z"))
        #expect(try !hit("20060107T000000Z", "20060110T000000Z"))
    }

    @Test func overrideMovedIntoTheRange() throws {
        let object = try calendar(
            """
            BEGIN:VEVENT
            UID:r
            DTSTART:20060102T100000Z
            DURATION:PT1H
            RRULE:FREQ=DAILY;COUNT=3
            END:VEVENT
            BEGIN:VEVENT
            UID:r
            RECURRENCE-ID:20060103T100000Z
            DTSTART:20060120T100000Z
            DURATION:PT1H
            SUMMARY:moved
            END:VEVENT
            """)
        let range = "<C:time-range start=\"20060120T000000Z\" end=\"20060121T000000Z\"/>"
        let moved = try filter(
            "<C:comp-filter name=\"VCALENDAR\"><C:comp-filter name=\"VEVENT\">\(range)</C:comp-filter></C:comp-filter>"
        )
        #expect(moved.matches(object, resolver: nil))
        // The time range and the SUMMARY test must hold for the same component.
        let withSummary = try filter(
            """
            <C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">\(range)\
            <C:prop-filter name="SUMMARY"><C:text-match>moved</C:text-match></C:prop-filter>\
            </C:comp-filter></C:comp-filter>
            """)
        #expect(withSummary.matches(object, resolver: nil))
        let withoutSummary = try filter(
            """
            <C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">\
            <C:time-range start="20060102T000000Z" end="20060103T000000Z"/>\
            <C:prop-filter name="SUMMARY"><C:text-match>moved</C:text-match></C:prop-filter>\
            </C:comp-filter></C:comp-filter>
            """)
        #expect(!withoutSummary.matches(object, resolver: nil))
    }

    @Test func infiniteDailySeriesMatchesIn2030() throws {
        let body = "DTSTART:20200101T090000Z\nDURATION:PT30M\nRRULE:FREQ=DAILY"
        #expect(try hits("VEVENT", body, "20300615T000000Z", "20300616T000000Z"))
        #expect(try hits("VEVENT", body, "20300615T092959Z", "20300615T100000Z"))
        #expect(try !hits("VEVENT", body, "20300615T093000Z", "20300616T090000Z"))
    }

    @Test func recurringTimeZonedSeries() throws {
        let object = try Component(parsing: RFC4791Examples.abcd2)
        let query = try filter(
            """
            <C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">\
            <C:time-range start="20060104T190000Z" end="20060104T190100Z"/></C:comp-filter></C:comp-filter>
            """)
        #expect(query.matches(object, resolver: FixedZones()))
        let original = try filter(
            """
            <C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">\
            <C:time-range start="20060104T170000Z" end="20060104T180000Z"/></C:comp-filter></C:comp-filter>
            """)
        #expect(!original.matches(object, resolver: FixedZones()))
    }

    // MARK: VALARM

    func alarmHits(_ event: String, _ alarm: String, _ start: String, _ end: String) throws -> Bool
    {
        let object = try calendar(
            "BEGIN:VEVENT\nUID:a\n\(event)\nBEGIN:VALARM\nACTION:DISPLAY\n\(alarm)\nEND:VALARM\nEND:VEVENT"
        )
        return try filter(
            """
            <C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"><C:comp-filter name="VALARM">\
            <C:time-range start="\(start)" end="\(end)"/></C:comp-filter></C:comp-filter></C:comp-filter>
            """
        ).matches(object, resolver: nil)
    }

    @Test func alarmRelativeToStart() throws {
        let event = "DTSTART:20060104T100000Z\nDURATION:PT1H"
        #expect(try alarmHits(event, "TRIGGER:-PT15M", "20060104T094500Z", "20060104T094501Z"))
        #expect(try !alarmHits(event, "TRIGGER:-PT15M", "20060104T094501Z", "20060104T100000Z"))
        #expect(try !alarmHits(event, "TRIGGER:-PT15M", "20060104T090000Z", "20060104T094500Z"))
    }

    @Test func alarmRelativeToEnd() throws {
        let event = "DTSTART:20060104T100000Z\nDURATION:PT1H"
        #expect(
            try alarmHits(event, "TRIGGER;RELATED=END:PT5M", "20060104T110500Z", "20060104T110600Z")
        )
        #expect(
            try !alarmHits(
                event, "TRIGGER;RELATED=END:PT5M", "20060104T100500Z", "20060104T110459Z"))
    }

    @Test func absoluteAlarm() throws {
        let event = "DTSTART:20060104T100000Z"
        let trigger = "TRIGGER;VALUE=DATE-TIME:20060103T120000Z"
        #expect(try alarmHits(event, trigger, "20060103T120000Z", "20060103T120001Z"))
        #expect(try !alarmHits(event, trigger, "20060104T000000Z", "20060105T000000Z"))
    }

    @Test func repeatingAlarm() throws {
        let event = "DTSTART:20060104T100000Z"
        let alarm = "TRIGGER:-PT15M\nREPEAT:2\nDURATION:PT5M"
        #expect(try alarmHits(event, alarm, "20060104T095400Z", "20060104T095600Z"))
        #expect(try !alarmHits(event, alarm, "20060104T095600Z", "20060104T100000Z"))
        #expect(try !alarmHits(event, alarm, "20060104T094600Z", "20060104T095000Z"))
    }

    @Test func alarmOfEveryInstanceOfARecurringEvent() throws {
        let event = "DTSTART:20200101T100000Z\nDURATION:PT1H\nRRULE:FREQ=DAILY"
        #expect(try alarmHits(event, "TRIGGER:-PT15M", "20300615T094500Z", "20300615T094600Z"))
        #expect(try !alarmHits(event, "TRIGGER:-PT15M", "20300615T094600Z", "20300616T094500Z"))
    }

    @Test func prefilterNamesTheComponentAndRange() throws {
        let query = try filter(
            """
            <C:comp-filter name="VCALENDAR"><C:comp-filter name="VTODO">\
            <C:time-range start="20060104T000000Z" end="20060105T000000Z"/></C:comp-filter></C:comp-filter>
            """)
        #expect(query.prefilter.component == "VTODO")
        #expect(query.prefilter.range == TimeRange(start: 1_136_332_800, end: 1_136_419_200))
        #expect(try filter("<C:comp-filter name=\"VCALENDAR\"/>").prefilter.component == nil)
    }
}
