import Foundation
import Storage

extension PostgresStore: PathLookup {
    /// See `PathLookup.collectionAndObject(ownerID:collectionPath:name:)`: one statement, the
    /// collection joined with its object of that name (one round trip instead of four).
    public func collectionAndObject(ownerID: Int64, collectionPath: String, name: String)
        async throws(StorageError) -> (collection: CollectionRecord, object: ObjectRecord?)?
    {
        try await readStatement { db in
            guard
                let row = try await Row.fetchOne(
                    db.cachedStatement(sql: Self.collectionAndObjectSQL),
                    arguments: [name, ownerID, collectionPath])
            else { return nil }
            let collection = try PGRows.collection(row)
            let objectRow = row.dropping(first: Self.collectionColumnCount)
            let object = objectRow.isNull(0) ? nil : try PGRows.object(objectRow, withData: true)
            return (collection, object)
        }
    }

    static let collectionColumnCount = qualified(PGRows.collectionColumns, "c").count

    static let collectionAndObjectSQL = """
        SELECT \(qualified(PGRows.collectionColumns, "c").joined(separator: ", ")),
            \(qualified(PGRows.objectColumns, "o").joined(separator: ", "))
        FROM collections c LEFT JOIN objects o ON o.collection_id = c.id AND o.name = ?
        WHERE c.owner_id = ? AND c.path = ?
        """

    /// The columns of a list, each prefixed with a table's alias.
    static func qualified(_ columns: String, _ alias: String) -> [String] {
        columns.split(separator: ",").map {
            alias + "." + $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }
}
