import GRDB
import Storage

extension SQLiteStore {
    /// SQLite's plan for each hot lookup, keyed by the lookup's name; tests assert that each
    /// one searches an index (no full scans on the request path).
    func queryPlans() async throws(StorageError) -> [String: String] {
        let timeRange = Self.timeRangeQuery(
            collectionID: 1, componentType: "VEVENT", start: 0, end: 10)
        let eventMatches = Self.timeRangeQuery(
            collectionID: 1, componentType: "VEVENT", start: 0, end: 10,
            columns: Self.eventMatchColumns)
        let statements: [(String, String, StatementArguments)] = [
            ("timeRange", timeRange.0, timeRange.1),
            ("eventMatches", eventMatches.0, eventMatches.1),
            ("uid", Self.uidSQL, [1, "u"]),
            ("changes", Self.changesSQL, [1, 0]),
            ("listing", Self.listingSQL, [1, "", 500]),
            (
                "objectByName", "SELECT etag FROM objects WHERE collection_id = ? AND name = ?",
                [1, "a"]
            ),
            ("userByName", "SELECT id FROM users WHERE name = ?", ["a"]),
            ("tokenHash", "SELECT id FROM app_passwords WHERE token_hash = ?", ["t"]),
            (
                "collectionByPath", "SELECT id FROM collections WHERE owner_id = ? AND path = ?",
                [1, "p"]
            ),
            (
                "taskByObject",
                "SELECT id FROM tasks WHERE collection_id = ? AND object_name = ?", [1, "a"]
            ),
            ("taskByID", "SELECT fields FROM tasks WHERE id = ? AND owner_id = ?", ["t", 1]),
            (
                "tasksByDue",
                "SELECT id FROM tasks WHERE owner_id = ? AND due >= ? ORDER BY due, id", [1, 0]
            ),
            (
                "tasksByContact", "SELECT id FROM tasks WHERE owner_id = ? AND contact_id = ?",
                [1, "c"]
            ),
            (
                "contactKeys",
                """
                SELECT contact_id FROM contact_keys WHERE owner_id = ? AND kind = 'email'
                    AND key IN (?, ?)
                """,
                [1, "a@x", "b@x"]
            ),
            (
                "contactsByName",
                "SELECT id FROM contacts WHERE owner_id = ? AND name_key > ? ORDER BY name_key, id",
                [1, "a"]
            ),
            ("trashByOwner", "SELECT id FROM trash WHERE owner_id = ? ORDER BY deleted_at", [1]),
            ("trashPurge", "SELECT id FROM trash WHERE deleted_at < ?", [1]),
        ]
        return try await read { db in
            var plans: [String: String] = [:]
            for (name, sql, arguments) in statements {
                let rows = try Row.fetchAll(
                    db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments)
                plans[name] = rows.map { row -> String in row["detail"] }.joined(separator: "; ")
            }
            return plans
        }
    }
}
