/// The change log behind `sync-collection` (RFC 6578) and CalendarServer `getctag`.
public protocol SyncStore: Sendable {
    /// The changes after `since`, one per name (the latest), and the token to answer with.
    ///
    /// Costs O(changes after `since`): it reads the change log through its (collection, token)
    /// index and never scans objects. `since == 0` is the initial sync and leaves out deletions.
    /// `.invalidSyncToken` for a negative token or one newer than the collection's;
    /// `.notFound` for an unknown collection.
    func changes(collectionID: Int64, since: Int64, limit: Int?) async throws(StorageError)
        -> ChangeSet

    /// `changes(collectionID:since:limit:)` with the metadata (`data == nil`) of the objects it
    /// names that exist now, in one read (what an incremental `sync-collection` answers): the
    /// named objects when they are a few, else every object of the collection (a listing that
    /// reads no bodies costs less than looking many names up). Same errors as `changes`.
    func changesWithObjects(collectionID: Int64, since: Int64, limit: Int?)
        async throws(StorageError) -> (changes: ChangeSet, objects: [ObjectRecord])
}

extension SyncStore where Self: ObjectStore {
    /// Two reads: the changes, then the objects (SQLite overrides it with one read; PostgreSQL and
    /// the in-memory store keep two).
    public func changesWithObjects(collectionID: Int64, since: Int64, limit: Int?)
        async throws(StorageError) -> (changes: ChangeSet, objects: [ObjectRecord])
    {
        let changes = try await changes(collectionID: collectionID, since: since, limit: limit)
        let live = changes.liveNames
        let objects =
            live.count > ChangeSet.namedLookupLimit
            ? try await objects(collectionID: collectionID)
            : try await objects(collectionID: collectionID, names: live).map(\.metadata)
        return (changes, objects)
    }
}
