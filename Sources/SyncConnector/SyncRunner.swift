import AsyncHTTPClient
import Storage

/// Runs connectors against their real remotes: opens each connector's sealed password with the
/// server key, builds a `CalDAVRemote` on a shared HTTP client (one per trusted CA file), and
/// runs `SyncEngine`.
///
/// A run that cannot start (the key does not open the password, the URL is not http(s)) is
/// recorded like a failed one, so it backs off too. The owner calls `shutdown()` once done.
public struct SyncRunner: Sendable {
    /// Told of every run's outcome (connector id, then the report or the error), for metrics.
    public typealias Observer = @Sendable (Int64, Result<SyncReport, SyncError>) -> Void

    let store: any ConnectorBackingStore
    let dataDirectory: String
    let environment: [String: String]
    let clients: HTTPClientPool
    let observer: Observer?
    /// Runs of one connector wait for each other (a run asked for through the API while the
    /// background service runs it would otherwise push and record state concurrently).
    let running = ConnectorRunQueue()

    /// A runner over `store`; the server key comes from `CADENCE_SECRET_KEY` in `environment`
    /// or `<dataDirectory>/secret.key`; TLS trusts `trustedCAFile` (PEM) when given, unless a
    /// connector names its own. `observer` hears of every run.
    public init(
        store: any ConnectorBackingStore, dataDirectory: String, environment: [String: String],
        trustedCAFile: String? = nil, observer: Observer? = nil
    ) {
        self.store = store
        self.dataDirectory = dataDirectory
        self.environment = environment
        clients = HTTPClientPool(trustedCAFile: trustedCAFile)
        self.observer = observer
    }

    /// The server key.
    public func secretKey() throws(ConnectorSecretError) -> SecretKey {
        try SecretKey.load(dataDirectory: dataDirectory, environment: environment)
    }

    /// Runs one sync of connector `id` (see `SyncEngine.run`), after any run of it in progress.
    public func run(connectorID id: Int64) async throws(SyncError) -> SyncReport {
        await running.acquire(id)
        let result: Result<SyncReport, SyncError>
        do {
            result = .success(try await runUnobserved(connectorID: id))
        } catch {
            result = .failure(error)
        }
        await running.release(id)
        observer?(id, result)
        return try result.get()
    }

    func runUnobserved(connectorID id: Int64) async throws(SyncError) -> SyncReport {
        let connector: ConnectorRecord?
        do {
            connector = try await store.connector(id: id)
        } catch {
            throw .storage(error)
        }
        guard let connector else { throw .notFound("connector \(id)") }
        let engine = SyncEngine(store: store)
        let remote: CalDAVRemote
        do {
            remote = try await self.remote(for: connector)
        } catch {
            try await engine.recordFailure(connectorID: id, error)
            throw error
        }
        return try await engine.run(
            connectorID: id, remote: remote, remoteURL: connector.remoteURL)
    }

    /// The remote of `connector`, with its password opened and its HTTP client.
    func remote(for connector: ConnectorRecord) async throws(SyncError) -> CalDAVRemote {
        let password: String
        do {
            password = try secretKey().open(connector.sealedPassword)
        } catch {
            throw .remote(RemoteError(.unauthorized, error.reason))
        }
        let client = await clients.client(trusting: connector.trustedCAFile)
        guard
            let remote = CalDAVRemote(
                url: connector.remoteURL, userName: connector.userName, password: password,
                client: client)
        else { throw .remote(RemoteError(.badResponse, "not an http(s) URL")) }
        return remote
    }

    /// Shuts the HTTP clients down.
    public func shutdown() async {
        await clients.shutdown()
    }
}

/// One run per connector at a time, in arrival order.
actor ConnectorRunQueue {
    private var busy: Set<Int64> = []
    private var waiting: [Int64: [CheckedContinuation<Void, Never>]] = [:]

    func acquire(_ id: Int64) async {
        guard busy.contains(id) else {
            busy.insert(id)
            return
        }
        await withCheckedContinuation { waiting[id, default: []].append($0) }
    }

    /// Hands the connector to the next waiting run, or frees it.
    func release(_ id: Int64) {
        if var queue = waiting[id], !queue.isEmpty {
            let next = queue.removeFirst()
            waiting[id] = queue.isEmpty ? nil : queue
            next.resume()
        } else {
            busy.remove(id)
        }
    }
}
