import Storage

extension PostgresStore {
    /// See `AuthFailureStore.recordAuthFailure(keys:now:window:)`: one upsert per key, in one
    /// transaction.
    public func recordAuthFailure(keys: [String], now: Int64, window: Int64)
        async throws(StorageError) -> [AuthFailureCount]
    {
        try await write(recordingPosition: false) { db in
            try await keys.asyncMap { key in
                // Every right-hand side of an UPDATE reads the old row.
                try await db.execute(
                    sql: """
                        INSERT INTO auth_failures (key, window_start, count) VALUES (?, ?, 1)
                        ON CONFLICT (key) DO UPDATE SET
                            count = CASE WHEN auth_failures.window_start <= ? THEN 1
                                ELSE auth_failures.count + 1 END,
                            window_start = CASE WHEN auth_failures.window_start <= ? THEN ?
                                ELSE auth_failures.window_start END
                        """,
                    arguments: [key, now, now - window, now - window, now])
                let row = try await Row.fetchOne(
                    db, sql: "SELECT count, window_start FROM auth_failures WHERE key = ?",
                    arguments: [key])
                return AuthFailureCount(count: row?[0] ?? 0, windowStart: row?[1] ?? 0)
            }
        }
    }

    /// See `AuthFailureStore.authFailures(keys:now:window:)`.
    public func authFailures(keys: [String], now: Int64, window: Int64)
        async throws(StorageError) -> [AuthFailureCount]
    {
        try await primaryRead { db in
            let statement = db.cachedStatement(
                sql:
                    "SELECT count, window_start FROM auth_failures WHERE key = ? AND window_start > ?"
            )
            return try await keys.asyncMap { key in
                guard let row = try await Row.fetchOne(statement, arguments: [key, now - window])
                else {
                    return AuthFailureCount(count: 0, windowStart: 0)
                }
                return AuthFailureCount(count: row[0], windowStart: row[1])
            }
        }
    }

    /// See `AuthFailureStore.clearAuthFailures(keys:)`.
    public func clearAuthFailures(keys: [String]) async throws(StorageError) {
        try await write(recordingPosition: false) { db in
            for key in keys {
                try await db.execute(
                    sql: "DELETE FROM auth_failures WHERE key = ?", arguments: [key])
            }
        }
    }

    /// See `AuthFailureStore.isKnownAddress(ownerID:address:)`.
    public func isKnownAddress(ownerID: Int64, address: String) async throws(StorageError) -> Bool {
        try await primaryRead { db in
            try await Bool.fetchOne(
                db.cachedStatement(
                    sql: "SELECT 1 FROM known_addresses WHERE owner_id = ? AND address = ?"),
                arguments: [ownerID, address]) != nil
        }
    }

    /// See `AuthFailureStore.rememberAddress(ownerID:address:now:)`.
    public func rememberAddress(ownerID: Int64, address: String, now: Int64)
        async throws(StorageError)
    {
        try await write(recordingPosition: false) { db in
            try await db.execute(
                sql: """
                    INSERT INTO known_addresses (owner_id, address, last_seen) VALUES (?, ?, ?)
                    ON CONFLICT (owner_id, address) DO UPDATE SET last_seen = excluded.last_seen
                    """,
                arguments: [ownerID, address, now])
        }
    }

    /// See `AuthFailureStore.purgeAuthFailures(before:)`.
    public func purgeAuthFailures(before cutoff: Int64) async throws(StorageError) -> Int {
        try await write(recordingPosition: false) { db in
            try await db.execute(
                sql: "DELETE FROM auth_failures WHERE window_start < ?", arguments: [cutoff])
            return db.changesCount
        }
    }
}
