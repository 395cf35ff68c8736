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

    /// See `ObjectPaging.objectMetadata(collectionID:componentType:start:end:)`: the
    /// `objects_time_range` index, without reading the bodies.
    public func objectMetadata(
        collectionID: Int64, componentType: String, start: Int64?, end: Int64?
    ) async throws(StorageError) -> [ObjectRecord] {
        try await read { db in
            _ = try Self.requireCollection(db, id: collectionID)
            let (sql, arguments) = SQLiteStore.timeRangeQuery(
                collectionID: collectionID, componentType: componentType, start: start,
                end: end, columns: SQLiteRows.metadataColumns)
            return try Row.fetchAll(db, sql: sql, arguments: arguments)
                .map { SQLiteRows.object($0, withData: false) }.sorted { $0.name < $1.name }
        }
    }
}
