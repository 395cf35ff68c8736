import Crypto
import Foundation
import Hummingbird
import Storage

/// `GET /metrics` in the Prometheus text format (issue 7), only with
/// `Authorization: Bearer <CADENCE_METRICS_TOKEN>`; without a configured token the route does not
/// exist (404), and a wrong or missing token is 401. On the separate metrics listener
/// (`--metrics-port`) it answers without a token (`registerWithoutToken(on:)`): that port is
/// protected by where it listens.
struct MetricsRoute: Sendable {
    let metrics: ServerMetrics
    let store: any CadenceStore
    let token: String?
    let dataDirectory: String?

    func register<Context: RequestContext>(on router: Router<Context>) {
        guard let token else { return }
        let expected = Array(SHA256.hash(data: Data(token.utf8)))
        router.get("/metrics") { request, _ in
            let given = request.headers[.authorization].flatMap { value -> String? in
                guard value.lowercased().hasPrefix("bearer ") else { return nil }
                return String(value.dropFirst(7)).trimmingCharacters(in: .whitespaces)
            }
            // Compared as digests, so the time taken does not depend on where they differ.
            guard let given, Array(SHA256.hash(data: Data(given.utf8))) == expected else {
                return Response(
                    status: .unauthorized,
                    headers: [.wwwAuthenticate: "Bearer realm=\"Cadence metrics\""])
            }
            return await exposition()
        }
    }

    /// `GET /metrics` without a token, for the metrics listener.
    func registerWithoutToken<Context: RequestContext>(on router: Router<Context>) {
        router.get("/metrics") { _, _ in await exposition() }
    }

    /// The store gauges refreshed, then every metric in the text format.
    private func exposition() async -> Response {
        await metrics.refreshStoreGauges(store: store, dataDirectory: dataDirectory)
        await metrics.refreshConnectorGauges(
            store: store, now: Int64(Date().timeIntervalSince1970))
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: metrics.registry.emitToBuffer())))
    }
}
