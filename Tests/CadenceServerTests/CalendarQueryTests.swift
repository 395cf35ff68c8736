import Foundation
import Testing
import WebDAV

/// Calendar queries through the whole stack: time ranges on a zoned recurring event, expansion,
/// free-busy, pending versus completed to-dos, text-match (RFC 4791 §7.8–§7.10, §9.7–§9.9).
@Suite struct CalendarQueryTests {
    static func timeRangeQuery(_ component: String, _ start: String, _ end: String) -> String {
        """
        <?xml version="1.0" encoding="utf-8"?>
        <C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
          <D:prop><D:getetag/></D:prop>
          <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="\(component)">
            <C:time-range start="\(start)" end="\(end)"/>
          </C:comp-filter></C:comp-filter></C:filter>
        </C:calendar-query>
        """
    }

    static func filterQuery(_ filter: String, data: Bool = false) -> String {
        """
        <?xml version="1.0" encoding="utf-8"?>
        <C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
          <D:prop><D:getetag/>\(data ? "<C:calendar-data/>" : "")</D:prop>
          <C:filter><C:comp-filter name="VCALENDAR">\(filter)</C:comp-filter></C:filter>
        </C:calendar-query>
        """
    }

    static let yearly = Paths.object("alice", "crm-tasks", "yearly.ics")

    /// The hrefs of alice's VEVENTs overlapping a time range.
    static func hits(_ alice: DAVTestClient, _ start: String, _ end: String) async throws
        -> [String]
    {
        let reply = try await alice.report(
            Paths.calendar("alice"), timeRangeQuery("VEVENT", start, end))
        #expect(reply.status == 207)
        return try reply.multiStatus().hrefs
    }

    /// The hrefs of alice's VEVENTs whose SUMMARY matches (or, negated, does not match) `text`.
    static func summaryMatches(_ alice: DAVTestClient, _ text: String, negate: Bool) async throws
        -> [String]
    {
        let negation = negate ? " negate-condition=\"yes\"" : ""
        let reply = try await alice.report(
            Paths.calendar("alice"),
            filterQuery(
                """
                <C:comp-filter name="VEVENT"><C:prop-filter name="SUMMARY">
                <C:text-match\(negation)>\(text)</C:text-match>
                </C:prop-filter></C:comp-filter>
                """, data: true))
        #expect(reply.status == 207)
        return try reply.multiStatus().hrefs.sorted()
    }

    @Test(arguments: StoreKind.allCases) func recurringZonedEventMatchedInLaterYearOnly(
        store: StoreKind
    ) async throws {
        try await TestServer.run(store) { server in
            let alice = server.dav("alice")
            let put = try await alice.put(Self.yearly, ICS.yearlyBerlin)
            #expect(put.status == 201)
            // 5 January 2027, 10:00 Berlin = 09:00Z.
            #expect(
                try await Self.hits(alice, "20270105T000000Z", "20270106T000000Z") == [Self.yearly])
            #expect(
                try await Self.hits(alice, "20270105T085900Z", "20270105T090100Z") == [Self.yearly])
            #expect(try await Self.hits(alice, "20270105T100000Z", "20270106T000000Z") == [])
            #expect(try await Self.hits(alice, "20270105T000000Z", "20270105T090000Z") == [])
            #expect(try await Self.hits(alice, "20230101T000000Z", "20240104T000000Z") == [])
            #expect(try await Self.hits(alice, "20270106T000000Z", "20280104T000000Z") == [])
        }
    }

    @Test(arguments: StoreKind.allCases) func expandReturnsInstancesInUTC(store: StoreKind)
        async throws
    {
        try await TestServer.run(store) { server in
            let alice = server.dav("alice")
            #expect(try await alice.put(Self.yearly, ICS.yearlyBerlin).status == 201)
            let query = """
                <?xml version="1.0" encoding="utf-8"?>
                <C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
                  <D:prop><C:calendar-data>
                    <C:expand start="20250101T000000Z" end="20270101T000000Z"/>
                  </C:calendar-data></D:prop>
                  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
                    <C:time-range start="20250101T000000Z" end="20270101T000000Z"/>
                  </C:comp-filter></C:comp-filter></C:filter>
                </C:calendar-query>
                """
            let reply = try await alice.report(Paths.calendar("alice"), query)
            let data = try #require(
                try reply.multiStatus().response(Self.yearly)?.property(.caldav("calendar-data"))?
                    .text)
            #expect(data.components(separatedBy: "BEGIN:VEVENT").count - 1 == 2)
            for line in [
                "RECURRENCE-ID:20250105T090000Z", "DTSTART:20250105T090000Z",
                "DTEND:20250105T100000Z", "RECURRENCE-ID:20260105T090000Z",
                "DTSTART:20260105T090000Z", "DTEND:20260105T100000Z",
            ] {
                #expect(data.contains(line + "\r\n"), "missing \(line)")
            }
            #expect(!data.contains("RRULE"))
            #expect(!data.contains("TZID"))
            #expect(!data.contains("VTIMEZONE"))
        }
    }

    @Test(arguments: StoreKind.allCases) func freeBusyQuery(store: StoreKind) async throws {
        try await TestServer.run(store) { server in
            let alice = server.dav("alice")
            #expect(try await alice.put(Self.yearly, ICS.yearlyBerlin).status == 201)
            #expect(
                try await alice.put(
                    Paths.object("alice", "crm-tasks", "utc.ics"),
                    ICS.event(uid: "utc", start: "20270105T140000Z", end: "20270105T153000Z")
                ).status == 201)
            let query = """
                <?xml version="1.0" encoding="utf-8"?>
                <C:free-busy-query xmlns:C="urn:ietf:params:xml:ns:caldav">
                  <C:time-range start="20270105T000000Z" end="20270106T000000Z"/>
                </C:free-busy-query>
                """
            let reply = try await alice.report(Paths.calendar("alice"), query)
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type")?.hasPrefix("text/calendar") == true)
            let text = reply.text
            #expect(text.contains("BEGIN:VFREEBUSY\r\n"))
            #expect(text.contains("DTSTART:20270105T000000Z\r\n"))
            #expect(text.contains("DTEND:20270106T000000Z\r\n"))
            // Periods as start/duration (RFC 5545 §3.3.9); 10:00 Berlin is 09:00Z in January.
            let periods = text.components(separatedBy: "\r\n").filter { $0.hasPrefix("FREEBUSY") }
            #expect(
                periods == [
                    "FREEBUSY:20270105T090000Z/PT1H", "FREEBUSY:20270105T140000Z/PT1H30M",
                ])
        }
    }

    @Test(arguments: StoreKind.allCases) func pendingAndCompletedTodos(store: StoreKind)
        async throws
    {
        try await TestServer.run(store) { server in
            let alice = server.dav("alice")
            let open = Paths.object("alice", "crm-tasks", "open.ics")
            let done = Paths.object("alice", "crm-tasks", "done.ics")
            #expect(try await alice.put(open, ICS.todo(uid: "open", summary: "Call")).status == 201)
            #expect(
                try await alice.put(done, ICS.todo(uid: "done", summary: "Mail", completed: true))
                    .status == 201)
            #expect(
                try await alice.put(
                    Paths.object("alice", "crm-tasks", "ev.ics"), ICS.event(uid: "ev")
                )
                .status == 201)
            let pending = try await alice.report(
                Paths.calendar("alice"),
                Self.filterQuery(
                    """
                    <C:comp-filter name="VTODO"><C:prop-filter name="COMPLETED"><C:is-not-defined/>
                    </C:prop-filter><C:prop-filter name="STATUS"><C:text-match negate-condition="yes"
                    >CANCELLED</C:text-match></C:prop-filter></C:comp-filter>
                    """))
            #expect(try pending.multiStatus().hrefs == [open])
            let completed = try await alice.report(
                Paths.calendar("alice"),
                Self.filterQuery(
                    """
                    <C:comp-filter name="VTODO"><C:prop-filter name="STATUS">
                    <C:text-match collation="i;ascii-casemap">COMPLETED</C:text-match>
                    </C:prop-filter></C:comp-filter>
                    """))
            #expect(try completed.multiStatus().hrefs == [done])
            let all = try await alice.report(
                Paths.calendar("alice"), Self.filterQuery("<C:comp-filter name=\"VTODO\"/>"))
            #expect(try all.multiStatus().hrefs.sorted() == [done, open])
        }
    }

    @Test(arguments: StoreKind.allCases) func textMatchOnSummary(store: StoreKind) async throws {
        try await TestServer.run(store) { server in
            let alice = server.dav("alice")
            let meeting = Paths.object("alice", "crm-tasks", "meeting.ics")
            let put = try await alice.put(meeting, ICS.event(uid: "m", summary: "Team Meeting"))
            #expect(put.status == 201)
            #expect(
                try await alice.put(
                    Paths.object("alice", "crm-tasks", "lunch.ics"),
                    ICS.event(uid: "l", summary: "Lunch")
                ).status == 201)
            #expect(try await Self.summaryMatches(alice, "meeting", negate: false) == [meeting])
            #expect(try await Self.summaryMatches(alice, "MEET", negate: false) == [meeting])
            #expect(try await Self.summaryMatches(alice, "dinner", negate: false) == [])
            #expect(
                try await Self.summaryMatches(alice, "meeting", negate: true) == [
                    Paths.object("alice", "crm-tasks", "lunch.ics")
                ])
        }
    }

    /// A weekly Berlin event across the March DST change, with one moved instance.
    @Test(arguments: StoreKind.allCases) func expandAcrossDSTWithOverride(store: StoreKind)
        async throws
    {
        try await TestServer.run(store) { server in
            let alice = server.dav("alice")
            let href = Paths.object("alice", "crm-tasks", "weekly.ics")
            let body = ICS.calendar(
                ICS.berlin + [
                    "BEGIN:VEVENT", "UID:weekly", "DTSTAMP:20260101T000000Z",
                    "DTSTART;TZID=Europe/Berlin:20260316T100000", "DURATION:PT1H",
                    "RRULE:FREQ=WEEKLY;COUNT=6", "SUMMARY:Standup", "END:VEVENT",
                    "BEGIN:VEVENT", "UID:weekly", "DTSTAMP:20260101T000000Z",
                    "RECURRENCE-ID;TZID=Europe/Berlin:20260406T100000",
                    "DTSTART;TZID=Europe/Berlin:20260406T140000", "DURATION:PT1H",
                    "SUMMARY:Standup (moved)", "END:VEVENT",
                ])
            let put = try await alice.put(href, body)
            #expect(put.status == 201)
            let query = """
                <?xml version="1.0" encoding="utf-8"?>
                <C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
                  <D:prop><C:calendar-data>
                    <C:expand start="20260320T000000Z" end="20260410T000000Z"/>
                  </C:calendar-data></D:prop>
                  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
                    <C:time-range start="20260320T000000Z" end="20260410T000000Z"/>
                  </C:comp-filter></C:comp-filter></C:filter>
                </C:calendar-query>
                """
            let reply = try await alice.report(Paths.calendar("alice"), query)
            let data = try #require(
                try reply.multiStatus().response(href)?.property(.caldav("calendar-data"))?.text)
            let starts = data.components(separatedBy: "\r\n").filter { $0.hasPrefix("DTSTART") }
            #expect(
                starts == [
                    "DTSTART:20260323T090000Z", "DTSTART:20260330T080000Z",
                    "DTSTART:20260406T120000Z",
                ])
            #expect(data.contains("RECURRENCE-ID:20260406T080000Z\r\n"))
            #expect(data.contains("SUMMARY:Standup (moved)\r\n"))
            // Only the moved instance is at 12:00Z on 6 April.
            #expect(
                try await Self.hits(alice, "20260406T080000Z", "20260406T090000Z") == [])
            #expect(
                try await Self.hits(alice, "20260406T120000Z", "20260406T130000Z") == [href])
        }
    }

    /// RFC 4791 §9.9: a VTODO with only DUE overlaps ranges that start before and end at or after
    /// it; one with no dates overlaps every range.
    @Test(arguments: StoreKind.allCases) func todoTimeRangeSemantics(store: StoreKind)
        async throws
    {
        try await TestServer.run(store) { server in
            let alice = server.dav("alice")
            let due = Paths.object("alice", "crm-tasks", "due.ics")
            let undated = Paths.object("alice", "crm-tasks", "undated.ics")
            let first = try await alice.put(due, ICS.todo(uid: "due"))
            #expect(first.status == 201)
            let bare = ICS.calendar([
                "BEGIN:VTODO", "UID:undated", "DTSTAMP:20260101T000000Z", "SUMMARY:Someday",
                "END:VTODO",
            ])
            #expect(try await alice.put(undated, bare).status == 201)
            let todos = { (start: String, end: String) in
                Self.timeRangeQuery("VTODO", start, end)
            }
            let before = try await alice.report(
                Paths.calendar("alice"), todos("20260310T000000Z", "20260310T170000Z"))
            #expect(try before.multiStatus().hrefs.sorted() == [due, undated])
            let after = try await alice.report(
                Paths.calendar("alice"), todos("20260310T170000Z", "20260311T000000Z"))
            #expect(try after.multiStatus().hrefs == [undated])
            let years = try await alice.report(
                Paths.calendar("alice"), todos("20300101T000000Z", "20310101T000000Z"))
            #expect(try years.multiStatus().hrefs == [undated])
        }
    }
}
