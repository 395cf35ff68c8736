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
        #expect(try await store.appliedMigrations() == StoreSchema.names)
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

    /// The engine applies exactly the one list of steps (`StoreSchema`), in its order.
    @Test func aNewFileAppliesExactlyTheList() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let store = try SQLiteStore(directory: folder.path, clock: StoreContract.clock)
        #expect(try await store.appliedMigrations() == StoreSchema.names)
        #expect(SQLiteSchema.migrator.migrations == StoreSchema.names)
        #expect(SQLiteStore.schemaVersion == StoreSchema.steps.count)
    }

    /// A file at version 11 made by the old per-engine list (`SchemaV11Fixture`) is recognised as
    /// up to date to `v11-push`: no step runs again (each would fail on its existing tables),
    /// its schema is exactly what the list makes up to there, and its rows stay.
    @Test func aVersion11FileOfTheOldListIsRecognised() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(
            atPath: folder.path, withIntermediateDirectories: true)
        let queue = try DatabaseQueue(path: folder.path + "/" + SQLiteStore.fileName)
        try await queue.write { db in
            try db.execute(sql: SchemaV11Fixture.script)
            try db.execute(
                sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
            for name in SchemaV11Fixture.names {
                try db.execute(
                    sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [name])
            }
            try db.execute(
                sql: """
                    INSERT INTO users (id, name, email, display_name, password_hash,
                        credential_version, password_changed_at, created_at)
                    VALUES (7, 'alice', 'a@example.com', 'A', 'h', 1, 1, 1)
                    """)
        }
        let oldSchema = try await queue.read(Self.schema)
        #expect(
            try await queue.read { try SQLiteSchema.migrator.appliedIdentifiers($0) }
                == Set(SchemaV11Fixture.names))
        try queue.close()

        let fresh = try DatabaseQueue()
        try SQLiteSchema.migrator.migrate(fresh, upTo: "v11-push")
        #expect(try await fresh.read(Self.schema) == oldSchema)
        #expect(!oldSchema.isEmpty)

        let store = try SQLiteStore(directory: folder.path, clock: StoreContract.clock)
        #expect(try await store.appliedMigrations() == StoreSchema.names)
        #expect(try await store.user(id: 7)?.name == "alice")
    }

    /// Every table, index and trigger with its SQL, whitespace folded.
    static func schema(_ db: Database) throws -> [String] {
        try String.fetchAll(
            db,
            sql: """
                SELECT type || ' ' || name || ' ' || COALESCE(sql, '') FROM sqlite_master
                WHERE name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations' ORDER BY name
                """
        ).map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
    }
}
