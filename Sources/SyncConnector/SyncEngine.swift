import Groupware
import Storage
import WebDAV

/// The storage a connector needs: the Cadence store with the connector tables.
public typealias ConnectorBackingStore = CadenceStore & ConnectorStore

/// Syncs a connector's Cadence calendar with its remote collection, once per `run`.
///
/// Local changes are read from the calendar's change log since the last run (`SyncStore`,
/// O(changes)); remote ones with `sync-collection` (RFC 6578) or, when the remote lacks it, by
/// `getctag` and ETag comparison. Local writes go through `GroupwareBackend`, so they are
/// validated and projected into CRM tasks like any client's PUT, and deletions go to the trash.
/// Per-object state is saved after each object and the tokens only after a complete run, so a
/// run cut short resumes without duplicates: an object found on both sides with the same bytes
/// is adopted.
public struct SyncEngine: Sendable {
    let store: any ConnectorBackingStore
    let clock: StoreClock
    let limits: GroupwareBackend.Limits

    /// Creates an engine over `store`.
    public init(
        store: any ConnectorBackingStore, clock: StoreClock = .system,
        limits: GroupwareBackend.Limits = GroupwareBackend.Limits()
    ) {
        self.store = store
        self.clock = clock
        self.limits = limits
    }

    /// Runs one sync of connector `connectorID` against `remote`, records the outcome (tokens,
    /// counts, last error, failures, log) and returns what it did.
    ///
    /// A remote failure stops the run with `.remote`: the work done so far is kept, the tokens
    /// stay where they were, `failures` grows (`SyncSchedule` backs off).
    ///
    /// A pass that wrote to the remote is followed at once by another (at most three in all):
    /// the token read before our writes must move past them, or a member we created and someone
    /// then deleted would never be reported (`sync-collection` may leave out members created and
    /// removed since a token; Xandikos compares trees).
    public func run(connectorID: Int64, remote: any RemoteCollection) async throws(SyncError)
        -> SyncReport
    {
        var total = SyncReport()
        for _ in 0..<3 {
            let report = try await runOnce(connectorID: connectorID, remote: remote)
            total.pushed += report.pushed
            total.pulled += report.pulled
            total.deletedLocally += report.deletedLocally
            total.deletedRemotely += report.deletedRemotely
            total.conflicts += report.conflicts
            total.failed += report.failed
            if report.pushed + report.deletedRemotely == 0 { break }
        }
        return total
    }

    func runOnce(connectorID: Int64, remote: any RemoteCollection) async throws(SyncError)
        -> SyncReport
    {
        guard
            let connector = try await storage({ () async throws(StorageError) in
                try await store.connector(id: connectorID)
            })
        else { throw .notFound("connector \(connectorID)") }
        guard
            let user = try await storage({ () async throws(StorageError) in
                try await store.user(id: connector.ownerID)
            }),
            let calendar = try await storage({ () async throws(StorageError) in
                try await store.collection(id: connector.collectionID)
            })
        else { throw .notFound("calendar \(connector.collectionID) of connector \(connectorID)") }
        let states = try await storage { () async throws(StorageError) in
            try await store.connectorStates(connectorID: connectorID)
        }
        var pass = SyncPass(
            store: store, clock: clock, connector: connector, calendar: calendar,
            userName: user.name,
            backend: GroupwareBackend(store: store, user: user, limits: limits), remote: remote,
            states: states)
        var failure: SyncError?
        do {
            try await pass.perform()
        } catch {
            failure = error
            pass.log("error", "", error.description)
        }
        try? await pass.flushLog()
        guard
            var latest = try await storage({ () async throws(StorageError) in
                try await store.connector(id: connectorID)
            })
        else { throw .notFound("connector \(connectorID)") }
        latest.lastSyncAt = clock.now()
        latest.counts = pass.report.adding(to: latest.counts)
        if let failure {
            latest.failures += 1
            latest.lastError = failure.description
        } else {
            latest.failures = 0
            latest.lastError = nil
            latest.localToken = pass.localToken
            latest.remoteSyncToken = pass.remoteSyncToken
            latest.remoteCTag = pass.remoteCTag
        }
        let saved = latest
        try await storage { () async throws(StorageError) in
            try await store.updateConnector(saved)
        }
        if let failure { throw failure }
        return pass.report
    }

    func storage<T>(_ body: () async throws(StorageError) -> T) async throws(SyncError) -> T {
        do {
            return try await body()
        } catch {
            throw .storage(error)
        }
    }
}
