import Storage

extension PostgresStore: PushStore {
    static let pushColumns = """
        id, owner_id, collection_id, topic, push_resource, public_key, auth_secret,
        content_encoding, content_update, property_update, expires_at, created_at
        """

    static func pushRecord(_ row: Row) -> PushRegistration {
        let content: String? = row[8]
        let property: String? = row[9]
        return PushRegistration(
            id: row[0], ownerID: row[1], collectionID: row[2], topic: row[3],
            subscription: PushSubscription(
                pushResource: row[4], publicKey: row[5], authSecret: row[6],
                contentEncoding: row[7]),
            triggers: PushTriggers(
                contentUpdate: content.flatMap(PushDepth.init(rawValue:)),
                propertyUpdate: property.flatMap(PushDepth.init(rawValue:))),
            expiresAt: row[10], createdAt: row[11])
    }

    /// See `PushStore.registerPush`.
    public func registerPush(_ new: NewPushRegistration) async throws(StorageError) -> (
        registration: PushRegistration, created: Bool
    ) {
        let now = clock.now()
        return try await write { db in
            guard
                try await Bool.fetchOne(
                    db, sql: "SELECT 1 FROM users WHERE id = ?", arguments: [new.ownerID]) != nil
            else { throw StorageError(.notFound, "no user \(new.ownerID)") }
            if let collectionID = new.collectionID,
                try await Bool.fetchOne(
                    db, sql: PushReach.reachable, arguments: [new.ownerID, collectionID]) == nil
            {
                throw StorageError(
                    .notFound, "no collection \(collectionID) reached by user \(new.ownerID)")
            }
            let subscription = new.subscription
            let arguments: StatementArguments = [
                new.collectionID, subscription.publicKey, subscription.authSecret,
                subscription.contentEncoding, new.triggers.contentUpdate?.rawValue,
                new.triggers.propertyUpdate?.rawValue, new.expiresAt,
            ]
            if let id = try await Int64.fetchOne(
                db,
                sql: """
                    SELECT id FROM push_registrations
                    WHERE owner_id = ? AND topic = ? AND push_resource = ?
                    """,
                arguments: [new.ownerID, new.topic, subscription.pushResource])
            {
                try await db.execute(
                    sql: """
                        UPDATE push_registrations SET collection_id = ?, public_key = ?,
                            auth_secret = ?, content_encoding = ?, content_update = ?,
                            property_update = ?, expires_at = ?
                        WHERE id = ?
                        """,
                    arguments: arguments + [id])
                let row = try await Row.fetchOne(
                    db, sql: "SELECT \(Self.pushColumns) FROM push_registrations WHERE id = ?",
                    arguments: [id])
                guard let row else { throw StorageError(.engineFailure, "registration vanished") }
                return (Self.pushRecord(row), false)
            }
            try await db.execute(
                sql: """
                    INSERT INTO push_registrations (collection_id, public_key, auth_secret,
                        content_encoding, content_update, property_update, expires_at,
                        owner_id, topic, push_resource, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: arguments + [new.ownerID, new.topic, subscription.pushResource, now])
            return (
                PushRegistration(
                    id: try await db.lastInsertedRowID, ownerID: new.ownerID,
                    collectionID: new.collectionID, topic: new.topic, subscription: subscription,
                    triggers: new.triggers, expiresAt: new.expiresAt, createdAt: now),
                true
            )
        }
    }

    /// See `PushStore.pushRegistration(id:)`.
    public func pushRegistration(id: Int64) async throws(StorageError) -> PushRegistration? {
        try await read { db in
            try await Row.fetchOne(
                db, sql: "SELECT \(Self.pushColumns) FROM push_registrations WHERE id = ?",
                arguments: [id]
            ).map { Self.pushRecord($0) }
        }
    }

    /// See `PushStore.pushRegistrations(ownerID:)`.
    public func pushRegistrations(ownerID: Int64) async throws(StorageError)
        -> [PushRegistration]
    {
        try await read { db in
            try await Row.fetchAll(
                db,
                sql: "SELECT \(Self.pushColumns) FROM push_registrations WHERE owner_id = ? "
                    + "ORDER BY id",
                arguments: [ownerID]
            ).map { Self.pushRecord($0) }
        }
    }

    /// See `PushStore.pushRegistrations(topic:at:)`.
    public func pushRegistrations(topic: String, at now: Int64) async throws(StorageError)
        -> [PushRegistration]
    {
        try await read { db in
            try await Row.fetchAll(
                db.cachedStatement(
                    sql: "SELECT \(Self.pushColumns) FROM push_registrations "
                        + "WHERE topic = ? AND expires_at > ? ORDER BY id"),
                arguments: [topic, now]
            ).map { Self.pushRecord($0) }
        }
    }

    /// See `PushStore.livePushRegistrations(at:)`.
    public func livePushRegistrations(at now: Int64) async throws(StorageError)
        -> [PushRegistration]
    {
        try await read { db in
            try await Row.fetchAll(
                db,
                sql: "SELECT \(Self.pushColumns) FROM push_registrations WHERE expires_at > ? "
                    + "ORDER BY id",
                arguments: [now]
            ).map { Self.pushRecord($0) }
        }
    }

    /// See `PushStore.deletePushRegistration(id:ownerID:)`.
    public func deletePushRegistration(id: Int64, ownerID: Int64?) async throws(StorageError) {
        try await write { db in
            if let ownerID {
                try await db.execute(
                    sql: "DELETE FROM push_registrations WHERE id = ? AND owner_id = ?",
                    arguments: [id, ownerID])
            } else {
                try await db.execute(
                    sql: "DELETE FROM push_registrations WHERE id = ?", arguments: [id])
            }
            guard db.changesCount == 1 else {
                throw StorageError(.notFound, "no push registration \(id)")
            }
        }
    }

    /// See `PushStore.purgeExpiredPushRegistrations(at:)`.
    public func purgeExpiredPushRegistrations(at now: Int64) async throws(StorageError) -> Int {
        try await write { db in
            try await db.execute(
                sql: "DELETE FROM push_registrations WHERE expires_at <= ?", arguments: [now])
            return db.changesCount
        }
    }

    /// See `PushStore.committedChanges(after:limit:)`: the change log's rows by row id.
    public func committedChanges(after sequence: Int64, limit: Int) async throws(StorageError)
        -> [CommittedChange]
    {
        try await read { db in
            try await Row.fetchAll(
                db.cachedStatement(
                    sql: "SELECT id, collection_id, owner_id, token FROM changes "
                        + "WHERE id > ? ORDER BY id LIMIT ?"),
                arguments: [sequence, Int64(max(0, limit))]
            ).map { row in
                CommittedChange(
                    sequence: row[0], collectionID: row[1], ownerID: row[2], token: row[3])
            }
        }
    }

    /// See `PushStore.latestChangeSequence()`.
    public func latestChangeSequence() async throws(StorageError) -> Int64 {
        try await read { db in
            try await Int64.fetchOne(db, sql: "SELECT MAX(id) FROM changes") ?? 0
        }
    }

    /// See `PushStore.changes(after:limit:)`. Transactions draw change ids from one sequence but
    /// commit in any order, so reading by id alone would skip an id that commits after a higher
    /// one. Each read also takes its snapshot's transaction bounds and the newest visible id,
    /// and the cursor keeps re-reading above `settled` until every transaction that could still
    /// commit an id at or below a bound has ended (`ChangeLogCursor.advance`). That holds because
    /// `logChange` draws the id after its transaction has a transaction id (its `UPDATE` of the
    /// collection comes first) and the identity sequence hands ids out in increasing order.
    public func changes(after cursor: ChangeLogCursor, limit: Int) async throws(StorageError)
        -> ChangeLogRead
    {
        let fetch = max(1, limit) + cursor.read.count
        return try await readStatement { db in
            // One statement, so one snapshot: its transaction bounds, the newest visible id, and
            // the rows above `settled` (none: one row of NULLs from the outer join).
            let rows = try await Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint,
                            pg_snapshot_xmax(pg_current_snapshot())::text::bigint,
                            COALESCE((SELECT MAX(id) FROM changes), 0),
                            c.id, c.collection_id, c.owner_id, c.token
                        FROM (SELECT 1) AS one LEFT JOIN LATERAL (
                            SELECT id, collection_id, owner_id, token FROM changes
                            WHERE id > ? ORDER BY id LIMIT ?
                        ) AS c ON true
                        ORDER BY c.id
                        """),
                arguments: [cursor.settled, Int64(fetch)])
            guard let bounds = rows.first else { throw StorageError(.engineFailure, "no snapshot") }
            let changes = rows.filter { !$0.isNull(3) }.map { row in
                CommittedChange(
                    sequence: row[3], collectionID: row[4], ownerID: row[5], token: row[6])
            }
            var next = cursor
            let fresh = next.advance(
                over: changes, complete: changes.count < fetch, limit: limit, newest: bounds[2],
                oldestRunning: bounds[0], nextTransaction: bounds[1])
            return ChangeLogRead(changes: fresh, cursor: next)
        }
    }
}
