import AsyncHTTPClient

/// The HTTP clients of a `SyncRunner`: one for the server-wide trust settings and one per
/// connector CA file (`ConnectorRecord.trustedCAFile`), made when first needed and shared by
/// every connector naming the same file.
actor HTTPClientPool {
    let defaultClient: HTTPClient
    var clients: [String: HTTPClient] = [:]

    /// A pool whose default client trusts `trustedCAFile` (PEM), or the system roots.
    init(trustedCAFile: String?) {
        defaultClient = CalDAVRemote.makeClient(trustedCAFile: trustedCAFile)
    }

    /// The client that trusts `caFile`, or the default one for `nil`.
    func client(trusting caFile: String?) -> HTTPClient {
        guard let caFile else { return defaultClient }
        if let client = clients[caFile] { return client }
        let client = CalDAVRemote.makeClient(trustedCAFile: caFile)
        clients[caFile] = client
        return client
    }

    /// Shuts every client down.
    func shutdown() async {
        for client in clients.values { try? await client.shutdown() }
        clients.removeAll()
        try? await defaultClient.shutdown()
    }
}
