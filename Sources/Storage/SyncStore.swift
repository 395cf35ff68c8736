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
}
