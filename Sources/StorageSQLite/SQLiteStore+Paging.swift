import GRDB
import Storage

extension SQLiteStore: ObjectPaging {
    /// See `ObjectPaging.objects(collectionID:after:limit:withData:)`: a range scan of the
    /// `(collection_id, name)` key, one bounded page per read transaction.
    public func objects(collectionID: Int64, after name: String?, limit: Int, withData: Bool)
        async throws(StorageError) -> [ObjectRecord]
    {
        let columns = withData ? SQLiteRows.objectColumns : SQLiteRows.metadataColumns
        return try await read { db in
            _ = try Self.requireCollection(db, id: collectionID)
            return try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT \(columns) FROM objects
                        WHERE collection_id = ? AND name > ? ORDER BY name LIMIT ?
                        """),
                arguments: [collectionID, name ?? "", max(0, limit)]
            ).map { SQLiteRows.object($0, withData: withData) }
        }
    }
}
