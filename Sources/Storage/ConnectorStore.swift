/// Sync connectors: their configuration, per-object state and log (issue 6), and the trash
/// entry a connector files for a conflict's losing version.
///
/// An optional ability of a store, beside `CadenceStore`. Deleting a connector removes its state
/// and log; deleting its user removes the connector.
public protocol ConnectorStore: Sendable {
    /// Stores a new connector. `.notFound` when the owner or the calendar does not exist or the
    /// calendar is not the owner's; `.invalidName` when the collection is not a calendar.
    func createConnector(_ connector: NewConnector) async throws(StorageError) -> ConnectorRecord
    /// The connector with this id, or `nil`.
    func connector(id: Int64) async throws(StorageError) -> ConnectorRecord?
    /// Every connector, or the owner's, ordered by id.
    func connectors(ownerID: Int64?) async throws(StorageError) -> [ConnectorRecord]
    /// Replaces a connector's mutable fields (everything but id, owner, calendar, createdAt).
    /// `.notFound`.
    func updateConnector(_ connector: ConnectorRecord) async throws(StorageError)
    /// Deletes a connector with its state and log. `.notFound`.
    func deleteConnector(id: Int64) async throws(StorageError)
    /// The connector's per-object state, ordered by local name.
    func connectorStates(connectorID: Int64) async throws(StorageError) -> [ConnectorObjectState]
    /// Upserts state rows (keyed by local name) and removes the rows of `removing` local names,
    /// in one transaction. `.notFound` for an unknown connector.
    func saveConnectorStates(
        connectorID: Int64, _ states: [ConnectorObjectState], removing: [String]
    ) async throws(StorageError)
    /// Appends lines to the connector's log. `.notFound` for an unknown connector.
    func appendConnectorLog(connectorID: Int64, _ entries: [ConnectorLogEntry])
        async throws(StorageError)
    /// The connector's newest log lines, newest first, at most `limit`.
    func connectorLog(connectorID: Int64, limit: Int) async throws(StorageError)
        -> [ConnectorLogEntry]
    /// Files a version of a calendar object that no longer exists anywhere (a conflict's loser)
    /// in the owner's trash, as if it had been deleted from `collectionID` under `name`; it is
    /// restorable like any trash entry (`TrashStore`). `.notFound` for an unknown calendar.
    func fileInTrash(
        collectionID: Int64, name: String, contentType: String, data: [UInt8],
        index: ObjectIndex
    ) async throws(StorageError) -> TrashRecord
}
