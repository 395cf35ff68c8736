import GRDB
import Storage

extension SQLiteStore: PathLookup {
    /// See `PathLookup.collectionAndObject(ownerID:collectionPath:name:)`: one statement (the
    /// collection joined with its object), so no read transaction either.
    public func collectionAndObject(ownerID: Int64, collectionPath: String, name: String)
        async throws(StorageError) -> (collection: CollectionRecord, object: ObjectRecord?)?
    {
        try await readOneStatement { db in
            try db.firstRow(
                db.cachedStatement(sql: Self.collectionAndObjectSQL),
                arguments: [name, ownerID, collectionPath]
            ) { row throws(StorageError) in
                let collection = try SQLiteRows.collection(row)
                let start = SQLiteRows.collectionColumnCount
                let object =
                    row.isNull(start)
                    ? nil : try SQLiteRows.object(row, withData: true, at: start)
                return (collection, object)
            }
        }
    }

    static let collectionAndObjectSQL = """
        SELECT \(SQLiteRows.qualified(SQLiteRows.collectionColumns, "c")),
            \(SQLiteRows.qualified(SQLiteRows.objectColumns, "o"))
        FROM collections c LEFT JOIN objects o ON o.collection_id = c.id AND o.name = ?
        WHERE c.owner_id = ? AND c.path = ?
        """
}
