extension InMemoryStore: ConnectorStore {
    /// See `ConnectorStore.createConnector(_:)`.
    public func createConnector(_ connector: NewConnector) throws(StorageError) -> ConnectorRecord {
        guard user(id: connector.ownerID) != nil,
            let calendar = collection(id: connector.collectionID),
            calendar.ownerID == connector.ownerID
        else { throw StorageError(.notFound, "no calendar \(connector.collectionID)") }
        guard calendar.kind == .calendar else {
            throw StorageError(.invalidName, "\(calendar.path) is not a calendar")
        }
        let record = ConnectorRecord(
            id: nextID(), ownerID: connector.ownerID, collectionID: connector.collectionID,
            remoteURL: connector.remoteURL, userName: connector.userName,
            sealedPassword: connector.sealedPassword, direction: connector.direction,
            policy: connector.policy, interval: connector.interval, createdAt: clock.now(),
            trustedCAFile: connector.trustedCAFile)
        connectorsByID[record.id] = record
        return record
    }

    /// See `ConnectorStore.connector(id:)`.
    public func connector(id: Int64) -> ConnectorRecord? {
        connectorsByID[id]
    }

    /// See `ConnectorStore.connectors(ownerID:)`.
    public func connectors(ownerID: Int64?) -> [ConnectorRecord] {
        connectorsByID.values.filter { ownerID == nil || $0.ownerID == ownerID }
            .sorted { $0.id < $1.id }
    }

    /// See `ConnectorStore.updateConnector(_:)`.
    public func updateConnector(_ connector: ConnectorRecord) throws(StorageError) {
        guard var stored = connectorsByID[connector.id] else {
            throw StorageError(.notFound, "no connector \(connector.id)")
        }
        let (ownerID, collectionID, createdAt) =
            (stored.ownerID, stored.collectionID, stored.createdAt)
        stored = connector
        stored.ownerID = ownerID
        stored.collectionID = collectionID
        stored.createdAt = createdAt
        connectorsByID[connector.id] = stored
    }

    /// See `ConnectorStore.deleteConnector(id:)`.
    public func deleteConnector(id: Int64) throws(StorageError) {
        guard connectorsByID[id] != nil else {
            throw StorageError(.notFound, "no connector \(id)")
        }
        removeConnectorRows(id)
    }

    /// See `ConnectorStore.connectorStates(connectorID:)`.
    public func connectorStates(connectorID: Int64) -> [ConnectorObjectState] {
        (connectorStatesByID[connectorID] ?? [:]).values.sorted { $0.localName < $1.localName }
    }

    /// See `ConnectorStore.saveConnectorStates(connectorID:_:removing:)`.
    public func saveConnectorStates(
        connectorID: Int64, _ states: [ConnectorObjectState], removing: [String]
    ) throws(StorageError) {
        guard connectorsByID[connectorID] != nil else {
            throw StorageError(.notFound, "no connector \(connectorID)")
        }
        var rows = connectorStatesByID[connectorID] ?? [:]
        for name in removing { rows[name] = nil }
        for state in states { rows[state.localName] = state }
        connectorStatesByID[connectorID] = rows
    }

    /// See `ConnectorStore.appendConnectorLog(connectorID:_:)`.
    public func appendConnectorLog(connectorID: Int64, _ entries: [ConnectorLogEntry])
        throws(StorageError)
    {
        guard connectorsByID[connectorID] != nil else {
            throw StorageError(.notFound, "no connector \(connectorID)")
        }
        connectorLogsByID[connectorID, default: []].append(contentsOf: entries)
    }

    /// See `ConnectorStore.connectorLog(connectorID:limit:)`.
    public func connectorLog(connectorID: Int64, limit: Int) -> [ConnectorLogEntry] {
        Array((connectorLogsByID[connectorID] ?? []).reversed().prefix(max(0, limit)))
    }

    /// See `ConnectorStore.fileInTrash(collectionID:name:contentType:data:index:)`.
    public func fileInTrash(
        collectionID: Int64, name: String, contentType: String, data: [UInt8],
        index: ObjectIndex
    ) throws(StorageError) -> TrashRecord {
        guard let calendar = collection(id: collectionID) else {
            throw StorageError(.notFound, "no calendar \(collectionID)")
        }
        let entry = TrashRecord(
            id: nextID(), ownerID: calendar.ownerID, collectionID: calendar.id,
            collectionPath: calendar.path, name: name, contentType: contentType, data: data,
            index: index, task: nil, deletedAt: clock.now())
        trashByID[entry.id] = entry
        return entry
    }

    func removeConnectorRows(_ id: Int64) {
        connectorsByID[id] = nil
        connectorStatesByID[id] = nil
        connectorLogsByID[id] = nil
    }
}
