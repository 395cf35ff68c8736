import Foundation
import Logging
import NIOCore
import PostgresNIO
import Storage

/// One value bound to a statement or read from a row: the engine's few column types.
///
/// Booleans are stored as integers (0/1), as in the SQLite engine, so that one SQL text serves
/// both engines; times are UTC seconds, bytes are `BYTEA`.
enum PGValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

/// A Swift value that binds as a `PGValue`.
protocol PGBindable: Sendable {
    var pgValue: PGValue { get }
}

/// A Swift value that a column decodes into (a `NULL` into a non-optional gives the zero value).
protocol PGDecodable: Sendable {
    static func decode(_ value: PGValue) -> Self
}

extension Int64: PGBindable, PGDecodable {
    var pgValue: PGValue { .integer(self) }
    static func decode(_ value: PGValue) -> Int64 {
        switch value {
        case .integer(let v): v
        case .real(let v): Int64(v)
        case .text(let v): Int64(v) ?? 0
        default: 0
        }
    }
}

extension Int: PGBindable, PGDecodable {
    var pgValue: PGValue { .integer(Int64(self)) }
    static func decode(_ value: PGValue) -> Int { Int(Int64.decode(value)) }
}

extension Bool: PGBindable, PGDecodable {
    var pgValue: PGValue { .integer(self ? 1 : 0) }
    static func decode(_ value: PGValue) -> Bool { Int64.decode(value) != 0 }
}

extension Double: PGBindable, PGDecodable {
    var pgValue: PGValue { .real(self) }
    static func decode(_ value: PGValue) -> Double {
        switch value {
        case .integer(let v): Double(v)
        case .real(let v): v
        default: 0
        }
    }
}

extension String: PGBindable, PGDecodable {
    var pgValue: PGValue { .text(self) }
    static func decode(_ value: PGValue) -> String {
        switch value {
        case .text(let v): v
        case .integer(let v): String(v)
        case .blob(let v): String(decoding: v, as: UTF8.self)
        default: ""
        }
    }
}

extension Data: PGBindable, PGDecodable {
    var pgValue: PGValue { .blob([UInt8](self)) }
    static func decode(_ value: PGValue) -> Data {
        switch value {
        case .blob(let v): Data(v)
        case .text(let v): Data(v.utf8)
        default: Data()
        }
    }
}

extension Array: PGBindable, PGDecodable where Element == UInt8 {
    var pgValue: PGValue { .blob(self) }
    static func decode(_ value: PGValue) -> [UInt8] {
        switch value {
        case .blob(let v): v
        case .text(let v): Array(v.utf8)
        default: []
        }
    }
}

extension Optional: PGBindable where Wrapped: PGBindable {
    var pgValue: PGValue { self?.pgValue ?? .null }
}

extension Optional: PGDecodable where Wrapped: PGDecodable {
    static func decode(_ value: PGValue) -> Wrapped? {
        value == .null ? nil : Wrapped.decode(value)
    }
}

/// The arguments of a statement, in the order of its `?` marks.
struct StatementArguments: ExpressibleByArrayLiteral, Sendable {
    var values: [PGValue]

    init(arrayLiteral elements: (any PGBindable)?...) {
        values = elements.map { $0?.pgValue ?? .null }
    }

    init<S: Sequence>(_ sequence: S) where S.Element: PGBindable {
        values = sequence.map(\.pgValue)
    }

    /// Appends `other`'s values (GRDB's shape; it answers whether names clashed: never here).
    @discardableResult
    mutating func append(contentsOf other: StatementArguments) -> Bool {
        values += other.values
        return false
    }

    static func += (lhs: inout StatementArguments, rhs: StatementArguments) {
        lhs.values += rhs.values
    }

    static func + (lhs: StatementArguments, rhs: StatementArguments) -> StatementArguments {
        var result = lhs
        result += rhs
        return result
    }

    var bindings: PostgresBindings {
        var bindings = PostgresBindings(capacity: values.count)
        for value in values {
            switch value {
            case .null: bindings.appendNull()
            case .integer(let v): bindings.append(v)
            case .real(let v): bindings.append(v)
            case .text(let v): bindings.append(v)
            case .blob(let v): bindings.append(ByteBuffer(bytes: v))
            }
        }
        return bindings
    }
}

/// One result row, decoded eagerly into `PGValue`s; read by position or by column name.
struct Row: Sendable {
    let names: [String]
    let values: [PGValue]

    init(_ row: PostgresRow) throws {
        var names: [String] = []
        var values: [PGValue] = []
        for cell in row {
            names.append(cell.columnName)
            values.append(try Row.value(cell))
        }
        self.names = names
        self.values = values
    }

    static func value(_ cell: PostgresCell) throws -> PGValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8: return .integer(try cell.decode(Int64.self))
        case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
        case .float4, .float8: return .real(try cell.decode(Double.self))
        case .bytea:
            var buffer = try cell.decode(ByteBuffer.self)
            return .blob(buffer.readBytes(length: buffer.readableBytes) ?? [])
        case .numeric:
            let decimal = try cell.decode(Decimal.self)
            return .integer(NSDecimalNumber(decimal: decimal).int64Value)
        case .void: return .null
        // Text and its kin; a type without a text decoding (none of the schema's) reads NULL.
        default: return (try? cell.decode(String.self)).map(PGValue.text) ?? .null
        }
    }

    init(names: [String], values: [PGValue]) {
        self.names = names
        self.values = values
    }

    /// The row without its first `count` columns (the second table of a join).
    func dropping(first count: Int) -> Row {
        Row(names: Array(names.dropFirst(count)), values: Array(values.dropFirst(count)))
    }

    /// Whether the column at `index` is NULL.
    func isNull(_ index: Int) -> Bool { index >= values.count || values[index] == .null }

    subscript<Value: PGDecodable>(_ index: Int) -> Value {
        Value.decode(index < values.count ? values[index] : .null)
    }

    subscript<Value: PGDecodable>(_ name: String) -> Value {
        guard let index = names.firstIndex(of: name) else { return Value.decode(.null) }
        return Value.decode(values[index])
    }

    /// The bytes at `index` (or `nil` for NULL), handed to `body` (GRDB's shape).
    func withUnsafeData<T>(atIndex index: Int, _ body: (Data?) throws -> T) rethrows -> T {
        switch values[index] {
        case .null: try body(nil)
        case .blob(let v): try body(Data(v))
        case .text(let v): try body(Data(v.utf8))
        default: try body(nil)
        }
    }
}

/// The rows of a statement, stepped one by one (GRDB's cursor shape over a fetched array).
final class RowCursor {
    private var rows: IndexingIterator<[Row]>
    init(_ rows: [Row]) { self.rows = rows.makeIterator() }
    func next() throws -> Row? { rows.next() }
}

/// SQL text bound to the transaction that runs it (GRDB's `cachedStatement` shape; PostgreSQL
/// caches plans of unnamed statements on its own).
struct PGStatement {
    let db: PGDatabase
    let sql: String

    func execute(arguments: StatementArguments = []) async throws {
        try await db.execute(sql: sql, arguments: arguments)
    }
}

/// One transaction on one connection: the statements of a store method.
///
/// SQL is written with `?` marks, as for SQLite; they become `$1…$n` here (outside quoted
/// literals), so the engines share their SQL text where the dialects agree.
final class PGDatabase: @unchecked Sendable {
    let connection: PostgresConnection
    let logger: Logger
    /// The LISTEN/NOTIFY channel of committed changes.
    let channel: String
    /// The number of rows the last statement changed.
    private(set) var changesCount = 0
    /// How many more statements may run, `nil` for any number: outside a transaction
    /// (`PostgresStore.readStatement`) one, since each would read its own snapshot.
    var statementBudget: Int?

    init(connection: PostgresConnection, logger: Logger, channel: String) {
        self.connection = connection
        self.logger = logger
        self.channel = channel
    }

    /// Rewrites `?` marks into `$n` parameters, leaving quoted literals and identifiers alone.
    static func numbered(_ sql: String) -> String {
        var result = ""
        result.reserveCapacity(sql.utf8.count + 16)
        var number = 0
        var quote: Character?
        for character in sql {
            if let open = quote {
                if character == open { quote = nil }
                result.append(character)
            } else if character == "'" || character == "\"" {
                quote = character
                result.append(character)
            } else if character == "?" {
                number += 1
                result += "$\(number)"
            } else {
                result.append(character)
            }
        }
        return result
    }

    @discardableResult
    func query(_ sql: String, _ arguments: StatementArguments) async throws -> [Row] {
        if let budget = statementBudget {
            guard budget > 0 else {
                throw StorageError(.engineFailure, "a second statement outside a transaction")
            }
            statementBudget = budget - 1
        }
        let query = PostgresQuery(unsafeSQL: Self.numbered(sql), binds: arguments.bindings)
        let result = try await connection.query(query, logger: logger).get()
        changesCount = result.metadata.rows ?? 0
        return try result.rows.map { try Row($0) }
    }

    func execute(sql: String, arguments: StatementArguments = []) async throws {
        try await query(sql, arguments)
    }

    /// Runs SQL text without parameters: several statements separated by `;` at line ends
    /// (migrations; the extended protocol takes one statement at a time).
    func executeScript(_ sql: String) async throws {
        for statement in sql.components(separatedBy: ";\n") + [] {
            let text = statement.trimmingCharacters(in: .whitespacesAndNewlines)
            let trimmed = text.hasSuffix(";") ? String(text.dropLast()) : text
            if !trimmed.isEmpty { try await execute(sql: trimmed) }
        }
    }

    func cachedStatement(sql: String) -> PGStatement { PGStatement(db: self, sql: sql) }

    /// The id the last `INSERT` into a table with an identity column generated.
    var lastInsertedRowID: Int64 {
        get async throws {
            let rows = try await query("SELECT lastval()", [])
            return rows.first?[0] ?? 0
        }
    }
}

extension Row {
    static func fetchAll(_ db: PGDatabase, sql: String, arguments: StatementArguments = [])
        async throws -> [Row]
    {
        try await db.query(sql, arguments)
    }

    static func fetchOne(_ db: PGDatabase, sql: String, arguments: StatementArguments = [])
        async throws -> Row?
    {
        try await db.query(sql, arguments).first
    }

    static func fetchCursor(_ db: PGDatabase, sql: String, arguments: StatementArguments = [])
        async throws -> RowCursor
    {
        RowCursor(try await db.query(sql, arguments))
    }

    static func fetchAll(_ statement: PGStatement, arguments: StatementArguments = [])
        async throws -> [Row]
    {
        try await statement.db.query(statement.sql, arguments)
    }

    static func fetchOne(_ statement: PGStatement, arguments: StatementArguments = [])
        async throws -> Row?
    {
        try await statement.db.query(statement.sql, arguments).first
    }

    static func fetchCursor(_ statement: PGStatement, arguments: StatementArguments = [])
        async throws -> RowCursor
    {
        RowCursor(try await statement.db.query(statement.sql, arguments))
    }
}

extension PGDecodable {
    static func fetchOne(_ db: PGDatabase, sql: String, arguments: StatementArguments = [])
        async throws -> Self?
    {
        guard let row = try await db.query(sql, arguments).first, !row.values.isEmpty,
            row.values[0] != .null
        else { return nil }
        return Self.decode(row.values[0])
    }

    static func fetchAll(_ db: PGDatabase, sql: String, arguments: StatementArguments = [])
        async throws -> [Self]
    {
        try await db.query(sql, arguments).map { Self.decode($0.values.first ?? .null) }
    }

    static func fetchOne(_ statement: PGStatement, arguments: StatementArguments = [])
        async throws -> Self?
    {
        try await fetchOne(statement.db, sql: statement.sql, arguments: arguments)
    }

    static func fetchAll(_ statement: PGStatement, arguments: StatementArguments = [])
        async throws -> [Self]
    {
        try await fetchAll(statement.db, sql: statement.sql, arguments: arguments)
    }
}

extension Sequence {
    /// `map` whose transform awaits (statements run one after another on the transaction).
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
