import Hummingbird
import Storage

/// Gives each request its `ReadRouting` (issue 9, read replicas): the reads of GET, HEAD,
/// PROPFIND and REPORT may go to a replica that has replayed the signed-in user's last write
/// (the DAV, API and web authentication name the user: `ReadRouting.signedIn(userID:)`); every
/// other request reads and writes on the primary and records the user's write position. Only
/// installed when the store has replicas, so a server without any pays nothing.
struct ReadRoutingMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        try await ReadRouting.$current.withValue(ReadRouting(method: request.method.rawValue)) {
            try await next(request, context)
        }
    }
}
