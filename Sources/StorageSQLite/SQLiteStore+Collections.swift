import GRDB
import Storage

extension SQLiteStore {
    /// See `CollectionStore.collections(ownerID:parent:)`.
    public func collections(ownerID: Int64, parent: String?) async throws(StorageError)
        -> [CollectionRecord]
    {
        try await read { db in
            let select = "SELECT \(SQLiteRows.collectionColumns) FROM collections"
            let rows: [Row]
            switch parent {
            case nil:
                rows = try Row.fetchAll(
                    db.cachedStatement(sql: "\(select) WHERE owner_id = ? ORDER BY path"),
                    arguments: [ownerID])
            case ""?:
                rows = try Row.fetchAll(
                    db.cachedStatement(
                        sql: "\(select) WHERE owner_id = ? AND instr(path, '/') = 0 ORDER BY path"),
                    arguments: [ownerID])
            case let parent?:
                let (low, high) = SQLiteRows.descendantBounds(parent)
                rows = try Row.fetchAll(
                    db.cachedStatement(
                        sql: """
                            \(select) WHERE owner_id = ? AND path >= ? AND path < ?
                                AND instr(substr(path, length(?) + 2), '/') = 0
                            ORDER BY path
                            """),
                    arguments: [ownerID, low, high, parent])
            }
            return try rows.map { row throws(StorageError) in try SQLiteRows.collection(row) }
        }
    }

    /// See `CollectionStore.collection(ownerID:path:)`.
    public func collection(ownerID: Int64, path: String) async throws(StorageError)
        -> CollectionRecord?
    {
        try await read { db in try Self.collection(db, ownerID: ownerID, path: path) }
    }

    /// See `CollectionStore.collection(id:)`.
    public func collection(id: Int64) async throws(StorageError) -> CollectionRecord? {
        try await read { db in try Self.collection(db, id: id) }
    }

    static func collection(_ db: Database, ownerID: Int64, path: String) throws
        -> CollectionRecord?
    {
        try db.firstRow(
            db.cachedStatement(
                sql: """
                    SELECT \(SQLiteRows.collectionColumns) FROM collections
                    WHERE owner_id = ? AND path = ?
                    """),
            arguments: [ownerID, path], SQLiteRows.collection)
    }

    static func collection(_ db: Database, id: Int64) throws -> CollectionRecord? {
        try db.firstRow(
            db.cachedStatement(
                sql: "SELECT \(SQLiteRows.collectionColumns) FROM collections WHERE id = ?"),
            arguments: [id], SQLiteRows.collection)
    }

    static func requireCollection(_ db: Database, id: Int64) throws -> CollectionRecord {
        guard let collection = try collection(db, id: id) else {
            throw StorageError(.notFound, "no collection \(id)")
        }
        return collection
    }

    /// Checks that a collection may be placed at `path`: free, and a nested one inside a plain
    /// collection that holds no object of the same name.
    static func checkPlacement(_ db: Database, ownerID: Int64, path: String, kind: CollectionKind)
        throws
    {
        guard try collection(db, ownerID: ownerID, path: path) == nil else {
            throw StorageError(.conflict, "collection \(path) exists")
        }
        guard let slash = path.lastIndex(of: "/") else { return }
        guard kind == .plain else {
            throw StorageError(.invalidName, "only plain collections nest")
        }
        let parentPath = String(path[..<slash])
        guard let parent = try collection(db, ownerID: ownerID, path: parentPath),
            parent.kind == .plain
        else { throw StorageError(.parentMissing, "no plain collection \(parentPath)") }
        let name = String(path[path.index(after: slash)...])
        if try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT 1 FROM objects WHERE collection_id = ? AND name = ?"),
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
            try Self.requireUser(db, id: ownerID)
            try Self.checkPlacement(db, ownerID: ownerID, path: new.path, kind: new.kind)
            try db.execute(
                sql: """
                    INSERT INTO collections (owner_id, path, kind, display_name,
                        calendar_description, color, sort_order, time_zone, supported_components,
                        sync_token, created_at, modified_at, default_task_type)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)
                    """,
                arguments: [
                    ownerID, new.path, new.kind.rawValue, new.displayName,
                    new.calendarDescription, new.color, new.order, new.timeZone,
                    SQLiteRows.joinComponents(new.supportedComponents), now, now,
                    new.defaultTaskType?.rawValue,
                ])
            return CollectionRecord(
                id: db.lastInsertedRowID, ownerID: ownerID, path: new.path, kind: new.kind,
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
            var record = try Self.requireCollection(db, id: id)
            record.apply(changes)
            record.modifiedAt = now
            try db.execute(
                sql: """
                    UPDATE collections SET display_name = ?, calendar_description = ?, color = ?,
                        sort_order = ?, time_zone = ?, supported_components = ?, modified_at = ?,
                        default_task_type = ?
                    WHERE id = ?
                    """,
                arguments: [
                    record.displayName, record.calendarDescription, record.color, record.order,
                    record.timeZone, SQLiteRows.joinComponents(record.supportedComponents), now,
                    record.defaultTaskType?.rawValue, id,
                ])
            try Self.applyDeadProperties(
                db, ownerID: record.ownerID, path: record.path, deadProperties)
            return record
        }
    }

    /// See `CollectionStore.deleteCollection(id:)`; foreign keys cascade to objects and changes.
    public func deleteCollection(id: Int64) async throws(StorageError) {
        let now = clock.now()
        try await write { db in
            let record = try Self.requireCollection(db, id: id)
            let (low, high) = SQLiteRows.descendantBounds(record.path)
            try Self.removeAssignedCopies(
                db, sourcesWhere: "c.id = ? OR (c.owner_id = ? AND c.path >= ? AND c.path < ?)",
                [id, record.ownerID, low, high], now: now)
            try db.execute(sql: "DELETE FROM collections WHERE id = ?", arguments: [id])
            try db.execute(
                sql: """
                    UPDATE contacts SET card_collection_id = NULL, card_name = NULL
                    WHERE card_collection_id = ?
                    """, arguments: [id])
            try db.execute(
                sql: "DELETE FROM collections WHERE owner_id = ? AND path >= ? AND path < ?",
                arguments: [record.ownerID, low, high])
            try Self.deleteDeadProperties(db, ownerID: record.ownerID, subtree: record.path)
        }
    }

    /// See `CollectionMoving.moveCollection(id:to:)`.
    public func moveCollection(id: Int64, to newPath: String) async throws(StorageError)
        -> CollectionRecord
    {
        try ResourceName.validateCollectionPath(newPath)
        let now = clock.now()
        return try await write { db in
            let record = try Self.requireCollection(db, id: id)
            guard record.kind == .plain else {
                throw StorageError(.invalidName, "only plain collections move")
            }
            guard !ResourceName.isWithin(newPath, root: record.path) else {
                throw StorageError(.invalidName, "cannot move \(record.path) into itself")
            }
            try Self.checkPlacement(db, ownerID: record.ownerID, path: newPath, kind: .plain)
            let (low, high) = SQLiteRows.descendantBounds(record.path)
            try db.execute(
                sql: """
                    UPDATE collections SET path = ? || substr(path, length(?) + 1)
                    WHERE owner_id = ? AND path >= ? AND path < ?
                    """,
                arguments: [newPath, record.path, record.ownerID, low, high])
            try db.execute(
                sql: "UPDATE collections SET path = ?, modified_at = ? WHERE id = ?",
                arguments: [newPath, now, id])
            try Self.deleteDeadProperties(db, ownerID: record.ownerID, subtree: newPath)
            try db.execute(
                sql: "UPDATE dead_properties SET path = ? WHERE owner_id = ? AND path = ?",
                arguments: [newPath, record.ownerID, record.path])
            try db.execute(
                sql: """
                    UPDATE dead_properties SET path = ? || substr(path, length(?) + 1)
                    WHERE owner_id = ? AND path >= ? AND path < ?
                    """,
                arguments: [newPath, record.path, record.ownerID, low, high])
            return try Self.requireCollection(db, id: id)
        }
    }
}
