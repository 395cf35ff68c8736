import Storage
import Testing

extension StoreContract {
    @Sendable static func collectionsCreateAndList(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let bob = try await makeUser(store, "bob")
        let tasks = try await store.createCollection(
            ownerID: alice.id,
            NewCollection(
                path: "crm-tasks", kind: .calendar, displayName: "CRM Tasks",
                calendarDescription: "Tasks from the CRM", color: "#FF0000FF", order: 3,
                timeZone: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", supportedComponents: ["VTODO"]))
        #expect(tasks.ownerID == alice.id)
        #expect(tasks.path == "crm-tasks")
        #expect(tasks.kind == .calendar)
        #expect(tasks.displayName == "CRM Tasks")
        #expect(tasks.calendarDescription == "Tasks from the CRM")
        #expect(tasks.color == "#FF0000FF")
        #expect(tasks.order == 3)
        #expect(tasks.timeZone == "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
        #expect(tasks.supportedComponents == ["VTODO"])
        #expect(tasks.syncToken == 0)
        #expect(tasks.createdAt == now)
        #expect(tasks.modifiedAt == now)
        let files = try await makePlain(store, alice, "files")
        let sub = try await makePlain(store, alice, "files/sub")
        let deep = try await makePlain(store, alice, "files/sub/deep")
        #expect(files.displayName == nil)
        #expect(files.order == nil)
        #expect(files.supportedComponents == [])
        #expect(sub.name == "sub")
        #expect(sub.parentPath == "files")
        #expect(deep.parentPath == "files/sub")
        #expect(tasks.parentPath == nil)
        let bobs = try await makeCalendar(store, bob, "crm-tasks")
        #expect(bobs.id != tasks.id)

        #expect(
            try await store.collections(ownerID: alice.id, parent: nil).map(\.path) == [
                "crm-tasks", "files", "files/sub", "files/sub/deep",
            ])
        #expect(
            try await store.collections(ownerID: alice.id, parent: "").map(\.path) == [
                "crm-tasks", "files",
            ])
        #expect(
            try await store.collections(ownerID: alice.id, parent: "files").map(\.path) == [
                "files/sub"
            ])
        #expect(try await store.collections(ownerID: alice.id, parent: "crm-tasks") == [])
        #expect(try await store.collections(ownerID: bob.id, parent: nil) == [bobs])
        #expect(try await store.collection(ownerID: alice.id, path: "crm-tasks") == tasks)
        #expect(try await store.collection(ownerID: alice.id, path: "files/sub") == sub)
        #expect(try await store.collection(ownerID: alice.id, path: "nothing") == nil)
        #expect(try await store.collection(id: deep.id) == deep)
        #expect(try await store.collection(id: 424_242) == nil)

        await expectError(.conflict) { () async throws(StorageError) in
            try await store.createCollection(
                ownerID: alice.id, NewCollection(path: "crm-tasks", kind: .plain))
        }
        await expectError(.conflict) { () async throws(StorageError) in
            try await store.createCollection(
                ownerID: alice.id, NewCollection(path: "files/sub", kind: .plain))
        }
        await expectError(.parentMissing) { () async throws(StorageError) in
            try await store.createCollection(
                ownerID: alice.id, NewCollection(path: "missing/sub", kind: .plain))
        }
        await expectError(.parentMissing) { () async throws(StorageError) in
            try await store.createCollection(
                ownerID: alice.id, NewCollection(path: "crm-tasks/sub", kind: .plain))
        }
        await expectError(.invalidName) { () async throws(StorageError) in
            try await store.createCollection(
                ownerID: alice.id, NewCollection(path: "files/cal", kind: .calendar))
        }
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.createCollection(
                ownerID: 424_242, NewCollection(path: "x", kind: .plain))
        }
    }

    @Sendable static func collectionPathValidation(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        _ = try await makePlain(store, alice, "a")
        for bad in ["", "/a", "a/", "a//b", "a/../b", ".", "..", "a/.", "x\u{0}y", "tab\there"] {
            await expectError(.invalidName) { () async throws(StorageError) in
                try await store.createCollection(
                    ownerID: alice.id, NewCollection(path: bad, kind: .plain))
            }
        }
        let odd = try await makePlain(store, alice, "Ünïcode name (1)")
        #expect(try await store.collection(ownerID: alice.id, path: "Ünïcode name (1)") == odd)
        #expect(try await store.collections(ownerID: alice.id, parent: nil).count == 2)
    }

    @Sendable static func collectionUpdate(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let calendar = try await store.createCollection(
            ownerID: alice.id,
            NewCollection(
                path: "work", kind: .calendar, displayName: "Work", color: "#00FF00",
                order: 1, supportedComponents: ["VEVENT"]))
        let updated = try await store.updateCollection(
            id: calendar.id,
            changes: [
                .displayName("Work (old)"), .displayName("Office"), .color(nil), .order(7),
                .calendarDescription("desk"), .timeZone("TZ"),
                .supportedComponents(["VEVENT", "VTODO"]),
            ],
            deadProperties: [
                .set(namespace: "urn:x", name: "a", value: "<a xmlns=\"urn:x\">1</a>")
            ])
        #expect(updated.displayName == "Office")
        #expect(updated.color == nil)
        #expect(updated.order == 7)
        #expect(updated.calendarDescription == "desk")
        #expect(updated.timeZone == "TZ")
        #expect(updated.supportedComponents == ["VEVENT", "VTODO"])
        #expect(updated.syncToken == 0)
        #expect(try await store.collection(id: calendar.id) == updated)
        #expect(
            try await store.deadProperties(ownerID: alice.id, path: "work") == [
                DeadProperty(
                    path: "work", namespace: "urn:x", name: "a", value: "<a xmlns=\"urn:x\">1</a>")
            ])
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.updateCollection(id: 424_242, changes: [.order(1)], deadProperties: [])
        }
    }

    @Sendable static func collectionDeleteCascades(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let files = try await makePlain(store, alice, "files")
        let sub = try await makePlain(store, alice, "files/sub")
        let deep = try await makePlain(store, alice, "files/sub/deep")
        let subway = try await makePlain(store, alice, "files/subway")
        _ = try await store.putObject(
            fileWrite("keep.txt", "keep"), collectionID: files.id, precondition: .none)
        _ = try await store.putObject(
            fileWrite("a.txt", "a"), collectionID: sub.id, precondition: .none)
        _ = try await store.putObject(
            fileWrite("b.txt", "b"), collectionID: deep.id, precondition: .none)
        _ = try await store.putObject(
            fileWrite("c.txt", "c"), collectionID: subway.id, precondition: .none)
        let prop = DeadPropertyChange.set(namespace: "urn:x", name: "p", value: "<p/>")
        for path in ["files", "files/sub", "files/sub/a.txt", "files/sub/deep", "files/subway"] {
            try await store.updateDeadProperties(ownerID: alice.id, path: path, changes: [prop])
        }

        try await store.deleteCollection(id: sub.id)
        #expect(
            try await store.collections(ownerID: alice.id, parent: nil).map(\.path) == [
                "files", "files/subway",
            ])
        #expect(try await store.collection(id: deep.id) == nil)
        #expect(try await store.object(collectionID: sub.id, name: "a.txt") == nil)
        #expect(try await store.object(collectionID: deep.id, name: "b.txt") == nil)
        #expect(
            try await store.object(collectionID: subway.id, name: "c.txt")?.data == Array("c".utf8))
        #expect(try await store.objects(collectionID: files.id).map(\.name) == ["keep.txt"])
        for path in ["files/sub", "files/sub/a.txt", "files/sub/deep"] {
            #expect(try await store.deadProperties(ownerID: alice.id, path: path) == [])
        }
        for path in ["files", "files/subway"] {
            #expect(try await store.deadProperties(ownerID: alice.id, path: path).count == 1)
        }
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.changes(collectionID: sub.id, since: 0, limit: nil)
        }
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.objects(collectionID: sub.id)
        }
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.deleteCollection(id: sub.id)
        }
        #expect(try await store.collection(id: files.id)?.syncToken == 1)
        let again = try await makePlain(store, alice, "files/sub")
        #expect(again.syncToken == 0)
        #expect(try await store.objects(collectionID: again.id) == [])
        #expect(try await store.changes(collectionID: again.id, since: 0, limit: nil).changes == [])
    }

    @Sendable static func userDeleteCascades(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let bob = try await makeUser(store, "bob")
        let aliceCalendar = try await makeCalendar(store, alice)
        let bobCalendar = try await makeCalendar(store, bob)
        _ = try await store.putObject(
            eventWrite("a.ics", uid: "u1"), collectionID: aliceCalendar.id, precondition: .none)
        _ = try await store.putObject(
            eventWrite("a.ics", uid: "u1"), collectionID: bobCalendar.id, precondition: .none)
        try await store.updateDeadProperties(
            ownerID: alice.id, path: "calendar",
            changes: [.set(namespace: "urn:x", name: "p", value: "<p/>")])
        try await store.updateDeadProperties(
            ownerID: bob.id, path: "calendar",
            changes: [.set(namespace: "urn:x", name: "p", value: "<p/>")])
        _ = try await store.addAppPassword(userID: alice.id, label: "x", tokenHash: "t1")

        try await store.deleteUser(id: alice.id)
        #expect(try await store.collections(ownerID: alice.id, parent: nil) == [])
        #expect(try await store.collection(id: aliceCalendar.id) == nil)
        #expect(try await store.object(collectionID: aliceCalendar.id, name: "a.ics") == nil)
        #expect(try await store.deadProperties(ownerID: alice.id, path: "calendar") == [])
        #expect(try await store.appPassword(tokenHash: "t1") == nil)
        #expect(try await store.object(collectionID: bobCalendar.id, name: "a.ics") != nil)
        #expect(try await store.deadProperties(ownerID: bob.id, path: "calendar").count == 1)
        #expect(try await store.collection(id: bobCalendar.id)?.syncToken == 1)
    }

    @Sendable static func collectionMove(_ store: any CadenceStore) async throws {
        guard let mover = store as? any CollectionMoving else { return }
        let alice = try await makeUser(store)
        let files = try await makePlain(store, alice, "files")
        let sub = try await makePlain(store, alice, "files/sub")
        let archive = try await makePlain(store, alice, "archive")
        let calendar = try await makeCalendar(store, alice)
        _ = try await store.putObject(
            fileWrite("a.txt", "a"), collectionID: sub.id, precondition: .none)
        try await store.updateDeadProperties(
            ownerID: alice.id, path: "files/sub/a.txt",
            changes: [.set(namespace: "urn:x", name: "p", value: "<p/>")])

        let moved = try await mover.moveCollection(id: files.id, to: "archive/files")
        #expect(moved.id == files.id)
        #expect(moved.path == "archive/files")
        #expect(
            try await store.collections(ownerID: alice.id, parent: nil).map(\.path) == [
                "archive", "archive/files", "archive/files/sub", "calendar",
            ])
        #expect(
            try await store.collection(ownerID: alice.id, path: "archive/files/sub")?.id == sub.id)
        #expect(
            try await store.object(collectionID: sub.id, name: "a.txt")?.data == Array("a".utf8))
        #expect(try await store.deadProperties(ownerID: alice.id, path: "files/sub/a.txt") == [])
        #expect(
            try await store.deadProperties(ownerID: alice.id, path: "archive/files/sub/a.txt") == [
                DeadProperty(
                    path: "archive/files/sub/a.txt", namespace: "urn:x", name: "p", value: "<p/>")
            ])
        await expectError(.invalidName) { () async throws(StorageError) in
            try await mover.moveCollection(id: archive.id, to: "archive/files/sub/x")
        }
        await expectError(.invalidName) { () async throws(StorageError) in
            try await mover.moveCollection(id: calendar.id, to: "calendar2")
        }
        await expectError(.conflict) { () async throws(StorageError) in
            try await mover.moveCollection(id: sub.id, to: "archive")
        }
        await expectError(.parentMissing) { () async throws(StorageError) in
            try await mover.moveCollection(id: sub.id, to: "nowhere/sub")
        }
        await expectError(.notFound) { () async throws(StorageError) in
            try await mover.moveCollection(id: 424_242, to: "x")
        }
        let top = try await mover.moveCollection(id: sub.id, to: "sub")
        #expect(top.path == "sub")
        #expect(top.parentPath == nil)
    }
}
