import Testing
import WebDAV

/// A floating event is read in the query's CALDAV:timezone (RFC 4791 §9.9), not in UTC.
@Suite struct FloatingTimeQueryTests {
    static func query(timezone: Bool) -> String {
        let zone =
            timezone
            ? """
            <C:timezone>BEGIN:VCALENDAR
            VERSION:2.0
            PRODID:-//Cadence Tests//EN
            BEGIN:VTIMEZONE
            TZID:Europe/Berlin
            BEGIN:STANDARD
            DTSTART:19701025T030000
            RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
            TZOFFSETFROM:+0200
            TZOFFSETTO:+0100
            END:STANDARD
            BEGIN:DAYLIGHT
            DTSTART:19700329T020000
            RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
            TZOFFSETFROM:+0100
            TZOFFSETTO:+0200
            END:DAYLIGHT
            END:VTIMEZONE
            END:VCALENDAR
            </C:timezone>
            """ : ""
        return """
            <C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
            <D:prop><D:getetag/></D:prop>
            <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
            <C:time-range start="20260301T230000Z" end="20260301T235900Z"/>
            </C:comp-filter></C:comp-filter></C:filter>\(zone)
            </C:calendar-query>
            """
    }

    @Test func floatingEventInTheQueryZone() async throws {
        try await TestServer.run { server in
            let alice = server.dav("alice")
            let calendar = "/caldav/calendars/alice/crm-tasks/"
            let event = ICS.calendar([
                "BEGIN:VEVENT", "UID:floating-1", "DTSTAMP:20260101T000000Z",
                "DTSTART:20260302T003000", "DTEND:20260302T004500", "SUMMARY:Floating",
                "END:VEVENT",
            ])
            #expect(try await alice.put(calendar + "floating-1.ics", event).status == 201)
            // 00:30 in Berlin is 23:30Z the day before: inside the range.
            let inBerlin = try await alice.report(calendar, Self.query(timezone: true))
            #expect(try inBerlin.multiStatus().hrefs == [calendar + "floating-1.ics"])
            // Without a zone the floating time is read as UTC: 00:30Z, outside.
            let inUTC = try await alice.report(calendar, Self.query(timezone: false))
            #expect(try inUTC.multiStatus().hrefs == [])
        }
    }
}
