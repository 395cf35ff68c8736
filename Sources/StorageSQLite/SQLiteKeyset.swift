import GRDB
import Storage

/// The SQL of keyset pagination (`SortKey`): the ORDER BY of a listing and the condition that
/// starts it strictly after a cursor, with NULL values last in either direction.
struct SQLiteKeyset {
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
        let bound: any DatabaseValueConvertible =
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
