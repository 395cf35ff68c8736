import Storage

extension PostgresStore {
    /// See `SyncStore.changes(collectionID:since:limit:)`: one range scan of the
    /// `changes_token` index.
    public func changes(collectionID: Int64, since: Int64, limit: Int?) async throws(StorageError)
        -> ChangeSet
    {
        let body = { @Sendable (db: PGDatabase) async throws -> ChangeSet in
            let collection = try await Self.requireCollection(db, id: collectionID)
            guard since >= 0, since <= collection.syncToken else {
                throw StorageError(
                    .invalidSyncToken, "token \(since) is not one of this collection's")
            }
            if since > 0, since < (try await Self.horizon(db, collectionID: collectionID)) {
                throw StorageError(.invalidSyncToken, "token \(since) is older than the change log")
            }
            let rows = try await Row.fetchAll(
                db, sql: Self.changesSQL, arguments: [collectionID, since])
            let changes = try rows.map { row throws(StorageError) in
                try PGRows.change(row, collectionID: collectionID)
            }
            return ChangeSet.collapsing(
                changes, since: since, currentToken: collection.syncToken, limit: limit)
        }
        do throws(StorageError) {
            return try await read(body)
        } catch {
            // A token newer than a replica's copy of the collection was handed out by a server
            // further ahead (the primary, or another replica): the primary knows it.
            guard error.code == .invalidSyncToken, since > 0,
                case .replica = ReadRouting.current?.pinned
            else { throw error }
            ReadRouting.current?.pinPrimary()
            return try await read(body)
        }
    }

    /// The change-log read: a range of the `changes_token` index.
    static let changesSQL = """
        SELECT token, name, kind FROM changes
        WHERE collection_id = ? AND token > ? ORDER BY token
        """
}
