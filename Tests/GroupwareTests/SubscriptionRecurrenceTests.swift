import CRM
import Groupware
import ICalendar
import Storage
import Testing

/// A recurring task in a subscription's `events` mode: the VEVENT series anchored at DUE, with
/// its overrides, exclusions and UNTIL moved to match, as a client expanding the feed sees it.
@Suite struct SubscriptionRecurrenceTests {
    /// Daily 09:00 (start) to 17:00 (due) from 5 January, until the 9 January instance; the
    /// 7th excluded; the 6th moved to 18:00 and renamed.
    static func object(
        startTZ: String, dueTZ: String, start: String, due: String, rid: String,
        until: String = "20260109T080000Z"
    ) -> [UInt8] {
        Array(
            [
                "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN",
                "BEGIN:VTODO", "UID:daily-1", "DTSTAMP:20260101T000000Z", "SUMMARY:Daily report",
                "X-CADENCE-TYPE:call", "DTSTART\(startTZ):20260105T\(start)",
                "DUE\(dueTZ):20260105T\(due)", "RRULE:FREQ=DAILY;UNTIL=\(until)",
                "EXDATE\(startTZ):20260107T\(start)", "END:VTODO",
                "BEGIN:VTODO", "UID:daily-1", "DTSTAMP:20260101T000000Z",
                "SUMMARY:Report (late)", "X-CADENCE-TYPE:call",
                "RECURRENCE-ID\(startTZ):20260106T\(rid)",
                "DTSTART\(startTZ):20260106T\(start)", "DUE\(dueTZ):20260106T180000",
                "END:VTODO", "END:VCALENDAR", "",
            ].joined(separator: "\r\n").utf8)
    }

    /// The instances of UID `daily-1` in a rendered feed, as a client expands them.
    static func instances(_ feed: [UInt8]) throws -> [(start: Int64, summary: String)] {
        let roots = try ICalendarParser.parse(feed)
        let calendar = try #require(roots.first)
        let events = calendar.components.filter { $0.name == "VEVENT" && $0.uid == "daily-1" }
        let master = try #require(events.first { $0.property("RECURRENCE-ID") == nil })
        let overrides = events.filter { $0.property("RECURRENCE-ID") != nil }
        #expect(overrides.count == 1)
        let resolver = TimeZoneRegistry(calendar: calendar)
        let set = try RecurrenceSet(master: master, overrides: overrides, resolver: resolver)
        return set.occurrences(windowStart: nil, windowEnd: nil, limit: 50).map { occurrence in
            let component = occurrence.overrideIndex.map { overrides[$0] } ?? master
            return (occurrence.startUTC, component["SUMMARY"] ?? "")
        }
    }

    /// 2026-01-0D at hh:mm UTC, in seconds.
    static func utc(_ day: Int, _ hour: Int) -> Int64 {
        DateTimeValue(
            local: CalendarDateTime(
                date: CalendarDate(validYear: 2026, month: 1, day: day), hour: hour),
            form: .utc
        ).utcSeconds()
    }

    @Test func aClientExpandingTheFeedSeesEachInstanceAtItsDueTime() throws {
        let feed = SubscriptionFeed.document(
            name: "Tasks",
            objects: [
                Self.object(
                    startTZ: "", dueTZ: "", start: "090000Z", due: "170000Z", rid: "090000Z",
                    until: "20260109T090000Z")
            ], mode: .events, defaultType: nil, ttlSeconds: 900)
        let seen = try Self.instances(feed)
        #expect(
            seen.map(\.start) == [
                Self.utc(5, 17), Self.utc(6, 18), Self.utc(8, 17), Self.utc(9, 17),
            ])
        #expect(
            seen.map(\.summary) == [
                "☎ Call: Daily report", "☎ Call: Report (late)", "☎ Call: Daily report",
                "☎ Call: Daily report",
            ])
    }

    @Test func startAndDueInDifferentZonesStayConsistent() throws {
        // DTSTART in UTC, DUE in Berlin (UTC+1 in January): 09:00Z start, 17:00 Berlin due;
        // UNTIL 08:00Z on the 9th leaves that day's 09:00Z instance out.
        let feed = SubscriptionFeed.document(
            name: "Tasks",
            objects: [
                Self.object(
                    startTZ: "", dueTZ: ";TZID=Europe/Berlin", start: "090000Z", due: "170000",
                    rid: "090000Z")
            ], mode: .events, defaultType: nil, ttlSeconds: 900)
        let seen = try Self.instances(feed)
        #expect(seen.map(\.start) == [Self.utc(5, 16), Self.utc(6, 17), Self.utc(8, 16)])
        #expect(seen[1].summary == "☎ Call: Report (late)")
    }

    @Test func busyModeKeepsTheSameInstancesAndFullModeIsUntouched() throws {
        let object = Self.object(
            startTZ: ";TZID=Europe/Berlin", dueTZ: ";TZID=Europe/Berlin", start: "090000",
            due: "170000", rid: "090000")
        let busy = SubscriptionFeed.document(
            name: "Tasks", objects: [object], mode: .busy, defaultType: nil, ttlSeconds: 900)
        let seen = try Self.instances(busy)
        #expect(
            seen.map(\.start) == [
                Self.utc(5, 16), Self.utc(6, 17), Self.utc(8, 16), Self.utc(9, 16),
            ])
        #expect(Set(seen.map(\.summary)) == ["Busy"])
        let full = SubscriptionFeed.document(
            name: "Tasks", objects: [object], mode: .full, defaultType: nil, ttlSeconds: 900)
        let text = String(decoding: full, as: UTF8.self)
        #expect(text.contains("RECURRENCE-ID;TZID=Europe/Berlin:20260106T090000"))
        #expect(text.contains("EXDATE;TZID=Europe/Berlin:20260107T090000"))
    }
}
