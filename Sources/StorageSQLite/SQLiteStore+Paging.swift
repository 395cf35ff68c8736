import GRDB
import Storage

extension SQLiteStore: ObjectPaging {
    /// See `ObjectPaging.objects(collectionID:after:limit:withData:)`: a range scan of the
    /// `(collection_id, name)` key, one bounded page per read transaction.
    public func objects(collectionID: Int64, after name: String?, limit: Int, withData: Bool)
        async throws(StorageError) -> [ObjectRecord]
    {
        let sql = withData ? Self.pageWithDataSQL : Self.listingSQL
        return try await read { db in
            _ = try Self.requireCollection(db, id: collectionID)
            return try SQLiteRows.objects(
                Row.fetchCursor(
                    db.cachedStatement(sql: sql),
                    arguments: [collectionID, name ?? "", max(0, limit)]),
                withData: withData)
        }
    }

    /// A page of a collection's objects' metadata in name order, read from the
    /// `objects_listing` index alone (pinned, so that no statistics can change the plan).
    static let listingSQL = """
        SELECT \(SQLiteRows.listingColumns) FROM objects INDEXED BY objects_listing
        WHERE collection_id = ? AND name > ? ORDER BY name LIMIT ?
        """

    /// A page of a collection's objects with their bodies, in name order.
    static let pageWithDataSQL = """
        SELECT \(SQLiteRows.objectColumns) FROM objects
        WHERE collection_id = ? AND name > ? ORDER BY name LIMIT ?
        """

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
            return try SQLiteRows.objects(
                Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments), withData: false
            ).sorted { $0.name < $1.name }
        }
    }

    /// See `ObjectPaging.eventMatches(collectionID:start:end:)`: the `objects_time_range`
    /// index alone (it holds the names and the stored instances, which are tested in place);
    /// the metadata of the objects without exact instances in a second step (usually none).
    /// The names come in the table's order (row id), so that the caller's reads of their
    /// bodies, a batch at a time, find neighbouring rows on the same pages.
    public func eventMatches(collectionID: Int64, start: Int64?, end: Int64?)
        async throws(StorageError) -> EventMatches
    {
        try await read { db in
            _ = try Self.requireCollection(db, id: collectionID)
            let (sql, arguments) = SQLiteStore.timeRangeQuery(
                collectionID: collectionID, componentType: "VEVENT", start: start, end: end,
                columns: Self.eventMatchColumns)
            var matching: [(id: Int64, name: String)] = []
            var unindexed: [String] = []
            let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
            while let row = try rows.next() {
                let matches = try row.withUnsafeData(atIndex: 1) { data in
                    data?.withUnsafeBytes {
                        ObjectInstance.anyMatches(encoded: $0, start: start, end: end)
                    }
                }
                switch matches {
                case true?: matching.append((row[2], row[0]))
                case false?: continue
                case nil: unindexed.append(row[0])
                }
            }
            matching.sort { $0.id < $1.id }
            return EventMatches(
                names: matching.map(\.name),
                unindexed: try Self.objects(
                    db, collectionID: collectionID, names: unindexed, withData: false
                ).sorted { $0.name < $1.name })
        }
    }

    /// What `eventMatches` reads of a candidate: all of it in the `objects_time_range` index
    /// (`v18-time-range-instances`), the row id included.
    static let eventMatchColumns = "name, instances, id"
}
