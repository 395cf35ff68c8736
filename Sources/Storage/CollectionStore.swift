/// Collections in users' homes (RFC 4918 §9.3 MKCOL, RFC 4791 §5.3.1 MKCALENDAR, §5.2 properties).
public protocol CollectionStore: Sendable {
    /// A user's collections ordered by path: all of them for `parent == nil`, those directly in
    /// the home for `""`, the direct children of the collection at `parent` otherwise.
    func collections(ownerID: Int64, parent: String?) async throws(StorageError)
        -> [CollectionRecord]
    /// The collection at `path` in the user's home, or `nil`.
    func collection(ownerID: Int64, path: String) async throws(StorageError) -> CollectionRecord?
    /// The collection with this id, or `nil`.
    func collection(id: Int64) async throws(StorageError) -> CollectionRecord?
    /// Creates a collection with sync token 0.
    ///
    /// `.invalidName` for a bad path or a nested calendar; `.notFound` for an unknown owner;
    /// `.conflict` if a collection or object already has this path; `.parentMissing` if a nested
    /// path's parent is missing or is not a plain collection (RFC 4918 §9.3.1: 409).
    func createCollection(ownerID: Int64, _ collection: NewCollection) async throws(StorageError)
        -> CollectionRecord
    /// Applies live-property changes and dead-property changes to a collection in one
    /// transaction (PROPPATCH, RFC 4918 §9.2: all or nothing). `.notFound` if it does not exist.
    func updateCollection(
        id: Int64, changes: [CollectionPropertyChange], deadProperties: [DeadPropertyChange]
    ) async throws(StorageError) -> CollectionRecord
    /// Deletes a collection with its objects, sub-collections, change logs and dead properties,
    /// recording nothing more. `.notFound` if it does not exist.
    func deleteCollection(id: Int64) async throws(StorageError)
}

/// An optional ability: moving a plain collection to a new path in the same home (WebDAV MOVE,
/// RFC 4918 §9.9). Sub-collections and dead properties move with it; objects, ETags and sync
/// tokens are unchanged.
public protocol CollectionMoving: CollectionStore {
    /// Moves the plain collection `id` to `newPath`. `.notFound`, `.invalidName` (bad path, a
    /// calendar, or a path inside itself), `.conflict` (destination exists), `.parentMissing`.
    func moveCollection(id: Int64, to newPath: String) async throws(StorageError)
        -> CollectionRecord
}
