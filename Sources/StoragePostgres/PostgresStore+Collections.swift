import Storage

extension PostgresStore {
    /// See `CollectionStore.collections(ownerID:parent:)`.
    public func collections(ownerID: Int64, parent: String?) async throws(StorageError)
        -> [CollectionRecord]
    {
        try await readStatement { db in
            let select = "SELECT \(PGRows.collectionColumns) FROM collections"
            let rows: [Row]
            switch parent {
            case nil:
                rows = try await Row.fetchAll(
                    db.cachedStatement(sql: "\(select) WHERE owner_id = ? ORDER BY path"),
                    arguments: [ownerID])
            case ""?:
                rows = try await Row.fetchAll(
                    db.cachedStatement(
                        sql: "\(select) WHERE owner_id = ? AND strpos(path, '/') = 0 ORDER BY path"),
                    arguments: [ownerID])
            case let parent?:
                let (low, high) = PGRows.descendantBounds(parent)
                rows = try await Row.fetchAll(
                    db.cachedStatement(
                        sql: """
                            \(select) WHERE owner_id = ? AND path >= ? AND path < ?
                                AND strpos(substr(path, length(?) + 2), '/') = 0
                            ORDER BY path
                            """),
                    arguments: [ownerID, low, high, parent])
            }
            return try rows.map { row throws(StorageError) in try PGRows.collection(row) }
        }
    }

    /// See `CollectionStore.collection(ownerID:path:)`.
    public func collection(ownerID: Int64, path: String) async throws(StorageError)
        -> CollectionRecord?
    {
        try await readStatement { db in
            try await Self.collection(db, ownerID: ownerID, path: path)
        }
    }

    /// See `CollectionStore.collection(id:)`.
    public func collection(id: Int64) async throws(StorageError) -> CollectionRecord? {
        try await readStatement { db in try await Self.collection(db, id: id) }
    }

    static func collection(_ db: PGDatabase, ownerID: Int64, path: String) async throws
        -> CollectionRecord?
    {
        try await Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT \(PGRows.collectionColumns) FROM collections
                    WHERE owner_id = ? AND path = ?
                    """),
            arguments: [ownerID, path]
        ).map { row throws(StorageError) in try PGRows.collection(row) }
    }

    static func collection(_ db: PGDatabase, id: Int64) async throws -> CollectionRecord? {
        try await Row.fetchOne(
            db.cachedStatement(
                sql: "SELECT \(PGRows.collectionColumns) FROM collections WHERE id = ?"),
            arguments: [id]
        ).map { row throws(StorageError) in try PGRows.collection(row) }
    }

    static func requireCollection(_ db: PGDatabase, id: Int64) async throws -> CollectionRecord {
        guard let collection = try await collection(db, id: id) else {
            throw StorageError(.notFound, "no collection \(id)")
        }
        return collection
    }

    /// Checks that a collection may be placed at `path`: free, and a nested one inside a plain
    /// collection that holds no object of the same name.
    static func checkPlacement(_ db: PGDatabase, ownerID: Int64, path: String, kind: CollectionKind)
        async throws
    {
        guard try await collection(db, ownerID: ownerID, path: path) == nil else {
            throw StorageError(.conflict, "collection \(path) exists")
        }
        guard let slash = path.lastIndex(of: "/") else { return }
        guard kind == .plain else {
            throw StorageError(.invalidName, "only plain collections nest")
        }
        let parentPath = String(path[..<slash])
        guard let parent = try await collection(db, ownerID: ownerID, path: parentPath),
            parent.kind == .plain
        else { throw StorageError(.parentMissing, "no plain collection \(parentPath)") }
        let name = String(path[path.index(after: slash)...])
        if try await Bool.fetchOne(
            db, sql: "SELECT 1 FROM objects WHERE collection_id = ? AND name = ?",
            arguments: [parent.id, name]) != nil
        {
            throw StorageError(.conflict, "an object named \(name) exists in \(parentPath)")
        }
    }

    /// See `CollectionStore.createCollection(ownerID:_:)`.
    public func createCollection(ownerID: Int64, _ new: NewCollection) async throws(StorageError)
        -> CollectionRecord
    {
        try ResourceName.validateCollectionPath(new.path)
        let now = clock.now()
        return try await write { db in
            try await Self.requireUser(db, id: ownerID)
            try await Self.checkPlacement(db, ownerID: ownerID, path: new.path, kind: new.kind)
            try await db.execute(
                sql: """
                    INSERT INTO collections (owner_id, path, kind, display_name,
                        calendar_description, color, sort_order, time_zone, supported_components,
                        sync_token, created_at, modified_at, default_task_type)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)
                    """,
                arguments: [
                    ownerID, new.path, new.kind.rawValue, new.displayName,
                    new.calendarDescription, new.color, new.order, new.timeZone,
                    PGRows.joinComponents(new.supportedComponents), now, now,
                    new.defaultTaskType?.rawValue,
                ])
            return CollectionRecord(
                id: (try await db.lastInsertedRowID), ownerID: ownerID, path: new.path,
                kind: new.kind,
                displayName: new.displayName, calendarDescription: new.calendarDescription,
                color: new.color, order: new.order, timeZone: new.timeZone,
                supportedComponents: new.supportedComponents, syncToken: 0, createdAt: now,
                modifiedAt: now, defaultTaskType: new.defaultTaskType)
        }
    }

    /// See `CollectionStore.updateCollection(id:changes:deadProperties:)`.
    public func updateCollection(
        id: Int64, changes: [CollectionPropertyChange], deadProperties: [DeadPropertyChange]
    ) async throws(StorageError) -> CollectionRecord {
        let now = clock.now()
        return try await write { db in
            var record = try await Self.requireCollection(db, id: id)
            record.apply(changes)
            record.modifiedAt = now
            try await db.execute(
                sql: """
                    UPDATE collections SET display_name = ?, calendar_description = ?, color = ?,
                        sort_order = ?, time_zone = ?, supported_components = ?, modified_at = ?,
                        default_task_type = ?
                    WHERE id = ?
                    """,
                arguments: [
                    record.displayName, record.calendarDescription, record.color, record.order,
                    record.timeZone, PGRows.joinComponents(record.supportedComponents), now,
                    record.defaultTaskType?.rawValue, id,
                ])
            try await Self.applyDeadProperties(
                db, ownerID: record.ownerID, path: record.path, deadProperties)
            return record
        }
    }

    /// See `CollectionStore.deleteCollection(id:)`; foreign keys cascade to objects and changes.
    public func deleteCollection(id: Int64) async throws(StorageError) {
        let now = clock.now()
        try await write { db in
            let record = try await Self.requireCollection(db, id: id)
            let (low, high) = PGRows.descendantBounds(record.path)
            try await Self.removeAssignedCopies(
                db, sourcesWhere: "c.id = ? OR (c.owner_id = ? AND c.path >= ? AND c.path < ?)",
                [id, record.ownerID, low, high], now: now)
            try await db.execute(sql: "DELETE FROM collections WHERE id = ?", arguments: [id])
            try await db.execute(
                sql: """
                    UPDATE contacts SET card_collection_id = NULL, card_name = NULL
                    WHERE card_collection_id = ?
                    """, arguments: [id])
            try await db.execute(
                sql: "DELETE FROM collections WHERE owner_id = ? AND path >= ? AND path < ?",
                arguments: [record.ownerID, low, high])
            try await Self.deleteDeadProperties(db, ownerID: record.ownerID, subtree: record.path)
        }
    }

    /// See `CollectionMoving.moveCollection(id:to:)`.
    public func moveCollection(id: Int64, to newPath: String) async throws(StorageError)
        -> CollectionRecord
    {
        try ResourceName.validateCollectionPath(newPath)
        let now = clock.now()
        return try await write { db in
            let record = try await Self.requireCollection(db, id: id)
            guard record.kind == .plain else {
                throw StorageError(.invalidName, "only plain collections move")
            }
            guard !ResourceName.isWithin(newPath, root: record.path) else {
                throw StorageError(.invalidName, "cannot move \(record.path) into itself")
            }
            try await Self.checkPlacement(db, ownerID: record.ownerID, path: newPath, kind: .plain)
            let (low, high) = PGRows.descendantBounds(record.path)
            try await db.execute(
                sql: """
                    UPDATE collections SET path = ? || substr(path, length(?) + 1)
                    WHERE owner_id = ? AND path >= ? AND path < ?
                    """,
                arguments: [newPath, record.path, record.ownerID, low, high])
            try await db.execute(
                sql: "UPDATE collections SET path = ?, modified_at = ? WHERE id = ?",
                arguments: [newPath, now, id])
            try await Self.deleteDeadProperties(db, ownerID: record.ownerID, subtree: newPath)
            try await db.execute(
                sql: "UPDATE dead_properties SET path = ? WHERE owner_id = ? AND path = ?",
                arguments: [newPath, record.ownerID, record.path])
            try await db.execute(
                sql: """
                    UPDATE dead_properties SET path = ? || substr(path, length(?) + 1)
                    WHERE owner_id = ? AND path >= ? AND path < ?
                    """,
                arguments: [newPath, record.path, record.ownerID, low, high])
            return try await Self.requireCollection(db, id: id)
        }
    }
}
