import GRDB
import Storage

extension SQLiteStore {
    /// See `ChangeLogRetentionStore.pruneChangeLog(now:cutoff:)`: one write transaction; per
    /// collection one scan of its change rows through the `changes_token` index. A checkpoint is
    /// added only when the token moved since the last one, so an idle collection keeps one.
    public func pruneChangeLog(now: Int64, cutoff: Int64) async throws(StorageError) -> Int {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO sync_checkpoints (collection_id, owner_id, taken_at, token)
                    SELECT c.id, c.owner_id, ?, c.sync_token FROM collections c
                    WHERE c.sync_token > COALESCE(
                        (SELECT MAX(s.token) FROM sync_checkpoints s WHERE s.collection_id = c.id),
                        -1)
                    """,
                arguments: [now])
            let used = try Row.fetchAll(
                db,
                sql: """
                    SELECT collection_id, owner_id, MAX(taken_at) AS taken_at FROM sync_checkpoints
                    WHERE taken_at <= ? GROUP BY collection_id
                    """,
                arguments: [cutoff])
            var removed = 0
            for row in used {
                let collectionID: Int64 = row["collection_id"]
                let takenAt: Int64 = row["taken_at"]
                let token =
                    try Int64.fetchOne(
                        db,
                        sql:
                            "SELECT token FROM sync_checkpoints WHERE collection_id = ? AND taken_at = ?",
                        arguments: [collectionID, takenAt]) ?? 0
                let horizon = max(token, try Self.horizon(db, collectionID: collectionID))
                try db.execute(
                    sql: """
                        INSERT INTO sync_horizons (collection_id, owner_id, token) VALUES (?, ?, ?)
                        ON CONFLICT (collection_id) DO UPDATE SET token = excluded.token
                        """,
                    arguments: [collectionID, row["owner_id"] as Int64, horizon])
                try db.execute(
                    sql: "DELETE FROM sync_checkpoints WHERE collection_id = ? AND taken_at < ?",
                    arguments: [collectionID, takenAt])
                // At or below the horizon: deletions, and rows a later change of the same
                // name supersedes. The latest row of every present member stays. One sort of
                // the collection's rows (a window), not a lookup per row: 210,000 rows take
                // half a second this way, minutes with a row-value NOT IN.
                try db.execute(
                    sql: """
                        DELETE FROM changes WHERE id IN (
                            SELECT id FROM (
                                SELECT id, token, kind, ROW_NUMBER() OVER (
                                    PARTITION BY name ORDER BY token DESC) AS position
                                FROM changes WHERE collection_id = ?)
                            WHERE token <= ? AND (position > 1 OR kind = 'deleted'))
                        """,
                    arguments: [collectionID, horizon])
                removed += db.changesCount
            }
            return removed
        }
    }

    /// See `ChangeLogRetentionStore.syncTokenHorizon(collectionID:)`.
    public func syncTokenHorizon(collectionID: Int64) async throws(StorageError) -> Int64 {
        try await read { db in
            _ = try Self.requireCollection(db, id: collectionID)
            return try Self.horizon(db, collectionID: collectionID)
        }
    }

    /// The collection's horizon, `0` when its change log was never pruned.
    static func horizon(_ db: Database, collectionID: Int64) throws -> Int64 {
        try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT token FROM sync_horizons WHERE collection_id = ?"),
            arguments: [collectionID]) ?? 0
    }
}
