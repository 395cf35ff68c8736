import Hummingbird
import Storage

/// `/health` and `/ready` (issue 7), answered without authentication.
///
/// `/health` says the process serves requests. `/ready` says it can do useful work: the store
/// answers a trivial indexed read. Migrations run when the store is opened, before the
/// application exists, so a running server's schema is always current; a failed migration
/// stops `cadence serve` before it listens.
struct HealthRoutes: Sendable {
    let store: any CadenceStore

    func register<Context: RequestContext>(on router: Router<Context>) {
        router.get("/health") { _, _ in "ok\n" }
        router.get("/ready") { _, context in
            do {
                _ = try await store.user(id: 0)
                return Response(
                    status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                    body: .init(byteBuffer: ByteBuffer(string: "ready\n")))
            } catch {
                context.logger.error("ready: store unreachable: \(error)")
                return Response(
                    status: .serviceUnavailable,
                    headers: [.contentType: "text/plain; charset=utf-8", .retryAfter: "5"],
                    body: .init(byteBuffer: ByteBuffer(string: "store unavailable\n")))
            }
        }
    }
}
