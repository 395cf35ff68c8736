import CRM
import Foundation
import ICalendar
import Testing

@Suite struct TaskCalendarWritingTests {
    typealias F = CRMFixtures
    let now = CRMFixtures.utc(2026, 3, 1, 12)

    @Test func meetingInBerlinWithContact() throws {
        let draft = TaskDraft(
            type: .meeting, title: "Demo, part 1", notes: "Bring\nslides", status: .open,
            priority: .high, start: F.utc(2026, 4, 15, 8), end: F.utc(2026, 4, 15, 9),
            timeZone: "Europe/Berlin", location: "ACME HQ", reminderMinutes: 15,
            contactID: "c-jane", assignee: "kim")
        let cal = TaskMapping.makeCalendar(
            draft, uid: "t-1", contact: F.jane, taskURL: "https://crm.example/tasks/t-1", now: now)
        #expect(
            F.lines(cal) == [
                "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Cadence//CRM//EN",
                "CALSCALE:GREGORIAN",
                "BEGIN:VTIMEZONE", "TZID:Europe/Berlin", "X-LIC-LOCATION:Europe/Berlin",
                "BEGIN:STANDARD", "DTSTART:19701025T030000", "TZOFFSETFROM:+0200",
                "TZOFFSETTO:+0100", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
                "BEGIN:DAYLIGHT", "DTSTART:19700329T020000", "TZOFFSETFROM:+0100",
                "TZOFFSETTO:+0200", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
                "END:VTIMEZONE",
                "BEGIN:VEVENT", "UID:t-1", "DTSTAMP:20260301T120000Z", "CREATED:20260301T120000Z",
                "LAST-MODIFIED:20260301T120000Z", "SEQUENCE:0", "SUMMARY:Demo\\, part 1",
                "DESCRIPTION:Bring\\nslides", "CATEGORIES:Meeting", "X-CADENCE-TYPE:meeting",
                "STATUS:CONFIRMED", "PRIORITY:1", "DTSTART;TZID=Europe/Berlin:20260415T100000",
                "DTEND;TZID=Europe/Berlin:20260415T110000", "LOCATION:ACME HQ",
                "CONTACT;X-CADENCE-CONTACT-ID=c-jane:Jane Roe\\, ACME\\, +1 555 0100\\, jane@acme.example",
                "X-CADENCE-CONTACT-ID:c-jane",
                "ATTENDEE;CN=Jane Roe;ROLE=REQ-PARTICIPANT;X-CADENCE-CONTACT-ID=c-jane:mailto:jane@acme.example",
                "URL:https://crm.example/tasks/t-1", "X-CADENCE-ASSIGNEE:kim",
                "BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:Demo\\, part 1", "TRIGGER:-PT15M",
                "X-CADENCE-REMINDER:TRUE", "END:VALARM", "END:VEVENT", "END:VCALENDAR",
            ])
    }

    @Test func unscheduledCallIsAVTodoInUTC() throws {
        let draft = TaskDraft(
            type: .call, title: "Call back", status: .done, priority: .low,
            due: F.utc(2026, 3, 2, 15), reminderMinutes: 90, contactID: "c-bob")
        let cal = TaskMapping.makeCalendar(
            draft, uid: "t-2", contact: F.bob, taskURL: nil, now: now)
        #expect(
            F.lines(cal) == [
                "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Cadence//CRM//EN",
                "CALSCALE:GREGORIAN",
                "BEGIN:VTODO", "UID:t-2", "DTSTAMP:20260301T120000Z", "CREATED:20260301T120000Z",
                "LAST-MODIFIED:20260301T120000Z", "SEQUENCE:0", "SUMMARY:Call back",
                "CATEGORIES:Call", "X-CADENCE-TYPE:call", "STATUS:COMPLETED",
                "COMPLETED:20260301T120000Z", "PERCENT-COMPLETE:100", "PRIORITY:9",
                "DUE:20260302T150000Z",
                "CONTACT;X-CADENCE-CONTACT-ID=c-bob:Bob Buyer\\, Widgets Inc\\, +1 555 010 0200",
                "X-CADENCE-CONTACT-ID:c-bob", "BEGIN:VALARM", "ACTION:DISPLAY",
                "DESCRIPTION:Call back", "TRIGGER;RELATED=END:-PT1H30M", "X-CADENCE-REMINDER:TRUE",
                "END:VALARM", "END:VTODO", "END:VCALENDAR",
            ])
    }

    @Test func componentChoice() {
        func component(_ type: TaskType, start: Int64? = nil, due: Int64? = nil) -> String? {
            let draft = TaskDraft(type: type, title: "x", start: start, due: due)
            return TaskMapping.taskComponent(
                in: TaskMapping.makeCalendar(draft, uid: "u", contact: nil, taskURL: nil, now: 0))?
                .name
        }
        #expect(component(.meeting, start: 0) == "VEVENT")
        #expect(component(.call, start: 0) == "VEVENT")
        #expect(component(.call, due: 0) == "VTODO")
        #expect(component(.call) == "VTODO")
        #expect(component(.email, start: 0) == "VTODO")
        #expect(component(.todo) == "VTODO")
    }

    @Test func eventStatusesAndAllDay() {
        let done = TaskMapping.makeCalendar(
            TaskDraft(
                type: .call, title: "x", status: .done, start: F.utc(2026, 5, 1),
                end: F.utc(2026, 5, 2), isAllDay: true, timeZone: "Europe/Berlin"),
            uid: "u", contact: nil, taskURL: nil, now: now)
        let task = TaskMapping.taskComponent(in: done)
        #expect(task?["STATUS"] == "CONFIRMED")
        #expect(task?["X-CADENCE-DONE"] == "TRUE")
        #expect(
            task?.property("DTSTART")
                == Property(
                    name: "DTSTART", parameters: [Parameter(name: "VALUE", value: "DATE")],
                    value: "20260501"))
        #expect(task?.property("DTEND")?.value == "20260502")
        #expect(done.components(named: "VTIMEZONE").isEmpty)
        let cancelled = TaskMapping.makeCalendar(
            TaskDraft(type: .meeting, title: "x", status: .cancelled, start: 0),
            uid: "u", contact: nil, taskURL: nil, now: now)
        #expect(TaskMapping.taskComponent(in: cancelled)?["STATUS"] == "CANCELLED")
        let inProgress = TaskMapping.makeCalendar(
            TaskDraft(type: .meeting, title: "x", status: .inProgress, start: 0),
            uid: "u", contact: nil, taskURL: nil, now: now)
        #expect(TaskMapping.taskComponent(in: inProgress)?["X-CADENCE-STATUS"] == "in-progress")
    }

    @Test func zoneWithoutDaylightTimeHasOneStandard() throws {
        let cal = TaskMapping.makeCalendar(
            TaskDraft(
                type: .meeting, title: "x", start: F.utc(2026, 6, 1, 3), timeZone: "Asia/Tokyo"),
            uid: "u", contact: nil, taskURL: nil, now: now)
        let zone = try #require(cal.components(named: "VTIMEZONE").first)
        #expect(zone.components.map(\.name) == ["STANDARD"])
        #expect(zone.components[0]["TZOFFSETTO"] == "+0900")
        #expect(TaskMapping.taskComponent(in: cal)?["DTSTART"] == "20260601T120000")
    }

    @Test(arguments: [
        "America/New_York", "Europe/London", "Australia/Sydney", "America/Santiago",
        "Australia/Lord_Howe", "Asia/Kolkata", "Europe/Berlin", "America/Sao_Paulo",
        "Africa/Casablanca", "Europe/Dublin", "Pacific/Chatham",
    ])
    func generatedTimeZonesAgreeWithFoundation(identifier: String) throws {
        let cal = TaskMapping.makeCalendar(
            TaskDraft(type: .meeting, title: "x", start: F.utc(2026, 6, 1), timeZone: identifier),
            uid: "u", contact: nil, taskURL: nil, now: now)
        let registry = TimeZoneRegistry(timeZones: cal.components(named: "VTIMEZONE"))
        let foundation = try #require(TimeZone(identifier: identifier))
        var t = F.utc(2026, 1, 1)
        while t < F.utc(2027, 1, 1) {
            let expected = foundation.secondsFromGMT(
                for: Date(timeIntervalSince1970: TimeInterval(t)))
            #expect(
                registry.utcOffset(atUTC: t, tzid: identifier) == expected, "\(identifier) at \(t)")
            t += 3 * 3600 + 17 * 60
        }
    }

    @Test(arguments: [
        (TaskDraft(type: .todo, title: "  "), "title"),
        (TaskDraft(type: .meeting, title: "x"), "start"),
        (TaskDraft(type: .meeting, title: "x", start: 100, end: 50), "end"),
        (TaskDraft(type: .todo, title: "x", end: 50), "end"),
        (TaskDraft(type: .email, title: "x", start: 10, end: 50), "end"),
        (TaskDraft(type: .meeting, title: "x", start: 10, due: 50), "due"),
        (TaskDraft(type: .todo, title: "x", start: 100, due: 50), "due"),
        (TaskDraft(type: .meeting, title: "x", start: 10, timeZone: "Mars/Olympus"), "timeZone"),
        (TaskDraft(type: .meeting, title: "x", start: 10, reminderMinutes: -5), "reminderMinutes"),
        (TaskDraft(type: .todo, title: "x", reminderMinutes: 5), "reminderMinutes"),
    ])
    func validation(draft: TaskDraft, field: String) {
        let error = #expect(throws: CRMError.self) { try TaskMapping.validate(draft) }
        #expect(error?.code == .invalidDraft)
        #expect(error?.field == field)
    }

    @Test func validDraftsPass() throws {
        try TaskMapping.validate(TaskDraft(type: .todo, title: "x"))
        try TaskMapping.validate(
            TaskDraft(
                type: .call, title: "x", due: 5, timeZone: "W. Europe Standard Time",
                reminderMinutes: 0))
        try TaskMapping.validate(TaskDraft(type: .meeting, title: "x", start: 5, end: 5))
    }
}
