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
    /// How many local changes are written to the remote at once (PUTs in flight); each object
    /// is written by one of them, so its writes stay in order.
    public var pushConcurrency = 4

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
    ///
    /// `remoteURL` is the URL `remote` was made for (`SyncRunner`): when the connector no longer
    /// has it (edited meanwhile), nothing is done, and the next run uses the new one.
    public func run(connectorID: Int64, remote: any RemoteCollection, remoteURL: String? = nil)
        async throws(SyncError) -> SyncReport
    {
        var total = SyncReport()
        for _ in 0..<3 {
            let report = try await runOnce(
                connectorID: connectorID, remote: remote, remoteURL: remoteURL)
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

    func runOnce(connectorID: Int64, remote: any RemoteCollection, remoteURL: String?)
        async throws(SyncError) -> SyncReport
    {
        guard
            var connector = try await storage({ () async throws(StorageError) in
                try await store.connector(id: connectorID)
            })
        else { throw .notFound("connector \(connectorID)") }
        if let remoteURL, remoteURL != connector.remoteURL { return SyncReport() }
        // State and tokens of another remote (the URL was edited): start over.
        if let synced = connector.syncedURL, synced != connector.remoteURL {
            try await forgetRemote(connectorID: connectorID)
            guard
                let reset = try await storage({ () async throws(StorageError) in
                    try await store.connector(id: connectorID)
                })
            else { throw .notFound("connector \(connectorID)") }
            connector = reset
        }
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
        pass.pushConcurrency = pushConcurrency
        var failure: SyncError?
        do {
            try await pass.perform()
        } catch {
            failure = error
            pass.log("error", "", error.description)
        }
        try? await pass.flushLog()
        let finished = pass
        var retargeted = false
        let runURL = connector.remoteURL
        try await record(connectorID: connectorID, failure: failure, report: pass.report) {
            latest in
            // Edited to another remote during the run: this run's tokens are not its.
            guard latest.remoteURL == runURL else {
                retargeted = true
                return
            }
            latest.syncedURL = runURL
            // A side whose change could not be carried over keeps its old token: the next run
            // retries it (`SyncPass.localChangeFailed`).
            if !finished.localChangeFailed { latest.localToken = finished.localToken }
            if !finished.remoteChangeFailed {
                latest.remoteSyncToken = finished.remoteSyncToken
                latest.remoteCTag = finished.remoteCTag
            }
        }
        if retargeted { try await forgetRemote(connectorID: connectorID) }
        if let failure { throw failure }
        return pass.report
    }

    /// Forgets the remote side of connector `connectorID` after its remote URL changed: every
    /// per-object state row, the remote tokens, and the local token (so every local object is
    /// looked at again); the state is then that of the current URL (`syncedURL`). A run does this
    /// itself when it finds the URL changed. Nothing is deleted on either side: the next run is a first sync, which
    /// pushes what the new remote lacks, pulls what it has, adopts objects whose bytes are the
    /// same on both sides, and treats same-named objects that differ as conflicts (the loser
    /// goes to the trash).
    public func forgetRemote(connectorID: Int64) async throws(SyncError) {
        let states = try await storage { () async throws(StorageError) in
            try await store.connectorStates(connectorID: connectorID)
        }
        try await storage { () async throws(StorageError) in
            try await store.saveConnectorStates(
                connectorID: connectorID, [], removing: states.map(\.localName))
        }
        guard
            var latest = try await storage({ () async throws(StorageError) in
                try await store.connector(id: connectorID)
            })
        else { throw .notFound("connector \(connectorID)") }
        latest.localToken = 0
        latest.syncedURL = latest.remoteURL
        latest.remoteSyncToken = nil
        latest.remoteCTag = nil
        latest.failures = 0
        latest.retryNotBefore = nil
        let saved = latest
        let entry = ConnectorLogEntry(
            at: clock.now(), action: "reset", object: "",
            detail:
                "remote is now \(latest.remoteURL): sync state cleared, next run is a first sync"
        )
        try await storage { () async throws(StorageError) in
            try await store.updateConnector(saved)
            try await store.appendConnectorLog(connectorID: connectorID, [entry])
        }
    }

    /// Records a run that could not start (the server key does not open the password, the URL
    /// is not http(s), …) like a failed one: `failures` grows, so `SyncSchedule` backs off, and
    /// the error is the connector's `lastError` and a log line.
    public func recordFailure(connectorID: Int64, _ failure: SyncError) async throws(SyncError) {
        let entry = ConnectorLogEntry(
            at: clock.now(), action: "error", object: "", detail: failure.description)
        try await storage { () async throws(StorageError) in
            try await store.appendConnectorLog(connectorID: connectorID, [entry])
        }
        try await record(connectorID: connectorID, failure: failure) { _ in }
    }

    /// Saves a run's outcome on the connector as stored now: when it ran, what it did (`report`,
    /// kept even when it failed later), then after a success
    /// `success` applied (tokens, counts), no error and no failures; after a failure one more
    /// failure, the error, and any `Retry-After` as the earliest next run.
    func record(
        connectorID: Int64, failure: SyncError?, report: SyncReport = SyncReport(),
        success: (inout ConnectorRecord) -> Void
    ) async throws(SyncError) {
        guard
            var latest = try await storage({ () async throws(StorageError) in
                try await store.connector(id: connectorID)
            })
        else { throw .notFound("connector \(connectorID)") }
        let now = clock.now()
        latest.lastSyncAt = now
        latest.counts = report.adding(to: latest.counts)
        if let failure {
            latest.failures += 1
            latest.lastError = failure.description
            if case .remote(let error) = failure, let wait = error.retryAfter {
                latest.retryNotBefore = now + min(wait, CalDAVRemote.maximumRetryAfter)
            } else {
                latest.retryNotBefore = nil
            }
        } else {
            success(&latest)
            latest.failures = 0
            latest.lastError = nil
            latest.retryNotBefore = nil
            latest.lastSuccessAt = now
        }
        let saved = latest
        try await storage { () async throws(StorageError) in
            try await store.updateConnector(saved)
        }
    }

    func storage<T>(_ body: () async throws(StorageError) -> T) async throws(SyncError) -> T {
        do {
            return try await body()
        } catch {
            throw .storage(error)
        }
    }
}
