import CRM
import Groupware
import ICalendar
import Storage
import Testing

@Suite struct SubscriptionRenderingTests {
    static func component(_ lines: [String]) throws -> Component {
        try Component(parsing: Array((lines.joined(separator: "\r\n") + "\r\n").utf8))
    }

    static let call = [
        "BEGIN:VTODO", "UID:call-1", "DTSTAMP:20260101T000000Z", "SUMMARY:Ring Ada",
        "DESCRIPTION:About the offer", "LOCATION:Office", "X-CADENCE-TYPE:call",
        "CATEGORIES:Call", "DUE;TZID=Europe/Berlin:20260310T170000", "DTSTART:20260309T080000Z",
        "STATUS:COMPLETED", "COMPLETED:20260310T120000Z", "PERCENT-COMPLETE:100",
        "ATTACH:https://example.com/a.pdf", "CONTACT:Ada Lovelace",
        "BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-PT15M", "DESCRIPTION:Ring", "END:VALARM",
        "END:VTODO",
    ]

    @Test func fullModeKeepsEverything() throws {
        let todo = try Self.component(Self.call)
        #expect(SubscriptionRendering.render(todo, mode: .full, defaultType: nil) == todo)
    }

    @Test func timedTaskBecomesFifteenMinuteEvent() throws {
        let todo = try Self.component(Self.call)
        let event = try #require(
            SubscriptionRendering.render(todo, mode: .events, defaultType: nil))
        #expect(event.name == "VEVENT")
        #expect(event.uid == "call-1")
        #expect(event["SUMMARY"] == "☎ Call: Ring Ada (done)")
        let start = try #require(event.property("DTSTART"))
        #expect(start.value == "20260310T170000")
        #expect(start[parameter: "TZID"] == "Europe/Berlin")
        let end = try #require(event.property("DTEND"))
        #expect(end.value == "20260310T171500")
        #expect(end[parameter: "TZID"] == "Europe/Berlin")
        #expect(event.properties(named: "DTSTART").count == 1)
        #expect(event["DESCRIPTION"] == "About the offer")
        #expect(event["LOCATION"] == "Office")
        #expect(event["TRANSP"] == "TRANSPARENT")
        for gone in ["DUE", "COMPLETED", "PERCENT-COMPLETE", "STATUS", "ATTACH"] {
            #expect(event.property(gone) == nil, "\(gone)")
        }
        #expect(event.components.isEmpty)
    }

    @Test func dateDueBecomesAllDayEvent() throws {
        let todo = try Self.component([
            "BEGIN:VTODO", "UID:t-2", "SUMMARY:Send quote", "CATEGORIES:Email",
            "DUE;VALUE=DATE:20260331", "STATUS:IN-PROCESS", "END:VTODO",
        ])
        let event = try #require(
            SubscriptionRendering.render(todo, mode: .events, defaultType: nil))
        #expect(event["SUMMARY"] == "✉ Email: Send quote (in progress)")
        #expect(event.property("DTSTART")?.value == "20260331")
        #expect(event.property("DTSTART")?[parameter: "VALUE"] == "DATE")
        #expect(event.property("DTEND")?.value == "20260401")
        #expect(event.property("DTEND")?[parameter: "VALUE"] == "DATE")
    }

    @Test func startWithoutDueAndDefaultType() throws {
        let todo = try Self.component([
            "BEGIN:VTODO", "UID:t-3", "SUMMARY:Prepare", "DTSTART:20260301T090000Z",
            "STATUS:CANCELLED", "END:VTODO",
        ])
        let event = try #require(
            SubscriptionRendering.render(todo, mode: .events, defaultType: .meeting))
        #expect(event["SUMMARY"] == "👥 Meeting: Prepare (cancelled)")
        #expect(event.property("DTSTART")?.value == "20260301T090000Z")
        #expect(event.property("DTEND")?.value == "20260301T091500Z")
        #expect(event["STATUS"] == "CANCELLED")
        let open = try Self.component([
            "BEGIN:VTODO", "UID:t-4", "SUMMARY:Plain", "DUE:20260301T090000Z", "END:VTODO",
        ])
        #expect(
            SubscriptionRendering.render(open, mode: .events, defaultType: nil)?["SUMMARY"]
                == "☐ To-do: Plain")
    }

    @Test func taskWithoutTimeIsLeftOut() throws {
        let todo = try Self.component(["BEGIN:VTODO", "UID:t-5", "SUMMARY:Someday", "END:VTODO"])
        #expect(SubscriptionRendering.render(todo, mode: .events, defaultType: nil) == nil)
        #expect(SubscriptionRendering.render(todo, mode: .busy, defaultType: nil) == nil)
        #expect(SubscriptionRendering.render(todo, mode: .full, defaultType: nil) == todo)
    }

    @Test func eventsModeDropsAlarmsAndAttachmentsOfEvents() throws {
        let event = try Self.component([
            "BEGIN:VEVENT", "UID:e-1", "SUMMARY:Lunch", "DTSTART:20260301T120000Z",
            "ATTACH:https://example.com/menu.pdf",
            "BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-PT5M", "DESCRIPTION:Go", "END:VALARM",
            "END:VEVENT",
        ])
        let rendered = try #require(
            SubscriptionRendering.render(event, mode: .events, defaultType: nil))
        #expect(rendered.properties.map(\.name) == ["UID", "SUMMARY", "DTSTART"])
        #expect(rendered["SUMMARY"] == "Lunch")
        #expect(rendered.components.isEmpty)
    }

    @Test func busyHidesDetails() throws {
        let event = try Self.component([
            "BEGIN:VEVENT", "UID:e-2", "DTSTAMP:20260101T000000Z", "SUMMARY:Salary talk",
            "DESCRIPTION:Confidential", "LOCATION:Room 4", "DTSTART:20260301T120000Z",
            "DTEND:20260301T130000Z", "RRULE:FREQ=WEEKLY;COUNT=3",
            "ORGANIZER:mailto:boss@example.com", "ATTENDEE;CN=Ada:mailto:ada@example.com",
            "CONTACT;X-CADENCE-CONTACT-ID=c-1:Ada", "X-CADENCE-CONTACT-ID:c-1",
            "CATEGORIES:Meeting",
            "BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-PT5M", "DESCRIPTION:Go", "END:VALARM",
            "END:VEVENT",
        ])
        let busy = try #require(SubscriptionRendering.render(event, mode: .busy, defaultType: nil))
        #expect(
            busy.properties.map(\.name) == [
                "UID", "DTSTAMP", "DTSTART", "DTEND", "RRULE", "SUMMARY",
            ])
        #expect(busy["SUMMARY"] == "Busy")
        #expect(busy.components.isEmpty)
        let task = try #require(
            SubscriptionRendering.render(
                try Self.component(Self.call), mode: .busy, defaultType: nil))
        #expect(task.name == "VEVENT")
        #expect(task["SUMMARY"] == "Busy")
        #expect(task.property("CONTACT") == nil)
        #expect(task.property("DESCRIPTION") == nil)
        #expect(task.property("LOCATION") == nil)
        #expect(task.property("DTEND")?.value == "20260310T171500")
        let journal = try Self.component([
            "BEGIN:VJOURNAL", "UID:j-1", "SUMMARY:Notes", "END:VJOURNAL",
        ])
        #expect(SubscriptionRendering.render(journal, mode: .busy, defaultType: nil) == nil)
    }

    @Test func documentCarriesRefreshIntervalAndName() throws {
        let objects = [
            Array(
                ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + Self.call.joined(separator: "\r\n")
                    + "\r\nEND:VCALENDAR\r\n").utf8),
            Array(
                "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTODO\r\nUID:x\r\nSUMMARY:No time\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
                    .utf8),
        ]
        let text = String(
            decoding: SubscriptionFeed.document(
                name: "CRM Tasks", objects: objects, mode: .events, defaultType: nil,
                ttlSeconds: 900), as: UTF8.self)
        let calendar = try Component(parsing: Array(text.utf8))
        #expect(calendar["X-WR-CALNAME"] == "CRM Tasks")
        #expect(calendar.property("REFRESH-INTERVAL")?.value == "PT15M")
        #expect(calendar.property("REFRESH-INTERVAL")?[parameter: "VALUE"] == "DURATION")
        #expect(calendar["X-PUBLISHED-TTL"] == "PT15M")
        #expect(calendar.components.map(\.name) == ["VEVENT"])
        #expect(calendar.components.first?.uid == "call-1")
        let hourly = String(
            decoding: SubscriptionFeed.document(
                name: nil, objects: [], mode: .full, defaultType: nil, ttlSeconds: 3600),
            as: UTF8.self)
        #expect(hourly.contains("\r\nX-PUBLISHED-TTL:PT1H\r\n"))
    }

    @Test func entityTagFollowsSyncTokenModeAndTTL() {
        let calendar = CollectionRecord(
            id: 7, ownerID: 1, path: "crm-tasks", kind: .calendar, displayName: "CRM Tasks",
            calendarDescription: nil, color: nil, order: nil, timeZone: nil,
            supportedComponents: ["VTODO"], syncToken: 12, createdAt: 1, modifiedAt: 100)
        let tag = SubscriptionFeed.entityTag(calendar: calendar, mode: .events, ttlSeconds: 900)
        #expect(tag.hasPrefix("\"sub-7-12-100-"))
        #expect(tag.hasSuffix("-events-900\""))
        var changed = calendar
        changed.syncToken = 13
        #expect(
            SubscriptionFeed.entityTag(calendar: changed, mode: .events, ttlSeconds: 900) != tag)
        #expect(SubscriptionFeed.entityTag(calendar: calendar, mode: .busy, ttlSeconds: 900) != tag)
        #expect(
            SubscriptionFeed.entityTag(calendar: calendar, mode: .events, ttlSeconds: 60) != tag)
        changed = calendar
        changed.displayName = "Renamed"
        #expect(
            SubscriptionFeed.entityTag(calendar: changed, mode: .events, ttlSeconds: 900) != tag)
    }
}
