import Storage
import Testing

extension StoreContract {
    @Sendable static func objectCopy(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let bob = try await makeUser(store, "bob")
        let source = try await makeCalendar(store, alice, "source")
        let target = try await makeCalendar(store, alice, "target")
        let bobs = try await makeCalendar(store, bob)
        let original = try await store.putObject(
            eventWrite("a.ics", uid: "u", start: 10, end: 20), collectionID: source.id,
            precondition: .none)
        try await store.updateDeadProperties(
            ownerID: alice.id, path: "source/a.ics",
            changes: [.set(namespace: "urn:x", name: "p", value: "<p>1</p>")])

        let copy = try await store.copyObject(
            from: source.id, name: "a.ics", to: target.id, as: "b.ics", overwrite: false)
        #expect(copy.created)
        #expect(copy.object.collectionID == target.id)
        #expect(copy.object.name == "b.ics")
        #expect(copy.object.etag == original.object.etag)
        #expect(copy.object.data == original.object.data)
        #expect(copy.object.index == original.object.index)
        #expect(copy.object.contentType == original.object.contentType)
        #expect(try await store.object(collectionID: source.id, name: "a.ics") == original.object)
        #expect(try await store.collection(id: source.id)?.syncToken == 1)
        #expect(try await store.collection(id: target.id)?.syncToken == 1)
        #expect(
            try await store.changes(collectionID: target.id, since: 0, limit: nil).changes == [
                Change(collectionID: target.id, token: 1, name: "b.ics", kind: .created)
            ])
        #expect(
            try await store.deadProperties(ownerID: alice.id, path: "target/b.ics") == [
                DeadProperty(path: "target/b.ics", namespace: "urn:x", name: "p", value: "<p>1</p>")
            ])
        #expect(try await store.deadProperties(ownerID: alice.id, path: "source/a.ics").count == 1)

        await expectError(.preconditionFailed) { () async throws(StorageError) in
            try await store.copyObject(
                from: source.id, name: "a.ics", to: target.id, as: "b.ics", overwrite: false)
        }
        let overwritten = try await store.copyObject(
            from: source.id, name: "a.ics", to: target.id, as: "b.ics", overwrite: true)
        #expect(!overwritten.created)
        #expect(try await store.collection(id: target.id)?.syncToken == 2)
        await expectError(.uidConflict) { () async throws(StorageError) in
            try await store.copyObject(
                from: source.id, name: "a.ics", to: target.id, as: "c.ics", overwrite: false)
        }
        await expectError(.uidConflict) { () async throws(StorageError) in
            try await store.copyObject(
                from: source.id, name: "a.ics", to: source.id, as: "c.ics", overwrite: false)
        }
        await expectError(.conflict) { () async throws(StorageError) in
            try await store.copyObject(
                from: source.id, name: "a.ics", to: bobs.id, as: "a.ics", overwrite: false)
        }
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.copyObject(
                from: source.id, name: "missing.ics", to: target.id, as: "m.ics", overwrite: false)
        }
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.copyObject(
                from: source.id, name: "a.ics", to: 424_242, as: "m.ics", overwrite: false)
        }
        #expect(try await store.objects(collectionID: bobs.id) == [])
        #expect(try await store.collection(id: target.id)?.syncToken == 2)
    }

    @Sendable static func objectMove(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let source = try await makeCalendar(store, alice, "source")
        let target = try await makeCalendar(store, alice, "target")
        let original = try await store.putObject(
            eventWrite("a.ics", uid: "u"), collectionID: source.id, precondition: .none)
        try await store.updateDeadProperties(
            ownerID: alice.id, path: "source/a.ics",
            changes: [.set(namespace: "urn:x", name: "p", value: "<p/>")])

        let moved = try await store.moveObject(
            from: source.id, name: "a.ics", to: target.id, as: "a.ics", overwrite: false)
        #expect(moved.created)
        #expect(moved.object.etag == original.object.etag)
        #expect(try await store.object(collectionID: source.id, name: "a.ics") == nil)
        #expect(try await store.object(collectionID: target.id, name: "a.ics")?.data == event("u"))
        #expect(
            try await store.changes(collectionID: source.id, since: 1, limit: nil).changes == [
                Change(collectionID: source.id, token: 2, name: "a.ics", kind: .deleted)
            ])
        #expect(
            try await store.changes(collectionID: target.id, since: 0, limit: nil).changes == [
                Change(collectionID: target.id, token: 1, name: "a.ics", kind: .created)
            ])
        #expect(try await store.deadProperties(ownerID: alice.id, path: "source/a.ics") == [])
        #expect(try await store.deadProperties(ownerID: alice.id, path: "target/a.ics").count == 1)

        let renamed = try await store.moveObject(
            from: target.id, name: "a.ics", to: target.id, as: "renamed.ics", overwrite: false)
        #expect(renamed.created)
        #expect(try await store.objects(collectionID: target.id).map(\.name) == ["renamed.ics"])
        #expect(
            try await store.changes(collectionID: target.id, since: 1, limit: nil).changes == [
                Change(collectionID: target.id, token: 2, name: "a.ics", kind: .deleted),
                Change(collectionID: target.id, token: 3, name: "renamed.ics", kind: .created),
            ])
        _ = try await store.putObject(
            eventWrite("x.ics", uid: "x"), collectionID: source.id, precondition: .none)
        await expectError(.preconditionFailed) { () async throws(StorageError) in
            try await store.moveObject(
                from: target.id, name: "renamed.ics", to: source.id, as: "x.ics", overwrite: false)
        }
        let replaced = try await store.moveObject(
            from: target.id, name: "renamed.ics", to: source.id, as: "x.ics", overwrite: true)
        #expect(!replaced.created)
        #expect(try await store.object(collectionID: source.id, name: "x.ics")?.index.uid == "u")
        #expect(try await store.objects(collectionID: target.id) == [])
        await expectError(.conflict) { () async throws(StorageError) in
            try await store.moveObject(
                from: source.id, name: "x.ics", to: source.id, as: "x.ics", overwrite: true)
        }
    }
}
