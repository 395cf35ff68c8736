/// An optional ability: the collection at a path and one of its objects, found in one read (the
/// lookup behind every GET, PUT and DELETE of an object).
public protocol PathLookup: Sendable {
    /// The collection at `collectionPath` in the user's home and, when it exists, its object
    /// named `name`.
    func collectionAndObject(ownerID: Int64, collectionPath: String, name: String)
        async throws(StorageError) -> (collection: CollectionRecord, object: ObjectRecord?)?
}
