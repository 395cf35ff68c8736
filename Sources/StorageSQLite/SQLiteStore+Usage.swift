import GRDB
import Storage

extension SQLiteStore {
    /// See `UsageStore.usedBytes(ownerID:)`: one indexed sum.
    public func usedBytes(ownerID: Int64) async throws(StorageError) -> Int64 {
        try await read { db in
            try Int64.fetchOne(
                db.cachedStatement(
                    sql: "SELECT COALESCE(SUM(size), 0) FROM objects WHERE owner_id = ?"),
                arguments: [ownerID]) ?? 0
        }
    }

    /// See `UsageStore.objectCount(ownerID:)`: one count over the index the sum uses.
    public func objectCount(ownerID: Int64) async throws(StorageError) -> Int {
        try await read { db in
            try Int.fetchOne(
                db.cachedStatement(sql: "SELECT COUNT(*) FROM objects WHERE owner_id = ?"),
                arguments: [ownerID])
                ?? 0
        }
    }
}
