import GRDB
import Storage

extension SQLiteStore {
    static let linkColumns = """
        id, owner_id, collection_id, token_hash, label, mode, created_at, last_fetched_at
        """

    static func link(_ row: Row) throws(StorageError) -> SubscriptionLink {
        let modeName: String = row[5]
        guard let mode = SubscriptionMode(rawValue: modeName) else {
            throw StorageError(.engineFailure, "unknown subscription mode \(modeName)")
        }
        return SubscriptionLink(
            id: row[0], ownerID: row[1], collectionID: row[2], tokenHash: row[3], label: row[4],
            mode: mode, createdAt: row[6], lastFetchedAt: row[7])
    }

    /// See `SubscriptionLinkStore.createSubscriptionLink`.
    public func createSubscriptionLink(
        ownerID: Int64, collectionID: Int64, tokenHash: String, label: String,
        mode: SubscriptionMode
    ) async throws(StorageError) -> SubscriptionLink {
        let now = clock.now()
        return try await write { db in
            guard
                let kind = try String.fetchOne(
                    db.cachedStatement(
                        sql: "SELECT kind FROM collections WHERE id = ? AND owner_id = ?"),
                    arguments: [collectionID, ownerID])
            else {
                throw StorageError(.notFound, "no collection \(collectionID) of user \(ownerID)")
            }
            guard kind == CollectionKind.calendar.rawValue else {
                throw StorageError(.invalidName, "collection \(collectionID) is not a calendar")
            }
            try db.execute(
                sql: """
                    INSERT INTO subscription_links (owner_id, collection_id, token_hash, label,
                        mode, created_at, last_fetched_at)
                    VALUES (?, ?, ?, ?, ?, ?, NULL)
                    """,
                arguments: [ownerID, collectionID, tokenHash, label, mode.rawValue, now])
            return SubscriptionLink(
                id: db.lastInsertedRowID, ownerID: ownerID, collectionID: collectionID,
                tokenHash: tokenHash, label: label, mode: mode, createdAt: now,
                lastFetchedAt: nil)
        }
    }

    /// See `SubscriptionLinkStore.subscriptionLinks(ownerID:)`.
    public func subscriptionLinks(ownerID: Int64) async throws(StorageError) -> [SubscriptionLink] {
        try await read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: "SELECT \(Self.linkColumns) FROM subscription_links WHERE owner_id = ? "
                        + "ORDER BY id"),
                arguments: [ownerID]
            ).map { row throws(StorageError) in try Self.link(row) }
        }
    }

    /// See `SubscriptionLinkStore.subscriptionLink(tokenHash:)`.
    public func subscriptionLink(tokenHash: String) async throws(StorageError)
        -> SubscriptionLink?
    {
        try await read { db in
            try Row.fetchOne(
                db.cachedStatement(
                    sql: "SELECT \(Self.linkColumns) FROM subscription_links WHERE token_hash = ?"),
                arguments: [tokenHash]
            ).map { row throws(StorageError) in try Self.link(row) }
        }
    }

    /// See `SubscriptionLinkStore.revokeSubscriptionLink(id:ownerID:)`.
    public func revokeSubscriptionLink(id: Int64, ownerID: Int64) async throws(StorageError) {
        try await write { db in
            try db.execute(
                sql: "DELETE FROM subscription_links WHERE id = ? AND owner_id = ?",
                arguments: [id, ownerID])
            guard db.changesCount == 1 else {
                throw StorageError(.notFound, "no subscription link \(id) of user \(ownerID)")
            }
        }
    }

    /// See `SubscriptionLinkStore.touchSubscriptionLink(id:)`.
    public func touchSubscriptionLink(id: Int64) async throws(StorageError) {
        let now = clock.now()
        try await write { db in
            try db.execute(
                sql: "UPDATE subscription_links SET last_fetched_at = ? WHERE id = ?",
                arguments: [now, id])
            guard db.changesCount == 1 else {
                throw StorageError(.notFound, "no subscription link \(id)")
            }
        }
    }
}
