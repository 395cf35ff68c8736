/// One cell of a table, as `cadence migrate-store` copies whole installations between engines
/// (issue 9): the storage classes both engines share.
public enum TableCell: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

/// A batch of a table's rows, in the engine's row order, with the columns they hold.
public struct TableBatch: Sendable, Hashable {
    /// The table.
    public var table: String
    /// The column names, in the order of each row's cells.
    public var columns: [String]
    /// The rows.
    public var rows: [[TableCell]]
    /// Where the next batch starts (pass it back as `after`).
    public var next: Int64

    public init(table: String, columns: [String], rows: [[TableCell]], next: Int64) {
        self.table = table
        self.columns = columns
        self.rows = rows
        self.next = next
    }
}
