// MARK: SyncLogStore

extension InMemoryStore {
    /// See `SyncLogStore.appendSyncLog(_:)`.
    public func appendSyncLog(_ entries: [SyncLogEntry]) {
        for var entry in entries {
            entry.id = nextID()
            syncLogEntries.append(entry)
        }
    }

    /// See `SyncLogStore.syncLog(_:)`.
    public func syncLog(_ query: SyncLogQuery) -> [SyncLogEntry] {
        let matching = syncLogEntries.filter { entry in
            (query.userName.map { entry.userName == $0 } ?? true)
                && (query.since.map { entry.time >= $0 } ?? true)
        }
        let newestFirst = matching.sorted { ($0.time, $0.id) > ($1.time, $1.id) }
        return Array(newestFirst.prefix(max(0, query.limit)))
    }

    /// See `SyncLogStore.purgeSyncLog(before:)`.
    public func purgeSyncLog(before cutoff: Int64) -> Int {
        let before = syncLogEntries.count
        syncLogEntries.removeAll { $0.time < cutoff }
        return before - syncLogEntries.count
    }
}
