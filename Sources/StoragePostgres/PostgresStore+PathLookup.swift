import Storage

extension PostgresStore: PathLookup {
    /// See `PathLookup.collectionAndObject(ownerID:collectionPath:name:)`: both queries in one read.
    public func collectionAndObject(ownerID: Int64, collectionPath: String, name: String)
        async throws(StorageError) -> (collection: CollectionRecord, object: ObjectRecord?)?
    {
        try await read { db in
            guard
                let collection = try await Self.collection(
                    db, ownerID: ownerID, path: collectionPath)
            else { return nil }
            return (collection, try await Self.object(db, collectionID: collection.id, name: name))
        }
    }
}
