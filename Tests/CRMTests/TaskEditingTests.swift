import CRM
import ICalendar
import Testing

@Suite struct TaskEditingTests {
    typealias F = CRMFixtures
    let now = CRMFixtures.utc(2026, 3, 2, 7, 45)
    let stamp = "20260302T074500Z"

    /// Applies an edit made on the projection to a fixture; returns the lines before and after.
    func edit(
        _ fixture: String, contacts: [Contact] = [F.jane, F.bob], contact: Contact? = nil,
        _ change: (inout TaskDraft) -> Void
    ) throws -> (before: [String], after: [String], fields: TaskFields) {
        var calendar = try F.parse(fixture)
        let previous = try TaskMapping.project(calendar, defaultType: nil, contacts: contacts)
        var draft = TaskDraft(previous)
        change(&draft)
        try TaskMapping.apply(draft, previous: previous, to: &calendar, contact: contact, now: now)
        let reparsed = try Component(parsing: calendar.serialized())
        let fields = try TaskMapping.project(reparsed, defaultType: nil, contacts: contacts)
        #expect(TaskDraft(fields) == draft)
        return (F.lines(fixture), F.lines(calendar), fields)
    }

    /// `lines` with the first line starting with each key replaced (or removed for `nil`).
    func replacing(_ lines: [String], _ replacements: KeyValuePairs<String, String?>) -> [String] {
        var lines = lines
        for (prefix, replacement) in replacements {
            guard let index = lines.firstIndex(where: { $0.hasPrefix(prefix) }) else {
                Issue.record("no line \(prefix)")
                continue
            }
            if let replacement { lines[index] = replacement } else { lines.remove(at: index) }
        }
        return lines
    }

    @Test func parseAndSerialiseIsLossless() throws {
        for fixture in [F.appleMeeting, F.thunderbirdTodo] {
            #expect(F.lines(try F.parse(fixture)) == F.lines(fixture))
        }
    }

    @Test func titleEditRewritesOnlySummaryAndStamps() throws {
        let (before, after, _) = try edit(F.appleMeeting) { $0.title = "Q2 review" }
        #expect(
            after
                == replacing(
                    before,
                    [
                        "SUMMARY:": "SUMMARY:Q2 review", "LAST-MODIFIED:": "LAST-MODIFIED:\(stamp)",
                        "DTSTAMP:": "DTSTAMP:\(stamp)",
                    ]))
    }

    @Test func timeEditKeepsZoneAndBumpsSequence() throws {
        let (before, after, _) = try edit(F.appleMeeting) {
            $0.start = F.utc(2026, 4, 16, 12)
            $0.end = F.utc(2026, 4, 16, 13, 30)
        }
        #expect(
            after
                == replacing(
                    before,
                    [
                        "DTEND;": "DTEND;TZID=Europe/Berlin:20260416T153000",
                        "LAST-MODIFIED:": "LAST-MODIFIED:\(stamp)", "DTSTAMP:": "DTSTAMP:\(stamp)",
                        "DTSTART;TZID=Europe/Berlin:2026":
                            "DTSTART;TZID=Europe/Berlin:20260416T140000",
                        "SEQUENCE:": "SEQUENCE:3",
                    ]))
    }

    @Test func newZoneAddsItsVTimeZone() throws {
        let (before, after, fields) = try edit(F.appleMeeting) { $0.timeZone = "America/New_York" }
        #expect(fields.timeZone == "America/New_York")
        let begin = try #require(after.firstIndex(of: "TZID:America/New_York")) - 1
        let end = try #require(after[begin...].firstIndex(of: "END:VTIMEZONE"))
        #expect(after[begin] == "BEGIN:VTIMEZONE")
        #expect(after[begin - 1] == "END:VTIMEZONE")
        var rest = after
        rest.removeSubrange(begin...end)
        #expect(
            rest
                == replacing(
                    before,
                    [
                        "DTEND;": "DTEND;TZID=America/New_York:20260415T050000",
                        "LAST-MODIFIED:": "LAST-MODIFIED:\(stamp)", "DTSTAMP:": "DTSTAMP:\(stamp)",
                        "DTSTART;": "DTSTART;TZID=America/New_York:20260415T040000",
                        "SEQUENCE:": "SEQUENCE:3",
                    ]))
    }

    @Test func categoryTypeChangeKeepsOtherCategoriesAndComponent() throws {
        let (before, after, fields) = try edit(F.appleMeeting) { $0.type = .todo }
        #expect(fields.componentType == "VEVENT")
        #expect(
            after
                == replacing(
                    before,
                    [
                        "CATEGORIES:": "CATEGORIES:To-do,Q2",
                        "LAST-MODIFIED:": "LAST-MODIFIED:\(stamp)", "DTSTAMP:": "DTSTAMP:\(stamp)",
                    ]
                ).inserting("X-CADENCE-TYPE:to-do", before: "BEGIN:VALARM"))
    }

    @Test func statusDoneAndReopenOnVTodo() throws {
        var calendar = try F.parse(F.thunderbirdTodo)
        let original = F.lines(calendar)
        let previous = try TaskMapping.project(calendar, defaultType: nil, contacts: [])
        var draft = TaskDraft(previous)
        draft.status = .done
        try TaskMapping.apply(draft, previous: previous, to: &calendar, contact: nil, now: now)
        let done = try TaskMapping.project(calendar, defaultType: nil, contacts: [])
        #expect(done.status == .done)
        #expect(done.completedAt == now)
        #expect(F.lines(calendar).contains("STATUS:COMPLETED"))
        #expect(F.lines(calendar).contains("PERCENT-COMPLETE:100"))
        draft.status = .open
        try TaskMapping.apply(draft, previous: done, to: &calendar, contact: nil, now: now)
        let reopened = F.lines(calendar)
        #expect(
            reopened
                == replacing(
                    original,
                    ["LAST-MODIFIED:": "LAST-MODIFIED:\(stamp)", "DTSTAMP:": "DTSTAMP:\(stamp)"]))
    }

    @Test func statusOnVEvent() throws {
        let (before, after, _) = try edit(F.appleMeeting) { $0.status = .done }
        #expect(after.count == before.count + 2)
        #expect(after.contains("STATUS:CONFIRMED"))
        #expect(after.contains("X-CADENCE-DONE:TRUE"))
        let (_, cancelled, _) = try edit(F.appleMeeting) { $0.status = .cancelled }
        #expect(cancelled.contains("STATUS:CANCELLED"))
    }

    @Test func clearingFieldsRemovesTheirLines() throws {
        let (before, after, _) = try edit(F.thunderbirdTodo) {
            $0.notes = nil
            $0.priority = nil
            $0.due = nil
            $0.timeZone = nil
            $0.reminderMinutes = nil
        }
        #expect(
            after
                == replacing(
                    before,
                    [
                        "LAST-MODIFIED:": "LAST-MODIFIED:\(stamp)", "DTSTAMP:": "DTSTAMP:\(stamp)",
                        "PRIORITY:": nil, "DUE;": nil, "DESCRIPTION:Prices": nil,
                        "BEGIN:VALARM": nil, "ACTION:DISPLAY": nil, "TRIGGER;": nil,
                        "DESCRIPTION:Default": nil, "END:VALARM": nil,
                    ]
                ).inserting("SEQUENCE:1", before: "END:VTODO"))
    }

    @Test func locationEditDropsAppleStructuredLocation() throws {
        let (before, after, _) = try edit(F.appleMeeting) { $0.location = "Café Central" }
        #expect(
            after
                == replacing(
                    before,
                    [
                        "LAST-MODIFIED:": "LAST-MODIFIED:\(stamp)", "DTSTAMP:": "DTSTAMP:\(stamp)",
                        "LOCATION:": "LOCATION:Café Central", "X-APPLE-STRUCTURED-LOCATION": nil,
                    ]))
    }

    @Test func reminderEditsTheClientAlarmThenItsOwn() throws {
        let (before, after, _) = try edit(F.appleMeeting) { $0.reminderMinutes = 45 }
        #expect(
            after
                == replacing(
                    before,
                    [
                        "LAST-MODIFIED:": "LAST-MODIFIED:\(stamp)", "DTSTAMP:": "DTSTAMP:\(stamp)",
                        "TRIGGER:-PT30M": "TRIGGER:-PT45M",
                    ]))
        // A new CRM reminder on a task without one; then a change edits only that alarm.
        var calendar = TaskMapping.makeCalendar(
            TaskDraft(type: .meeting, title: "x", start: 0), uid: "u", contact: nil, taskURL: nil,
            now: 0)
        var previous = try TaskMapping.project(calendar, defaultType: nil, contacts: [])
        var draft = TaskDraft(previous)
        draft.reminderMinutes = 10
        try TaskMapping.apply(draft, previous: previous, to: &calendar, contact: nil, now: now)
        var task = try #require(TaskMapping.taskComponent(in: calendar))
        task.components.insert(
            Component(
                name: "VALARM",
                properties: [
                    Property(name: "ACTION", value: "AUDIO"),
                    Property(name: "TRIGGER", value: "-PT5M"),
                ]), at: 0)
        calendar.components[0] = task
        previous = try TaskMapping.project(calendar, defaultType: nil, contacts: [])
        #expect(previous.reminderMinutes == 10)
        draft = TaskDraft(previous)
        draft.reminderMinutes = 120
        try TaskMapping.apply(draft, previous: previous, to: &calendar, contact: nil, now: now)
        task = try #require(TaskMapping.taskComponent(in: calendar))
        #expect(task.components.map { $0["TRIGGER"] } == ["-PT5M", "-PT2H"])
        #expect(task.components[1]["X-CADENCE-REMINDER"] == "TRUE")
    }

    @Test func schedulingAnUnscheduledCallSetsTimesOnItsVTodo() throws {
        var calendar = TaskMapping.makeCalendar(
            TaskDraft(type: .call, title: "Ring Bob"), uid: "u", contact: nil, taskURL: nil, now: 0)
        let previous = try TaskMapping.project(calendar, defaultType: nil, contacts: [])
        var draft = TaskDraft(previous)
        draft.start = F.utc(2026, 3, 3, 9)
        draft.due = F.utc(2026, 3, 3, 10)
        draft.timeZone = "Europe/Paris"
        draft.reminderMinutes = 5
        try TaskMapping.apply(draft, previous: previous, to: &calendar, contact: nil, now: now)
        let fields = try TaskMapping.project(calendar, defaultType: nil, contacts: [])
        #expect(fields.componentType == "VTODO")
        #expect(TaskDraft(fields) == draft)
        let lines = F.lines(calendar)
        #expect(lines.contains("DTSTART;TZID=Europe/Paris:20260303T100000"))
        #expect(lines.contains("DUE;TZID=Europe/Paris:20260303T110000"))
        #expect(lines.contains("TRIGGER;RELATED=END:-PT5M"))
        #expect(lines.contains("SEQUENCE:1"))
        #expect(lines.contains("TZID:Europe/Paris"))
    }

    @Test func linkingAnotherContactReplacesOnlyTheCRMLines() throws {
        var calendar = TaskMapping.makeCalendar(
            TaskDraft(type: .meeting, title: "Pitch", start: 0, contactID: "c-jane"), uid: "u",
            contact: F.jane, taskURL: nil, now: 0)
        var task = try #require(TaskMapping.taskComponent(in: calendar))
        task.properties.append(Property(name: "ATTENDEE", value: "mailto:guest@x.example"))
        calendar.components[0] = task
        let previous = try TaskMapping.project(calendar, defaultType: nil, contacts: [F.jane])
        var draft = TaskDraft(previous)
        let max = Contact(
            id: "c-max", ownerID: 1, name: "Max", emails: [LabeledValue(value: "max@x.example")])
        draft.contactID = "c-max"
        try TaskMapping.apply(draft, previous: previous, to: &calendar, contact: max, now: now)
        let lines = F.lines(calendar)
        #expect(lines.contains("CONTACT;X-CADENCE-CONTACT-ID=c-max:Max\\, max@x.example"))
        #expect(lines.contains("X-CADENCE-CONTACT-ID:c-max"))
        #expect(
            lines.contains(
                "ATTENDEE;CN=Max;ROLE=REQ-PARTICIPANT;X-CADENCE-CONTACT-ID=c-max:mailto:max@x.example"
            ))
        #expect(lines.contains("ATTENDEE:mailto:guest@x.example"))
        #expect(!lines.contains { $0.contains("jane") })
        let fields = try TaskMapping.project(calendar, defaultType: nil, contacts: [max])
        #expect(fields.contactID == "c-max")
        #expect(fields.unmatchedParticipants == [Participant(email: "guest@x.example")])
        draft.contactID = nil
        try TaskMapping.apply(draft, previous: fields, to: &calendar, contact: nil, now: now)
        #expect(
            !F.lines(calendar).contains {
                $0.contains("max") || $0.contains("X-CADENCE-CONTACT-ID")
            })
    }

    @Test func assigneeAndNotesOnAClientObject() throws {
        let (before, after, _) = try edit(F.thunderbirdTodo) {
            $0.assignee = "kim"
            $0.notes = "New notes"
        }
        #expect(
            after
                == replacing(
                    before,
                    [
                        "LAST-MODIFIED:": "LAST-MODIFIED:\(stamp)", "DTSTAMP:": "DTSTAMP:\(stamp)",
                        "DESCRIPTION:Prices": "DESCRIPTION:New notes",
                    ]
                ).inserting("X-CADENCE-ASSIGNEE:kim", before: "BEGIN:VALARM"))
    }

    @Test func durationFormAltDescAndCategoriesWithoutType() throws {
        let fixture = """
            BEGIN:VCALENDAR
            VERSION:2.0
            PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN
            BEGIN:VEVENT
            UID:o1
            CATEGORIES:Red,Blue
            SUMMARY:Sync
            DESCRIPTION:Old
            X-ALT-DESC;FMTTYPE=text/html:<p>Old</p>
            DTSTART:20260105T090000Z
            DURATION:PT1H
            X-MICROSOFT-CDO-BUSYSTATUS:BUSY
            END:VEVENT
            END:VCALENDAR

            """
        let (before, after, fields) = try edit(fixture) {
            $0.type = .call
            $0.notes = "New"
            $0.end = F.utc(2026, 1, 5, 11, 30)
        }
        #expect(fields.type == .call)
        #expect(
            after
                == replacing(
                    before,
                    [
                        "CATEGORIES:": "CATEGORIES:Red,Blue,Call",
                        "DESCRIPTION:": "DESCRIPTION:New",
                        "X-ALT-DESC": nil, "DURATION:": "DURATION:PT2H30M",
                    ]
                ).inserting(
                    "X-CADENCE-TYPE:call", before: "END:VEVENT"
                ).inserting("SEQUENCE:1", before: "END:VEVENT").inserting(
                    "DTSTAMP:\(stamp)", before: "END:VEVENT"
                ).inserting("LAST-MODIFIED:\(stamp)", before: "END:VEVENT"))
    }

    @Test func overridesAreUntouched() throws {
        var calendar = try F.parse(
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
        let override = calendar.components[0]
        let previous = try TaskMapping.project(calendar, defaultType: nil, contacts: [])
        var draft = TaskDraft(previous)
        draft.title = "Daily"
        draft.status = .cancelled
        try TaskMapping.apply(draft, previous: previous, to: &calendar, contact: nil, now: now)
        #expect(calendar.components[0] == override)
        #expect(calendar.components[1]["SUMMARY"] == "Daily")
        #expect(calendar.components[1]["RRULE"] == "FREQ=DAILY;COUNT=5")
    }

    @Test func invalidEditThrowsAndLeavesTheObject() throws {
        var calendar = try F.parse(F.thunderbirdTodo)
        let original = calendar
        let previous = try TaskMapping.project(calendar, defaultType: nil, contacts: [])
        var draft = TaskDraft(previous)
        draft.end = previous.due
        let error = #expect(throws: CRMError.self) {
            try TaskMapping.apply(draft, previous: previous, to: &calendar, contact: nil, now: now)
        }
        #expect(error?.field == "end")
        #expect(calendar == original)
    }

    @Test func applyContactRewritesContactAndAttendee() throws {
        var calendar = TaskMapping.makeCalendar(
            TaskDraft(type: .meeting, title: "Pitch", start: 0, contactID: "c-jane"), uid: "u",
            contact: F.jane, taskURL: nil, now: 0)
        var changed = F.jane
        changed.name = "Jane Doe"
        changed.emails = [LabeledValue(value: "jane.doe@acme.example")]
        #expect(TaskMapping.applyContact(changed, to: &calendar, now: now))
        let lines = F.lines(calendar)
        #expect(
            lines.contains(
                "CONTACT;X-CADENCE-CONTACT-ID=c-jane:Jane Doe\\, ACME\\, +1 555 0100\\, jane.doe@acme.example"
            ))
        #expect(
            lines.contains(
                "ATTENDEE;CN=Jane Doe;ROLE=REQ-PARTICIPANT;X-CADENCE-CONTACT-ID=c-jane:mailto:jane.doe@acme.example"
            ))
        #expect(lines.contains("DTSTAMP:\(stamp)"))
        #expect(!TaskMapping.applyContact(changed, to: &calendar, now: now + 60))
        #expect(F.lines(calendar).contains("DTSTAMP:\(stamp)"))
        var other = F.bob
        other.name = "Robert"
        #expect(!TaskMapping.applyContact(other, to: &calendar, now: now))
        // A client that dropped the parameter from the attendee: found by the old e-mail.
        var task = try #require(TaskMapping.taskComponent(in: calendar))
        let index = try #require(task.properties.firstIndex { $0.name == "ATTENDEE" })
        task.properties[index][parameter: "X-CADENCE-CONTACT-ID"] = nil
        task.properties[index][parameter: "PARTSTAT"] = "ACCEPTED"
        calendar.components[0] = task
        changed.emails = []
        #expect(TaskMapping.applyContact(changed, to: &calendar, now: now))
        #expect(!F.lines(calendar).contains { $0.hasPrefix("ATTENDEE") })
    }

    @Test func cadencePropertiesSurviveAClientStyleObject() throws {
        let (_, after, _) = try edit(F.thunderbirdTodo) { $0.priority = .low }
        #expect(after.contains("X-CADENCE-CUSTOM:keep me"))
        #expect(after.contains("X-MOZ-LASTACK:20260310T141000Z"))
        #expect(after.contains("PRIORITY:9"))
    }
}

extension Array where Element == String {
    /// Inserts `line` before the first `anchor` line.
    func inserting(_ line: String, before anchor: String) -> [String] {
        var lines = self
        let index = lines.firstIndex(of: anchor) ?? lines.count
        lines.insert(line, at: index)
        return lines
    }
}
