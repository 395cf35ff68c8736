import CRM
import Storage
import Testing

extension StoreContract {
    /// The checks of assigned copies (`AssignedCopy`, issue 13).
    static let assignmentChecks: [Check] = [
        Check(description: "assignment: copy follows every write", run: assignedCopyFollowsWrites),
        Check(description: "assignment: reassign, unassign, refusals", run: assignedCopyMoves),
        Check(description: "assignment: moves and deletions", run: assignedCopyLifecycle),
    ]

    /// The changes logged in `collectionID` after `since`, as (name, kind).
    static func logged(_ store: any CadenceStore, _ collectionID: Int64, since: Int64 = 0)
        async throws -> [String]
    {
        try await store.changes(collectionID: collectionID, since: since, limit: nil).changes.map {
            "\($0.name) \($0.kind.rawValue)"
        }
    }

    @Sendable static func assignedCopyFollowsWrites(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let bob = try await makeUser(store, "bob")
        let tasks = try await makeCalendar(store, alice, "crm-tasks")
        let bobs = try await makeCalendar(store, bob, "calls")
        var write = eventWrite("t.ics", uid: "t", summary: "Call Ann", start: 10, end: 20)
        write.assignedCopy = .user(bob.id, calendarID: bobs.id)
        let created = try await store.putObject(
            write, collectionID: tasks.id, precondition: .ifNoneMatchAny)
        // One object in both homes: same bytes, same ETag, both change logs.
        let copy = try #require(try await store.object(collectionID: bobs.id, name: "t.ics"))
        #expect(copy.etag == created.object.etag)
        #expect(copy.data == created.object.data)
        #expect(copy.index == created.object.index)
        #expect(try await logged(store, bobs.id) == ["t.ics created"])
        let link = AssignmentLink(
            sourceCollectionID: tasks.id, sourceName: "t.ics", copyCollectionID: bobs.id,
            copyName: "t.ics")
        #expect(try await store.assignment(collectionID: tasks.id, name: "t.ics") == link)
        #expect(try await store.assignment(collectionID: bobs.id, name: "t.ics") == link)
        #expect(try await store.assignment(collectionID: bobs.id, name: "other.ics") == nil)
        // The time-range index serves the copy too.
        #expect(
            try await store.objects(
                collectionID: bobs.id, componentType: "VEVENT", start: 0, end: 15
            )
            .map(\.name) == ["t.ics"])

        // A rewrite of the source (`.unchanged` copy) rewrites the copy in the same write.
        let edited = try await store.putObject(
            eventWrite("t.ics", uid: "t", summary: "Call Ann again", start: 10, end: 20),
            collectionID: tasks.id, precondition: .ifMatch(created.object.etag))
        #expect(
            try await store.object(collectionID: bobs.id, name: "t.ics")?.etag == edited.object.etag
        )
        #expect(try await logged(store, bobs.id, since: 1) == ["t.ics modified"])
        // Naming the same assignee keeps the copy where it is.
        let other = try await makeCalendar(store, bob, "other")
        write = eventWrite("t.ics", uid: "t", summary: "Third", start: 10, end: 20)
        write.assignedCopy = .user(bob.id, calendarID: other.id)
        let third = try await store.putObject(write, collectionID: tasks.id, precondition: .none)
        #expect(
            try await store.object(collectionID: bobs.id, name: "t.ics")?.etag == third.object.etag)
        #expect(try await store.objects(collectionID: other.id).isEmpty)

        // The copy cannot be written or deleted as itself: its source is.
        await expectError(.assignedCopy) { () async throws(StorageError) in
            try await store.putObject(
                eventWrite("t.ics", uid: "t", summary: "Bob's edit"), collectionID: bobs.id,
                precondition: .none)
        }
        await expectError(.assignedCopy) { () async throws(StorageError) in
            try await store.deleteObject(collectionID: bobs.id, name: "t.ics", ifMatch: nil)
        }
        #expect(
            try await store.object(collectionID: bobs.id, name: "t.ics")?.etag == third.object.etag)
        // A stale ETag on the source fails as always and leaves the copy alone.
        await expectError(.preconditionFailed) { () async throws(StorageError) in
            try await store.putObject(
                eventWrite("t.ics", uid: "t", summary: "Stale"), collectionID: tasks.id,
                precondition: .ifMatch(created.object.etag))
        }
        #expect(try await store.collection(id: bobs.id)?.syncToken == 3)

        // The assignee's list of tasks assigned to them: the owner's task, where the copy is.
        let task = TaskWrite(
            proposedID: "task-t",
            fields: TaskFields(
                type: .call, title: "Call Ann", status: .open, due: 500, componentType: "VEVENT",
                uid: "t"))
        write = eventWrite("t.ics", uid: "t", summary: "Call Ann", start: 10, end: 20)
        write.task = task
        _ = try await store.putObject(write, collectionID: tasks.id, precondition: .none)
        let assigned = try await store.assignedTasks(userID: bob.id, limit: 10)
        #expect(assigned.map(\.task.id) == ["task-t"])
        #expect(assigned.first?.link == link)
        #expect(assigned.first?.task.ownerID == alice.id)
        #expect(assigned.first?.task.collectionID == tasks.id)
        #expect(try await store.assignedTasks(userID: alice.id, limit: 10).isEmpty)
        #expect(try await store.assignedTasks(userID: bob.id, limit: 0).isEmpty)

        // Deleting the source deletes the copy, logged in the assignee's calendar.
        try await store.deleteObject(collectionID: tasks.id, name: "t.ics", ifMatch: nil)
        #expect(try await store.object(collectionID: bobs.id, name: "t.ics") == nil)
        #expect(try await logged(store, bobs.id, since: 3) == ["t.ics deleted"])
        #expect(try await store.assignment(collectionID: tasks.id, name: "t.ics") == nil)
        // Only the task goes to the trash, once.
        #expect(try await store.trash(ownerID: alice.id).count == 1)
        #expect(try await store.trash(ownerID: bob.id).isEmpty)
    }

    @Sendable static func assignedCopyMoves(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let bob = try await makeUser(store, "bob")
        let carol = try await makeUser(store, "carol")
        let tasks = try await makeCalendar(store, alice, "crm-tasks")
        let aliceOther = try await makeCalendar(store, alice, "other")
        let bobs = try await makeCalendar(store, bob, "crm-tasks")
        let carols = try await makeCalendar(store, carol, "crm-tasks")
        var write = eventWrite("t.ics", uid: "t", start: 10, end: 20)
        write.assignedCopy = .user(bob.id, calendarID: bobs.id)
        _ = try await store.putObject(write, collectionID: tasks.id, precondition: .none)

        // Reassignment moves the copy: bob's log records the deletion, carol's the creation.
        write.assignedCopy = .user(carol.id, calendarID: carols.id)
        let moved = try await store.putObject(write, collectionID: tasks.id, precondition: .none)
        #expect(try await store.object(collectionID: bobs.id, name: "t.ics") == nil)
        #expect(try await logged(store, bobs.id, since: 1) == ["t.ics deleted"])
        #expect(
            try await store.object(collectionID: carols.id, name: "t.ics")?.etag
                == moved.object.etag)
        #expect(try await logged(store, carols.id) == ["t.ics created"])
        #expect(try await store.assignment(collectionID: bobs.id, name: "t.ics") == nil)
        // Bob's calendar is free again for his own objects of that name.
        _ = try await store.putObject(
            eventWrite("t.ics", uid: "bob-own"), collectionID: bobs.id, precondition: .none)

        // Unassigning removes the copy.
        write.assignedCopy = .none
        _ = try await store.putObject(write, collectionID: tasks.id, precondition: .none)
        #expect(try await store.object(collectionID: carols.id, name: "t.ics") == nil)
        #expect(try await store.assignment(collectionID: tasks.id, name: "t.ics") == nil)

        // Refusals leave everything as it was (one transaction).
        let carolsToken = try #require(try await store.collection(id: carols.id)).syncToken
        let before = try await store.object(collectionID: tasks.id, name: "t.ics")
        write = eventWrite("t.ics", uid: "t", summary: "Changed", start: 10, end: 20)
        write.assignedCopy = .user(bob.id, calendarID: bobs.id)  // holds t.ics already
        await expectError(.conflict) { () async throws(StorageError) in
            try await store.putObject(write, collectionID: tasks.id, precondition: .none)
        }
        _ = try await store.putObject(
            eventWrite("u.ics", uid: "t"), collectionID: carols.id, precondition: .none)
        write.assignedCopy = .user(carol.id, calendarID: carols.id)  // holds UID t already
        await expectError(.conflict) { () async throws(StorageError) in
            try await store.putObject(write, collectionID: tasks.id, precondition: .none)
        }
        write.assignedCopy = .user(alice.id, calendarID: aliceOther.id)  // the owner's own
        await expectError(.conflict) { () async throws(StorageError) in
            try await store.putObject(write, collectionID: tasks.id, precondition: .none)
        }
        let plain = try await makePlain(store, bob, "files")
        write.assignedCopy = .user(bob.id, calendarID: plain.id)
        await expectError(.conflict) { () async throws(StorageError) in
            try await store.putObject(write, collectionID: tasks.id, precondition: .none)
        }
        #expect(try await store.object(collectionID: tasks.id, name: "t.ics") == before)
        #expect(try await logged(store, carols.id, since: carolsToken) == ["u.ics created"])
    }

    @Sendable static func assignedCopyLifecycle(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let bob = try await makeUser(store, "bob")
        let tasks = try await makeCalendar(store, alice, "crm-tasks")
        let calls = try await makeCalendar(store, alice, "calls")
        let bobs = try await makeCalendar(store, bob, "crm-tasks")
        let bobsCalls = try await makeCalendar(store, bob, "calls")
        var write = eventWrite("t.ics", uid: "t")
        write.assignedCopy = .user(bob.id, calendarID: bobs.id)
        _ = try await store.putObject(write, collectionID: tasks.id, precondition: .none)

        // The owner moves the task (a type change re-routes it): the link follows.
        _ = try await store.moveObject(
            from: tasks.id, name: "t.ics", to: calls.id, as: "t.ics", overwrite: false)
        #expect(
            try await store.assignment(collectionID: bobs.id, name: "t.ics")?.sourceCollectionID
                == calls.id)
        let edited = try await store.putObject(
            eventWrite("t.ics", uid: "t", summary: "Edited"), collectionID: calls.id,
            precondition: .none)
        #expect(
            try await store.object(collectionID: bobs.id, name: "t.ics")?.etag == edited.object.etag
        )
        // The assignee files the copy elsewhere: it stays linked there.
        _ = try await store.moveObject(
            from: bobs.id, name: "t.ics", to: bobsCalls.id, as: "t.ics", overwrite: false)
        let again = try await store.putObject(
            eventWrite("t.ics", uid: "t", summary: "Again"), collectionID: calls.id,
            precondition: .none)
        #expect(
            try await store.object(collectionID: bobsCalls.id, name: "t.ics")?.etag
                == again.object.etag)
        #expect(try await store.object(collectionID: bobs.id, name: "t.ics") == nil)
        // A MOVE may not overwrite an assigned task.
        _ = try await store.putObject(
            eventWrite("x.ics", uid: "x"), collectionID: bobs.id, precondition: .none)
        await expectError(.conflict) { () async throws(StorageError) in
            try await store.moveObject(
                from: bobs.id, name: "x.ics", to: bobsCalls.id, as: "t.ics", overwrite: true)
        }

        // Deleting the owner's calendar removes the copy, logged in bob's calendar.
        let token = try #require(try await store.collection(id: bobsCalls.id)).syncToken
        try await store.deleteCollection(id: calls.id)
        #expect(try await store.object(collectionID: bobsCalls.id, name: "t.ics") == nil)
        #expect(try await logged(store, bobsCalls.id, since: token) == ["t.ics deleted"])

        // Deleting the assignee's calendar only drops the link; deleting the owner removes
        // the copies of their tasks.
        write = eventWrite("u.ics", uid: "u")
        write.assignedCopy = .user(bob.id, calendarID: bobs.id)
        _ = try await store.putObject(write, collectionID: tasks.id, precondition: .none)
        try await store.deleteCollection(id: bobs.id)
        #expect(try await store.assignment(collectionID: tasks.id, name: "u.ics") == nil)
        #expect(try await store.object(collectionID: tasks.id, name: "u.ics") != nil)
        write = eventWrite("v.ics", uid: "v")
        write.assignedCopy = .user(bob.id, calendarID: bobsCalls.id)
        _ = try await store.putObject(write, collectionID: tasks.id, precondition: .none)
        #expect(try await store.object(collectionID: bobsCalls.id, name: "v.ics") != nil)
        let before = try #require(try await store.collection(id: bobsCalls.id)).syncToken
        try await store.deleteUser(id: alice.id)
        #expect(try await store.object(collectionID: bobsCalls.id, name: "v.ics") == nil)
        #expect(try await logged(store, bobsCalls.id, since: before) == ["v.ics deleted"])
    }
}
