import Foundation
import Storage
import StoragePostgres
import StorageSQLite

/// `cadence migrate-store`: copies a whole SQLite installation into an empty PostgreSQL
/// database, table by table with every column kept (users with their password hashes, app
/// passwords, collections with their sync tokens, objects, change logs, dead properties, CRM
/// rows, connectors, links, sync log), then verifies the copy through both stores (issue 9).
public enum StoreMigration {
    /// What a copy did and found.
    public struct Report: Sendable {
        /// Rows copied per table.
        public var rows: [String: Int] = [:]
        /// Users, collections and objects compared.
        public var users = 0
        public var collections = 0
        public var objects = 0
        /// Differences found by the verification (empty when the copy is faithful).
        public var mismatches: [String] = []
    }

    /// Copies the SQLite installation in `sqliteFolder` into the PostgreSQL database at
    /// `postgresURL` (migrated first; it must hold no user), then compares every user, every
    /// collection's sync token and every object's ETag.
    public static func copy(sqliteFolder: String, postgresURL: String, batchSize: Int = 500)
        async throws -> Report
    {
        guard FileManager.default.fileExists(atPath: sqliteFolder + "/" + SQLiteStore.fileName)
        else { throw StorageError(.notFound, "no \(SQLiteStore.fileName) in \(sqliteFolder)") }
        let source = try SQLiteStore(directory: sqliteFolder)
        let target = try await PostgresStore(url: postgresURL, poolSize: 4)
        defer { target.close() }
        let sourceMigrations = try await source.appliedMigrations()
        let targetMigrations = try await target.appliedMigrations()
        guard sourceMigrations.sorted() == targetMigrations.sorted() else {
            throw StorageError(
                .conflict,
                "schemas differ: SQLite has \(sourceMigrations), PostgreSQL \(targetMigrations)")
        }
        guard try await target.isEmpty() else {
            throw StorageError(.conflict, "the PostgreSQL database already holds users")
        }
        var report = Report()
        let tables = try await source.exportedTables()
        report.rows = try await target.importTables(tables) { table, after in
            try await source.exportRows(table: table, after: after, limit: batchSize)
        }
        report.mismatches = try await verify(source: source, target: target, report: &report)
        return report
    }

    /// Compares users (names, password hashes, credential versions, app passwords), collections
    /// (paths, sync tokens) and every object's ETag; answers the differences.
    static func verify(
        source: any CadenceStore, target: any CadenceStore, report: inout Report
    ) async throws -> [String] {
        var mismatches: [String] = []
        let users = try await source.users()
        let copiedUsers = try await target.users()
        if users != copiedUsers { mismatches.append("users differ") }
        for user in users {
            report.users += 1
            if try await source.appPasswords(userID: user.id)
                != target.appPasswords(userID: user.id)
            {
                mismatches.append("app passwords of \(user.name) differ")
            }
            let collections = try await source.collections(ownerID: user.id, parent: nil)
            let copied = try await target.collections(ownerID: user.id, parent: nil)
            if collections != copied {
                mismatches.append("collections of \(user.name) differ")
            }
            for collection in collections {
                report.collections += 1
                let objects = try await source.objects(collectionID: collection.id)
                let copiedObjects = try await target.objects(collectionID: collection.id)
                report.objects += objects.count
                let etags = objects.map { [$0.name, $0.etag] }
                if etags != copiedObjects.map({ [$0.name, $0.etag] }) {
                    mismatches.append("ETags in \(user.name)/\(collection.path) differ")
                }
                // The copied bytes themselves: each one's ETag computed afresh.
                var start = 0
                while start < objects.count {
                    let names = objects[start..<min(start + 200, objects.count)].map(\.name)
                    let expected = Dictionary(
                        uniqueKeysWithValues: objects[start..<min(start + 200, objects.count)]
                            .map { ($0.name, $0.etag) })
                    for object in try await target.objects(
                        collectionID: collection.id, names: names)
                    where ETag.strong(for: object.data ?? []) != expected[object.name] {
                        mismatches.append(
                            "data of \(user.name)/\(collection.path)/\(object.name) differs")
                    }
                    start += names.count
                }
                let changes = try await source.changes(
                    collectionID: collection.id, since: 0, limit: nil)
                if try await target.changes(collectionID: collection.id, since: 0, limit: nil)
                    != changes
                {
                    mismatches.append("change log of \(user.name)/\(collection.path) differs")
                }
            }
        }
        return mismatches
    }
}
