/// Members of collections: calendar object resources (RFC 4791 §4.1) and plain files.
///
/// Every write bumps the collection's sync token and appends a change-log row in the same
/// transaction as the data, one token per row.
public protocol ObjectStore: Sendable {
    /// Metadata (`data == nil`) of every object in a collection, ordered by name. `.notFound` for
    /// an unknown collection.
    func objects(collectionID: Int64) async throws(StorageError) -> [ObjectRecord]
    /// One object with its data, or `nil`.
    func object(collectionID: Int64, name: String) async throws(StorageError) -> ObjectRecord?
    /// The objects with these names, with data, ordered by name; missing names are left out
    /// (`calendar-multiget`, RFC 4791 §7.9).
    func objects(collectionID: Int64, names: [String]) async throws(StorageError)
        -> [ObjectRecord]
    /// Creates or replaces an object if `precondition` holds, checked in the write transaction.
    ///
    /// `.notFound` (collection), `.invalidName`, `.preconditionFailed`, `.uidConflict` (another
    /// object in the collection has the same non-nil UID), `.conflict` (a sub-collection has
    /// this name).
    func putObject(_ write: ObjectWrite, collectionID: Int64, precondition: WritePrecondition)
        async throws(StorageError) -> PutResult
    /// Deletes an object; with `ifMatch`, only if its ETag is exactly that quoted value.
    /// `.notFound`, `.preconditionFailed`.
    func deleteObject(collectionID: Int64, name: String, ifMatch: String?)
        async throws(StorageError)
    /// The name of an object in the collection with this UID other than `excluding`, or `nil`
    /// (`CALDAV:no-uid-conflict`, RFC 4791 §5.3.2.1).
    func objectName(collectionID: Int64, uid: String, excluding name: String?)
        async throws(StorageError) -> String?
    /// The time-range pre-filter (RFC 4791 §9.9): objects, with data, whose component type is
    /// `componentType` and whose index may overlap `[start, end)` (`ObjectIndex.mayOverlap`);
    /// `nil` bounds are unbounded. Ordered by name. The caller evaluates exactly afterwards.
    func objects(collectionID: Int64, componentType: String, start: Int64?, end: Int64?)
        async throws(StorageError) -> [ObjectRecord]
    /// Copies an object into a collection of the same owner (WebDAV COPY, RFC 4918 §9.8).
    ///
    /// Without `overwrite` an existing destination is `.preconditionFailed` (RFC 4918 §10.6).
    /// The destination's change log records it; dead properties are copied. `.notFound`,
    /// `.conflict` (different owners), `.uidConflict`.
    func copyObject(
        from sourceCollectionID: Int64, name: String, to destinationCollectionID: Int64,
        as destinationName: String, overwrite: Bool
    ) async throws(StorageError) -> PutResult
    /// Moves an object like `copyObject` and deletes the source; both change logs record it
    /// and dead properties move with it (WebDAV MOVE, RFC 4918 §9.9).
    func moveObject(
        from sourceCollectionID: Int64, name: String, to destinationCollectionID: Int64,
        as destinationName: String, overwrite: Bool
    ) async throws(StorageError) -> PutResult
}
