import GRDB
import GRDBSQLite
import Storage

/// Column access by position, for the row decoders of `SQLiteRows`: GRDB's `Row`, or the
/// current row of a statement stepped through SQLite's C interface (`SteppedRow`).
protocol SQLiteColumns {
    /// The value of column `index`; a NULL or an unconvertible value is an engine failure
    /// (read an optional type where NULL is allowed).
    func column<Value: DatabaseValueConvertible & StatementColumnConvertible>(_ index: Int)
        throws(StorageError) -> Value
    /// The bytes of a blob column, copied once; `nil` for NULL.
    func bytes(_ index: Int) throws(StorageError) -> [UInt8]?
    /// Whether column `index` is NULL.
    func isNull(_ index: Int) -> Bool
}

extension Row: SQLiteColumns {
    func column<Value: DatabaseValueConvertible & StatementColumnConvertible>(_ index: Int)
        throws(StorageError) -> Value
    {
        do {
            return try decode(Value.self, atIndex: index)
        } catch {
            throw StorageError(.engineFailure, "column \(index): \(error)")
        }
    }

    func bytes(_ index: Int) throws(StorageError) -> [UInt8]? {
        do {
            return try withUnsafeData(atIndex: index) { $0.map { [UInt8]($0) } }
        } catch {
            throw StorageError(.engineFailure, "column \(index): \(error)")
        }
    }

    func isNull(_ index: Int) -> Bool { hasNull(atIndex: index) }
}

/// The current row of a statement stepped directly (`Database.firstRow`).
///
/// GRDB's `Row` over a statement builds a dictionary of its lowercased column names when it is
/// made, for lookups by name that the decoders never do: for the one-row lookups of every request
/// (a GET's collection and object, 26 columns) that was a third of the read's CPU (issue 4).
struct SteppedRow: SQLiteColumns {
    let statement: SQLiteStatement

    func column<Value: DatabaseValueConvertible & StatementColumnConvertible>(_ index: Int)
        throws(StorageError) -> Value
    {
        guard let value = Value.fromStatement(statement, atUncheckedIndex: CInt(index)) else {
            throw StorageError(.engineFailure, "column \(index): NULL or not a \(Value.self)")
        }
        return value
    }

    func bytes(_ index: Int) throws(StorageError) -> [UInt8]? {
        // The pointer first, then the length (SQLite's documented order). An empty blob has no
        // pointer either: only the column's type tells it from NULL.
        guard let start = sqlite3_column_blob(statement, CInt(index)) else {
            return isNull(index) ? nil : []
        }
        let count = Int(sqlite3_column_bytes(statement, CInt(index)))
        return [UInt8](UnsafeRawBufferPointer(start: start, count: count))
    }

    func isNull(_ index: Int) -> Bool {
        sqlite3_column_type(statement, CInt(index)) == SQLITE_NULL
    }
}

extension Database {
    /// The first row of `statement` run with `arguments`, decoded by `body` while it is current;
    /// `nil` when there is none. The statement is reset afterwards, so GRDB can reuse it.
    func firstRow<T>(
        _ statement: Statement, arguments: StatementArguments,
        _ body: (SteppedRow) throws(StorageError) -> T
    ) throws -> T? {
        try statement.setArguments(arguments)
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return try body(SteppedRow(statement: handle))
        case SQLITE_DONE: return nil
        case let code:
            throw StorageError(
                .engineFailure,
                "SQLite: \(String(cString: sqlite3_errmsg(sqliteConnection))) (\(code))")
        }
    }
}
