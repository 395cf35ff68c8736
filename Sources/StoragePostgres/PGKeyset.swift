import Storage

/// The SQL of keyset pagination (`SortKey`): the ORDER BY of a listing and the condition that
/// starts it strictly after a cursor, with NULL values last in either direction.
struct PGKeyset {
    /// The sort column (an expression without arguments).
    var column: String
    /// The id column, the tie-breaker.
    var idColumn: String
    /// Descending order.
    var descending: Bool

    /// `ORDER BY` terms (without the keywords).
    var order: String {
        let direction = descending ? "DESC" : "ASC"
        return "\(column) IS NULL, \(column) \(direction), \(idColumn) \(direction)"
    }

    /// The condition (with its arguments) selecting the rows after `key`.
    func condition(after key: SortKey) -> (String, StatementArguments) {
        let comparison = descending ? "<" : ">"
        guard let value = key.value else {
            return ("(\(column) IS NULL AND \(idColumn) \(comparison) ?)", [key.id])
        }
        let bound: any PGBindable =
            switch value {
            case .text(let text): text
            case .integer(let integer): integer
            }
        return (
            """
            ((\(column) IS NOT NULL AND (\(column) \(comparison) ? OR (\(column) = ? AND \
            \(idColumn) \(comparison) ?))) OR \(column) IS NULL)
            """,
            [bound, bound, key.id]
        )
    }

    /// `(column LIKE ? OR …)` matching text that contains any of `texts`, with its arguments;
    /// `nil` when there is nothing to match.
    static func containsAny(_ column: String, _ texts: [String]) -> (String, StatementArguments)? {
        guard !texts.isEmpty else { return nil }
        let terms = texts.map { _ in "\(column) LIKE ? ESCAPE '\\'" }
        return (
            "(" + terms.joined(separator: " OR ") + ")",
            StatementArguments(texts.map(containsPattern))
        )
    }

    /// A `LIKE` pattern (with `ESCAPE '\'`) matching any text that contains `text`.
    static func containsPattern(_ text: String) -> String {
        var pattern = "%"
        for scalar in text.unicodeScalars {
            if scalar == "\\" || scalar == "%" || scalar == "_" {
                pattern.unicodeScalars.append("\\")
            }
            pattern.unicodeScalars.append(scalar)
        }
        pattern += "%"
        return pattern
    }
}

extension PostgresStore {
    /// Runs one page of a keyset-paginated listing: `sql` (a `SELECT … WHERE …` with its
    /// `arguments`) gets the condition after the opaque `cursor` (`.invalidName` when malformed),
    /// the keyset's order and the clamped `limit` + 1 rows, so that the extra row tells whether a
    /// next page exists; the next page's cursor is `nextCursor(last item)`.
    func keysetPage<Item: Sendable & Hashable>(
        sql: String, arguments: StatementArguments, keyset: PGKeyset, cursor: String?,
        limit: Int, decode: @escaping @Sendable (Row) throws(StorageError) -> Item,
        nextCursor: (Item) -> String
    ) async throws(StorageError) -> Page<Item> {
        let after = try cursor.map { cursor throws(StorageError) in try SortKey(cursor: cursor) }
        let limit = CRMSearch.clampedLimit(limit)
        var sql = sql
        var arguments = arguments
        if let after {
            let (condition, bound) = keyset.condition(after: after)
            sql += " AND " + condition
            arguments += bound
        }
        sql += " ORDER BY \(keyset.order) LIMIT ?"
        arguments += [limit + 1]
        let statement = sql
        let bound = arguments
        let rows = try await read { db in
            try await Row.fetchAll(db, sql: statement, arguments: bound).map {
                row throws(StorageError) in try decode(row)
            }
        }
        guard rows.count > limit else { return Page(items: rows, nextCursor: nil) }
        let items = Array(rows.prefix(limit))
        return Page(items: items, nextCursor: items.last.map(nextCursor))
    }
}
