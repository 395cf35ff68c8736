import Foundation
import GRDB
import Storage

extension SQLiteStore: ConnectorStore {
    static let connectorColumns = """
        id, owner_id, collection_id, remote_url, user_name, sealed_password, direction, policy,
        interval, local_token, remote_sync_token, remote_ctag, last_sync_at, last_error, failures,
        pushed, pulled, deleted, conflicts, created_at, enabled, trusted_ca_file, retry_not_before,
        last_success_at, synced_url
        """

    static func connector(_ row: Row) throws(StorageError) -> ConnectorRecord {
        let blob: Data = row[5]
        let directionText: String = row[6]
        let policyText: String = row[7]
        guard let direction = ConnectorDirection(rawValue: directionText),
            let policy = ConflictPolicy(rawValue: policyText)
        else { throw StorageError(.engineFailure, "corrupt connector row") }
        return ConnectorRecord(
            id: row[0], ownerID: row[1], collectionID: row[2], remoteURL: row[3],
            userName: row[4], sealedPassword: [UInt8](blob), direction: direction,
            policy: policy, interval: row[8], localToken: row[9], remoteSyncToken: row[10],
            remoteCTag: row[11], lastSyncAt: row[12], lastError: row[13], failures: row[14],
            counts: ConnectorCounts(
                pushed: row[15], pulled: row[16], deleted: row[17], conflicts: row[18]),
            createdAt: row[19], enabled: row[20], trustedCAFile: row[21], retryNotBefore: row[22],
            lastSuccessAt: row[23], syncedURL: row[24])
    }

    /// See `ConnectorStore.createConnector(_:)`.
    public func createConnector(_ connector: NewConnector) async throws(StorageError)
        -> ConnectorRecord
    {
        let now = clock.now()
        return try await write { db in
            guard let calendar = try Self.collection(db, id: connector.collectionID),
                calendar.ownerID == connector.ownerID
            else { throw StorageError(.notFound, "no calendar \(connector.collectionID)") }
            guard calendar.kind == .calendar else {
                throw StorageError(.invalidName, "\(calendar.path) is not a calendar")
            }
            try db.execute(
                sql: """
                    INSERT INTO connectors (owner_id, collection_id, remote_url, user_name,
                        sealed_password, direction, policy, interval, local_token, failures,
                        pushed, pulled, deleted, conflicts, created_at, trusted_ca_file)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0, ?, ?)
                    """,
                arguments: [
                    connector.ownerID, connector.collectionID, connector.remoteURL,
                    connector.userName, Data(connector.sealedPassword),
                    connector.direction.rawValue, connector.policy.rawValue, connector.interval,
                    now, connector.trustedCAFile,
                ])
            return ConnectorRecord(
                id: db.lastInsertedRowID, ownerID: connector.ownerID,
                collectionID: connector.collectionID, remoteURL: connector.remoteURL,
                userName: connector.userName, sealedPassword: connector.sealedPassword,
                direction: connector.direction, policy: connector.policy,
                interval: connector.interval, createdAt: now,
                trustedCAFile: connector.trustedCAFile)
        }
    }

    /// See `ConnectorStore.connector(id:)`.
    public func connector(id: Int64) async throws(StorageError) -> ConnectorRecord? {
        try await read { db in
            try Row.fetchOne(
                db.cachedStatement(
                    sql: "SELECT \(Self.connectorColumns) FROM connectors WHERE id = ?"),
                arguments: [id]
            ).map { row throws(StorageError) in try Self.connector(row) }
        }
    }

    /// See `ConnectorStore.connectors(ownerID:)`.
    public func connectors(ownerID: Int64?) async throws(StorageError) -> [ConnectorRecord] {
        try await read { db in
            let rows: [Row]
            if let ownerID {
                rows = try Row.fetchAll(
                    db.cachedStatement(
                        sql:
                            "SELECT \(Self.connectorColumns) FROM connectors WHERE owner_id = ? ORDER BY id"
                    ),
                    arguments: [ownerID])
            } else {
                rows = try Row.fetchAll(
                    db.cachedStatement(
                        sql: "SELECT \(Self.connectorColumns) FROM connectors ORDER BY id"))
            }
            return try rows.map { row throws(StorageError) in try Self.connector(row) }
        }
    }

    /// See `ConnectorStore.updateConnector(_:)`.
    public func updateConnector(_ connector: ConnectorRecord) async throws(StorageError) {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE connectors SET remote_url = ?, user_name = ?, sealed_password = ?,
                        direction = ?, policy = ?, interval = ?, local_token = ?,
                        remote_sync_token = ?, remote_ctag = ?, last_sync_at = ?, last_error = ?,
                        failures = ?, pushed = ?, pulled = ?, deleted = ?, conflicts = ?,
                        enabled = ?, trusted_ca_file = ?, retry_not_before = ?, last_success_at = ?,
                        synced_url = ?
                    WHERE id = ?
                    """,
                arguments: [
                    connector.remoteURL, connector.userName, Data(connector.sealedPassword),
                    connector.direction.rawValue, connector.policy.rawValue, connector.interval,
                    connector.localToken, connector.remoteSyncToken, connector.remoteCTag,
                    connector.lastSyncAt, connector.lastError, connector.failures,
                    connector.counts.pushed, connector.counts.pulled, connector.counts.deleted,
                    connector.counts.conflicts, connector.enabled, connector.trustedCAFile,
                    connector.retryNotBefore, connector.lastSuccessAt, connector.syncedURL,
                    connector.id,
                ])
            if db.changesCount == 0 {
                throw StorageError(.notFound, "no connector \(connector.id)")
            }
        }
    }

    /// See `ConnectorStore.deleteConnector(id:)`.
    public func deleteConnector(id: Int64) async throws(StorageError) {
        try await write { db in
            try db.execute(sql: "DELETE FROM connectors WHERE id = ?", arguments: [id])
            if db.changesCount == 0 { throw StorageError(.notFound, "no connector \(id)") }
        }
    }

    /// See `ConnectorStore.connectorStates(connectorID:)`.
    public func connectorStates(connectorID: Int64) async throws(StorageError)
        -> [ConnectorObjectState]
    {
        try await read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT local_name, local_etag, remote_href, remote_etag FROM connector_states
                        WHERE connector_id = ? ORDER BY local_name
                        """),
                arguments: [connectorID]
            ).map { row in
                ConnectorObjectState(
                    localName: row[0], localETag: row[1], remoteHref: row[2], remoteETag: row[3])
            }
        }
    }

    /// See `ConnectorStore.saveConnectorStates(connectorID:_:removing:)`.
    public func saveConnectorStates(
        connectorID: Int64, _ states: [ConnectorObjectState], removing: [String]
    ) async throws(StorageError) {
        try await write { db in
            try Self.requireConnector(db, connectorID)
            for name in removing {
                try db.execute(
                    sql: "DELETE FROM connector_states WHERE connector_id = ? AND local_name = ?",
                    arguments: [connectorID, name])
            }
            for state in states {
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO connector_states
                            (connector_id, local_name, local_etag, remote_href, remote_etag)
                        VALUES (?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        connectorID, state.localName, state.localETag, state.remoteHref,
                        state.remoteETag,
                    ])
            }
        }
    }

    /// See `ConnectorStore.appendConnectorLog(connectorID:_:)`.
    public func appendConnectorLog(connectorID: Int64, _ entries: [ConnectorLogEntry])
        async throws(StorageError)
    {
        try await write { db in
            try Self.requireConnector(db, connectorID)
            for entry in entries {
                try db.execute(
                    sql: """
                        INSERT INTO connector_log (connector_id, at, action, object, detail)
                        VALUES (?, ?, ?, ?, ?)
                        """,
                    arguments: [connectorID, entry.at, entry.action, entry.object, entry.detail])
            }
        }
    }

    /// See `ConnectorStore.connectorLog(connectorID:limit:)`.
    public func connectorLog(connectorID: Int64, limit: Int) async throws(StorageError)
        -> [ConnectorLogEntry]
    {
        try await read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT at, action, object, detail FROM connector_log
                        WHERE connector_id = ? ORDER BY id DESC LIMIT ?
                        """),
                arguments: [connectorID, max(0, limit)]
            ).map { row in
                ConnectorLogEntry(at: row[0], action: row[1], object: row[2], detail: row[3])
            }
        }
    }

    /// See `ConnectorStore.fileInTrash(collectionID:name:contentType:data:index:)`.
    public func fileInTrash(
        collectionID: Int64, name: String, contentType: String, data: [UInt8],
        index: ObjectIndex
    ) async throws(StorageError) -> TrashRecord {
        let now = clock.now()
        return try await write { db in
            guard let calendar = try Self.collection(db, id: collectionID) else {
                throw StorageError(.notFound, "no calendar \(collectionID)")
            }
            try db.execute(
                sql: """
                    INSERT INTO trash (owner_id, collection_id, collection_path, name,
                        content_type, data, component_type, uid, first_start, last_end,
                        task_id, task_fields, deleted_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?)
                    """,
                arguments: [
                    calendar.ownerID, calendar.id, calendar.path, name, contentType, Data(data),
                    index.componentType, index.uid, index.firstStart, index.lastEnd, now,
                ])
            return TrashRecord(
                id: db.lastInsertedRowID, ownerID: calendar.ownerID, collectionID: calendar.id,
                collectionPath: calendar.path, name: name, contentType: contentType, data: data,
                index: index, task: nil, deletedAt: now)
        }
    }

    static func requireConnector(_ db: Database, _ id: Int64) throws {
        guard
            try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT 1 FROM connectors WHERE id = ?"), arguments: [id])
                != nil
        else { throw StorageError(.notFound, "no connector \(id)") }
    }
}
