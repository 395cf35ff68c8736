import Foundation
import GRDB
import Storage

extension SQLiteStore {
    /// See `ObjectStore.objects(collectionID:)`: metadata only, the bytes are not read.
    public func objects(collectionID: Int64) async throws(StorageError) -> [ObjectRecord] {
        try await read { db in
            _ = try Self.requireCollection(db, id: collectionID)
            return try Self.objectListing(db, collectionID: collectionID)
        }
    }

    /// Metadata of every object of a collection, by name.
    static func objectListing(_ db: Database, collectionID: Int64) throws -> [ObjectRecord] {
        try SQLiteRows.objects(
            Row.fetchCursor(
                db.cachedStatement(
                    sql: """
                        SELECT \(SQLiteRows.metadataColumns) FROM objects
                        WHERE collection_id = ? ORDER BY name
                        """),
                arguments: [collectionID]),
            withData: false)
    }

    /// See `ObjectStore.object(collectionID:name:)`.
    public func object(collectionID: Int64, name: String) async throws(StorageError)
        -> ObjectRecord?
    {
        try await read { db in try Self.object(db, collectionID: collectionID, name: name) }
    }

    static func object(_ db: Database, collectionID: Int64, name: String) throws -> ObjectRecord? {
        try db.firstRow(
            db.cachedStatement(
                sql: """
                    SELECT \(SQLiteRows.objectColumns) FROM objects
                    WHERE collection_id = ? AND name = ?
                    """),
            arguments: [collectionID, name]
        ) { row throws(StorageError) in try SQLiteRows.object(row, withData: true) }
    }

    /// See `ObjectStore.objects(collectionID:names:)`.
    public func objects(collectionID: Int64, names: [String]) async throws(StorageError)
        -> [ObjectRecord]
    {
        guard !names.isEmpty else { return [] }
        return try await read { db in
            try Self.objects(db, collectionID: collectionID, names: names, withData: true)
                .sorted { $0.name < $1.name }
        }
    }

    /// The objects of a collection named `names` (with their data when `withData`), each once,
    /// in no particular order; names that hold none are left out.
    static func objects(_ db: Database, collectionID: Int64, names: [String], withData: Bool)
        throws -> [ObjectRecord]
    {
        let unique = Array(Set(names))
        let columns = withData ? SQLiteRows.objectColumns : SQLiteRows.metadataColumns
        var found: [ObjectRecord] = []
        // Bounded batches keep each statement under SQLite's variable limit. A batch is padded
        // to a power of two with repeats of its last name (an IN list ignores repeats), so that
        // a handful of statement texts cover every size and each is compiled once per
        // connection, not once per multiget.
        var start = 0
        while start < unique.count {
            var batch = Array(unique[start..<min(start + 512, unique.count)])
            start += batch.count
            var size = 1
            while size < batch.count { size *= 2 }
            batch += Array(repeating: batch[batch.count - 1], count: size - batch.count)
            let marks = Array(repeating: "?", count: size).joined(separator: ", ")
            var arguments: StatementArguments = [collectionID]
            arguments += StatementArguments(batch)
            found += try SQLiteRows.objects(
                Row.fetchCursor(
                    db.cachedStatement(
                        sql: """
                            SELECT \(columns) FROM objects
                            WHERE collection_id = ? AND name IN (\(marks))
                            """),
                    arguments: arguments),
                withData: withData)
        }
        return found
    }

    /// See `ObjectStore.putObject(_:collectionID:precondition:)`.
    public func putObject(
        _ write: ObjectWrite, collectionID: Int64, precondition: WritePrecondition
    ) async throws(StorageError) -> PutResult {
        try ResourceName.validateSegment(write.name)
        let now = clock.now()
        return try await self.write { db in
            let collection = try Self.requireCollection(db, id: collectionID)
            let link = try Self.assignment(db, collectionID: collectionID, name: write.name)
            try Self.refuseAssignedCopy(link, collectionID: collectionID, name: write.name)
            let current = try String.fetchOne(
                db.cachedStatement(
                    sql: "SELECT etag FROM objects WHERE collection_id = ? AND name = ?"),
                arguments: [collectionID, write.name])
            guard precondition.holds(currentETag: current) else {
                throw StorageError(.preconditionFailed, "precondition failed for \(write.name)")
            }
            let plan = try Self.planAssignedCopy(db, write, source: collection, existing: link)
            let result = try Self.store(
                db, data: write.data, name: write.name, contentType: write.contentType,
                index: write.index, in: collection, task: write.task, now: now)
            try Self.placeAssignedCopy(db, plan, of: result.object, source: collection, now: now)
            if let contact = write.contact {
                try Self.writeCardContact(
                    db, contact, collection: collection, name: write.name, now: now)
            }
            return result
        }
    }

    /// Writes validated bytes: checks name clashes and UID, bumps the token, logs the change,
    /// and writes (or with `task == nil` removes) the object's task row (`writeTask`).
    static func store(
        _ db: Database, data: [UInt8], name: String, contentType: String, index: ObjectIndex,
        in collection: CollectionRecord, task: TaskWrite?, taskCreatedAt: Int64? = nil, now: Int64
    ) throws -> PutResult {
        let memberPath = ResourceName.join(collection.path, name)
        guard try Self.collection(db, ownerID: collection.ownerID, path: memberPath) == nil else {
            throw StorageError(.conflict, "a collection exists at \(memberPath)")
        }
        if let uid = index.uid,
            try objectName(db, collectionID: collection.id, uid: uid, excluding: name) != nil
        {
            throw StorageError(.uidConflict, "UID \(uid) is used in collection \(collection.id)")
        }
        let etag = ETag.strong(for: data)
        let existing = try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT id, size, uid, component_type, first_start, last_end, instances
                    FROM objects WHERE collection_id = ? AND name = ?
                    """),
            arguments: [collection.id, name])
        let existingID: Int64? = existing?[0]
        let blob = Data(data)
        let instances = index.exactInstances.map { Data(ObjectInstance.encode($0)) }
        let id: Int64
        if let existing, let existingID {
            let old = IndexedColumns(existing, from: 1)
            let new = IndexedColumns(
                size: data.count, uid: index.uid, componentType: index.componentType,
                firstStart: index.firstStart, lastEnd: index.lastEnd, instances: instances)
            var sql = "UPDATE objects SET etag = ?, content_type = ?, data = ?, modified_at = ?"
            var arguments: StatementArguments = [etag, contentType, blob, now]
            // SQLite rewrites an index's entry when its column is assigned, even to the same
            // value: a page more in the WAL per index. So only what changed is assigned (a
            // client's edit rarely moves the object in time or changes its size class).
            if new.size != old.size {
                sql += ", size = ?"
                arguments += [new.size]
            }
            if new.uid != old.uid {
                sql += ", uid = ?"
                arguments += [new.uid]
            }
            if !new.sameTimes(as: old) {
                sql += ", component_type = ?, first_start = ?, last_end = ?, instances = ?"
                arguments += [new.componentType, new.firstStart, new.lastEnd, new.instances]
            }
            try db.executeCached(sql: sql + " WHERE id = ?", arguments: arguments + [existingID])
            id = existingID
        } else {
            try db.executeCached(
                sql: """
                    INSERT INTO objects (owner_id, collection_id, name, etag, content_type, size,
                        data, component_type, uid, first_start, last_end, modified_at, instances)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    collection.ownerID, collection.id, name, etag, contentType, data.count, blob,
                    index.componentType, index.uid, index.firstStart, index.lastEnd, now,
                    instances,
                ])
            id = db.lastInsertedRowID
        }
        try logChange(
            db, collection: collection, name: name,
            kind: existingID == nil ? .created : .modified, now: now)
        let taskID = try writeTask(
            db, task, collection: collection, objectName: name, createdAt: taskCreatedAt, now: now)
        return PutResult(
            created: existingID == nil,
            object: ObjectRecord(
                id: id, collectionID: collection.id, name: name, etag: etag,
                contentType: contentType, size: data.count, data: data, index: index,
                modifiedAt: now),
            taskID: taskID)
    }

    /// The columns of an object that its indexes hold besides its name and ETag
    /// (`objects_owner_size`, `objects_uid`, `objects_time_range`), as stored or about to be.
    struct IndexedColumns {
        var size: Int
        var uid: String?
        var componentType: String?
        var firstStart: Int64?
        var lastEnd: Int64?
        var instances: Data?

        /// Whether the columns of `objects_time_range` are the same.
        func sameTimes(as other: Self) -> Bool {
            componentType == other.componentType && firstStart == other.firstStart
                && lastEnd == other.lastEnd && instances == other.instances
        }
    }

    /// Bumps the collection's sync token and appends a change row with the new token.
    static func logChange(
        _ db: Database, collection: CollectionRecord, name: String, kind: ChangeKind, now: Int64
    ) throws {
        let token =
            try Int64.fetchOne(
                db.cachedStatement(
                    sql: """
                        UPDATE collections SET sync_token = sync_token + 1, modified_at = ?
                        WHERE id = ? RETURNING sync_token
                        """),
                arguments: [now, collection.id]) ?? 0
        try db.executeCached(
            sql: """
                INSERT INTO changes (owner_id, collection_id, token, name, kind)
                VALUES (?, ?, ?, ?, ?)
                """,
            arguments: [collection.ownerID, collection.id, token, name, kind.rawValue])
    }

    /// See `ObjectStore.deleteObject(collectionID:name:ifMatch:)`; a calendar object goes to
    /// the trash with its task, in the same transaction.
    public func deleteObject(collectionID: Int64, name: String, ifMatch: String?)
        async throws(StorageError)
    {
        let now = clock.now()
        try await write { db in
            let collection = try Self.requireCollection(db, id: collectionID)
            guard let object = try Self.object(db, collectionID: collectionID, name: name) else {
                throw StorageError(.notFound, "no object \(name)")
            }
            let link = try Self.assignment(db, collectionID: collectionID, name: name)
            try Self.refuseAssignedCopy(link, collectionID: collectionID, name: name)
            if let ifMatch, ifMatch != object.etag {
                throw StorageError(.preconditionFailed, "ETag of \(name) does not match")
            }
            let task = try Self.task(db, collectionID: collectionID, objectName: name)
            if let link { try Self.removeAssignedCopy(db, link, now: now) }
            try Self.remove(db, name: name, from: collection, now: now)
            if object.index.componentType != nil {
                try Self.fileInTrash(db, object, from: collection, task: task, now: now)
            }
        }
    }

    /// Removes an object with its dead properties and task row, logging the deletion.
    static func remove(_ db: Database, name: String, from collection: CollectionRecord, now: Int64)
        throws
    {
        try db.executeCached(
            sql: "DELETE FROM objects WHERE collection_id = ? AND name = ?",
            arguments: [collection.id, name])
        try deleteTask(db, collectionID: collection.id, objectName: name)
        if let contactID = try String.fetchOne(
            db.cachedStatement(
                sql: "SELECT id FROM contacts WHERE card_collection_id = ? AND card_name = ?"),
            arguments: [collection.id, name])
        {
            try dropContact(db, ownerID: collection.ownerID, id: contactID)
        }
        try deleteDeadProperties(
            db, ownerID: collection.ownerID, path: ResourceName.join(collection.path, name))
        try logChange(db, collection: collection, name: name, kind: .deleted, now: now)
    }

    /// See `ObjectStore.objectName(collectionID:uid:excluding:)`.
    public func objectName(collectionID: Int64, uid: String, excluding name: String?)
        async throws(StorageError) -> String?
    {
        try await read { db in
            try Self.objectName(db, collectionID: collectionID, uid: uid, excluding: name)
        }
    }

    static func objectName(_ db: Database, collectionID: Int64, uid: String, excluding: String?)
        throws -> String?
    {
        try String.fetchAll(
            db.cachedStatement(sql: SQLiteStore.uidSQL), arguments: [collectionID, uid]
        ).filter { $0 != excluding }.min()
    }

    /// See `ObjectStore.objects(collectionID:componentType:start:end:)`; served by the
    /// `objects_time_range` index.
    public func objects(collectionID: Int64, componentType: String, start: Int64?, end: Int64?)
        async throws(StorageError) -> [ObjectRecord]
    {
        try await read { db in
            _ = try Self.requireCollection(db, id: collectionID)
            let (sql, arguments) = SQLiteStore.timeRangeQuery(
                collectionID: collectionID, componentType: componentType, start: start,
                end: end)
            return try SQLiteRows.objects(
                Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments), withData: true
            ).sorted { $0.name < $1.name }
        }
    }

    /// The UID lookup; served by the `objects_uid` index.
    /// Pinned to `objects_uid`: without statistics SQLite would rather scan the collection's
    /// part of the covering `objects_listing` index, which holds the uid too.
    static let uidSQL =
        "SELECT name FROM objects INDEXED BY objects_uid WHERE collection_id = ? AND uid = ?"

    /// The time-range pre-filter's statement: the bounds that are given become conditions, so
    /// the `objects_time_range` index serves it (no ORDER BY that would favour another index).
    /// With an end, the objects with a start and those without one are two halves of a UNION
    /// ALL: `first_start IS NULL OR first_start < ?` would scan the whole collection's part of
    /// the index, where `first_start < ?` is a range of it.
    static func timeRangeQuery(
        collectionID: Int64, componentType: String, start: Int64?, end: Int64?,
        columns: String = SQLiteRows.objectColumns
    ) -> (String, StatementArguments) {
        func select(_ startCondition: (String, StatementArguments)?) -> (
            String, StatementArguments
        ) {
            var sql = """
                SELECT \(columns) FROM objects
                WHERE collection_id = ? AND component_type = ?
                """
            var arguments: StatementArguments = [collectionID, componentType]
            if let (condition, values) = startCondition {
                sql += " AND " + condition
                arguments += values
            }
            if let start {
                sql += " AND (last_end IS NULL OR last_end >= ?)"
                arguments += [start]
            }
            return (sql, arguments)
        }
        guard let end else { return select(nil) }
        let (bounded, boundedArguments) = select(("first_start < ?", [end]))
        let (open, openArguments) = select(("first_start IS NULL", []))
        return (bounded + "\nUNION ALL\n" + open, boundedArguments + openArguments)
    }

    /// See `ObjectStore.copyObject(from:name:to:as:overwrite:)`.
    public func copyObject(
        from sourceCollectionID: Int64, name: String, to destinationCollectionID: Int64,
        as destinationName: String, overwrite: Bool
    ) async throws(StorageError) -> PutResult {
        try await transfer(
            from: sourceCollectionID, name: name, to: destinationCollectionID,
            as: destinationName, overwrite: overwrite, removeSource: false)
    }

    /// See `ObjectStore.moveObject(from:name:to:as:overwrite:)`.
    public func moveObject(
        from sourceCollectionID: Int64, name: String, to destinationCollectionID: Int64,
        as destinationName: String, overwrite: Bool
    ) async throws(StorageError) -> PutResult {
        try await transfer(
            from: sourceCollectionID, name: name, to: destinationCollectionID,
            as: destinationName, overwrite: overwrite, removeSource: true)
    }

    private func transfer(
        from sourceID: Int64, name: String, to destinationID: Int64, as destinationName: String,
        overwrite: Bool, removeSource: Bool
    ) async throws(StorageError) -> PutResult {
        try ResourceName.validateSegment(destinationName)
        let now = clock.now()
        return try await write { db in
            let source = try Self.requireCollection(db, id: sourceID)
            let destination = try Self.requireCollection(db, id: destinationID)
            guard source.ownerID == destination.ownerID else {
                throw StorageError(.conflict, "collections of different owners")
            }
            guard let object = try Self.object(db, collectionID: sourceID, name: name) else {
                throw StorageError(.notFound, "no object \(name)")
            }
            if sourceID == destinationID && name == destinationName {
                throw StorageError(.conflict, "source and destination are the same")
            }
            let targetExists =
                try Bool.fetchOne(
                    db.cachedStatement(
                        sql: "SELECT 1 FROM objects WHERE collection_id = ? AND name = ?"),
                    arguments: [destinationID, destinationName]) != nil
            if targetExists && !overwrite {
                throw StorageError(.preconditionFailed, "\(destinationName) exists")
            }
            if targetExists,
                try Self.assignment(db, collectionID: destinationID, name: destinationName) != nil
            {
                throw StorageError(
                    .conflict, "\(destinationName) is an assigned task; delete it first")
            }
            let sourcePath = ResourceName.join(source.path, name)
            let targetPath = ResourceName.join(destination.path, destinationName)
            let properties = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT namespace, name, value FROM dead_properties
                        WHERE owner_id = ? AND path = ? ORDER BY id
                        """),
                arguments: [source.ownerID, sourcePath])
            let sourceTask = try Self.task(db, collectionID: sourceID, objectName: name)
            if removeSource { try Self.remove(db, name: name, from: source, now: now) }
            // The destination's own task goes with the object it replaces: a move brings the
            // source's task (same id), a copy a new task.
            try Self.deleteTask(db, collectionID: destinationID, objectName: destinationName)
            let task = sourceTask.map {
                TaskWrite(
                    proposedID: removeSource ? $0.id : CRMIdentifier.make(), fields: $0.fields)
            }
            let result = try Self.store(
                db, data: object.data ?? [], name: destinationName,
                contentType: object.contentType, index: object.index,
                in: try Self.requireCollection(db, id: destinationID), task: task,
                taskCreatedAt: removeSource ? sourceTask?.createdAt : nil, now: now)
            if removeSource {
                try Self.relinkAssignment(
                    db, try Self.assignment(db, collectionID: sourceID, name: name),
                    from: sourceID, name, to: destinationID, destinationName)
            }
            try Self.deleteDeadProperties(db, ownerID: source.ownerID, path: targetPath)
            try Self.applyDeadProperties(
                db, ownerID: source.ownerID, path: targetPath,
                properties.map { row in
                    .set(namespace: row["namespace"], name: row["name"], value: row["value"])
                })
            return result
        }
    }
}

extension SQLiteStore.IndexedColumns {
    /// The columns of `row` from index `start` on: size, uid, component type, first start,
    /// last end, instances. (In an extension, so that the memberwise initialiser stays.)
    init(_ row: Row, from start: Int) {
        self.init(
            size: row[start], uid: row[start + 1], componentType: row[start + 2],
            firstStart: row[start + 3], lastEnd: row[start + 4], instances: row[start + 5])
    }
}
