import Storage

extension PostgresStore {
    /// Whether the database holds no user yet (`cadence migrate-store` copies only into an
    /// empty installation).
    public func isEmpty() async throws(StorageError) -> Bool {
        try await read { db in
            try await Int64.fetchOne(db, sql: "SELECT COUNT(*) FROM users") == 0
        }
    }

    /// The tables of the schema (those the migrations created), for `cadence migrate-store`.
    public func importableTables() async throws(StorageError) -> [String] {
        try await read { db in
            try await String.fetchAll(
                db,
                sql: """
                    SELECT table_name::text FROM information_schema.tables
                    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
                    AND table_name <> 'cadence_migrations'
                    """)
        }
    }

    /// Copies whole tables in one transaction, in the order given (referenced tables first),
    /// keeping every column as it is (ids, hashes, tokens), then moves each identity column's
    /// sequence past the copied ids. `batches` yields the rows; nothing is committed if it
    /// throws.
    public func importTables(
        _ tables: [String],
        batches: @escaping @Sendable (String, Int64) async throws -> TableBatch
    ) async throws(StorageError) -> [String: Int] {
        let known = Set(try await importableTables())
        for table in tables where !known.contains(table) {
            throw StorageError(.notFound, "the PostgreSQL schema has no table \(table)")
        }
        return try await transaction(isolation: "READ COMMITTED") { db in
            var counts: [String: Int] = [:]
            for table in tables {
                var after: Int64 = 0
                var copied = 0
                while true {
                    let batch = try await batches(table, after)
                    if batch.rows.isEmpty { break }
                    try await Self.insert(db, batch)
                    copied += batch.rows.count
                    after = batch.next
                }
                counts[table] = copied
                let hasIdentity =
                    try await Int64.fetchOne(
                        db,
                        sql: """
                            SELECT COUNT(*) FROM information_schema.columns
                            WHERE table_schema = current_schema() AND table_name = ?
                            AND column_name = 'id' AND is_identity = 'YES'
                            """,
                        arguments: [table]) ?? 0
                if hasIdentity > 0 {
                    try await db.execute(
                        sql: """
                            SELECT setval(pg_get_serial_sequence(?, 'id'),
                                COALESCE((SELECT MAX(id) FROM \(Self.quoted(table))), 0) + 1, false)
                            """,
                        arguments: [table])
                }
            }
            return counts
        }
    }

    /// One multi-row INSERT per batch.
    static func insert(_ db: PGDatabase, _ batch: TableBatch) async throws {
        let columns = batch.columns.map(quoted).joined(separator: ", ")
        let marks =
            "(" + Array(repeating: "?", count: batch.columns.count).joined(separator: ", ") + ")"
        // PostgreSQL takes at most 65,535 parameters per statement.
        let perStatement = max(1, 60_000 / max(1, batch.columns.count))
        var start = 0
        while start < batch.rows.count {
            let rows = batch.rows[start..<min(start + perStatement, batch.rows.count)]
            var arguments: StatementArguments = []
            for row in rows {
                for cell in row {
                    switch cell {
                    case .null: arguments.values.append(.null)
                    case .integer(let value): arguments.values.append(.integer(value))
                    case .real(let value): arguments.values.append(.real(value))
                    case .text(let value): arguments.values.append(.text(value))
                    case .blob(let value): arguments.values.append(.blob(value))
                    }
                }
            }
            try await db.execute(
                sql: "INSERT INTO \(quoted(batch.table)) (\(columns)) VALUES "
                    + Array(repeating: marks, count: rows.count).joined(separator: ", "),
                arguments: arguments)
            start += rows.count
        }
    }
}
