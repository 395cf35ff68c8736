/// The persisted sync log (issue 7): appended in batches, read newest first, purged by age.
public protocol SyncLogStore: Sendable {
    /// Appends `entries` in one transaction, in order; their `id`s are ignored and assigned.
    func appendSyncLog(_ entries: [SyncLogEntry]) async throws(StorageError)

    /// The entries matching `query`, newest first (by time, then by id).
    func syncLog(_ query: SyncLogQuery) async throws(StorageError) -> [SyncLogEntry]

    /// Deletes the entries older than `cutoff` (UTC seconds); answers how many.
    func purgeSyncLog(before cutoff: Int64) async throws(StorageError) -> Int
}
