import Foundation
import Logging
import Storage
import SyncConnector
import Testing

@testable import CadenceServer

/// The connector schedule of the server (issue 6): a connector whose run cannot even start is
/// not tried again on every poll but backs off, and a disabled one only runs on demand.
@Suite struct ConnectorScheduleTests {
    static func connector(in store: InMemoryStore, enabled: Bool = true) async throws -> Int64 {
        let user = try await store.createUser(
            NewUser(name: "alice", email: "a@example.com", displayName: "A", passwordHash: "x"))
        let calendar = try await store.createCollection(
            ownerID: user.id, NewCollection(path: "work", kind: .calendar))
        // A sealed password the server key does not open: every run fails before it starts.
        var connector = try await store.createConnector(
            NewConnector(
                ownerID: user.id, collectionID: calendar.id, remoteURL: "http://127.0.0.1:9/c/",
                userName: "alice", sealedPassword: [1, 2, 3], interval: 60))
        connector.enabled = enabled
        try await store.updateConnector(connector)
        return connector.id
    }

    static func service(_ store: InMemoryStore) -> ConnectorSyncService {
        ConnectorSyncService(
            store: store,
            runner: SyncRunner(
                store: store, dataDirectory: "/nonexistent",
                environment: ["CADENCE_SECRET_KEY": "schedule test"]),
            pollInterval: 2, logger: Logger(label: "test"))
    }

    @Test func aRunThatCannotStartBacksOffInsteadOfRetryingEveryPoll() async throws {
        let store = InMemoryStore()
        let id = try await Self.connector(in: store)
        let service = Self.service(store)
        let now = Int64(Date().timeIntervalSince1970)
        await service.tick(now: now)
        var connector = try #require(try await store.connector(id: id))
        #expect(connector.failures == 1)
        #expect(connector.lastError?.contains("unauthorized") == true)
        // The next polls, seconds later: not run again.
        for later in [now + 2, now + 4, now + 30] { await service.tick(now: later) }
        #expect(try await store.connector(id: id)?.failures == 1)
        // Once the back-off has passed, it runs (and fails) again, and waits twice as long.
        let last = try #require(connector.lastSyncAt)
        await service.tick(now: last + 60)
        connector = try #require(try await store.connector(id: id))
        #expect(connector.failures == 2)
        #expect(SyncSchedule.nextRun(of: connector) == (connector.lastSyncAt ?? 0) + 120)
        await service.runner.shutdown()
    }

    @Test func aDisabledConnectorIsNotScheduled() async throws {
        let store = InMemoryStore()
        let id = try await Self.connector(in: store, enabled: false)
        let service = Self.service(store)
        await service.tick(now: Int64(Date().timeIntervalSince1970))
        let connector = try #require(try await store.connector(id: id))
        #expect(connector.failures == 0)
        #expect(connector.lastSyncAt == nil)
        await service.runner.shutdown()
    }
}
