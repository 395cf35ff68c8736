import GRDB
import Storage

extension SQLiteStore {
    static func proxyGrant(_ row: Row) throws(StorageError) -> ProxyGrant {
        let accessName: String = row[2]
        guard let access = ProxyAccess(rawValue: accessName) else {
            throw StorageError(.engineFailure, "unknown proxy access \(accessName)")
        }
        return ProxyGrant(ownerID: row[0], delegateID: row[1], access: access, createdAt: row[3])
    }

    static let proxyColumns = "owner_id, delegate_id, access, created_at"

    /// Checks that both users exist and differ (`ProxyStore` errors).
    static func checkProxyPair(_ db: Database, ownerID: Int64, delegateID: Int64) throws {
        for id in [ownerID, delegateID] {
            let found = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT id FROM users WHERE id = ?"), arguments: [id])
            if found == nil { throw StorageError(.notFound, "no user \(id)") }
        }
        guard ownerID != delegateID else {
            throw StorageError(.invalidName, "a user cannot be their own delegate")
        }
    }

    /// Inserts or replaces the grant between two checked users.
    static func upsertProxy(
        _ db: Database, ownerID: Int64, delegateID: Int64, access: ProxyAccess, now: Int64
    ) throws {
        try db.execute(
            sql: """
                INSERT INTO proxy_grants (owner_id, delegate_id, access, created_at)
                VALUES (?, ?, ?, ?)
                ON CONFLICT (owner_id, delegate_id)
                DO UPDATE SET access = excluded.access, created_at = excluded.created_at
                """,
            arguments: [ownerID, delegateID, access.rawValue, now])
    }

    /// See `ProxyStore.grantProxy`.
    public func grantProxy(ownerID: Int64, delegateID: Int64, access: ProxyAccess)
        async throws(StorageError) -> ProxyGrant
    {
        let now = clock.now()
        return try await write { db in
            try Self.checkProxyPair(db, ownerID: ownerID, delegateID: delegateID)
            try Self.upsertProxy(
                db, ownerID: ownerID, delegateID: delegateID, access: access, now: now)
            return ProxyGrant(
                ownerID: ownerID, delegateID: delegateID, access: access, createdAt: now)
        }
    }

    /// See `ProxyStore.revokeProxy`.
    public func revokeProxy(ownerID: Int64, delegateID: Int64) async throws(StorageError) {
        try await write { db in
            try db.execute(
                sql: "DELETE FROM proxy_grants WHERE owner_id = ? AND delegate_id = ?",
                arguments: [ownerID, delegateID])
            guard db.changesCount == 1 else {
                throw StorageError(.notFound, "user \(ownerID) has no delegate \(delegateID)")
            }
            try db.execute(sql: PushReach.sweep)
        }
    }

    /// See `ProxyStore.replaceProxies`.
    public func replaceProxies(ownerID: Int64, access: ProxyAccess, delegateIDs: [Int64])
        async throws(StorageError)
    {
        let now = clock.now()
        try await write { db in
            let keep = Set(delegateIDs)
            for delegateID in keep {
                try Self.checkProxyPair(db, ownerID: ownerID, delegateID: delegateID)
            }
            let current = try Row.fetchAll(
                db.cachedStatement(
                    sql: "SELECT \(Self.proxyColumns) FROM proxy_grants WHERE owner_id = ?"),
                arguments: [ownerID]
            ).map { row throws(StorageError) in try Self.proxyGrant(row) }
            for grant in current where grant.access == access && !keep.contains(grant.delegateID) {
                try db.execute(
                    sql: "DELETE FROM proxy_grants WHERE owner_id = ? AND delegate_id = ?",
                    arguments: [ownerID, grant.delegateID])
            }
            for delegateID in keep.sorted()
            where !current.contains(where: { $0.delegateID == delegateID && $0.access == access }) {
                try Self.upsertProxy(
                    db, ownerID: ownerID, delegateID: delegateID, access: access, now: now)
            }
            try db.execute(sql: PushReach.sweep)
        }
    }

    /// See `ProxyStore.proxyGrants(ownerID:)`.
    public func proxyGrants(ownerID: Int64) async throws(StorageError) -> [ProxyGrant] {
        try await read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: "SELECT \(Self.proxyColumns) FROM proxy_grants WHERE owner_id = ? "
                        + "ORDER BY delegate_id"),
                arguments: [ownerID]
            ).map { row throws(StorageError) in try Self.proxyGrant(row) }
        }
    }

    /// See `ProxyStore.proxyGrants(delegateID:)`.
    public func proxyGrants(delegateID: Int64) async throws(StorageError) -> [ProxyGrant] {
        try await read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: "SELECT \(Self.proxyColumns) FROM proxy_grants WHERE delegate_id = ? "
                        + "ORDER BY owner_id"),
                arguments: [delegateID]
            ).map { row throws(StorageError) in try Self.proxyGrant(row) }
        }
    }

    /// See `ProxyStore.proxyGrant(ownerID:delegateID:)`.
    public func proxyGrant(ownerID: Int64, delegateID: Int64) async throws(StorageError)
        -> ProxyGrant?
    {
        try await read { db in
            try Row.fetchOne(
                db.cachedStatement(
                    sql: "SELECT \(Self.proxyColumns) FROM proxy_grants "
                        + "WHERE owner_id = ? AND delegate_id = ?"),
                arguments: [ownerID, delegateID]
            ).map { row throws(StorageError) in try Self.proxyGrant(row) }
        }
    }
}
