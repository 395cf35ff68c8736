import Foundation
import GRDB
import Storage

extension SQLiteStore {
    static let notificationColumns = "id, owner_id, name, type, etag, created_at, data"

    static func notification(_ row: Row) throws -> NotificationRecord {
        let data = try row.withUnsafeData(atIndex: 6) { $0.map { [UInt8]($0) } } ?? []
        return NotificationRecord(
            id: row[0], ownerID: row[1], name: row[2], type: row[3], data: data, etag: row[4],
            createdAt: row[5])
    }

    /// See `NotificationStore.putNotification`.
    public func putNotification(ownerID: Int64, name: String, type: String, data: [UInt8])
        async throws(StorageError) -> NotificationRecord
    {
        try NotificationRecord.validate(name: name, type: type)
        let now = clock.now()
        let etag = ETag.strong(for: data)
        return try await write { db in
            let found = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT id FROM users WHERE id = ?"), arguments: [ownerID])
            if found == nil { throw StorageError(.notFound, "no user \(ownerID)") }
            try db.execute(
                sql: """
                    INSERT INTO notifications (owner_id, name, type, data, etag, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (owner_id, name) DO UPDATE SET type = excluded.type,
                        data = excluded.data, etag = excluded.etag,
                        created_at = excluded.created_at
                    """,
                arguments: [ownerID, name, type, Data(data), etag, now])
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(
                        sql: "SELECT \(Self.notificationColumns) FROM notifications "
                            + "WHERE owner_id = ? AND name = ?"),
                    arguments: [ownerID, name])
            else { throw StorageError(.engineFailure, "notification \(name) was not stored") }
            return try Self.notification(row)
        }
    }

    /// See `NotificationStore.notifications(ownerID:)`.
    public func notifications(ownerID: Int64) async throws(StorageError) -> [NotificationRecord] {
        try await read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: "SELECT \(Self.notificationColumns) FROM notifications WHERE owner_id = ? "
                        + "ORDER BY id"),
                arguments: [ownerID]
            ).map(Self.notification)
        }
    }

    /// See `NotificationStore.notification(ownerID:name:)`.
    public func notification(ownerID: Int64, name: String) async throws(StorageError)
        -> NotificationRecord?
    {
        try await read { db in
            try Row.fetchOne(
                db.cachedStatement(
                    sql: "SELECT \(Self.notificationColumns) FROM notifications "
                        + "WHERE owner_id = ? AND name = ?"),
                arguments: [ownerID, name]
            ).map(Self.notification)
        }
    }

    /// See `NotificationStore.deleteNotification(ownerID:name:)`.
    public func deleteNotification(ownerID: Int64, name: String) async throws(StorageError) {
        try await write { db in
            try db.execute(
                sql: "DELETE FROM notifications WHERE owner_id = ? AND name = ?",
                arguments: [ownerID, name])
            guard db.changesCount == 1 else {
                throw StorageError(.notFound, "no notification \(name)")
            }
        }
    }
}
