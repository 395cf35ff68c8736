// MARK: ChangeLogRetentionStore

extension InMemoryStore {
    /// See `ChangeLogRetentionStore.pruneChangeLog(now:cutoff:)`.
    public func pruneChangeLog(now: Int64, cutoff: Int64) -> Int {
        var removed = 0
        var checkpoints: [Int64: [(at: Int64, token: Int64)]] = [:]
        for (id, collection) in collectionsByID {
            var noted = syncCheckpoints[id] ?? []
            if collection.syncToken > noted.last?.token ?? -1 {
                noted.append((at: now, token: collection.syncToken))
            }
            guard let used = noted.lastIndex(where: { $0.at <= cutoff }) else {
                checkpoints[id] = noted
                continue
            }
            let horizon = max(syncHorizons[id] ?? 0, noted[used].token)
            syncHorizons[id] = horizon
            checkpoints[id] = Array(noted[used...])
            let log = changeLog[id] ?? []
            var latest: [String: Int64] = [:]
            for change in log { latest[change.name] = change.token }
            let kept = log.filter { change in
                change.token > horizon
                    || (change.kind != .deleted && latest[change.name] == change.token)
            }
            removed += log.count - kept.count
            changeLog[id] = kept
        }
        syncCheckpoints = checkpoints
        return removed
    }

    /// See `ChangeLogRetentionStore.syncTokenHorizon(collectionID:)`.
    public func syncTokenHorizon(collectionID: Int64) throws(StorageError) -> Int64 {
        _ = try existingCollection(collectionID)
        return syncHorizons[collectionID] ?? 0
    }
}
