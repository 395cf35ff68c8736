import GRDB
import Storage

extension SQLiteStore: PushStore {
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
                try Bool.fetchOne(
                    db.cachedStatement(sql: "SELECT 1 FROM users WHERE id = ?"),
                    arguments: [new.ownerID]) != nil
            else { throw StorageError(.notFound, "no user \(new.ownerID)") }
            if let collectionID = new.collectionID,
                try Bool.fetchOne(
                    db.cachedStatement(sql: PushReach.reachable),
                    arguments: [new.ownerID, collectionID]) == nil
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
            if let id = try Int64.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT id FROM push_registrations
                        WHERE owner_id = ? AND topic = ? AND push_resource = ?
                        """),
                arguments: [new.ownerID, new.topic, subscription.pushResource])
            {
                try db.execute(
                    sql: """
                        UPDATE push_registrations SET collection_id = ?, public_key = ?,
                            auth_secret = ?, content_encoding = ?, content_update = ?,
                            property_update = ?, expires_at = ?
                        WHERE id = ?
                        """,
                    arguments: arguments + [id])
                let row = try Row.fetchOne(
                    db.cachedStatement(
                        sql: "SELECT \(Self.pushColumns) FROM push_registrations WHERE id = ?"),
                    arguments: [id])
                guard let row else { throw StorageError(.engineFailure, "registration vanished") }
                return (Self.pushRecord(row), false)
            }
            try db.execute(
                sql: """
                    INSERT INTO push_registrations (collection_id, public_key, auth_secret,
                        content_encoding, content_update, property_update, expires_at,
                        owner_id, topic, push_resource, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: arguments + [new.ownerID, new.topic, subscription.pushResource, now])
            return (
                PushRegistration(
                    id: db.lastInsertedRowID, ownerID: new.ownerID,
                    collectionID: new.collectionID, topic: new.topic, subscription: subscription,
                    triggers: new.triggers, expiresAt: new.expiresAt, createdAt: now),
                true
            )
        }
    }

    /// See `PushStore.pushRegistration(id:)`.
    public func pushRegistration(id: Int64) async throws(StorageError) -> PushRegistration? {
        try await read { db in
            try Row.fetchOne(
                db.cachedStatement(
                    sql: "SELECT \(Self.pushColumns) FROM push_registrations WHERE id = ?"),
                arguments: [id]
            ).map(Self.pushRecord)
        }
    }

    /// See `PushStore.pushRegistrations(ownerID:)`.
    public func pushRegistrations(ownerID: Int64) async throws(StorageError)
        -> [PushRegistration]
    {
        try await read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: "SELECT \(Self.pushColumns) FROM push_registrations WHERE owner_id = ? "
                        + "ORDER BY id"),
                arguments: [ownerID]
            ).map(Self.pushRecord)
        }
    }

    /// See `PushStore.pushRegistrations(topic:at:)`.
    public func pushRegistrations(topic: String, at now: Int64) async throws(StorageError)
        -> [PushRegistration]
    {
        try await read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: "SELECT \(Self.pushColumns) FROM push_registrations "
                        + "WHERE topic = ? AND expires_at > ? ORDER BY id"),
                arguments: [topic, now]
            ).map(Self.pushRecord)
        }
    }

    /// See `PushStore.livePushRegistrations(at:)`.
    public func livePushRegistrations(at now: Int64) async throws(StorageError)
        -> [PushRegistration]
    {
        try await read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: "SELECT \(Self.pushColumns) FROM push_registrations WHERE expires_at > ? "
                        + "ORDER BY id"),
                arguments: [now]
            ).map(Self.pushRecord)
        }
    }

    /// See `PushStore.deletePushRegistration(id:ownerID:)`.
    public func deletePushRegistration(id: Int64, ownerID: Int64?) async throws(StorageError) {
        try await write { db in
            if let ownerID {
                try db.execute(
                    sql: "DELETE FROM push_registrations WHERE id = ? AND owner_id = ?",
                    arguments: [id, ownerID])
            } else {
                try db.execute(
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
            try db.execute(
                sql: "DELETE FROM push_registrations WHERE expires_at <= ?", arguments: [now])
            return db.changesCount
        }
    }

    /// See `PushStore.committedChanges(after:limit:)`: the change log's rows by row id.
    public func committedChanges(after sequence: Int64, limit: Int) async throws(StorageError)
        -> [CommittedChange]
    {
        try await read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: "SELECT id, collection_id, owner_id, token FROM changes "
                        + "WHERE id > ? ORDER BY id LIMIT ?"),
                arguments: [sequence, max(0, limit)]
            ).map { row in
                CommittedChange(
                    sequence: row[0], collectionID: row[1], ownerID: row[2], token: row[3])
            }
        }
    }

    /// See `PushStore.latestChangeSequence()`.
    public func latestChangeSequence() async throws(StorageError) -> Int64 {
        try await read { db in
            try Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(id) FROM changes")) ?? 0
        }
    }
}
