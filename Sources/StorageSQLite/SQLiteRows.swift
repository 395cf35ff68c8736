import Foundation
import GRDB
import Storage

/// Decoding of the engine's rows into `Storage` records; the column lists live beside them.
enum SQLiteRows {
    static let userColumns =
        "id, name, email, display_name, password_hash, credential_version, password_changed_at, created_at"

    static func user(_ row: Row) -> UserRecord {
        UserRecord(
            id: row["id"], name: row["name"], email: row["email"],
            displayName: row["display_name"], passwordHash: row["password_hash"],
            credentialVersion: row["credential_version"],
            passwordChangedAt: row["password_changed_at"], createdAt: row["created_at"])
    }

    static let appPasswordColumns = "id, owner_id, label, token_hash, created_at, last_used_at"

    static func appPassword(_ row: Row) -> AppPasswordRecord {
        AppPasswordRecord(
            id: row["id"], userID: row["owner_id"], label: row["label"],
            tokenHash: row["token_hash"], createdAt: row["created_at"],
            lastUsedAt: row["last_used_at"])
    }

    static let collectionColumns = """
        id, owner_id, path, kind, display_name, calendar_description, color, sort_order, \
        time_zone, supported_components, sync_token, created_at, modified_at
        """

    static func collection(_ row: Row) throws(StorageError) -> CollectionRecord {
        let kindName: String = row["kind"]
        guard let kind = CollectionKind(rawValue: kindName) else {
            throw StorageError(.engineFailure, "unknown collection kind \(kindName)")
        }
        let components: String = row["supported_components"]
        return CollectionRecord(
            id: row["id"], ownerID: row["owner_id"], path: row["path"], kind: kind,
            displayName: row["display_name"], calendarDescription: row["calendar_description"],
            color: row["color"], order: row["sort_order"], timeZone: row["time_zone"],
            supportedComponents: components.split(separator: ",").map(String.init),
            syncToken: row["sync_token"], createdAt: row["created_at"],
            modifiedAt: row["modified_at"])
    }

    static func joinComponents(_ components: [String]) -> String {
        components.joined(separator: ",")
    }

    static let metadataColumns = """
        id, collection_id, name, etag, content_type, size, component_type, uid, first_start, \
        last_end, modified_at
        """

    static let objectColumns = metadataColumns + ", data"

    static func object(_ row: Row, withData: Bool) -> ObjectRecord {
        let data: Data? = withData ? row["data"] : nil
        return ObjectRecord(
            id: row["id"], collectionID: row["collection_id"], name: row["name"],
            etag: row["etag"], contentType: row["content_type"], size: row["size"],
            data: data.map { [UInt8]($0) },
            index: ObjectIndex(
                componentType: row["component_type"], uid: row["uid"],
                firstStart: row["first_start"], lastEnd: row["last_end"]),
            modifiedAt: row["modified_at"])
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
