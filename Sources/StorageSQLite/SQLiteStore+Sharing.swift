import GRDB
import Storage

extension SQLiteStore {
    /// `SQLiteRows.collectionColumns` of the table `c`.
    static let qualifiedCollectionColumns = """
        c.id, c.owner_id, c.path, c.kind, c.display_name, c.calendar_description, c.color, \
        c.sort_order, c.time_zone, c.supported_components, c.sync_token, c.created_at, \
        c.modified_at, c.default_task_type
        """

    static let shareColumns = "id, collection_id, owner_id, sharee_id, team_id, access, created_at"

    static func shareRecord(_ row: Row) throws(StorageError) -> ShareRecord {
        let shareeID: Int64? = row[3]
        let teamID: Int64? = row[4]
        let grantee: ShareGrantee
        if let shareeID {
            grantee = .user(shareeID)
        } else if let teamID {
            grantee = .team(teamID)
        } else {
            throw StorageError(.engineFailure, "share without a grantee")
        }
        return ShareRecord(
            id: row[0], collectionID: row[1], ownerID: row[2], grantee: grantee,
            access: try access(row[5]), createdAt: row[6])
    }

    static func access(_ name: String) throws(StorageError) -> CollectionAccess {
        guard let access = CollectionAccess(rawValue: name) else {
            throw StorageError(.engineFailure, "unknown access \(name)")
        }
        return access
    }

    static func granteeColumns(_ grantee: ShareGrantee) -> (shareeID: Int64?, teamID: Int64?) {
        switch grantee {
        case .user(let id): (id, nil)
        case .team(let id): (nil, id)
        }
    }

    /// The column naming a grantee, and its value.
    static func granteeColumn(_ grantee: ShareGrantee) -> (column: String, id: Int64) {
        switch grantee {
        case .user(let id): ("sharee_id", id)
        case .team(let id): ("team_id", id)
        }
    }

    /// See `SharingStore.share(collectionID:with:access:)`.
    public func share(collectionID: Int64, with grantee: ShareGrantee, access: CollectionAccess)
        async throws(StorageError) -> ShareRecord
    {
        let now = clock.now()
        return try await write { db in
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(
                        sql: "SELECT owner_id, kind, path FROM collections WHERE id = ?"),
                    arguments: [collectionID])
            else { throw StorageError(.notFound, "no collection \(collectionID)") }
            let ownerID: Int64 = row[0]
            let kind: String = row[1]
            guard kind == CollectionKind.calendar.rawValue else {
                throw StorageError(.invalidName, "collection \(collectionID) is not a calendar")
            }
            guard access != .owner else {
                throw StorageError(.invalidName, "a share grants read or read-write access")
            }
            let (shareeID, teamID) = Self.granteeColumns(grantee)
            if let shareeID {
                guard try Self.user(db, id: shareeID) != nil else {
                    throw StorageError(.notFound, "no user \(shareeID)")
                }
                guard shareeID != ownerID else {
                    throw StorageError(.invalidName, "a calendar is not shared with its owner")
                }
            }
            if let teamID,
                try Int64.fetchOne(
                    db.cachedStatement(sql: "SELECT id FROM teams WHERE id = ?"),
                    arguments: [teamID])
                    == nil
            {
                throw StorageError(.notFound, "no team \(teamID)")
            }
            let (column, granteeID) = Self.granteeColumn(grantee)
            let existing = try Int64.fetchOne(
                db.cachedStatement(
                    sql: "SELECT id FROM shares WHERE collection_id = ? AND \(column) = ?"),
                arguments: [collectionID, granteeID])
            let id: Int64
            if let existing {
                try db.execute(
                    sql: "UPDATE shares SET access = ?, created_at = ? WHERE id = ?",
                    arguments: [access.rawValue, now, existing])
                id = existing
            } else {
                try db.execute(
                    sql: """
                        INSERT INTO shares (owner_id, collection_id, sharee_id, team_id, access,
                            created_at)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [ownerID, collectionID, shareeID, teamID, access.rawValue, now])
                id = db.lastInsertedRowID
            }
            return ShareRecord(
                id: id, collectionID: collectionID, ownerID: ownerID,
                grantee: grantee, access: access, createdAt: now)
        }
    }

    /// See `SharingStore.unshare(collectionID:with:)`.
    public func unshare(collectionID: Int64, with grantee: ShareGrantee) async throws(StorageError)
    {
        let (column, granteeID) = Self.granteeColumn(grantee)
        try await write { db in
            try db.execute(
                sql: "DELETE FROM shares WHERE collection_id = ? AND \(column) = ?",
                arguments: [collectionID, granteeID])
            guard db.changesCount == 1 else {
                throw StorageError(.notFound, "no such share of collection \(collectionID)")
            }
            if case .user(let shareeID) = grantee {
                try db.execute(
                    sql: "DELETE FROM share_views WHERE user_id = ? AND collection_id = ?",
                    arguments: [shareeID, collectionID])
            }
            try db.execute(sql: PushReach.sweep)
        }
    }

    /// See `SharingStore.shares(collectionID:)`.
    public func shares(collectionID: Int64) async throws(StorageError) -> [ShareRecord] {
        try await read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql:
                        "SELECT \(Self.shareColumns) FROM shares WHERE collection_id = ? ORDER BY id"
                ),
                arguments: [collectionID]
            ).map { row throws(StorageError) in try Self.shareRecord(row) }
        }
    }

    /// See `SharingStore.shares(ownerID:)`.
    public func shares(ownerID: Int64) async throws(StorageError) -> [ShareRecord] {
        try await read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: "SELECT \(Self.shareColumns) FROM shares WHERE owner_id = ? ORDER BY id"),
                arguments: [ownerID]
            ).map { row throws(StorageError) in try Self.shareRecord(row) }
        }
    }

    /// See `SharingStore.sharedCollections(userID:)`.
    public func sharedCollections(userID: Int64) async throws(StorageError) -> [SharedCollection] {
        try await read { db in try Self.sharedCollections(db, userID: userID) }
    }

    static func sharedCollections(_ db: Database, userID: Int64) throws -> [SharedCollection] {
        let rows = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT s.id, s.collection_id, s.access, NULL FROM shares s
                    WHERE s.sharee_id = ? AND s.owner_id <> ?
                    UNION ALL
                    SELECT s.id, s.collection_id, s.access, m.access FROM shares s
                    JOIN team_members m ON m.team_id = s.team_id
                    WHERE m.user_id = ? AND s.owner_id <> ?
                    """),
            arguments: [userID, userID, userID, userID])
        var grants: [ShareGrant] = []
        for row in rows {
            let memberAccess: String? = row[3]
            var access = try Self.access(row[2])
            if let memberAccess {
                let limit = try Self.access(memberAccess)
                access = min(access, limit)
            }
            grants.append(
                ShareGrant(
                    shareID: row[0], collectionID: row[1], access: access,
                    isDirect: memberAccess == nil))
        }
        var result: [SharedCollection] = []
        for (id, entry) in ShareGrant.strongest(grants) {
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(
                        sql: """
                            SELECT \(Self.qualifiedCollectionColumns), u.name, v.display_name, v.color,
                                v.sort_order
                            FROM collections c JOIN users u ON u.id = c.owner_id
                            LEFT JOIN share_views v ON v.collection_id = c.id AND v.user_id = ?
                            WHERE c.id = ?
                            """),
                    arguments: [userID, id])
            else { continue }
            result.append(
                SharedCollection(
                    collection: try SQLiteRows.collection(row), ownerName: row[14],
                    access: entry.access, directShareID: entry.directShareID,
                    view: ShareView(displayName: row[15], color: row[16], order: row[17])))
        }
        return result.sorted {
            ($0.ownerName, $0.collection.path) < ($1.ownerName, $1.collection.path)
        }
    }

    /// See `SharingStore.updateShareView(userID:collectionID:view:)`.
    public func updateShareView(userID: Int64, collectionID: Int64, view: ShareView)
        async throws(StorageError)
    {
        try await write { db in
            guard
                try Self.sharedCollections(db, userID: userID).contains(where: {
                    $0.collection.id == collectionID
                })
            else {
                throw StorageError(
                    .notFound, "collection \(collectionID) is not shared with user \(userID)")
            }
            try db.execute(
                sql: """
                    INSERT INTO share_views (user_id, collection_id, display_name, color,
                        sort_order)
                    VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (user_id, collection_id) DO UPDATE SET
                        display_name = excluded.display_name, color = excluded.color,
                        sort_order = excluded.sort_order
                    """,
                arguments: [userID, collectionID, view.displayName, view.color, view.order])
        }
    }

    static func team(_ row: Row) -> TeamRecord {
        TeamRecord(id: row[0], name: row[1], displayName: row[2], createdAt: row[3])
    }

    /// See `SharingStore.createTeam(name:displayName:)`.
    public func createTeam(name: String, displayName: String) async throws(StorageError)
        -> TeamRecord
    {
        try ResourceName.validateUserName(name)
        let now = clock.now()
        return try await write { db in
            try db.execute(
                sql: "INSERT INTO teams (name, display_name, created_at) VALUES (?, ?, ?)",
                arguments: [name, displayName, now])
            return TeamRecord(
                id: db.lastInsertedRowID, name: name, displayName: displayName, createdAt: now)
        }
    }

    /// See `SharingStore.team(named:)`.
    public func team(named name: String) async throws(StorageError) -> TeamRecord? {
        try await read { db in
            try Row.fetchOne(
                db.cachedStatement(
                    sql: "SELECT id, name, display_name, created_at FROM teams WHERE name = ?"),
                arguments: [name]
            ).map(Self.team)
        }
    }

    /// See `SharingStore.team(id:)`.
    public func team(id: Int64) async throws(StorageError) -> TeamRecord? {
        try await read { db in
            try Row.fetchOne(
                db.cachedStatement(
                    sql: "SELECT id, name, display_name, created_at FROM teams WHERE id = ?"),
                arguments: [id]
            ).map(Self.team)
        }
    }

    /// See `SharingStore.teams()`.
    public func teams() async throws(StorageError) -> [TeamRecord] {
        try await read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: "SELECT id, name, display_name, created_at FROM teams ORDER BY name"
                )
            ).map(Self.team)
        }
    }

    /// See `SharingStore.deleteTeam(id:)`.
    public func deleteTeam(id: Int64) async throws(StorageError) {
        try await write { db in
            try db.execute(sql: "DELETE FROM teams WHERE id = ?", arguments: [id])
            guard db.changesCount == 1 else { throw StorageError(.notFound, "no team \(id)") }
            try db.execute(sql: PushReach.sweep)
        }
    }

    /// See `SharingStore.setTeamMember(teamID:userID:access:)`.
    public func setTeamMember(teamID: Int64, userID: Int64, access: CollectionAccess)
        async throws(StorageError) -> TeamMember
    {
        try await write { db in
            guard
                try Int64.fetchOne(
                    db.cachedStatement(sql: "SELECT id FROM teams WHERE id = ?"),
                    arguments: [teamID])
                    != nil
            else { throw StorageError(.notFound, "no team \(teamID)") }
            guard try Self.user(db, id: userID) != nil else {
                throw StorageError(.notFound, "no user \(userID)")
            }
            guard access != .owner else {
                throw StorageError(.invalidName, "a membership grants read or read-write access")
            }
            try db.execute(
                sql: """
                    INSERT INTO team_members (team_id, user_id, access) VALUES (?, ?, ?)
                    ON CONFLICT (team_id, user_id) DO UPDATE SET access = excluded.access
                    """,
                arguments: [teamID, userID, access.rawValue])
            return TeamMember(teamID: teamID, userID: userID, access: access)
        }
    }

    /// See `SharingStore.removeTeamMember(teamID:userID:)`.
    public func removeTeamMember(teamID: Int64, userID: Int64) async throws(StorageError) {
        try await write { db in
            try db.execute(
                sql: "DELETE FROM team_members WHERE team_id = ? AND user_id = ?",
                arguments: [teamID, userID])
            guard db.changesCount == 1 else {
                throw StorageError(.notFound, "user \(userID) is not in team \(teamID)")
            }
            try db.execute(sql: PushReach.sweep)
        }
    }

    /// See `SharingStore.teamMembers(teamID:)`.
    public func teamMembers(teamID: Int64) async throws(StorageError) -> [TeamMember] {
        try await read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql:
                        "SELECT user_id, access FROM team_members WHERE team_id = ? ORDER BY user_id"
                ),
                arguments: [teamID]
            ).map { row throws(StorageError) in
                TeamMember(teamID: teamID, userID: row[0], access: try Self.access(row[1]))
            }
        }
    }
}
