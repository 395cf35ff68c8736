/// Retention of the change log behind `sync-collection` (RFC 6578 §3.2; issue 7).
///
/// A background service notes every collection's current sync token with the time
/// (a checkpoint), and later prunes the change rows that only tokens older than the retention
/// would need. Each collection then has a horizon: the newest token noted at or before the
/// cutoff. A sync from a token at or after the horizon still gets exactly the right changes; a
/// token below it (other than `0`, the initial sync) is refused with `.invalidSyncToken`, which
/// the server answers `403` with `DAV:valid-sync-token`, and the client resyncs.
///
/// Only rows no valid sync needs are deleted: at or below the horizon, deletions and rows
/// superseded by a later change of the same name. The latest row of every present member
/// stays, so an initial sync from the change log still lists every member.
public protocol ChangeLogRetentionStore: Sendable {
    /// Notes every collection's current token at `now` (when it moved since the last note, so
    /// that an idle collection keeps one checkpoint), then moves each collection's horizon to
    /// the newest token noted at or before `cutoff` (never backwards), deletes the change rows
    /// at or below it that no sync needs, and forgets checkpoints older than the one used.
    /// Answers how many change rows went.
    func pruneChangeLog(now: Int64, cutoff: Int64) async throws(StorageError) -> Int

    /// The oldest token of the collection a sync may start from (besides `0`); `0` when its
    /// change log was never pruned. `.notFound` for an unknown collection.
    func syncTokenHorizon(collectionID: Int64) async throws(StorageError) -> Int64
}
