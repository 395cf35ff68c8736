import Storage
import Testing

extension StoreContract {
    /// The change log's retention checks.
    static let retentionChecks: [Check] = [
        Check(description: "sync retention: horizon and pruned rows", run: retentionPrunes),
        Check(description: "sync retention: checkpoints and collections", run: retentionScope),
    ]

    @Sendable static func retentionPrunes(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let calendar = try await makeCalendar(store, alice)
        let id = calendar.id
        for (name, summary) in [("a", "1"), ("b", "1"), ("a", "2"), ("c", "1")] {
            _ = try await store.putObject(
                eventWrite("\(name).ics", uid: name, summary: summary), collectionID: id,
                precondition: .none)
        }
        try await store.deleteObject(collectionID: id, name: "b.ics", ifMatch: nil)
        // Tokens 1…5 noted at `now`; nothing is older than the cutoff yet.
        #expect(try await store.pruneChangeLog(now: now, cutoff: now - 100) == 0)
        #expect(try await store.syncTokenHorizon(collectionID: id) == 0)
        _ = try await store.putObject(
            eventWrite("d.ics", uid: "d"), collectionID: id, precondition: .none)
        try await store.deleteObject(collectionID: id, name: "c.ics", ifMatch: nil)
        // A day later the checkpoint of `now` (token 5) is past the cutoff: at or below it, rows
        // 1 (a), 2 (b) and 4 (c) are superseded and 5 (b) is a deletion; 3 (a's latest) stays.
        #expect(try await store.pruneChangeLog(now: now + 86_400, cutoff: now + 10) == 4)
        #expect(try await store.syncTokenHorizon(collectionID: id) == 5)
        for since: Int64 in [1, 2, 4] {
            await expectError(.invalidSyncToken) { () async throws(StorageError) in
                try await store.changes(collectionID: id, since: since, limit: nil)
            }
        }
        #expect(
            try await store.changes(collectionID: id, since: 5, limit: nil)
                == ChangeSet(
                    changes: [
                        Change(collectionID: id, token: 6, name: "d.ics", kind: .created),
                        Change(collectionID: id, token: 7, name: "c.ics", kind: .deleted),
                    ], token: 7, isTruncated: false))
        #expect(
            try await store.changes(collectionID: id, since: 6, limit: nil)
                == ChangeSet(
                    changes: [Change(collectionID: id, token: 7, name: "c.ics", kind: .deleted)],
                    token: 7, isTruncated: false))
        // The initial sync still lists every member.
        #expect(
            try await store.changes(collectionID: id, since: 0, limit: nil)
                == ChangeSet(
                    changes: [
                        Change(collectionID: id, token: 3, name: "a.ics", kind: .modified),
                        Change(collectionID: id, token: 6, name: "d.ics", kind: .created),
                    ], token: 7, isTruncated: false))
        // The horizon never moves backwards, and a second prune finds nothing new.
        #expect(try await store.pruneChangeLog(now: now + 86_500, cutoff: now - 1_000) == 0)
        #expect(try await store.syncTokenHorizon(collectionID: id) == 5)
    }

    @Sendable static func retentionScope(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let first = try await makeCalendar(store, alice, "first")
        let second = try await makeCalendar(store, alice, "second")
        for calendar in [first, second] {
            _ = try await store.putObject(
                eventWrite("x.ics", uid: "x"), collectionID: calendar.id, precondition: .none)
            try await store.deleteObject(collectionID: calendar.id, name: "x.ics", ifMatch: nil)
        }
        _ = try await store.pruneChangeLog(now: now, cutoff: now - 1)
        _ = try await store.putObject(
            eventWrite("y.ics", uid: "y"), collectionID: first.id, precondition: .none)
        // Checkpoints at `now` and `now + 50`; the cutoff `now + 60` uses the later one, so the
        // first calendar's horizon is its token then (3), the second's 2.
        _ = try await store.pruneChangeLog(now: now + 50, cutoff: now - 1)
        #expect(try await store.pruneChangeLog(now: now + 100, cutoff: now + 60) == 4)
        #expect(try await store.syncTokenHorizon(collectionID: first.id) == 3)
        #expect(try await store.syncTokenHorizon(collectionID: second.id) == 2)
        #expect(
            try await store.changes(collectionID: second.id, since: 2, limit: nil)
                == ChangeSet(changes: [], token: 2, isTruncated: false))
        #expect(
            try await store.changes(collectionID: first.id, since: 0, limit: nil).changes.count == 1
        )
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.syncTokenHorizon(collectionID: 999_999)
        }
        // A deleted collection takes its checkpoints and horizon with it.
        try await store.deleteCollection(id: second.id)
        #expect(try await store.pruneChangeLog(now: now + 200, cutoff: now + 150) == 0)
    }
}
