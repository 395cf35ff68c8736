/// WebDAV-Push registrations (`PushRegistration`) and the committed-change feed that push
/// delivery reads. An optional ability of a `CadenceStore` (both engines implement it).
///
/// Every method is one transaction. Deleting a collection or a user deletes its registrations;
/// ending a share or a delegation deletes the registrations it no longer allows (`PushReach`).
public protocol PushStore: Sendable {
    /// Adds a registration, or updates the one with the same owner, topic and push resource
    /// (keys, triggers, expiry; id and creation time stay). `created` tells which.
    /// `.notFound` if `collectionID` is not a collection the owner reaches: their own, a
    /// delegating owner's or one shared with them (`PushReach`).
    func registerPush(_ registration: NewPushRegistration) async throws(StorageError)
        -> (registration: PushRegistration, created: Bool)
    /// The registration with this id, expired or not, or `nil`.
    func pushRegistration(id: Int64) async throws(StorageError) -> PushRegistration?
    /// The owner's registrations, ordered by id.
    func pushRegistrations(ownerID: Int64) async throws(StorageError) -> [PushRegistration]
    /// The registrations on `topic` that have not expired at `now`, ordered by id.
    func pushRegistrations(topic: String, at now: Int64) async throws(StorageError)
        -> [PushRegistration]
    /// Every registration that has not expired at `now`, ordered by id.
    func livePushRegistrations(at now: Int64) async throws(StorageError) -> [PushRegistration]
    /// Deletes a registration; with `ownerID`, only that owner's. `.notFound` when none.
    func deletePushRegistration(id: Int64, ownerID: Int64?) async throws(StorageError)
    /// Deletes the registrations that expired at or before `now`; returns how many.
    func purgeExpiredPushRegistrations(at now: Int64) async throws(StorageError) -> Int
    /// The committed changes after `sequence`, oldest first, at most `limit`.
    func committedChanges(after sequence: Int64, limit: Int) async throws(StorageError)
        -> [CommittedChange]
    /// The sequence of the newest committed change (0 when there is none).
    func latestChangeSequence() async throws(StorageError) -> Int64
    /// The committed changes not read at `cursor`, oldest first, at most `limit`, and the cursor
    /// after them. Unlike `committedChanges(after:limit:)`, a change that commits after one with
    /// a higher sequence is still returned once it has committed (PostgreSQL).
    func changes(after cursor: ChangeLogCursor, limit: Int) async throws(StorageError)
        -> ChangeLogRead
    /// A cursor after the newest committed change.
    func newestChangeLogCursor() async throws(StorageError) -> ChangeLogCursor
}

extension PushStore {
    /// See `PushStore.changes(after:limit:)`, for an engine with one writer at a time, whose
    /// changes commit in sequence order: the changes after `cursor.settled`.
    public func changes(after cursor: ChangeLogCursor, limit: Int) async throws(StorageError)
        -> ChangeLogRead
    {
        let changes = try await committedChanges(after: cursor.settled, limit: limit)
        var next = cursor
        if let last = changes.last {
            next.settled = last.sequence
        } else {
            let latest = try await latestChangeSequence()
            // The newest rows went with a deleted collection and their sequences may be handed
            // out again (SQLite reuses the highest row id): follow the log back.
            if latest < cursor.settled { next.settled = latest }
        }
        return ChangeLogRead(changes: changes, cursor: next)
    }

    /// See `PushStore.newestChangeLogCursor()`: after `latestChangeSequence()`.
    public func newestChangeLogCursor() async throws(StorageError) -> ChangeLogCursor {
        ChangeLogCursor(after: try await latestChangeSequence())
    }
}
