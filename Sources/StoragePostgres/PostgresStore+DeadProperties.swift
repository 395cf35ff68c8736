import Storage

extension PostgresStore {
    /// See `DeadPropertyStore.deadProperties(ownerID:path:)`.
    public func deadProperties(ownerID: Int64, path: String) async throws(StorageError)
        -> [DeadProperty]
    {
        try await readStatement { db in
            try await Row.fetchAll(
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
            try await Self.requireUser(db, id: ownerID)
            try await Self.applyDeadProperties(db, ownerID: ownerID, path: path, changes)
        }
    }

    /// Applies PROPPATCH instructions in order; a `set` of an existing property keeps its row,
    /// and so its position.
    static func applyDeadProperties(
        _ db: PGDatabase, ownerID: Int64, path: String, _ changes: [DeadPropertyChange]
    ) async throws {
        for change in changes {
            switch change {
            case .set(let namespace, let name, let value):
                try await db.execute(
                    sql: """
                        INSERT INTO dead_properties (owner_id, path, namespace, name, value)
                        VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (owner_id, path, namespace, name)
                        DO UPDATE SET value = excluded.value
                        """,
                    arguments: [ownerID, path, namespace, name, value])
            case .remove(let namespace, let name):
                try await db.execute(
                    sql: """
                        DELETE FROM dead_properties
                        WHERE owner_id = ? AND path = ? AND namespace = ? AND name = ?
                        """,
                    arguments: [ownerID, path, namespace, name])
            }
        }
    }

    /// Deletes the dead properties of `path` and of everything below it.
    static func deleteDeadProperties(_ db: PGDatabase, ownerID: Int64, subtree path: String)
        async throws
    {
        let (low, high) = PGRows.descendantBounds(path)
        try await deleteDeadProperties(db, ownerID: ownerID, path: path)
        try await db.execute(
            sql: "DELETE FROM dead_properties WHERE owner_id = ? AND path >= ? AND path < ?",
            arguments: [ownerID, low, high])
    }

    /// Deletes the dead properties of exactly `path`.
    static func deleteDeadProperties(_ db: PGDatabase, ownerID: Int64, path: String) async throws {
        try await db.execute(
            sql: "DELETE FROM dead_properties WHERE owner_id = ? AND path = ?",
            arguments: [ownerID, path])
    }
}
