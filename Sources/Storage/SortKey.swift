import Foundation

/// The position of one item in a CRM listing: its sort value and its id (the tie-breaker).
///
/// Engines order listings by `(value IS NULL, value, id)`: items without a value come last in
/// either direction, text compares by UTF-8 bytes (SQLite's `BINARY`), and `id` runs in the
/// same direction as the value. A page's cursor is the key of its last item (`cursor`), so the
/// next page starts strictly after it (keyset pagination: no duplicates, no gaps).
public struct SortKey: Sendable, Hashable, Codable {
    /// A sort value: lowercased text or an integer (UTC seconds).
    public enum Value: Sendable, Hashable, Codable {
        /// Text, compared by UTF-8 bytes.
        case text(String)
        /// An integer.
        case integer(Int64)
    }

    /// The value; `nil` sorts last.
    public var value: Value?
    /// The item's id.
    public var id: String

    /// Creates a key.
    public init(value: Value?, id: String) {
        self.value = value
        self.id = id
    }

    /// Whether `self` comes before `other` in the listing's order.
    public func precedes(_ other: SortKey, descending: Bool) -> Bool {
        switch (value, other.value) {
        case (nil, .some): return false
        case (.some, nil): return true
        case (.some(let mine), .some(let theirs)) where mine != theirs:
            return descending ? Self.less(theirs, mine) : Self.less(mine, theirs)
        default:
            let mine = Array(id.utf8)
            let theirs = Array(other.id.utf8)
            return descending
                ? theirs.lexicographicallyPrecedes(mine) : mine.lexicographicallyPrecedes(theirs)
        }
    }

    private static func less(_ lhs: Value, _ rhs: Value) -> Bool {
        switch (lhs, rhs) {
        case (.integer(let left), .integer(let right)): return left < right
        case (.text(let left), .text(let right)):
            return Array(left.utf8).lexicographicallyPrecedes(Array(right.utf8))
        case (.integer, .text): return true
        case (.text, .integer): return false
        }
    }

    /// The opaque cursor string of this key (URL-safe base64 of its JSON).
    public var cursor: String {
        let json = (try? JSONEncoder().encode(self)) ?? Data()
        return json.base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Decodes a cursor made by `cursor`. `.invalidName` when it is not one.
    public init(cursor: String) throws(StorageError) {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+")
            .replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.utf8.count % 4) % 4)
        guard let data = Data(base64Encoded: base64),
            let key = try? JSONDecoder().decode(SortKey.self, from: data)
        else { throw StorageError(.invalidName, "malformed cursor") }
        self = key
    }
}
