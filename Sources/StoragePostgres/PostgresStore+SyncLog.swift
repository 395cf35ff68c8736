import Storage

extension PostgresStore {
    static let syncLogColumns = """
        id, time, owner_id, user_name, client, action, collection_path, object_name, task_id, \
        destination, status
        """

    /// See `SyncLogStore.appendSyncLog(_:)`: one transaction and one prepared statement for the
    /// whole batch.
    public func appendSyncLog(_ entries: [SyncLogEntry]) async throws(StorageError) {
        guard !entries.isEmpty else { return }
        try await write { db in
            let statement = db.cachedStatement(
                sql: """
                    INSERT INTO sync_log (time, owner_id, user_name, client, action,
                        collection_path, object_name, task_id, destination, status)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for entry in entries {
                try await statement.execute(arguments: [
                    entry.time, entry.ownerID, entry.userName, entry.client,
                    entry.action.rawValue, entry.collectionPath, entry.objectName, entry.taskID,
                    entry.destination, entry.status,
                ])
            }
        }
    }

    /// See `SyncLogStore.syncLog(_:)`.
    public func syncLog(_ query: SyncLogQuery) async throws(StorageError) -> [SyncLogEntry] {
        try await read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let userName = query.userName {
                conditions.append("user_name = ?")
                _ = arguments.append(contentsOf: [userName])
            }
            if let since = query.since {
                conditions.append("time >= ?")
                _ = arguments.append(contentsOf: [since])
            }
            let filter =
                conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
            _ = arguments.append(contentsOf: [max(0, query.limit)])
            return try await Row.fetchAll(
                db.cachedStatement(
                    sql: "SELECT \(Self.syncLogColumns) FROM sync_log\(filter)"
                        + " ORDER BY time DESC, id DESC LIMIT ?"),
                arguments: arguments
            ).map { row throws(StorageError) in try Self.syncLogEntry(row) }
        }
    }

    /// See `SyncLogStore.purgeSyncLog(before:)`.
    public func purgeSyncLog(before cutoff: Int64) async throws(StorageError) -> Int {
        try await write { db in
            try await db.execute(sql: "DELETE FROM sync_log WHERE time < ?", arguments: [cutoff])
            return db.changesCount
        }
    }

    static func syncLogEntry(_ row: Row) throws(StorageError) -> SyncLogEntry {
        let actionName: String = row[5]
        guard let action = SyncLogEntry.Action(rawValue: actionName) else {
            throw StorageError(.engineFailure, "unknown sync log action \(actionName)")
        }
        return SyncLogEntry(
            id: row[0], time: row[1], ownerID: row[2], userName: row[3], client: row[4],
            action: action, collectionPath: row[6], objectName: row[7], taskID: row[8],
            destination: row[9], status: row[10])
    }
}
