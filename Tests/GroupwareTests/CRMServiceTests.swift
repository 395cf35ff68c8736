import CRM
import Groupware
import Storage
import Testing
import WebDAV

/// The CRM use cases over the in-memory store (CRM-MAPPING.md).
@Suite struct CRMServiceTests {
    // MARK: Contacts

    @Test func contactValidation() async throws {
        let f = try await CRMFixture.make()
        let error = await #expect(throws: CRMServiceError.self) {
            try await f.service.createContact(
                owner: f.owner,
                Contact(
                    id: "", ownerID: 0, name: "  ",
                    emails: [LabeledValue(value: "a@b.example"), LabeledValue(value: "nobody")],
                    phones: [LabeledValue(value: "call me")]))
        }
        #expect(error?.code == .invalid)
        #expect(error?.fieldErrors.map(\.field) == ["name", "emails[1].value", "phones[0].value"])
        let ok = try await f.contact("Bob", email: "bob@acme.example", phone: "+1 (555) 010-2030")
        #expect(ok.ownerID == f.owner.id)
        #expect(ok.id.count == 36)
        #expect(try await f.service.contact(owner: f.owner, id: ok.id) == ok)
    }

    @Test func contactRevisionPrecondition() async throws {
        let f = try await CRMFixture.make()
        var bob = try await f.contact("Bob", email: "bob@acme.example")
        bob.name = "Robert"
        let updated = try await f.service.updateContact(
            owner: f.owner, bob, ifRevision: bob.revision)
        #expect(updated.name == "Robert")
        #expect(updated.revision == bob.revision + 1)
        let stale = await #expect(throws: CRMServiceError.self) {
            try await f.service.updateContact(owner: f.owner, bob, ifRevision: bob.revision)
        }
        #expect(stale?.code == .preconditionFailed)
        try await f.service.deleteContact(owner: f.owner, id: bob.id, ifRevision: nil)
        let gone = await #expect(throws: CRMServiceError.self) {
            try await f.service.contact(owner: f.owner, id: bob.id)
        }
        #expect(gone?.code == .notFound)
    }

    @Test func contactChangePatchesActiveTasksOnly() async throws {
        let f = try await CRMFixture.make()
        var bob = try await f.contact("Bob Stone", email: "bob@acme.example")
        let open = try await f.service.createTask(
            owner: f.owner, TaskDraft(type: .call, title: "Call Bob", contactID: bob.id),
            calendarPath: nil)
        var doneDraft = TaskDraft(type: .email, title: "Mail Bob", contactID: bob.id)
        doneDraft.status = .done
        let done = try await f.service.createTask(owner: f.owner, doneDraft, calendarPath: nil)
        let doneText = try await f.text(of: done)
        #expect(unfolded(try await f.text(of: open)).contains("Bob Stone"))

        bob.name = "Bobby Stone"
        _ = try await f.service.updateContact(owner: f.owner, bob, ifRevision: nil)

        let patched = try await f.service.task(owner: f.owner, id: open.id)
        #expect(patched.etag != open.etag)
        let patchedText = unfolded(try await f.text(of: patched))
        #expect(patchedText.contains("Bobby Stone"))
        #expect(!patchedText.contains("Bob Stone"))
        #expect(patched.fields.contactID == bob.id)
        let untouched = try await f.service.task(owner: f.owner, id: done.id)
        #expect(untouched.etag == done.etag)
        #expect(try await f.text(of: untouched) == doneText)
    }

    // MARK: Tasks

    @Test func createRoutesToCalendarWithComponent() async throws {
        let f = try await CRMFixture.make()
        let calls = try await f.service.createCalendar(
            owner: f.owner, path: "calls", displayName: "Phone Calls", color: "#FF0000FF",
            defaultType: .call)
        #expect(calls.defaultTaskType == .call)
        #expect(calls.supportedComponents == ["VEVENT", "VTODO"])
        try await f.service.setRoute(owner: f.owner, type: .call, calendarPath: "calls")
        #expect(
            try await f.service.routes(owner: f.owner) == [
                TaskRoute(type: .call, collectionID: calls.id)
            ])
        #expect(try await f.service.routePaths(owner: f.owner) == [.call: "calls"])

        let scheduled = try await f.service.createTask(
            owner: f.owner,
            TaskDraft(type: .call, title: "Call Bob", start: 1_773_151_200, end: 1_773_153_000),
            calendarPath: nil)
        #expect(scheduled.collectionID == calls.id)
        #expect(scheduled.objectName == scheduled.id + ".ics")
        #expect(scheduled.fields.uid == scheduled.id)
        #expect(scheduled.fields.componentType == "VEVENT")
        let text = try await f.text(of: scheduled)
        #expect(text.contains("BEGIN:VEVENT\r\n"))
        #expect(line("UID", in: text) == scheduled.id)
        #expect(line("SUMMARY", in: text) == "Call Bob")
        #expect(line("URL", in: text) == "https://crm.example.com/tasks/\(scheduled.id)")
        #expect(try await f.service.task(owner: f.owner, id: scheduled.id) == scheduled)

        let email = try await f.service.createTask(
            owner: f.owner, TaskDraft(type: .email, title: "Send offer"), calendarPath: nil)
        #expect(email.collectionID == (try await f.calendar("crm-tasks")).id)
        #expect(email.fields.componentType == "VTODO")
        #expect(try await f.text(of: email).contains("BEGIN:VTODO\r\n"))

        let named = try await f.service.createTask(
            owner: f.owner, TaskDraft(type: .email, title: "Other"), calendarPath: "/calls/")
        #expect(named.collectionID == calls.id)

        let listed = try await f.service.tasks(owner: f.owner, query: TaskQuery(types: [.call]))
        #expect(listed.items.map(\.id) == [scheduled.id])
    }

    @Test func createValidation() async throws {
        let f = try await CRMFixture.make()
        let noCalendar = await #expect(throws: CRMServiceError.self) {
            try await f.service.createTask(
                owner: f.owner, TaskDraft(type: .todo, title: "x"), calendarPath: "nope")
        }
        #expect(noCalendar?.code == .invalid)
        #expect(noCalendar?.fieldErrors.map(\.field) == ["calendarPath"])
        let noContact = await #expect(throws: CRMServiceError.self) {
            try await f.service.createTask(
                owner: f.owner, TaskDraft(type: .todo, title: "x", contactID: "missing"),
                calendarPath: nil)
        }
        #expect(noContact?.fieldErrors.map(\.field) == ["contactID"])
        let noTitle = await #expect(throws: CRMServiceError.self) {
            try await f.service.createTask(
                owner: f.owner, TaskDraft(type: .todo, title: " "), calendarPath: nil)
        }
        #expect(noTitle?.fieldErrors.map(\.field) == ["title"])
    }

    @Test func createsDefaultCalendarWhenMissing() async throws {
        let f = try await CRMFixture.make()
        try await f.store.deleteCollection(id: f.calendar("crm-tasks").id)
        let task = try await f.service.createTask(
            owner: f.owner, TaskDraft(type: .todo, title: "x"), calendarPath: nil)
        let calendar = try await f.calendar("crm-tasks")
        #expect(task.collectionID == calendar.id)
        #expect(calendar.displayName == "CRM Tasks")
    }

    @Test func editKeepsClientLines() async throws {
        let f = try await CRMFixture.make()
        let clientProperties = [
            "ATTACH:https://files.example.com/offer.pdf",
            "X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC",
            "X-MOZ-GENERATION:3",
        ]
        let alarm = [
            "BEGIN:VALARM",
            "ACTION:AUDIO",
            "TRIGGER;RELATED=END:-PT5M",
            "X-WR-ALARMUID:0B2E0B8C-1",
            "END:VALARM",
        ]
        let clientLines = clientProperties + alarm
        try await f.put(
            "crm-tasks", "client.ics",
            todo("client", ["DUE:20260320T170000Z", "PRIORITY:5"] + clientLines))
        let task = try #require(try await f.task("crm-tasks", "client.ics"))
        var draft = TaskDraft(task.fields)
        draft.title = "Follow up with Acme"
        draft.priority = .high
        let updated = try await f.service.updateTask(
            owner: f.owner, id: task.id, draft, calendarPath: nil, ifMatch: task.etag)
        #expect(updated.etag != task.etag)
        #expect(updated.fields.title == "Follow up with Acme")
        #expect(updated.fields.priority == .high)
        let text = try await f.text(of: updated)
        for property in clientProperties {
            #expect(text.contains("\r\n" + property + "\r\n"))
        }
        #expect(text.contains("\r\n" + alarm.map { $0 + "\r\n" }.joined()))
        #expect(line("SUMMARY", in: text) == "Follow up with Acme")
        #expect(line("PRIORITY", in: text) == "1")
        #expect(line("UID", in: text) == "client")
        // The stale ETag now fails.
        let stale = await #expect(throws: CRMServiceError.self) {
            try await f.service.updateTask(
                owner: f.owner, id: task.id, draft, calendarPath: nil, ifMatch: task.etag)
        }
        #expect(stale?.code == .preconditionFailed)
    }

    @Test func completeWritesCompleted() async throws {
        let f = try await CRMFixture.make()
        let task = try await f.service.createTask(
            owner: f.owner, TaskDraft(type: .todo, title: "Prepare"), calendarPath: nil)
        #expect(line("STATUS", in: try await f.text(of: task)) == "NEEDS-ACTION")
        var draft = TaskDraft(task.fields)
        draft.status = .done
        let done = try await f.service.updateTask(
            owner: f.owner, id: task.id, draft, calendarPath: nil, ifMatch: nil)
        #expect(done.fields.status == .done)
        let text = try await f.text(of: done)
        #expect(line("STATUS", in: text) == "COMPLETED")
        #expect(line("PERCENT-COMPLETE", in: text) == "100")
        #expect(line("COMPLETED", in: text) != nil)
    }

    @Test func typeChangeMovesObject() async throws {
        let f = try await CRMFixture.make()
        let calls = try await f.service.createCalendar(
            owner: f.owner, path: "calls", displayName: "Phone Calls", color: nil,
            defaultType: .call)
        try await f.service.setRoute(owner: f.owner, type: .call, calendarPath: "calls")
        let task = try await f.service.createTask(
            owner: f.owner, TaskDraft(type: .todo, title: "Ring Acme"), calendarPath: nil)
        let tasksCalendar = try await f.calendar("crm-tasks")
        var draft = TaskDraft(task.fields)
        draft.type = .call
        let moved = try await f.service.updateTask(
            owner: f.owner, id: task.id, draft, calendarPath: nil, ifMatch: task.etag)
        #expect(moved.id == task.id)
        #expect(moved.collectionID == calls.id)
        #expect(moved.objectName == task.objectName)
        #expect(moved.fields.type == .call)
        #expect(moved.fields.uid == task.fields.uid)
        #expect(try await f.service.task(owner: f.owner, id: task.id) == moved)
        #expect(
            try await f.store.object(collectionID: tasksCalendar.id, name: task.objectName) == nil)
        let text = try await f.text(of: moved)
        #expect(line("UID", in: text) == task.id)
        #expect(line("X-CADENCE-TYPE", in: text) == "call")
        #expect(try await f.calendar("crm-tasks").syncToken > tasksCalendar.syncToken)
        #expect(try await f.calendar("calls").syncToken > calls.syncToken)
        // An explicit calendar moves it back.
        let back = try await f.service.updateTask(
            owner: f.owner, id: task.id, TaskDraft(moved.fields), calendarPath: "crm-tasks",
            ifMatch: moved.etag)
        #expect(back.collectionID == tasksCalendar.id)
    }

    @Test func crmDeleteThenRestoreIntoFallback() async throws {
        let f = try await CRMFixture.make()
        _ = try await f.service.createCalendar(
            owner: f.owner, path: "meetings", displayName: "Meetings", color: nil,
            defaultType: .meeting)
        let task = try await f.service.createTask(
            owner: f.owner,
            TaskDraft(type: .meeting, title: "Kickoff", start: 1_773_151_200, end: 1_773_154_800),
            calendarPath: "meetings")
        let stale = await #expect(throws: CRMServiceError.self) {
            try await f.service.deleteTask(owner: f.owner, id: task.id, ifMatch: "\"nope\"")
        }
        #expect(stale?.code == .preconditionFailed)
        try await f.service.deleteTask(owner: f.owner, id: task.id, ifMatch: task.etag)
        #expect(try await f.task("meetings", task.objectName) == nil)
        let trash = try await f.service.trash(owner: f.owner)
        #expect(trash.map(\.name) == [task.objectName])
        // The calendar is gone: the task comes back in crm-tasks, with its id.
        try await f.store.deleteCollection(id: f.calendar("meetings").id)
        let restored = try #require(
            try await f.service.restore(owner: f.owner, trashID: trash[0].id))
        #expect(restored.id == task.id)
        #expect(restored.collectionID == (try await f.calendar("crm-tasks")).id)
        #expect(restored.fields.title == "Kickoff")
        let missing = await #expect(throws: CRMServiceError.self) {
            try await f.service.restore(owner: f.owner, trashID: trash[0].id)
        }
        #expect(missing?.code == .notFound)
    }

    @Test func calendarsAndRoutes() async throws {
        let f = try await CRMFixture.make()
        _ = try await f.service.createCalendar(
            owner: f.owner, path: "emails", displayName: "Email Tasks", color: nil,
            defaultType: .email)
        #expect(
            try await f.service.calendars(owner: f.owner).map(\.path) == ["crm-tasks", "emails"])
        let taken = await #expect(throws: CRMServiceError.self) {
            try await f.service.createCalendar(
                owner: f.owner, path: "emails", displayName: nil, color: nil, defaultType: nil)
        }
        #expect(taken?.code == .conflict)
        let bad = await #expect(throws: CRMServiceError.self) {
            try await f.service.createCalendar(
                owner: f.owner, path: "a/b", displayName: nil, color: nil, defaultType: nil)
        }
        #expect(bad?.fieldErrors.map(\.field) == ["path"])
        let noCalendar = await #expect(throws: CRMServiceError.self) {
            try await f.service.setRoute(owner: f.owner, type: .email, calendarPath: "nope")
        }
        #expect(noCalendar?.code == .invalid)
        try await f.service.setRoute(owner: f.owner, type: .email, calendarPath: "emails")
        try await f.service.setRoute(owner: f.owner, type: .email, calendarPath: nil)
        #expect(try await f.service.routes(owner: f.owner) == [])
    }
}
