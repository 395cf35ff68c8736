import Foundation
import Storage
import Synchronization
import Testing

@testable import CadenceServer
@testable import StoragePostgres

/// The push poller on PostgreSQL (issue 9), where transactions commit out of change-id order.
/// Needs `CADENCE_TEST_POSTGRES_URL` (scripts/test sets it).
@Suite(
    .enabled(
        if: migrationTestPostgresURL != nil,
        "CADENCE_TEST_POSTGRES_URL is unset: the PostgreSQL push tests did NOT run"))
struct PushPostgresTests {
    /// The changes a poller delivered.
    final class Delivered: Sendable {
        let changes = Mutex<[CommittedChange]>([])
        func withLock<T: Sendable>(_ body: (inout [CommittedChange]) -> T) -> T {
            changes.withLock { body(&$0) }
        }
    }

    /// A transaction draws the lower change id, a second one commits a higher id and is
    /// delivered, then the first commits: the poller delivers it too (the poller that read the
    /// log by id from its newest row skipped it, and that subscriber was never told).
    @Test func thePollerDeliversAChangeCommittedOutOfIdOrder() async throws {
        let store = try await PostgresStore(url: StoreMigrationTests.freshURL(), poolSize: 4)
        do {
            try await Self.outOfOrder(store)
        } catch {
            try? await store.dropSchema()
            store.close()
            throw error
        }
        try? await store.dropSchema()
        store.close()
    }

    static func outOfOrder(_ store: PostgresStore) async throws {
        let owner = try await store.createUser(
            NewUser(name: "alice", email: "a@example.com", displayName: "A", passwordHash: "x"))
        let slowFiles = try await store.createCollection(
            ownerID: owner.id, NewCollection(path: "slow", kind: .plain))
        let fastFiles = try await store.createCollection(
            ownerID: owner.id, NewCollection(path: "fast", kind: .plain))
        let delivered = Delivered()
        let poller = Task {
            await StoreChangePoller(store: store, interval: 0.02).run { change in
                delivered.withLock { $0.append(change) }
            }
        }
        defer { poller.cancel() }
        func arrived(_ collection: CollectionRecord) async throws -> Bool {
            for _ in 0..<250 {
                if delivered.withLock({ $0.contains { $0.collectionID == collection.id } }) {
                    return true
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            return false
        }
        // The poller starts after the newest change: write until it reads.
        var reading = false
        for attempt in 0..<10 where !reading {
            _ = try await store.putObject(
                ObjectWrite(name: "warm-\(attempt)", data: [1], contentType: "text/plain"),
                collectionID: fastFiles.id, precondition: .none)
            reading = try await arrived(fastFiles)
        }
        #expect(reading)
        delivered.withLock { $0.removeAll() }

        let (drawn, drew) = AsyncStream.makeStream(of: Void.self)
        let (release, released) = AsyncStream.makeStream(of: Void.self)
        let slow = Task {
            try await store.write { db in
                try await PostgresStore.logChange(
                    db, collection: slowFiles, name: "slow", kind: .created, now: 1)
                drew.yield()
                var waiting = release.makeAsyncIterator()
                _ = await waiting.next()
            }
        }
        var waitingForDraw = drawn.makeAsyncIterator()
        _ = await waitingForDraw.next()
        _ = try await store.putObject(
            ObjectWrite(name: "fast", data: [1], contentType: "text/plain"),
            collectionID: fastFiles.id, precondition: .none)
        #expect(try await arrived(fastFiles))
        released.yield()
        try await slow.value
        #expect(try await arrived(slowFiles))
        let changes = delivered.withLock { $0 }
        #expect(changes.filter { $0.collectionID == slowFiles.id }.map(\.token) == [1])
        let slowSequence = changes.first { $0.collectionID == slowFiles.id }?.sequence ?? 0
        let fastSequence = changes.first { $0.collectionID == fastFiles.id }?.sequence ?? 0
        #expect(slowSequence < fastSequence)
    }
}
