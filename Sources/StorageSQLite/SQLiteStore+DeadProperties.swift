import GRDB
import Storage

extension SQLiteStore {
    /// See `DeadPropertyStore.deadProperties(ownerID:path:)`.
    public func deadProperties(ownerID: Int64, path: String) async throws(StorageError)
        -> [DeadProperty]
    {
        try await read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT namespace, name, value FROM dead_properties
                        WHERE owner_id = ? AND path = ? ORDER BY id
                        """),
                arguments: [ownerID, path]
            ).map { row in
                DeadProperty(
                    path: path, namespace: row["namespace"], name: row["name"],
                    value: row["value"])
            }
        }
    }

    /// See `DeadPropertyStore.updateDeadProperties(ownerID:path:changes:)`.
    public func updateDeadProperties(ownerID: Int64, path: String, changes: [DeadPropertyChange])
        async throws(StorageError)
    {
        try await write { db in
            try Self.requireUser(db, id: ownerID)
            try Self.applyDeadProperties(db, ownerID: ownerID, path: path, changes)
        }
    }

    /// Applies PROPPATCH instructions in order; a `set` of an existing property keeps its row,
    /// and so its position.
    static func applyDeadProperties(
        _ db: Database, ownerID: Int64, path: String, _ changes: [DeadPropertyChange]
    ) throws {
        for change in changes {
            switch change {
            case .set(let namespace, let name, let value):
                try db.execute(
                    sql: """
                        INSERT INTO dead_properties (owner_id, path, namespace, name, value)
                        VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (owner_id, path, namespace, name)
                        DO UPDATE SET value = excluded.value
                        """,
                    arguments: [ownerID, path, namespace, name, value])
            case .remove(let namespace, let name):
                try db.execute(
                    sql: """
                        DELETE FROM dead_properties
                        WHERE owner_id = ? AND path = ? AND namespace = ? AND name = ?
                        """,
                    arguments: [ownerID, path, namespace, name])
            }
        }
    }

    /// Deletes the dead properties of `path` and of everything below it.
    static func deleteDeadProperties(_ db: Database, ownerID: Int64, subtree path: String) throws {
        let (low, high) = SQLiteRows.descendantBounds(path)
        try deleteDeadProperties(db, ownerID: ownerID, path: path)
        try db.execute(
            sql: "DELETE FROM dead_properties WHERE owner_id = ? AND path >= ? AND path < ?",
            arguments: [ownerID, low, high])
    }

    /// Deletes the dead properties of exactly `path`.
    static func deleteDeadProperties(_ db: Database, ownerID: Int64, path: String) throws {
        try db.execute(
            sql: "DELETE FROM dead_properties WHERE owner_id = ? AND path = ?",
            arguments: [ownerID, path])
    }
}
