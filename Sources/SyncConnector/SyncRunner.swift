import AsyncHTTPClient
import Storage

/// Runs connectors against their real remotes: opens each connector's sealed password with the
/// server key, builds a `CalDAVRemote` on one shared HTTP client, and runs `SyncEngine`.
///
/// The owner calls `shutdown()` once done.
public struct SyncRunner: Sendable {
    let store: any ConnectorBackingStore
    let dataDirectory: String
    let environment: [String: String]
    let client: HTTPClient

    /// A runner over `store`; the server key comes from `CADENCE_SECRET_KEY` in `environment`
    /// or `<dataDirectory>/secret.key`; TLS trusts `trustedCAFile` (PEM) when given.
    public init(
        store: any ConnectorBackingStore, dataDirectory: String, environment: [String: String],
        trustedCAFile: String? = nil
    ) {
        self.store = store
        self.dataDirectory = dataDirectory
        self.environment = environment
        client = CalDAVRemote.makeClient(trustedCAFile: trustedCAFile)
    }

    /// The server key.
    public func secretKey() throws(ConnectorSecretError) -> SecretKey {
        try SecretKey.load(dataDirectory: dataDirectory, environment: environment)
    }

    /// Runs one sync of connector `id` (see `SyncEngine.run`).
    public func run(connectorID id: Int64) async throws(SyncError) -> SyncReport {
        let connector: ConnectorRecord?
        do {
            connector = try await store.connector(id: id)
        } catch {
            throw .storage(error)
        }
        guard let connector else { throw .notFound("connector \(id)") }
        let password: String
        do {
            password = try secretKey().open(connector.sealedPassword)
        } catch {
            throw .remote(RemoteError(.unauthorized, error.reason))
        }
        guard
            let remote = CalDAVRemote(
                url: connector.remoteURL, userName: connector.userName, password: password,
                client: client)
        else { throw .remote(RemoteError(.badResponse, "not an http(s) URL")) }
        return try await SyncEngine(store: store).run(connectorID: id, remote: remote)
    }

    /// Shuts the HTTP client down.
    public func shutdown() async {
        try? await client.shutdown()
    }
}
