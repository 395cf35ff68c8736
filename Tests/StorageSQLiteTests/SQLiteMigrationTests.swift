import Foundation
import GRDB
import Storage
import StorageTesting
import Testing

@testable import StorageSQLite

@Suite struct SQLiteMigrationTests {
    /// A file written by schema version 2 opens under v3-crm with its rows intact and the new
    /// columns at their defaults.
    @Test func aVersion2FileUpgradesInPlace() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(
            atPath: folder.path, withIntermediateDirectories: true)
        let queue = try DatabaseQueue(path: folder.path + "/" + SQLiteStore.fileName)
        try SQLiteSchema.migrator.migrate(queue, upTo: "v2-usage")
        try await queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO users (id, name, email, display_name, password_hash,
                        credential_version, password_changed_at, created_at)
                    VALUES (7, 'alice', 'a@example.com', 'A', 'h', 1, 1, 1);
                    INSERT INTO app_passwords (owner_id, label, token_hash, created_at)
                    VALUES (7, 'phone', 'hash', 1);
                    INSERT INTO collections (id, owner_id, path, kind, supported_components,
                        sync_token, created_at, modified_at)
                    VALUES (3, 7, 'crm-tasks', 'calendar', 'VTODO', 0, 1, 1);
                    """)
        }
        try queue.close()
        let store = try SQLiteStore(directory: folder.path, clock: StoreContract.clock)
        #expect(
            try await store.appliedMigrations() == [
                "v1-initial", "v2-usage", "v3-crm", "v4-links", "v5-perf", "v6-ops", "v7-connector",
                "v8-ops-sync-retention",
                "v9-conn", "v10-carddav", "v11-push", "v12-sharing",
            ])
        #expect(try await store.user(id: 7)?.isAdmin == false)
        #expect(try await store.appPassword(tokenHash: "hash")?.kind == .appPassword)
        let calendar = try #require(try await store.collection(id: 3))
        #expect(calendar.defaultTaskType == nil)
        #expect(calendar.path == "crm-tasks")
        let put = try await store.putObject(
            ObjectWrite(
                name: "a.ics", data: [1], contentType: "text/calendar",
                index: ObjectIndex(componentType: "VTODO", uid: "a"),
                task: TaskWrite(
                    proposedID: "t",
                    fields: TaskFields(type: .todo, title: "T", componentType: "VTODO", uid: "a"))),
            collectionID: 3, precondition: .none)
        #expect(try await store.task(ownerID: 7, id: "t")?.etag == put.object.etag)
    }
}
