import GRDB
import Storage

extension SQLiteStore {
    /// SQLite's plan for each hot lookup, keyed by the lookup's name; tests assert that each
    /// one searches an index (no full scans on the request path).
    func queryPlans() async throws(StorageError) -> [String: String] {
        let timeRange = Self.timeRangeQuery(
            collectionID: 1, componentType: "VEVENT", start: 0, end: 10)
        let statements: [(String, String, StatementArguments)] = [
            ("timeRange", timeRange.0, timeRange.1),
            ("uid", Self.uidSQL, [1, "u"]),
            ("changes", Self.changesSQL, [1, 0]),
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
