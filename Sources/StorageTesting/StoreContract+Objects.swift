import Storage
import Testing

extension StoreContract {
    @Sendable static func objectPutGetList(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let calendar = try await makeCalendar(store, alice)
        let write = eventWrite("b.ics", uid: "uid-b", start: 100, end: 200)
        let first = try await store.putObject(write, collectionID: calendar.id, precondition: .none)
        #expect(first.created)
        #expect(first.object.collectionID == calendar.id)
        #expect(first.object.name == "b.ics")
        #expect(first.object.etag == ETag.strong(for: write.data))
        #expect(first.object.etag.hasPrefix("\""))
        #expect(first.object.etag.utf8.count == 66)
        #expect(first.object.size == write.data.count)
        #expect(first.object.data == write.data)
        #expect(first.object.contentType == "text/calendar; charset=utf-8; component=vevent")
        #expect(first.object.index == write.index)
        #expect(first.object.modifiedAt == now)
        #expect(try await store.object(collectionID: calendar.id, name: "b.ics") == first.object)
        #expect(try await store.object(collectionID: calendar.id, name: "B.ics") == nil)
        #expect(try await store.collection(id: calendar.id)?.syncToken == 1)

        _ = try await store.putObject(
            eventWrite("a.ics", uid: "uid-a"), collectionID: calendar.id, precondition: .none)
        let listing = try await store.objects(collectionID: calendar.id)
        #expect(listing.map(\.name) == ["a.ics", "b.ics"])
        #expect(listing.allSatisfy { $0.data == nil })
        #expect(listing[1] == first.object.metadata)

        let changed = eventWrite("b.ics", uid: "uid-b", summary: "Moved", start: 150, end: 250)
        let second = try await store.putObject(
            changed, collectionID: calendar.id, precondition: .none)
        #expect(!second.created)
        #expect(second.object.id == first.object.id)
        #expect(second.object.etag == ETag.strong(for: changed.data))
        #expect(second.object.etag != first.object.etag)
        #expect(second.object.index.firstStart == 150)
        #expect(
            try await store.object(collectionID: calendar.id, name: "b.ics")?.data == changed.data)
        #expect(try await store.collection(id: calendar.id)?.syncToken == 3)

        let empty = ObjectWrite(name: "empty.txt", data: [], contentType: "text/plain")
        let stored = try await store.putObject(
            empty, collectionID: calendar.id, precondition: .none)
        #expect(stored.object.size == 0)
        #expect(
            stored.object.etag
                == "\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"")
        #expect(try await store.object(collectionID: calendar.id, name: "empty.txt")?.data == [])
        if let lookup = store as? any PathLookup {
            // An empty body is empty, not missing, by the one-statement path lookup too.
            let found = try await lookup.collectionAndObject(
                ownerID: calendar.ownerID, collectionPath: calendar.path, name: "empty.txt")
            #expect(found?.object?.data == [])
        }

        await expectError(.notFound) { () async throws(StorageError) in
            try await store.putObject(write, collectionID: 424_242, precondition: .none)
        }
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.objects(collectionID: 424_242)
        }
        for bad in ["", ".", "..", "a/b", "a\u{7F}"] {
            await expectError(.invalidName) { () async throws(StorageError) in
                try await store.putObject(
                    fileWrite(bad, "x"), collectionID: calendar.id, precondition: .none)
            }
        }
        #expect(try await store.collection(id: calendar.id)?.syncToken == 4)
    }

    @Sendable static func objectPreconditions(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let calendar = try await makeCalendar(store, alice)
        await expectError(.preconditionFailed) { () async throws(StorageError) in
            try await store.putObject(
                eventWrite("a.ics", uid: "u"), collectionID: calendar.id,
                precondition: .ifMatch(ETag.strong(for: event("u"))))
        }
        await expectError(.preconditionFailed) { () async throws(StorageError) in
            try await store.putObject(
                eventWrite("a.ics", uid: "u"), collectionID: calendar.id, precondition: .ifMatchAny)
        }
        #expect(try await store.collection(id: calendar.id)?.syncToken == 0)
        let created = try await store.putObject(
            eventWrite("a.ics", uid: "u"), collectionID: calendar.id,
            precondition: .ifNoneMatchAny)
        #expect(created.created)
        await expectError(.preconditionFailed) { () async throws(StorageError) in
            try await store.putObject(
                eventWrite("a.ics", uid: "u", summary: "2"), collectionID: calendar.id,
                precondition: .ifNoneMatchAny)
        }
        await expectError(.preconditionFailed) { () async throws(StorageError) in
            try await store.putObject(
                eventWrite("a.ics", uid: "u", summary: "2"), collectionID: calendar.id,
                precondition: .ifMatch("\"not-the-etag\""))
        }
        let unquoted = String(created.object.etag.dropFirst().dropLast())
        await expectError(.preconditionFailed) { () async throws(StorageError) in
            try await store.putObject(
                eventWrite("a.ics", uid: "u", summary: "2"), collectionID: calendar.id,
                precondition: .ifMatch(unquoted))
        }
        #expect(try await store.collection(id: calendar.id)?.syncToken == 1)
        #expect(try await store.object(collectionID: calendar.id, name: "a.ics") == created.object)
        let updated = try await store.putObject(
            eventWrite("a.ics", uid: "u", summary: "2"), collectionID: calendar.id,
            precondition: .ifMatch(created.object.etag))
        #expect(!updated.created)
        let again = try await store.putObject(
            eventWrite("a.ics", uid: "u", summary: "3"), collectionID: calendar.id,
            precondition: .ifMatchAny)
        #expect(!again.created)
        await expectError(.preconditionFailed) { () async throws(StorageError) in
            try await store.putObject(
                eventWrite("a.ics", uid: "u", summary: "4"), collectionID: calendar.id,
                precondition: .ifMatch(created.object.etag))
        }
        #expect(try await store.collection(id: calendar.id)?.syncToken == 3)
    }

    @Sendable static func objectDelete(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let calendar = try await makeCalendar(store, alice)
        let put = try await store.putObject(
            eventWrite("a.ics", uid: "u"), collectionID: calendar.id, precondition: .none)
        try await store.updateDeadProperties(
            ownerID: alice.id, path: "calendar/a.ics",
            changes: [.set(namespace: "urn:x", name: "p", value: "<p/>")])
        await expectError(.preconditionFailed) { () async throws(StorageError) in
            try await store.deleteObject(
                collectionID: calendar.id, name: "a.ics", ifMatch: "\"other\"")
        }
        #expect(try await store.object(collectionID: calendar.id, name: "a.ics") != nil)
        try await store.deleteObject(
            collectionID: calendar.id, name: "a.ics", ifMatch: put.object.etag)
        #expect(try await store.object(collectionID: calendar.id, name: "a.ics") == nil)
        #expect(try await store.deadProperties(ownerID: alice.id, path: "calendar/a.ics") == [])
        #expect(try await store.collection(id: calendar.id)?.syncToken == 2)
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.deleteObject(collectionID: calendar.id, name: "a.ics", ifMatch: nil)
        }
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.deleteObject(collectionID: 424_242, name: "a.ics", ifMatch: nil)
        }
        _ = try await store.putObject(
            eventWrite("b.ics", uid: "u"), collectionID: calendar.id, precondition: .none)
        try await store.deleteObject(collectionID: calendar.id, name: "b.ics", ifMatch: nil)
        #expect(try await store.objects(collectionID: calendar.id) == [])
        #expect(
            try await store.changes(collectionID: calendar.id, since: 2, limit: nil).changes == [
                Change(collectionID: calendar.id, token: 4, name: "b.ics", kind: .deleted)
            ])
    }

    @Sendable static func objectMultiget(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let calendar = try await makeCalendar(store, alice)
        for name in ["c.ics", "a.ics", "b.ics"] {
            _ = try await store.putObject(
                eventWrite(name, uid: name), collectionID: calendar.id, precondition: .none)
        }
        let found = try await store.objects(
            collectionID: calendar.id, names: ["c.ics", "missing.ics", "a.ics", "c.ics"])
        #expect(found.map(\.name) == ["a.ics", "c.ics"])
        #expect(found.map(\.data) == [event("a.ics"), event("c.ics")])
        #expect(try await store.objects(collectionID: calendar.id, names: []) == [])
        // Lists of every size, some past one statement's batch (SQLite pads and caches them).
        let others = (0..<700).map { "missing-\($0).ics" }
        for count in [1, 2, 3, 5, 50, 511, 512, 513, 700] {
            let names = Array(others.prefix(count - 1)) + ["b.ics"]
            let listed = try await store.objects(collectionID: calendar.id, names: names)
            #expect(listed.map(\.name) == ["b.ics"], "\(count) names")
        }
        let all = try await store.objects(
            collectionID: calendar.id, names: others + ["c.ics", "b.ics", "a.ics"])
        #expect(all.map(\.name) == ["a.ics", "b.ics", "c.ics"])
    }

    @Sendable static func objectUIDUniqueness(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let calendar = try await makeCalendar(store, alice)
        let other = try await makeCalendar(store, alice, "other")
        _ = try await store.putObject(
            eventWrite("a.ics", uid: "shared"), collectionID: calendar.id, precondition: .none)
        #expect(
            try await store.objectName(collectionID: calendar.id, uid: "shared", excluding: nil)
                == "a.ics")
        #expect(
            try await store.objectName(collectionID: calendar.id, uid: "shared", excluding: "a.ics")
                == nil)
        #expect(
            try await store.objectName(collectionID: calendar.id, uid: "shared", excluding: "b.ics")
                == "a.ics")
        #expect(
            try await store.objectName(collectionID: calendar.id, uid: "none", excluding: nil)
                == nil)
        #expect(
            try await store.objectName(collectionID: other.id, uid: "shared", excluding: nil)
                == nil)
        await expectError(.uidConflict) { () async throws(StorageError) in
            try await store.putObject(
                eventWrite("b.ics", uid: "shared"), collectionID: calendar.id, precondition: .none)
        }
        #expect(try await store.object(collectionID: calendar.id, name: "b.ics") == nil)
        #expect(try await store.collection(id: calendar.id)?.syncToken == 1)
        let update = try await store.putObject(
            eventWrite("a.ics", uid: "shared", summary: "again"), collectionID: calendar.id,
            precondition: .none)
        #expect(!update.created)
        let elsewhere = try await store.putObject(
            eventWrite("b.ics", uid: "shared"), collectionID: other.id, precondition: .none)
        #expect(elsewhere.created)
        _ = try await store.putObject(
            fileWrite("c.txt", "no uid"), collectionID: calendar.id, precondition: .none)
        _ = try await store.putObject(
            fileWrite("d.txt", "no uid either"), collectionID: calendar.id, precondition: .none)
        #expect(try await store.objects(collectionID: calendar.id).count == 3)
    }

    @Sendable static func objectNameClashes(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let files = try await makePlain(store, alice, "files")
        _ = try await makePlain(store, alice, "files/x")
        await expectError(.conflict) { () async throws(StorageError) in
            try await store.putObject(
                fileWrite("x", "x"), collectionID: files.id, precondition: .none)
        }
        _ = try await store.putObject(
            fileWrite("y", "y"), collectionID: files.id, precondition: .none)
        await expectError(.conflict) { () async throws(StorageError) in
            try await store.createCollection(
                ownerID: alice.id, NewCollection(path: "files/y", kind: .plain))
        }
        #expect(try await store.collection(id: files.id)?.syncToken == 1)
    }

    @Sendable static func objectTimeRange(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let calendar = try await makeCalendar(store, alice)
        let rows: [(String, Int64?, Int64?, String)] = [
            ("a", 100, 200, "VEVENT"), ("b", 300, nil, "VEVENT"), ("c", nil, 150, "VEVENT"),
            ("d", 100, 200, "VTODO"), ("e", nil, nil, "VEVENT"), ("f", 500, 500, "VEVENT"),
            ("g", 200, 300, "VEVENT"),
        ]
        for (name, start, end, component) in rows {
            _ = try await store.putObject(
                eventWrite(name, uid: name, start: start, end: end, component: component),
                collectionID: calendar.id, precondition: .none)
        }
        _ = try await store.putObject(
            fileWrite("plain", "x"), collectionID: calendar.id, precondition: .none)
        func names(_ component: String, _ start: Int64?, _ end: Int64?) async throws -> [String] {
            let found = try await store.objects(
                collectionID: calendar.id, componentType: component, start: start, end: end)
            #expect(found.allSatisfy { $0.data == event($0.name) })
            return found.map(\.name)
        }
        #expect(try await names("VEVENT", 150, 250) == ["a", "c", "e", "g"])
        #expect(try await names("VEVENT", 500, 600) == ["b", "e", "f"])
        #expect(try await names("VEVENT", nil, 100) == ["c", "e"])
        #expect(try await names("VEVENT", 201, nil) == ["b", "e", "f", "g"])
        #expect(try await names("VEVENT", nil, nil) == ["a", "b", "c", "e", "f", "g"])
        #expect(try await names("VEVENT", 200, 200) == ["a", "e"])
        #expect(try await names("VTODO", 150, 250) == ["d"])
        #expect(try await names("VTODO", 200, 300) == ["d"])
        #expect(try await names("VTODO", 201, 300) == [])
        #expect(try await names("VJOURNAL", nil, nil) == [])
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.objects(
                collectionID: 424_242, componentType: "VEVENT", start: nil, end: nil)
        }
    }
}

extension StoreContract {
    @Sendable static func usage(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let bob = try await makeUser(store, "bob")
        let calendar = try await makeCalendar(store, alice)
        let other = try await makeCalendar(store, bob)
        #expect(try await store.usedBytes(ownerID: alice.id) == 0)
        #expect(try await store.objectCount(ownerID: alice.id) == 0)
        let a = eventWrite("a.ics", uid: "uid-a")
        let b = eventWrite("b.ics", uid: "uid-b", summary: "A longer summary than the first")
        _ = try await store.putObject(a, collectionID: calendar.id, precondition: .none)
        _ = try await store.putObject(b, collectionID: calendar.id, precondition: .none)
        _ = try await store.putObject(a, collectionID: other.id, precondition: .none)
        #expect(try await store.usedBytes(ownerID: alice.id) == Int64(a.data.count + b.data.count))
        try await store.deleteObject(collectionID: calendar.id, name: "a.ics", ifMatch: nil)
        #expect(try await store.usedBytes(ownerID: alice.id) == Int64(b.data.count))
        #expect(try await store.usedBytes(ownerID: bob.id) == Int64(a.data.count))
        #expect(try await store.objectCount(ownerID: alice.id) == 1)
        #expect(try await store.objectCount(ownerID: bob.id) == 1)
        _ = try await store.putObject(
            eventWrite("c.ics", uid: "uid-c"), collectionID: calendar.id, precondition: .none)
        #expect(try await store.objectCount(ownerID: alice.id) == 2)
    }
}

extension StoreContract {
    @Sendable static func pathLookup(_ store: any CadenceStore) async throws {
        let lookup = try #require(store as? any PathLookup, "every engine offers PathLookup")
        let alice = try await makeUser(store)
        let calendar = try await makeCalendar(store, alice)
        let put = try await store.putObject(
            eventWrite("a.ics", uid: "uid-a"), collectionID: calendar.id, precondition: .none)
        let found = try #require(
            try await lookup.collectionAndObject(
                ownerID: alice.id, collectionPath: "calendar", name: "a.ics"))
        #expect(found.collection.id == calendar.id)
        #expect(found.collection.syncToken == 1)
        #expect(found.object == put.object)
        let missing = try await lookup.collectionAndObject(
            ownerID: alice.id, collectionPath: "calendar", name: "b.ics")
        #expect(missing?.collection.id == calendar.id)
        #expect(missing?.object == nil)
        let none = try await lookup.collectionAndObject(
            ownerID: alice.id, collectionPath: "nope", name: "a.ics")
        #expect(none == nil)
    }
}

extension StoreContract {
    /// An update that changes one indexed column (size, UID, the times, the component type)
    /// stores it and only it, whichever columns a store's UPDATE assigns: reads, the UID lookup
    /// and the time-range lookups all see the new value.
    @Sendable static func objectColumnUpdates(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let calendar = try await makeCalendar(store, alice)
        func write(
            uid: String = "uid-a", summary: String = "A", start: Int64 = 100, end: Int64 = 200,
            component: String = "VEVENT"
        ) -> ObjectWrite {
            var write = eventWrite(
                "a.ics", uid: uid, summary: summary, start: start, end: end, component: component)
            write.index.exactInstances = [ObjectInstance(start: start, end: end)]
            return write
        }
        func expectStored(_ write: ObjectWrite) async throws {
            let put = try await store.putObject(
                write, collectionID: calendar.id, precondition: .none)
            let stored = try #require(
                try await store.object(collectionID: calendar.id, name: "a.ics"))
            #expect(stored == put.object)
            #expect(stored.index == write.index)
            #expect(stored.size == write.data.count)
            #expect(stored.data == write.data)
            let uid = try #require(write.index.uid)
            #expect(
                try await store.objectName(collectionID: calendar.id, uid: uid, excluding: nil)
                    == "a.ics")
        }
        func names(_ component: String, _ start: Int64, _ end: Int64) async throws -> [String] {
            guard let paging = store as? any ObjectPaging else { return [] }
            return try await paging.objectMetadata(
                collectionID: calendar.id, componentType: component, start: start, end: end
            ).map(\.name)
        }
        func matches(_ start: Int64, _ end: Int64) async throws -> [String] {
            guard let paging = store as? any ObjectPaging else { return [] }
            return try await paging.eventMatches(collectionID: calendar.id, start: start, end: end)
                .names
        }
        let paged = store is any ObjectPaging
        try await expectStored(write())
        // The size alone.
        try await expectStored(write(summary: "A longer summary"))
        // The UID alone (same length, so the size stays).
        try await expectStored(write(uid: "uid-b", summary: "A longer summary"))
        #expect(
            try await store.objectName(collectionID: calendar.id, uid: "uid-a", excluding: nil)
                == nil)
        // The times alone.
        try await expectStored(
            write(uid: "uid-b", summary: "A longer summary", start: 300, end: 400))
        if paged {
            #expect(try await names("VEVENT", 100, 200) == [])
            #expect(try await names("VEVENT", 300, 400) == ["a.ics"])
            #expect(try await matches(100, 200) == [])
            #expect(try await matches(300, 400) == ["a.ics"])
        }
        // The component type alone.
        try await expectStored(
            write(
                uid: "uid-b", summary: "A longer summary", start: 300, end: 400, component: "VTODO")
        )
        if paged {
            #expect(try await names("VEVENT", 300, 400) == [])
            #expect(try await names("VTODO", 300, 400) == ["a.ics"])
            #expect(try await matches(300, 400) == [])
        }
        // Nothing indexed: only the bytes (same length).
        try await expectStored(
            write(
                uid: "uid-b", summary: "A longer summarY", start: 300, end: 400, component: "VTODO")
        )
        #expect(try await store.collection(id: calendar.id)?.syncToken == 6)
    }
}
