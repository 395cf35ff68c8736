import Storage
import Testing

extension StoreContract {
    /// The sync log's checks.
    static let syncLogChecks: [Check] = [
        Check(description: "sync log: append and query", run: syncLogAppendAndQuery),
        Check(description: "sync log: purge by age", run: syncLogPurge),
    ]

    static func logEntry(
        _ user: String, _ time: Int64, _ action: SyncLogEntry.Action, _ name: String?
    ) -> SyncLogEntry {
        SyncLogEntry(
            time: time, ownerID: user == "alice" ? 1 : 2, userName: user,
            client: "DAVx5/4.4", action: action, collectionPath: "/caldav/calendars/\(user)/work/",
            objectName: name, taskID: name == nil ? nil : "T-\(time)",
            destination: action == .move ? "/caldav/calendars/\(user)/home/\(name ?? "")" : nil,
            status: action == .create ? 201 : 204)
    }

    @Sendable static func syncLogAppendAndQuery(_ store: any CadenceStore) async throws {
        #expect(try await store.syncLog(SyncLogQuery()) == [])
        let written = [
            logEntry("alice", now - 300, .create, "a.ics"),
            logEntry("bob", now - 200, .update, "b.ics"),
            logEntry("alice", now - 100, .move, "a.ics"),
            logEntry("alice", now - 100, .delete, nil),
        ]
        try await store.appendSyncLog(Array(written[0..<2]))
        try await store.appendSyncLog(Array(written[2...]))
        try await store.appendSyncLog([])
        let all = try await store.syncLog(SyncLogQuery())
        // Newest first; equal times by insertion order, later first; ids increase.
        #expect(all.map(\.action) == [.delete, .move, .update, .create])
        #expect(all.map(\.userName) == ["alice", "alice", "bob", "alice"])
        #expect(all[0].id > all[1].id && all[1].id > all[2].id && all[2].id > all[3].id)
        var expected = written[2]
        expected.id = all[1].id
        #expect(all[1] == expected)
        #expect(all[1].destination == "/caldav/calendars/alice/home/a.ics")
        #expect(all[0].objectName == nil && all[0].taskID == nil)
        let alice = try await store.syncLog(SyncLogQuery(userName: "alice"))
        #expect(alice.map(\.time) == [now - 100, now - 100, now - 300])
        let recent = try await store.syncLog(SyncLogQuery(since: now - 200))
        #expect(recent.map(\.action) == [.delete, .move, .update])
        let limited = try await store.syncLog(SyncLogQuery(userName: "alice", limit: 1))
        #expect(limited.map(\.action) == [.delete])
        #expect(try await store.syncLog(SyncLogQuery(userName: "carol")) == [])
    }

    @Sendable static func syncLogPurge(_ store: any CadenceStore) async throws {
        try await store.appendSyncLog([
            logEntry("alice", now - 86_400 * 31, .create, "old.ics"),
            logEntry("alice", now - 86_400 * 30, .update, "edge.ics"),
            logEntry("bob", now, .delete, "new.ics"),
        ])
        #expect(try await store.purgeSyncLog(before: now - 86_400 * 30) == 1)
        #expect(
            try await store.syncLog(SyncLogQuery()).map(\.objectName) == ["new.ics", "edge.ics"])
        #expect(try await store.purgeSyncLog(before: now - 86_400 * 30) == 0)
        #expect(try await store.purgeSyncLog(before: now + 1) == 2)
        #expect(try await store.syncLog(SyncLogQuery()) == [])
    }
}
