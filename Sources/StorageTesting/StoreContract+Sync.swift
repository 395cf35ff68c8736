import Storage
import Testing

extension StoreContract {
    @Sendable static func syncChanges(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let calendar = try await makeCalendar(store, alice)
        let fresh = try await store.changes(collectionID: calendar.id, since: 0, limit: nil)
        #expect(fresh == ChangeSet(changes: [], token: 0, isTruncated: false))
        _ = try await store.putObject(
            eventWrite("a.ics", uid: "a"), collectionID: calendar.id, precondition: .none)
        _ = try await store.putObject(
            eventWrite("b.ics", uid: "b"), collectionID: calendar.id, precondition: .none)
        _ = try await store.putObject(
            eventWrite("a.ics", uid: "a", summary: "2"), collectionID: calendar.id,
            precondition: .none)
        try await store.deleteObject(collectionID: calendar.id, name: "b.ics", ifMatch: nil)
        _ = try await store.putObject(
            eventWrite("c.ics", uid: "c"), collectionID: calendar.id, precondition: .none)
        #expect(try await store.collection(id: calendar.id)?.syncToken == 5)
        let id = calendar.id
        #expect(
            try await store.changes(collectionID: id, since: 0, limit: nil)
                == ChangeSet(
                    changes: [
                        Change(collectionID: id, token: 3, name: "a.ics", kind: .modified),
                        Change(collectionID: id, token: 5, name: "c.ics", kind: .created),
                    ], token: 5, isTruncated: false))
        #expect(
            try await store.changes(collectionID: id, since: 1, limit: nil)
                == ChangeSet(
                    changes: [
                        Change(collectionID: id, token: 3, name: "a.ics", kind: .modified),
                        Change(collectionID: id, token: 4, name: "b.ics", kind: .deleted),
                        Change(collectionID: id, token: 5, name: "c.ics", kind: .created),
                    ], token: 5, isTruncated: false))
        #expect(
            try await store.changes(collectionID: id, since: 4, limit: nil)
                == ChangeSet(
                    changes: [Change(collectionID: id, token: 5, name: "c.ics", kind: .created)],
                    token: 5, isTruncated: false))
        #expect(
            try await store.changes(collectionID: id, since: 5, limit: nil)
                == ChangeSet(changes: [], token: 5, isTruncated: false))
        let other = try await makeCalendar(store, alice, "other")
        _ = try await store.putObject(
            eventWrite("z.ics", uid: "z"), collectionID: other.id, precondition: .none)
        #expect(try await store.changes(collectionID: id, since: 5, limit: nil).changes == [])
        #expect(try await store.collection(id: other.id)?.syncToken == 1)
        _ = try await store.updateCollection(
            id: id, changes: [.displayName("Renamed")], deadProperties: [])
        #expect(try await store.collection(id: id)?.syncToken == 5)
    }

    @Sendable static func syncLimit(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let calendar = try await makeCalendar(store, alice)
        let id = calendar.id
        for name in ["a", "b", "a", "c", "d"] {
            _ = try await store.putObject(
                eventWrite(name, uid: name, summary: "\(name)"), collectionID: id,
                precondition: .none)
        }
        let first = try await store.changes(collectionID: id, since: 0, limit: 2)
        #expect(
            first
                == ChangeSet(
                    changes: [
                        Change(collectionID: id, token: 2, name: "b", kind: .created),
                        Change(collectionID: id, token: 3, name: "a", kind: .modified),
                    ], token: 3, isTruncated: true))
        let second = try await store.changes(collectionID: id, since: first.token, limit: 2)
        #expect(
            second
                == ChangeSet(
                    changes: [
                        Change(collectionID: id, token: 4, name: "c", kind: .created),
                        Change(collectionID: id, token: 5, name: "d", kind: .created),
                    ], token: 5, isTruncated: false))
        let exact = try await store.changes(collectionID: id, since: 3, limit: 2)
        #expect(!exact.isTruncated)
        #expect(exact.token == 5)
        let zero = try await store.changes(collectionID: id, since: 0, limit: 0)
        #expect(zero == ChangeSet(changes: [], token: 0, isTruncated: true))
    }

    @Sendable static func syncChangesWithObjects(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let calendar = try await makeCalendar(store, alice)
        let id = calendar.id
        for name in ["a", "b", "c"] {
            _ = try await store.putObject(
                eventWrite("\(name).ics", uid: name), collectionID: id, precondition: .none)
        }
        try await store.deleteObject(collectionID: id, name: "b.ics", ifMatch: nil)
        _ = try await store.putObject(
            eventWrite("c.ics", uid: "c", summary: "2"), collectionID: id, precondition: .none)
        // A few changes: the objects they name, as they are now, without their bytes.
        let few = try await store.changesWithObjects(collectionID: id, since: 1, limit: nil)
        #expect(few.changes == (try await store.changes(collectionID: id, since: 1, limit: nil)))
        let current = try #require(try await store.object(collectionID: id, name: "c.ics"))
        #expect(few.objects == [current.metadata])
        #expect(
            try await store.changesWithObjects(collectionID: id, since: 5, limit: nil).objects == []
        )
        // Many: every object of the collection, by name, still without bytes.
        for index in 0..<(ChangeSet.namedLookupLimit + 1) {
            _ = try await store.putObject(
                eventWrite("m\(index).ics", uid: "m\(index)"), collectionID: id,
                precondition: .none)
        }
        let many = try await store.changesWithObjects(collectionID: id, since: 5, limit: nil)
        #expect(many.changes.changes.count == ChangeSet.namedLookupLimit + 1)
        #expect(many.objects == (try await store.objects(collectionID: id)))
        #expect(many.objects.allSatisfy { $0.data == nil })
        // The same errors as `changes`.
        await expectError(.invalidSyncToken) { () async throws(StorageError) in
            _ = try await store.changesWithObjects(collectionID: id, since: 999, limit: nil)
        }
        await expectError(.notFound) { () async throws(StorageError) in
            _ = try await store.changesWithObjects(collectionID: 424_242, since: 0, limit: nil)
        }
    }

    @Sendable static func syncInvalidTokens(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let calendar = try await makeCalendar(store, alice)
        _ = try await store.putObject(
            eventWrite("a.ics", uid: "a"), collectionID: calendar.id, precondition: .none)
        for token: Int64 in [2, 99, -1, .max] {
            await expectError(.invalidSyncToken) { () async throws(StorageError) in
                try await store.changes(collectionID: calendar.id, since: token, limit: nil)
            }
        }
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.changes(collectionID: 424_242, since: 0, limit: nil)
        }
        #expect(try await store.changes(collectionID: calendar.id, since: 1, limit: nil).token == 1)
    }

    @Sendable static func deadProperties(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let bob = try await makeUser(store, "bob")
        try await store.updateDeadProperties(
            ownerID: alice.id, path: "files/doc.txt",
            changes: [
                .set(namespace: "urn:b", name: "z", value: "<z xmlns=\"urn:b\">1</z>"),
                .set(namespace: "urn:a", name: "a", value: "<a xmlns=\"urn:a\"/>"),
                .set(namespace: "urn:a", name: "m", value: "<m xmlns=\"urn:a\">x</m>"),
                .remove(namespace: "urn:none", name: "missing"),
            ])
        try await store.updateDeadProperties(
            ownerID: alice.id, path: "files/doc.txt",
            changes: [
                .set(namespace: "urn:b", name: "z", value: "<z xmlns=\"urn:b\">2</z>"),
                .remove(namespace: "urn:a", name: "a"),
                .set(namespace: "urn:a", name: "n", value: "<n xmlns=\"urn:a\"/>"),
            ])
        let path = "files/doc.txt"
        #expect(
            try await store.deadProperties(ownerID: alice.id, path: path) == [
                DeadProperty(
                    path: path, namespace: "urn:b", name: "z", value: "<z xmlns=\"urn:b\">2</z>"),
                DeadProperty(
                    path: path, namespace: "urn:a", name: "m", value: "<m xmlns=\"urn:a\">x</m>"),
                DeadProperty(
                    path: path, namespace: "urn:a", name: "n", value: "<n xmlns=\"urn:a\"/>"),
            ])
        #expect(try await store.deadProperties(ownerID: bob.id, path: path) == [])
        #expect(try await store.deadProperties(ownerID: alice.id, path: "files") == [])
        try await store.updateDeadProperties(
            ownerID: alice.id, path: "",
            changes: [.set(namespace: "urn:a", name: "home", value: "<home/>")])
        #expect(try await store.deadProperties(ownerID: alice.id, path: "").count == 1)
        try await store.updateDeadProperties(
            ownerID: alice.id, path: path,
            changes: [
                .remove(namespace: "urn:b", name: "z"), .remove(namespace: "urn:a", name: "m"),
                .remove(namespace: "urn:a", name: "n"),
            ])
        #expect(try await store.deadProperties(ownerID: alice.id, path: path) == [])
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.updateDeadProperties(
                ownerID: 424_242, path: "x", changes: [.remove(namespace: "a", name: "b")])
        }
    }

    @Sendable static func concurrentCreate(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let calendar = try await makeCalendar(store, alice)
        let contenders = 16
        let outcomes = await withTaskGroup(of: String.self) { group in
            for index in 0..<contenders {
                group.addTask {
                    do throws(StorageError) {
                        let result = try await store.putObject(
                            eventWrite("same.ics", uid: "same", summary: "writer \(index)"),
                            collectionID: calendar.id, precondition: .ifNoneMatchAny)
                        return result.created ? "created" : "updated"
                    } catch {
                        return error.code.rawValue
                    }
                }
            }
            var all: [String] = []
            for await outcome in group { all.append(outcome) }
            return all.sorted()
        }
        #expect(
            outcomes
                == ["created"] + Array(repeating: "precondition-failed", count: contenders - 1))
        #expect(try await store.collection(id: calendar.id)?.syncToken == 1)
        #expect(try await store.objects(collectionID: calendar.id).map(\.name) == ["same.ics"])
        #expect(
            try await store.changes(collectionID: calendar.id, since: 0, limit: nil).changes.count
                == 1)
    }

    @Sendable static func concurrentTokens(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let calendar = try await makeCalendar(store, alice)
        let writers = 12
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<writers {
                group.addTask {
                    _ = try await store.putObject(
                        eventWrite("\(index).ics", uid: "\(index)"), collectionID: calendar.id,
                        precondition: .ifNoneMatchAny)
                }
            }
            try await group.waitForAll()
        }
        let set = try await store.changes(collectionID: calendar.id, since: 0, limit: nil)
        #expect(set.token == Int64(writers))
        #expect(set.changes.map(\.token) == Array(1...Int64(writers)))
        #expect(Set(set.changes.map(\.name)).count == writers)
        #expect(set.changes.allSatisfy { $0.kind == .created })
    }
}
