import Foundation
import Groupware
import Storage
import StorageSQLite
import SyncConnector
import Testing

/// A Cadence calendar, a fake remote and a connector between them.
struct SyncFixture {
    let store: any ConnectorBackingStore
    let user: UserRecord
    let calendar: CollectionRecord
    let connectorID: Int64
    let remote: FakeRemote

    static func make(
        store: any ConnectorBackingStore = InMemoryStore(), direction: ConnectorDirection = .twoWay,
        policy: ConflictPolicy = .newestWins, remote: FakeRemote = FakeRemote()
    ) async throws -> SyncFixture {
        let user: UserRecord
        if let existing = try await store.user(named: "alice") {
            user = existing
        } else {
            user = try await store.createUser(
                NewUser(
                    name: "alice", email: "alice@example.com", displayName: "Alice",
                    passwordHash: "x"))
        }
        let calendar: CollectionRecord
        if let existing = try await store.collection(ownerID: user.id, path: "work") {
            calendar = existing
        } else {
            calendar = try await store.createCollection(
                ownerID: user.id,
                NewCollection(
                    path: "work", kind: .calendar, supportedComponents: ["VEVENT", "VTODO"]))
        }
        let connectorID: Int64
        if let existing = try await store.connectors(ownerID: user.id).first {
            connectorID = existing.id
        } else {
            connectorID = try await store.createConnector(
                NewConnector(
                    ownerID: user.id, collectionID: calendar.id, remoteURL: "https://remote/cal/",
                    userName: "alice", sealedPassword: [1], direction: direction, policy: policy)
            ).id
        }
        return SyncFixture(
            store: store, user: user, calendar: calendar, connectorID: connectorID, remote: remote)
    }

    @discardableResult
    func sync() async throws -> SyncReport {
        try await SyncEngine(store: store).run(connectorID: connectorID, remote: remote)
    }

    func putLocal(_ name: String, _ data: [UInt8]) async throws {
        _ = try await GroupwareBackend(store: store, user: user).put(
            at: CadencePaths.object("alice", "work", name), body: data,
            contentType: "text/calendar", precondition: .none)
    }

    func deleteLocal(_ name: String) async throws {
        try await store.deleteObject(collectionID: calendar.id, name: name, ifMatch: nil)
    }

    func local(_ name: String) async throws -> [UInt8]? {
        try await store.object(collectionID: calendar.id, name: name)?.data
    }

    func localNames() async throws -> [String] {
        try await store.objects(collectionID: calendar.id).map(\.name)
    }

    func connector() async throws -> ConnectorRecord {
        try #require(try await store.connector(id: connectorID))
    }
}

/// A small VEVENT; `modified` sets LAST-MODIFIED (UTC, on 2026-01-01 at that hour).
func event(_ uid: String, _ summary: String, modified hour: Int = 8) -> [UInt8] {
    let stamp = "202601\(String(format: "01T%02d0000Z", hour))"
    return Array(
        """
        BEGIN:VCALENDAR\r
        VERSION:2.0\r
        PRODID:-//test//EN\r
        BEGIN:VEVENT\r
        UID:\(uid)\r
        DTSTAMP:20260101T000000Z\r
        LAST-MODIFIED:\(stamp)\r
        DTSTART:20260301T100000Z\r
        SUMMARY:\(summary)\r
        END:VEVENT\r
        END:VCALENDAR\r

        """.utf8)
}

@Suite struct SyncEngineTests {
    @Test func firstSyncCopiesEachSideToTheOtherAndASecondRunDoesNothing() async throws {
        let f = try await SyncFixture.make()
        try await f.putLocal("a.ics", event("a", "Local"))
        await f.remote.write("b.ics", event("b", "Remote"))

        let report = try await f.sync()
        #expect(report.pushed == 1)
        #expect(report.pulled == 1)
        #expect(report.conflicts == 0)
        #expect(await f.remote.data("a.ics") == event("a", "Local"))
        #expect(try await f.local("b.ics") == event("b", "Remote"))
        #expect(await f.remote.names == ["a.ics", "b.ics"])
        #expect(try await f.localNames() == ["a.ics", "b.ics"])
        #expect(try await f.store.connectorStates(connectorID: f.connectorID).count == 2)

        let requestsBefore = await f.remote.requests.count
        let again = try await f.sync()
        #expect(again == SyncReport())
        #expect(await Array(f.remote.requests.dropFirst(requestsBefore)) == ["sync"])
        let connector = try await f.connector()
        #expect(connector.counts == ConnectorCounts(pushed: 1, pulled: 1))
        #expect(connector.failures == 0)
        #expect(connector.lastError == nil)
        #expect(connector.lastSyncAt != nil)
    }

    @Test func editsAndDeletionsFlowBothWays() async throws {
        let f = try await SyncFixture.make()
        try await f.putLocal("a.ics", event("a", "A1"))
        await f.remote.write("b.ics", event("b", "B1"))
        try await f.sync()

        try await f.putLocal("a.ics", event("a", "A2"))
        await f.remote.write("b.ics", event("b", "B2"))
        let edits = try await f.sync()
        #expect(edits.pushed == 1)
        #expect(edits.pulled == 1)
        #expect(await f.remote.data("a.ics") == event("a", "A2"))
        #expect(try await f.local("b.ics") == event("b", "B2"))

        try await f.deleteLocal("a.ics")
        await f.remote.remove("b.ics")
        let deletions = try await f.sync()
        #expect(deletions.deletedRemotely == 1)
        #expect(deletions.deletedLocally == 1)
        #expect(await f.remote.names.isEmpty)
        #expect(try await f.localNames().isEmpty)
        // Both local deletions (ours and the connector's) are restorable from the trash.
        let trash = try await f.store.trash(ownerID: f.user.id).map(\.name).sorted()
        #expect(trash == ["a.ics", "b.ics"])
        #expect(try await f.store.connectorStates(connectorID: f.connectorID).isEmpty)
        let actions = try await f.store.connectorLog(connectorID: f.connectorID, limit: 100).map(
            \.action)
        #expect(actions.filter { $0 == "delete-local" }.count == 1)
        #expect(actions.filter { $0 == "delete-remote" }.count == 1)
        // The server-wide sync log records the connector's changes to the Cadence calendar.
        let logged = try await f.store.syncLog(SyncLogQuery(userName: "alice")).filter {
            $0.client == "connector"
        }
        let summary = logged.reversed().map {
            "\($0.action.rawValue) \($0.collectionPath)/\($0.objectName ?? "") \($0.status)"
        }
        #expect(
            summary == ["create work/b.ics 201", "update work/b.ics 204", "delete work/b.ics 204"])
    }

    @Test(arguments: [
        (ConflictPolicy.newestWins, 9, 10, false),  // the remote edit is newer
        (ConflictPolicy.newestWins, 11, 10, true),  // the local edit is newer
        (ConflictPolicy.localWins, 9, 10, true),
        (ConflictPolicy.remoteWins, 11, 10, false),
    ])
    func conflictsKeepTheWinnerAndTrashTheLoser(
        policy: ConflictPolicy, localHour: Int, remoteHour: Int, localShouldWin: Bool
    ) async throws {
        let f = try await SyncFixture.make(policy: policy)
        try await f.putLocal("a.ics", event("a", "Base"))
        try await f.sync()
        let localVersion = event("a", "Local edit", modified: localHour)
        let remoteVersion = event("a", "Remote edit", modified: remoteHour)
        try await f.putLocal("a.ics", localVersion)
        await f.remote.write("a.ics", remoteVersion)

        let report = try await f.sync()
        #expect(report.conflicts == 1)
        let winner = localShouldWin ? localVersion : remoteVersion
        let loser = localShouldWin ? remoteVersion : localVersion
        #expect(try await f.local("a.ics") == winner)
        #expect(await f.remote.data("a.ics") == winner)
        let trash = try await f.store.trash(ownerID: f.user.id)
        #expect(trash.map(\.data) == [loser])
        #expect(trash.first?.name == "a.ics")
        let log = try await f.store.connectorLog(connectorID: f.connectorID, limit: 10)
        #expect(log.contains { $0.action == "conflict" && $0.object == "a.ics" })
        // Settled: nothing more to do.
        #expect(try await f.sync() == SyncReport())
    }

    @Test func anEditBeatsADeletionUnderNewestWins() async throws {
        let f = try await SyncFixture.make()
        try await f.putLocal("a.ics", event("a", "A1"))
        try await f.putLocal("b.ics", event("b", "B1"))
        try await f.sync()
        try await f.deleteLocal("a.ics")
        await f.remote.write("a.ics", event("a", "A2"))
        try await f.putLocal("b.ics", event("b", "B2"))
        await f.remote.remove("b.ics")

        let report = try await f.sync()
        #expect(report.conflicts == 2)
        #expect(try await f.local("a.ics") == event("a", "A2"))
        #expect(await f.remote.data("b.ics") == event("b", "B2"))
        #expect(try await f.sync() == SyncReport())
    }

    @Test func aRemoteFailureMidSyncBacksOffAndTheNextRunFinishesWithoutDuplicates() async throws {
        let f = try await SyncFixture.make()
        for i in 0..<10 { try await f.putLocal("e\(i).ics", event("e\(i)", "Event \(i)")) }
        await f.remote.failAfterPuts(4)
        await #expect(throws: SyncError.self) { try await f.sync() }
        var connector = try await f.connector()
        #expect(connector.failures == 1)
        #expect(connector.lastError?.contains("transport") == true)
        #expect(connector.localToken == 0)
        #expect(connector.counts.pushed == 4)
        #expect(await f.remote.names.count == 4)

        await f.remote.failAfterPuts(nil)
        await f.remote.setDown(false)
        let report = try await f.sync()
        #expect(report.pushed == 6)
        #expect(report.conflicts == 0)
        #expect(await f.remote.names == (0..<10).map { "e\($0).ics" }.sorted())
        connector = try await f.connector()
        #expect(connector.failures == 0)
        #expect(connector.lastError == nil)
        #expect(connector.counts.pushed == 10)
    }

    @Test func aRestartResumesFromTheSavedStateWithoutDuplicates() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("cadence-sync-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let remote = FakeRemote()
        await remote.write("r.ics", event("r", "Remote"))
        do {
            let f = try await SyncFixture.make(
                store: try SQLiteStore(directory: directory), remote: remote)
            try await f.putLocal("l.ics", event("l", "Local"))
            let report = try await f.sync()
            #expect(report.pushed == 1)
            #expect(report.pulled == 1)
        }
        // A new process: the same file, a new engine.
        let f = try await SyncFixture.make(
            store: try SQLiteStore(directory: directory), remote: remote)
        try await f.putLocal("m.ics", event("m", "More"))
        let report = try await f.sync()
        #expect(
            report
                == {
                    var r = SyncReport(); r.pushed = 1; return r
                }())
        #expect(await remote.names == ["l.ics", "m.ics", "r.ics"])
        #expect(try await f.localNames() == ["l.ics", "m.ics", "r.ics"])
    }

    @Test func anInterruptedRunWhoseStateWasLostAdoptsIdenticalObjects() async throws {
        let f = try await SyncFixture.make()
        try await f.putLocal("a.ics", event("a", "A"))
        await f.remote.write("a.ics", event("a", "A"))
        await f.remote.write("b.ics", event("b", "B"))
        try await f.putLocal("b.ics", event("b", "B"))
        let report = try await f.sync()
        #expect(report == SyncReport())
        #expect(try await f.store.connectorStates(connectorID: f.connectorID).count == 2)
        #expect(try await f.store.trash(ownerID: f.user.id).isEmpty)
    }

    @Test func withoutSyncCollectionTheCTagAndETagsAreCompared() async throws {
        let f = try await SyncFixture.make()
        await f.remote.setSupportsSync(false)
        await f.remote.write("b.ics", event("b", "B1"))
        try await f.sync()
        #expect(try await f.local("b.ics") == event("b", "B1"))

        let before = await f.remote.requests.count
        #expect(try await f.sync() == SyncReport())
        #expect(await Array(f.remote.requests.dropFirst(before)) == ["sync", "ctag"])

        await f.remote.write("b.ics", event("b", "B2"))
        await f.remote.write("c.ics", event("c", "C"))
        let report = try await f.sync()
        #expect(report.pulled == 2)
        #expect(try await f.local("b.ics") == event("b", "B2"))
        await f.remote.remove("c.ics")
        #expect(try await f.sync().deletedLocally == 1)
        #expect(try await f.localNames() == ["b.ics"])
    }

    @Test func aRefusedSyncTokenFallsBackToAFullComparisonWithoutDuplicates() async throws {
        let f = try await SyncFixture.make()
        try await f.putLocal("a.ics", event("a", "A"))
        await f.remote.write("b.ics", event("b", "B"))
        try await f.sync()
        await f.remote.forgetTokens()
        await f.remote.write("c.ics", event("c", "C"))
        await f.remote.write("x.ics", event("x", "X"))
        await f.remote.forgetTokens()
        let report = try await f.sync()
        #expect(report.pulled == 2)
        #expect(report.pushed == 0)
        #expect(report.conflicts == 0)
        #expect(try await f.localNames() == ["a.ics", "b.ics", "c.ics", "x.ics"])
    }

    @Test func pushOnlyNeverWritesLocallyAndPullOnlyNeverWritesRemotely() async throws {
        let push = try await SyncFixture.make(direction: .pushOnly)
        try await push.putLocal("a.ics", event("a", "A"))
        await push.remote.write("b.ics", event("b", "B"))
        let pushed = try await push.sync()
        #expect(pushed.pushed == 1)
        #expect(pushed.pulled == 0)
        #expect(try await push.localNames() == ["a.ics"])
        await push.remote.write("a.ics", event("a", "Remote edit", modified: 12))
        try await push.putLocal("a.ics", event("a", "Local edit", modified: 9))
        #expect(try await push.sync().conflicts == 1)
        #expect(await push.remote.data("a.ics") == event("a", "Local edit", modified: 9))
        #expect(try await push.local("a.ics") == event("a", "Local edit", modified: 9))

        let pull = try await SyncFixture.make(direction: .pullOnly)
        try await pull.putLocal("a.ics", event("a", "A"))
        await pull.remote.write("b.ics", event("b", "B"))
        let pulled = try await pull.sync()
        #expect(pulled.pulled == 1)
        #expect(pulled.pushed == 0)
        #expect(await pull.remote.names == ["b.ics"])
        try await pull.deleteLocal("b.ics")
        #expect(try await pull.sync() == SyncReport())
        #expect(await pull.remote.names == ["b.ics"])
    }

    /// Xandikos reports differences between trees: an object we create and someone then deletes
    /// after our token is never reported. The token must move past our own writes at once.
    @Test func anObjectWePushedAndTheRemoteThenDeletedIsDeletedHere() async throws {
        let f = try await SyncFixture.make()
        try await f.putLocal("a.ics", event("a", "A"))
        #expect(try await f.sync().pushed == 1)
        #expect(try await f.connector().remoteSyncToken == "tok-1")
        await f.remote.remove("a.ics")
        #expect(try await f.sync().deletedLocally == 1)
        #expect(try await f.localNames().isEmpty)
    }

    @Test func pulledTasksAreProjectedIntoTheCRM() async throws {
        let f = try await SyncFixture.make()
        let todo = Array(
            """
            BEGIN:VCALENDAR\r
            VERSION:2.0\r
            PRODID:-//test//EN\r
            BEGIN:VTODO\r
            UID:t1\r
            DTSTAMP:20260101T000000Z\r
            SUMMARY:Call the client\r
            END:VTODO\r
            END:VCALENDAR\r

            """.utf8)
        await f.remote.write("t1.ics", todo)
        try await f.sync()
        let task = try await f.store.task(collectionID: f.calendar.id, objectName: "t1.ics")
        #expect(task?.fields.title == "Call the client")
    }
}

@Suite struct SyncScheduleTests {
    @Test func backsOffExponentiallyUpToSixHoursAndHonoursRetryAfter() {
        var connector = ConnectorRecord(
            id: 1, ownerID: 1, collectionID: 1, remoteURL: "https://r/", userName: "u",
            sealedPassword: [], direction: .twoWay, policy: .newestWins, interval: 60,
            createdAt: 0)
        #expect(SyncSchedule.nextRun(of: connector) == nil)
        connector.lastSyncAt = 1000
        #expect(SyncSchedule.nextRun(of: connector) == 1060)
        connector.failures = 1
        #expect(SyncSchedule.nextRun(of: connector) == 1060)
        connector.failures = 3
        #expect(SyncSchedule.nextRun(of: connector) == 1240)
        connector.failures = 30
        #expect(SyncSchedule.nextRun(of: connector) == Int64(22_600))
        connector.failures = 1
        #expect(SyncSchedule.nextRun(of: connector, retryAfter: 300) == 1300)
    }
}
