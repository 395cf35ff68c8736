import GRDB
import Storage

extension SQLiteStore {
    /// See `TrashStore.trash(ownerID:)`.
    public func trash(ownerID: Int64) async throws(StorageError) -> [TrashRecord] {
        try await read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT \(SQLiteRows.trashColumns) FROM trash WHERE owner_id = ?
                        ORDER BY deleted_at DESC, id DESC
                        """),
                arguments: [ownerID]
            ).map { row throws(StorageError) in try SQLiteRows.trash(row) }
        }
    }

    /// See `TrashStore.trashEntry(ownerID:id:)`.
    public func trashEntry(ownerID: Int64, id: Int64) async throws(StorageError) -> TrashRecord? {
        try await read { db in try Self.trashEntry(db, ownerID: ownerID, id: id) }
    }

    static func trashEntry(_ db: Database, ownerID: Int64, id: Int64) throws -> TrashRecord? {
        try Row.fetchOne(
            db.cachedStatement(
                sql: "SELECT \(SQLiteRows.trashColumns) FROM trash WHERE id = ? AND owner_id = ?"),
            arguments: [id, ownerID]
        ).map { row throws(StorageError) in try SQLiteRows.trash(row) }
    }

    /// See `TrashStore.restoreTrashEntry(ownerID:id:into:)`: the object, its task, the change
    /// row and the removal of the entry are one transaction.
    public func restoreTrashEntry(ownerID: Int64, id: Int64, into collectionID: Int64?)
        async throws(StorageError) -> PutResult
    {
        let now = clock.now()
        return try await write { db in
            guard let entry = try Self.trashEntry(db, ownerID: ownerID, id: id) else {
                throw StorageError(.notFound, "no trash entry \(id)")
            }
            let targetID = collectionID ?? entry.collectionID
            guard let target = try Self.collection(db, id: targetID), target.ownerID == ownerID
            else { throw StorageError(.notFound, "no calendar \(targetID)") }
            if try Bool.fetchOne(
                db.cachedStatement(
                    sql: "SELECT 1 FROM objects WHERE collection_id = ? AND name = ?"),
                arguments: [target.id, entry.name]) != nil
            {
                throw StorageError(.conflict, "\(entry.name) exists in \(target.path)")
            }
            let result = try Self.store(
                db, data: entry.data, name: entry.name, contentType: entry.contentType,
                index: entry.index, in: target, task: entry.task, now: now)
            try db.execute(sql: "DELETE FROM trash WHERE id = ?", arguments: [id])
            return result
        }
    }

    /// See `TrashStore.purgeTrash(deletedBefore:)`.
    public func purgeTrash(deletedBefore cutoff: Int64) async throws(StorageError) -> Int {
        try await write { db in
            try db.execute(sql: "DELETE FROM trash WHERE deleted_at < ?", arguments: [cutoff])
            return db.changesCount
        }
    }
}
