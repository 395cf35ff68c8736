import GRDB
import Storage

extension SQLiteStore {
    /// See `SyncStore.changes(collectionID:since:limit:)`: one range scan of the
    /// `changes_token` index.
    public func changes(collectionID: Int64, since: Int64, limit: Int?) async throws(StorageError)
        -> ChangeSet
    {
        try await read { db in
            try Self.changes(db, collectionID: collectionID, since: since, limit: limit)
        }
    }

    /// See `SyncStore.changesWithObjects`: one read transaction instead of two.
    public func changesWithObjects(collectionID: Int64, since: Int64, limit: Int?)
        async throws(StorageError) -> (changes: ChangeSet, objects: [ObjectRecord])
    {
        try await read { db in
            let changes = try Self.changes(
                db, collectionID: collectionID, since: since, limit: limit)
            let live = changes.liveNames
            let objects =
                live.count > ChangeSet.namedLookupLimit
                ? try Self.objectListing(db, collectionID: collectionID)
                : try Self.objects(db, collectionID: collectionID, names: live, withData: false)
            return (changes, objects)
        }
    }

    static func changes(_ db: Database, collectionID: Int64, since: Int64, limit: Int?) throws
        -> ChangeSet
    {
        let collection = try Self.requireCollection(db, id: collectionID)
        guard since >= 0, since <= collection.syncToken else {
            throw StorageError(
                .invalidSyncToken, "token \(since) is not one of this collection's")
        }
        if since > 0, since < (try Self.horizon(db, collectionID: collectionID)) {
            throw StorageError(.invalidSyncToken, "token \(since) is older than the change log")
        }
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: Self.changesSQL), arguments: [collectionID, since])
        let changes = try rows.map { row throws(StorageError) in
            try SQLiteRows.change(row, collectionID: collectionID)
        }
        return ChangeSet.collapsing(
            changes, since: since, currentToken: collection.syncToken, limit: limit)
    }

    /// The change-log read: a range of the `changes_token` index.
    static let changesSQL = """
        SELECT token, name, kind FROM changes
        WHERE collection_id = ? AND token > ? ORDER BY token
        """
}
