import GRDB
import Storage

extension SQLiteStore {
    /// The tables of the installation, in creation order (so a table comes after those it
    /// references), without the migrator's bookkeeping (`cadence migrate-store`, issue 9).
    public func exportedTables() async throws(StorageError) -> [String] {
        try await read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT name FROM sqlite_master WHERE type = 'table'
                    AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%' ORDER BY rowid
                    """)
        }
    }

    /// Up to `limit` rows of `table` after the row id `after`, every column, in row-id order.
    /// `table` must be one of `exportedTables()`.
    public func exportRows(table: String, after: Int64, limit: Int) async throws(StorageError)
        -> TableBatch
    {
        guard try await exportedTables().contains(table) else {
            throw StorageError(.notFound, "no table \(table)")
        }
        return try await read { db in
            let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(\"\(table)\")").map {
                $0["name"] as String
            }
            let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT rowid, \(list) FROM "\(table)" WHERE rowid > ? ORDER BY rowid LIMIT ?
                    """,
                arguments: [after, limit])
            var next = after
            let cells = rows.map { row -> [TableCell] in
                next = row[0]
                return (1...columns.count).map { index -> TableCell in
                    let value: DatabaseValue = row[index]
                    switch value.storage {
                    case .int64(let integer): return .integer(integer)
                    case .double(let real): return .real(real)
                    case .string(let text): return .text(text)
                    case .blob(let data): return .blob([UInt8](data))
                    case .null: return .null
                    }
                }
            }
            return TableBatch(table: table, columns: columns, rows: cells, next: next)
        }
    }
}
