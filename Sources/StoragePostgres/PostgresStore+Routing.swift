import Storage

extension PostgresStore {
    /// See `RoutingStore.routes(ownerID:)`.
    public func routes(ownerID: Int64) async throws(StorageError) -> [TaskRoute] {
        try await read { db in
            try await Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT type, collection_id FROM task_routes WHERE owner_id = ?
                        ORDER BY type
                        """),
                arguments: [ownerID]
            ).map { row throws(StorageError) in
                let name: String = row[0]
                guard let type = TaskType(rawValue: name) else {
                    throw StorageError(.engineFailure, "unknown task type \(name)")
                }
                return TaskRoute(type: type, collectionID: row[1])
            }
        }
    }

    /// See `RoutingStore.setRoute(ownerID:type:collectionID:)`; a deleted calendar's rules go
    /// with it (foreign key).
    public func setRoute(ownerID: Int64, type: TaskType, collectionID: Int64?)
        async throws(StorageError)
    {
        try await write { db in
            guard let collectionID else {
                try await db.execute(
                    sql: "DELETE FROM task_routes WHERE owner_id = ? AND type = ?",
                    arguments: [ownerID, type.rawValue])
                return
            }
            guard let target = try await Self.collection(db, id: collectionID),
                target.ownerID == ownerID
            else {
                throw StorageError(.notFound, "no calendar \(collectionID) of user \(ownerID)")
            }
            guard target.kind == .calendar else {
                throw StorageError(.invalidName, "\(target.path) is not a calendar")
            }
            try await db.execute(
                sql: """
                    INSERT INTO task_routes (owner_id, type, collection_id) VALUES (?, ?, ?)
                    ON CONFLICT (owner_id, type) DO UPDATE SET collection_id = excluded.collection_id
                    """,
                arguments: [ownerID, type.rawValue, collectionID])
        }
    }
}
