import CRM
import Groupware
import Storage
import Testing
import WebDAV

/// Client writes through the DAV backend and the task projections they leave (CRM-MAPPING.md,
/// "Calendar object → task").
@Suite struct DAVTaskProjectionTests {
    @Test func typeFromCategories() async throws {
        let f = try await CRMFixture.make()
        try await f.put("crm-tasks", "a.ics", todo("a", ["CATEGORIES:Work,Call"]))
        let task = try #require(try await f.task("crm-tasks", "a.ics"))
        #expect(task.fields.type == .call)
        #expect(task.fields.title == "Follow up")
        #expect(task.fields.componentType == "VTODO")
        #expect(task.fields.uid == "a")
    }

    @Test func typeFromCadenceProperty() async throws {
        let f = try await CRMFixture.make()
        try await f.put("crm-tasks", "b.ics", todo("b", ["X-CADENCE-TYPE:email"]))
        #expect(try await f.task("crm-tasks", "b.ics")?.fields.type == .email)
    }

    @Test func typeFromCalendarDefault() async throws {
        let f = try await CRMFixture.make()
        _ = try await f.service.createCalendar(
            owner: f.owner, path: "emails", displayName: "Email Tasks", color: "#00FF00FF",
            defaultType: .email)
        try await f.put("emails", "c.ics", todo("c"))
        #expect(try await f.task("emails", "c.ics")?.fields.type == .email)
        // Without a default: VTODO → to-do, VEVENT → meeting.
        try await f.put("crm-tasks", "d.ics", todo("d"))
        try await f.put("crm-tasks", "e.ics", event("e"))
        #expect(try await f.task("crm-tasks", "d.ics")?.fields.type == .todo)
        #expect(try await f.task("crm-tasks", "e.ics")?.fields.type == .meeting)
    }

    @Test func attendeeMatchingContactLinksMeeting() async throws {
        let f = try await CRMFixture.make()
        let bob = try await f.contact("Bob Stone", email: "bob@acme.example")
        try await f.put(
            "crm-tasks", "m.ics",
            event(
                "m",
                [
                    "ORGANIZER:mailto:ann@example.com",
                    "ATTENDEE;CN=Carol:mailto:carol@other.example",
                    "ATTENDEE;CN=Bob:mailto:BOB@acme.example",
                ]))
        let task = try #require(try await f.task("crm-tasks", "m.ics"))
        #expect(task.fields.type == .meeting)
        #expect(task.fields.contactID == bob.id)
        #expect(task.fields.unmatchedParticipants.map(\.email).contains("carol@other.example"))
        #expect(!task.fields.unmatchedParticipants.map(\.email).contains("bob@acme.example"))
        // The unmatched participant becomes a contact on request, and the task links to it.
        let index = try #require(
            task.fields.unmatchedParticipants.firstIndex { $0.email == "carol@other.example" })
        let (carol, linked) = try await f.service.createContact(
            owner: f.owner, fromParticipant: index, ofTask: task.id, ifMatch: task.etag)
        #expect(carol.name == "Carol")
        #expect(carol.emails.map(\.value) == ["carol@other.example"])
        #expect(linked.fields.contactID == carol.id)
        #expect(try await f.service.task(owner: f.owner, id: task.id).etag == linked.etag)
    }

    @Test func journalHasNoTask() async throws {
        let f = try await CRMFixture.make()
        _ = try await f.store.createCollection(
            ownerID: f.owner.id,
            NewCollection(
                path: "notes", kind: .calendar,
                supportedComponents: ["VEVENT", "VTODO", "VJOURNAL"]
            ))
        try await f.put(
            "notes", "j.ics",
            ics([
                "BEGIN:VJOURNAL", "UID:j", "DTSTAMP:20260101T090000Z", "SUMMARY:n", "END:VJOURNAL",
            ]))
        #expect(try await f.task("notes", "j.ics") == nil)
        #expect(
            try await f.store.object(collectionID: f.calendar("notes").id, name: "j.ics") != nil)
    }

    @Test func completedViaPutIsDone() async throws {
        let f = try await CRMFixture.make()
        let etag = try await f.put("crm-tasks", "t.ics", todo("t", ["STATUS:NEEDS-ACTION"]))
        #expect(try await f.task("crm-tasks", "t.ics")?.fields.status == .open)
        try await f.put(
            "crm-tasks", "t.ics",
            todo("t", ["STATUS:COMPLETED", "COMPLETED:20260102T100000Z", "PERCENT-COMPLETE:100"]),
            precondition: .ifMatch([etag]))
        let task = try #require(try await f.task("crm-tasks", "t.ics"))
        #expect(task.fields.status == .done)
        #expect(task.fields.completedAt == 1_767_348_000)
    }

    @Test func clientEditKeepsCadenceProperties() async throws {
        let f = try await CRMFixture.make()
        let bob = try await f.contact("Bob Stone", email: "bob@acme.example")
        let created = try await f.service.createTask(
            owner: f.owner, TaskDraft(type: .email, title: "Send offer", contactID: bob.id),
            calendarPath: nil)
        let text = try await f.text(of: created)
        #expect(line("X-CADENCE-TYPE", in: text) == "email")
        #expect(line("X-CADENCE-CONTACT-ID", in: text) == bob.id)
        // A client changes the summary and sends everything else back as it was.
        let edited = text.replacingSummary(with: "Send the offer today")
        try await f.put(
            "crm-tasks", created.objectName, edited, precondition: .ifMatch([created.etag]))
        let task = try await f.service.task(owner: f.owner, id: created.id)
        #expect(task.fields.title == "Send the offer today")
        #expect(task.fields.type == .email)
        #expect(task.fields.contactID == bob.id)
        #expect(task.id == created.id)
        let stored = try await f.text(of: task)
        #expect(line("X-CADENCE-TYPE", in: stored) == "email")
        #expect(line("X-CADENCE-CONTACT-ID", in: stored) == bob.id)
    }

    @Test func clientMoveKeepsTask() async throws {
        let f = try await CRMFixture.make()
        _ = try await f.service.createCalendar(
            owner: f.owner, path: "calls", displayName: "Phone Calls", color: nil,
            defaultType: .call)
        try await f.put("crm-tasks", "k.ics", todo("k", ["X-CADENCE-TYPE:to-do"]))
        let before = try #require(try await f.task("crm-tasks", "k.ics"))
        try await f.move("crm-tasks", "k.ics", to: "calls")
        #expect(try await f.task("crm-tasks", "k.ics") == nil)
        let after = try #require(try await f.task("calls", "k.ics"))
        #expect(after.id == before.id)
        #expect(after.fields.type == .todo)
    }

    @Test func fileMovedIntoCalendarGetsTask() async throws {
        let f = try await CRMFixture.make()
        _ = try await f.store.createCollection(
            ownerID: f.owner.id, NewCollection(path: "files", kind: .plain))
        try await f.put("files", "f.ics", todo("f", ["X-CADENCE-TYPE:call"]))
        #expect(try await f.task("files", "f.ics") == nil)
        try await f.move("files", "f.ics", to: "crm-tasks")
        let task = try #require(try await f.task("crm-tasks", "f.ics"))
        #expect(task.fields.type == .call)
        #expect(task.fields.uid == "f")
    }

    @Test func clientDeleteThenRestore() async throws {
        let f = try await CRMFixture.make()
        try await f.put("crm-tasks", "r.ics", todo("r"))
        let task = try #require(try await f.task("crm-tasks", "r.ics"))
        try await f.delete("crm-tasks", "r.ics")
        let gone = await #expect(throws: CRMServiceError.self) {
            try await f.service.task(owner: f.owner, id: task.id)
        }
        #expect(gone?.code == .notFound)
        let trash = try await f.service.trash(owner: f.owner)
        #expect(trash.map(\.name) == ["r.ics"])
        let restored = try #require(
            try await f.service.restore(owner: f.owner, trashID: trash[0].id))
        #expect(restored.id == task.id)
        #expect(restored.collectionID == task.collectionID)
        #expect(try await f.service.trash(owner: f.owner).isEmpty)
    }
}

extension String {
    /// The text with its `SUMMARY` line replaced.
    func replacingSummary(with summary: String) -> String {
        split(separator: "\r\n", omittingEmptySubsequences: false).map {
            $0.hasPrefix("SUMMARY:") ? "SUMMARY:" + summary : String($0)
        }.joined(separator: "\r\n")
    }
}
