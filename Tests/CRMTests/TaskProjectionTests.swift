import CRM
import ICalendar
import Testing

@Suite struct TaskProjectionTests {
    typealias F = CRMFixtures

    /// Wraps component lines in a VCALENDAR.
    func calendar(_ component: String, _ lines: [String]) throws -> Component {
        let text =
            ([
                "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//EN", "BEGIN:\(component)",
                "UID:u1",
            ]
            + lines + ["END:\(component)", "END:VCALENDAR", ""])
            .joined(separator: "\n")
        return try F.parse(text)
    }

    /// A VEVENT of these lines.
    func calendar(_ lines: [String]) throws -> Component { try calendar("VEVENT", lines) }

    func project(
        _ component: String, _ lines: [String], defaultType: TaskType? = nil,
        contacts: [Contact] = []
    ) throws -> TaskFields {
        try TaskMapping.project(
            calendar(component, lines), defaultType: defaultType, contacts: contacts)
    }

    /// Projects a VEVENT of these lines.
    func project(_ lines: [String], defaultType: TaskType? = nil, contacts: [Contact] = [])
        throws -> TaskFields
    {
        try project("VEVENT", lines, defaultType: defaultType, contacts: contacts)
    }

    @Test func appleMeeting() throws {
        let fields = try TaskMapping.project(
            F.parse(F.appleMeeting), defaultType: nil, contacts: [F.jane])
        #expect(
            fields
                == TaskFields(
                    type: .meeting, title: "Quarterly review", status: .open, priority: nil,
                    start: F.utc(2026, 4, 15, 8), end: F.utc(2026, 4, 15, 9), isAllDay: false,
                    timeZone: "Europe/Berlin", location: "ACME HQ", reminderMinutes: 30,
                    contactID: "c-jane",
                    unmatchedParticipants: [
                        Participant(name: "Max Muster", email: "max@other.example")
                    ],
                    componentType: "VEVENT", uid: "6C1B2F0E-1234-4A5B-9C8D-0123456789AB"))
    }

    @Test func thunderbirdTodoMatchesContactByPhone() throws {
        let fields = try TaskMapping.project(
            F.parse(F.thunderbirdTodo), defaultType: .todo, contacts: [F.jane, F.bob])
        #expect(
            fields
                == TaskFields(
                    type: .email, title: "Send the offer", notes: "Prices for 2026\nwith discount",
                    status: .open, priority: .high, due: F.utc(2026, 3, 20, 21),
                    timeZone: "America/New_York", reminderMinutes: 60, contactID: "c-bob",
                    componentType: "VTODO", uid: "8b5c1c8e-3f0d-4f38-9a39-6f1f1c0a2b11"))
    }

    @Test func lookupKeysNameWhatProjectWouldTry() throws {
        #expect(
            TaskMapping.lookupKeys(in: try F.parse(F.appleMeeting))
                == ContactLookupKeys(emails: ["jane@acme.example", "max@other.example"]))
        #expect(
            TaskMapping.lookupKeys(in: try F.parse(F.thunderbirdTodo))
                == ContactLookupKeys(emails: ["bob@widgets.example"], phones: ["+1 (555) 010-0200"])
        )
        let keys = TaskMapping.lookupKeys(
            in: try calendar([
                "X-CADENCE-CONTACT-ID:c-1", "ATTENDEE:tel:+49 30 1234567",
                "CONTACT;ALTREP=\"mailto:ann@x.example\":Ann", "X-CADENCE-CONTACT-ID:c-1",
            ]))
        #expect(
            keys
                == ContactLookupKeys(
                    contactIDs: ["c-1"], emails: ["ann@x.example"], phones: ["+49 30 1234567"]))
    }

    @Test func noTaskComponentThrows() throws {
        let vjournal = try calendar("VJOURNAL", ["SUMMARY:x"])
        let error = #expect(throws: CRMError.self) {
            try TaskMapping.project(vjournal, defaultType: nil, contacts: [])
        }
        #expect(error?.code == .notATask)
        #expect(TaskMapping.lookupKeys(in: vjournal) == ContactLookupKeys())
    }

    @Test func masterIsTheComponentWithoutRecurrenceID() throws {
        let cal = try F.parse(
            """
            BEGIN:VCALENDAR
            BEGIN:VEVENT
            UID:r
            RECURRENCE-ID:20260102T100000Z
            SUMMARY:Override
            DTSTART:20260102T110000Z
            END:VEVENT
            BEGIN:VEVENT
            UID:r
            SUMMARY:Series
            DTSTART:20260101T100000Z
            RRULE:FREQ=DAILY;COUNT=5
            END:VEVENT
            END:VCALENDAR

            """)
        let fields = try TaskMapping.project(cal, defaultType: nil, contacts: [])
        #expect(fields.title == "Series")
        #expect(fields.recurrence == "FREQ=DAILY;COUNT=5")
        #expect(fields.start == F.utc(2026, 1, 1, 10))
        #expect(TaskMapping.taskComponent(in: cal)?["SUMMARY"] == "Series")
    }

    @Test(arguments: [
        ("Call", TaskType.call), ("phone", .call), ("Phone call", .call), ("ANRUF", .call),
        ("Appel", .call), ("Llamada", .call), ("Telefonat", .call), ("Email", .email),
        ("E-mail", .email), ("mail", .email), ("Courriel", .email), ("Meeting", .meeting),
        ("Besprechung", .meeting), ("Termin", .meeting), ("Réunion", .meeting),
        ("REUNIÓN", .meeting), ("To-do", .todo), ("todo", .todo), ("Task", .todo),
        ("Aufgabe", .todo), ("Tâche", .todo), (" call ", .call),
    ])
    func categoryTranslations(name: String, type: TaskType) throws {
        #expect(TaskType(name: name) == type)
        let fields = try project("VTODO", ["CATEGORIES:Work,\(name)"], defaultType: .email)
        #expect(fields.type == type)
    }

    @Test func typePrecedence() throws {
        #expect(TaskType(name: "Sales") == nil)
        #expect(try project(["X-CADENCE-TYPE:call", "CATEGORIES:Email"]).type == .call)
        #expect(try project(["CATEGORIES:Sales", "CATEGORIES:Anruf"]).type == .call)
        #expect(try project(["CATEGORIES:Sales"], defaultType: .email).type == .email)
        #expect(try project(["CATEGORIES:Sales"]).type == .meeting)
        #expect(try project("VTODO", []).type == .todo)
    }

    @Test(arguments: [
        ("VEVENT", [String](), TaskStatus.open), ("VEVENT", ["STATUS:CONFIRMED"], .open),
        ("VEVENT", ["STATUS:TENTATIVE"], .open), ("VEVENT", ["STATUS:CANCELLED"], .cancelled),
        ("VEVENT", ["STATUS:CONFIRMED", "X-CADENCE-DONE:TRUE"], .done),
        ("VEVENT", ["X-CADENCE-DONE:yes"], .done), ("VEVENT", ["X-CADENCE-DONE:FALSE"], .open),
        ("VEVENT", ["STATUS:CANCELLED", "X-CADENCE-DONE:TRUE"], .cancelled),
        ("VEVENT", ["STATUS:CONFIRMED", "X-CADENCE-STATUS:in-progress"], .inProgress),
        ("VTODO", [], .open), ("VTODO", ["STATUS:NEEDS-ACTION"], .open),
        ("VTODO", ["STATUS:IN-PROCESS"], .inProgress), ("VTODO", ["STATUS:COMPLETED"], .done),
        ("VTODO", ["STATUS:CANCELLED"], .cancelled),
        ("VTODO", ["COMPLETED:20260101T000000Z"], .done),
    ])
    func statusRows(component: String, lines: [String], status: TaskStatus) throws {
        #expect(try project(component, lines + ["DTSTART:20260101T100000Z"]).status == status)
    }

    @Test(arguments: [
        ("1", TaskPriority?.some(.high)), ("4", .high), ("5", .normal), ("6", .low), ("9", .low),
        ("0", nil), ("x", nil),
    ])
    func priorityRows(value: String, priority: TaskPriority?) throws {
        #expect(try project("VTODO", ["PRIORITY:\(value)"]).priority == priority)
        #expect(try project("VTODO", []).priority == nil)
    }

    @Test func timesDurationAllDayAndCompleted() throws {
        let duration = try project(["DTSTART:20260105T090000Z", "DURATION:PT1H30M"])
        #expect(duration.start == F.utc(2026, 1, 5, 9))
        #expect(duration.end == F.utc(2026, 1, 5, 10, 30))
        #expect(duration.timeZone == nil)
        #expect(duration.isAllDay == false)
        let allDay = try project([
            "DTSTART;VALUE=DATE:20260105", "DTEND;VALUE=DATE:20260107",
        ])
        #expect(allDay.isAllDay)
        #expect(allDay.start == F.utc(2026, 1, 5))
        #expect(allDay.end == F.utc(2026, 1, 7))
        // A zoned DURATION across the DST change: one nominal day is 23 hours.
        let dst = try project([
            "DTSTART;TZID=Europe/Berlin:20260328T120000", "DURATION:P1DT1H",
        ])
        #expect(dst.start == F.utc(2026, 3, 28, 11))
        #expect(dst.end == F.utc(2026, 3, 29, 11))
        #expect(dst.timeZone == "Europe/Berlin")
        let todo = try project(
            "VTODO",
            [
                "DTSTART:20260105T090000Z", "DUE;TZID=America/New_York:20260106T090000",
                "COMPLETED:20260106T080000Z", "STATUS:COMPLETED",
            ])
        #expect(todo.start == F.utc(2026, 1, 5, 9))
        #expect(todo.due == F.utc(2026, 1, 6, 14))
        #expect(todo.end == nil)
        #expect(todo.timeZone == nil)
        #expect(todo.completedAt == F.utc(2026, 1, 6, 8))
        let dueOnly = try project("VTODO", ["DUE;TZID=America/New_York:20260106T090000"])
        #expect(dueOnly.timeZone == "America/New_York")
    }

    @Test func plainFieldRows() throws {
        let fields = try project([
            "DTSTART:20260105T090000Z", "SUMMARY:Call Jane", "DESCRIPTION:Line 1\\nLine\\, 2",
            "LOCATION:Room 1", "X-CADENCE-ASSIGNEE:kim", "URL:https://crm.example/tasks/1",
        ])
        #expect(fields.title == "Call Jane")
        #expect(fields.notes == "Line 1\nLine, 2")
        #expect(fields.location == "Room 1")
        #expect(fields.assignee == "kim")
        #expect(fields.uid == "u1")
        #expect(fields.recurrence == nil)
    }

    @Test func reminderFromFirstQualifyingAlarm() throws {
        let alarms = """
            BEGIN:VALARM
            ACTION:EMAIL
            TRIGGER:-PT5M
            END:VALARM
            BEGIN:VALARM
            ACTION:DISPLAY
            TRIGGER;VALUE=DATE-TIME:20260105T080000Z
            END:VALARM
            BEGIN:VALARM
            ACTION:DISPLAY
            TRIGGER:PT5M
            END:VALARM
            BEGIN:VALARM
            ACTION:AUDIO
            TRIGGER:-PT1H15M
            END:VALARM
            BEGIN:VALARM
            ACTION:DISPLAY
            TRIGGER:-PT10M
            END:VALARM
            """
        #expect(
            try TaskMapping.project(
                calendar(
                    ["DTSTART:20260105T090000Z"] + alarms.split(separator: "\n").map(String.init)),
                defaultType: nil, contacts: []
            ).reminderMinutes == 75)
        #expect(
            try project([
                "DTSTART:20260105T090000Z", "DTEND:20260105T100000Z", "BEGIN:VALARM",
                "ACTION:DISPLAY", "TRIGGER;RELATED=END:-PT90M", "END:VALARM",
            ]).reminderMinutes == 30)
        #expect(
            try project(
                "VTODO",
                [
                    "DUE:20260105T090000Z", "BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-P1D",
                    "END:VALARM",
                ]
            ).reminderMinutes == 1440)
        #expect(
            try project(
                "VTODO",
                [
                    "DTSTART:20260105T090000Z", "DUE:20260105T100000Z", "BEGIN:VALARM",
                    "ACTION:DISPLAY", "TRIGGER:-PT15M", "END:VALARM",
                ]
            ).reminderMinutes == 75)
        #expect(try project(["DTSTART:20260105T090000Z"]).reminderMinutes == nil)
    }

    @Test func contactIDWinsWhenValid() throws {
        let lines = [
            "DTSTART:20260105T090000Z", "ATTENDEE;CN=Jane:mailto:jane@acme.example",
            "X-CADENCE-CONTACT-ID:c-bob",
        ]
        #expect(try project(lines, contacts: [F.jane, F.bob]).contactID == "c-bob")
        #expect(
            try project(
                ["DTSTART:20260105T090000Z", "X-CADENCE-CONTACT-ID:c-gone"]
                    + ["ATTENDEE:mailto:JANE@acme.example"], contacts: [F.jane]
            ).contactID == "c-jane")
    }

    @Test func matchingByEmailPhoneAndUnmatchedList() throws {
        let fields = try project(
            [
                "DTSTART:20260105T090000Z",
                "ORGANIZER:mailto:me@cadence.example",
                "ATTENDEE:mailto:me@cadence.example",
                "ATTENDEE;CN=Stranger:mailto:Stranger@x.example",
                "CONTACT:Walk-in\\, +44 20 7946 0958",
                "CONTACT:Bob\\, 15550100200",
                "ATTENDEE;CN=Jane Roe:mailto:jane@ACME.example",
                "ATTENDEE;CN=Stranger again:mailto:stranger@x.example",
                "CONTACT:Just a name",
                "ATTENDEE;CN=Room;EMAIL=Room-1@cadence.example:urn:uuid:5f1c",
            ], contacts: [F.jane, F.bob])
        #expect(fields.contactID == "c-bob")
        #expect(
            fields.unmatchedParticipants == [
                Participant(name: "Stranger", email: "stranger@x.example"),
                Participant(name: "Walk-in", phone: "+44 20 7946 0958"),
                Participant(name: "Just a name"),
                Participant(name: "Room", email: "room-1@cadence.example"),
            ])
        let none = try project(["DTSTART:20260105T090000Z", "ATTENDEE:mailto:a@b.example"])
        #expect(none.contactID == nil)
        #expect(none.unmatchedParticipants == [Participant(email: "a@b.example")])
    }

    @Test func contactValueParts() throws {
        let fields = try project([
            "DTSTART:20260105T090000Z",
            "CONTACT;ALTREP=\"tel:+1-555-0100\":Jane Roe\\, ACME\\, jane@acme.example",
        ])
        #expect(
            fields.unmatchedParticipants == [
                Participant(name: "Jane Roe", email: "jane@acme.example", phone: "+1-555-0100")
            ])
    }
}
