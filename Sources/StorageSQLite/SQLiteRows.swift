import Foundation
import GRDB
import Storage

/// Decoding of the engine's rows into `Storage` records; the column lists live beside them.
///
/// Rows are read by position, in the order of the column lists (a lookup by name lowercases and
/// compares strings per column per row: 8% of a Depth 1 PROPFIND on a 1,000-object calendar).
enum SQLiteRows {
    static let userColumns = """
        id, name, email, display_name, password_hash, credential_version, password_changed_at, \
        created_at, is_admin
        """

    static func user(_ row: some SQLiteColumns) throws(StorageError) -> UserRecord {
        try UserRecord(
            id: row.column(0), name: row.column(1), email: row.column(2),
            displayName: row.column(3), passwordHash: row.column(4),
            credentialVersion: row.column(5), passwordChangedAt: row.column(6),
            createdAt: row.column(7), isAdmin: row.column(8))
    }

    static let appPasswordColumns =
        "id, owner_id, label, token_hash, created_at, last_used_at, kind"

    static func appPassword(_ row: Row) throws(StorageError) -> AppPasswordRecord {
        let kindName: String = row["kind"]
        guard let kind = CredentialKind(rawValue: kindName) else {
            throw StorageError(.engineFailure, "unknown credential kind \(kindName)")
        }
        return AppPasswordRecord(
            id: row["id"], userID: row["owner_id"], label: row["label"],
            tokenHash: row["token_hash"], createdAt: row["created_at"],
            lastUsedAt: row["last_used_at"], kind: kind)
    }

    static let collectionColumns = """
        id, owner_id, path, kind, display_name, calendar_description, color, sort_order, \
        time_zone, supported_components, sync_token, created_at, modified_at, default_task_type
        """

    static func collection(_ row: some SQLiteColumns) throws(StorageError) -> CollectionRecord {
        let kindName: String = try row.column(3)
        guard let kind = CollectionKind(rawValue: kindName) else {
            throw StorageError(.engineFailure, "unknown collection kind \(kindName)")
        }
        let typeName: String? = try row.column(13)
        let defaultTaskType = typeName.flatMap(TaskType.init(rawValue:))
        if let typeName, defaultTaskType == nil {
            throw StorageError(.engineFailure, "unknown task type \(typeName)")
        }
        return try CollectionRecord(
            id: row.column(0), ownerID: row.column(1), path: row.column(2), kind: kind,
            displayName: row.column(4), calendarDescription: row.column(5),
            color: row.column(6), order: row.column(7), timeZone: row.column(8),
            supportedComponents: splitComponents(row.column(9)),
            syncToken: row.column(10), createdAt: row.column(11), modifiedAt: row.column(12),
            defaultTaskType: defaultTaskType)
    }

    /// The stored `supported_components` list; the usual values are shared arrays.
    static func splitComponents(_ joined: String) -> [String] {
        switch joined {
        case "VEVENT,VTODO": eventsAndTodos
        case "VEVENT": events
        case "VTODO": todos
        case "": []
        default: joined.split(separator: ",").map(String.init)
        }
    }

    private static let eventsAndTodos = ["VEVENT", "VTODO"]
    private static let events = ["VEVENT"]
    private static let todos = ["VTODO"]

    static func joinComponents(_ components: [String]) -> String {
        components.joined(separator: ",")
    }

    static let metadataColumns = """
        id, collection_id, name, etag, content_type, size, component_type, uid, first_start, \
        last_end, modified_at, instances
        """

    static let objectColumns = metadataColumns + ", data"

    /// The metadata of a listing (`ObjectPaging.objects(…, withData: false)`): without the
    /// stored instances, which no listing property needs (the decoding was a tenth of a
    /// PROPFIND Depth 1's store time).
    static let listingColumns = """
        id, collection_id, name, etag, content_type, size, component_type, uid, first_start, \
        last_end, modified_at, NULL
        """

    /// One object; the bytes and the instances are copied once, straight from SQLite's buffer
    /// when `row` is a cursor's. Its columns start at `at` (after a joined collection's).
    static func object(_ row: some SQLiteColumns, withData: Bool, at start: Int = 0)
        throws(StorageError) -> ObjectRecord
    {
        let data = withData ? try row.bytes(start + 12) : nil
        let instances = try row.bytes(start + 11).flatMap { ObjectInstance.decode($0) }
        return try ObjectRecord(
            id: row.column(start), collectionID: row.column(start + 1),
            name: row.column(start + 2), etag: row.column(start + 3),
            contentType: row.column(start + 4), size: row.column(start + 5), data: data,
            index: ObjectIndex(
                componentType: row.column(start + 6), uid: row.column(start + 7),
                firstStart: row.column(start + 8), lastEnd: row.column(start + 9),
                exactInstances: instances),
            modifiedAt: row.column(start + 10))
    }

    /// The number of `collectionColumns`.
    static let collectionColumnCount = collectionColumns.split(separator: ",").count

    /// `columns`, each prefixed with a table's alias.
    static func qualified(_ columns: String, _ alias: String) -> String {
        columns.split(separator: ",").map {
            alias + "." + $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }.joined(separator: ", ")
    }

    /// Every row of `rows`, decoded as it is stepped (the row set is never copied whole first).
    static func objects(_ rows: RowCursor, withData: Bool) throws -> [ObjectRecord] {
        var objects: [ObjectRecord] = []
        while let row = try rows.next() { objects.append(try object(row, withData: withData)) }
        return objects
    }

    static func change(_ row: Row, collectionID: Int64) throws(StorageError) -> Change {
        let kindName: String = row["kind"]
        guard let kind = ChangeKind(rawValue: kindName) else {
            throw StorageError(.engineFailure, "unknown change kind \(kindName)")
        }
        return Change(
            collectionID: collectionID, token: row["token"], name: row["name"], kind: kind)
    }

    /// The bounds `[path + "/", path + "0")` that select every path below `path` through an
    /// index (`/` is 0x2F, `0` is 0x30, compared bytewise).
    static func descendantBounds(_ path: String) -> (String, String) {
        (path + "/", path + "0")
    }
}

extension Database {
    /// Runs one constant statement through the connection's statement cache, so that it is
    /// compiled once per connection rather than on every call (`execute(sql:)` compiles each
    /// time). Only for SQL text that never varies.
    func executeCached(sql: String, arguments: StatementArguments = []) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }
}
