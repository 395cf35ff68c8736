import HTTPTypes
import Hummingbird

/// Answers requests below `/api/v1` that match no route with an RFC 9457 problem instead of the
/// router's empty answer: `405` with `Allow` when the path exists for other methods, else `404`.
struct APIFallbackMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The routes' methods and path templates (below the prefix), split into segments.
    let templates: [(method: String, segments: [Substring])]

    init(routes: [APIRoute]) {
        templates = routes.map { ($0.method.rawValue, $0.path.split(separator: "/")) }
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        guard path == APIRouter.prefix || path.hasPrefix(APIRouter.prefix + "/") else {
            return try await next(request, context)
        }
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            var answer: APIResponse
            let allowed = error.status == .notFound ? methods(for: path) : []
            if !allowed.isEmpty {
                answer = .problem(
                    APIProblem(
                        .methodNotAllowed,
                        detail: "\(request.method) is not allowed on \(path)"))
                answer.headers[.allow] = allowed.joined(separator: ", ")
            } else if error.status == .notFound {
                answer = .problem(
                    APIProblem(.notFound, detail: "no API operation at \(request.method) \(path)"))
            } else {
                let kind = APIProblem.Kind(rawValue: Int(error.status.code)) ?? .badRequest
                answer = .problem(APIProblem(kind, detail: kind.title))
            }
            return Response(
                status: answer.status, headers: answer.headers,
                body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
        }
    }

    /// The methods routed for a request path, in table order.
    func methods(for path: String) -> [String] {
        let segments = path.dropFirst(APIRouter.prefix.count).split(separator: "/")
        return templates.filter { template in
            template.segments.count == segments.count
                && zip(template.segments, segments).allSatisfy { pattern, segment in
                    pattern.first == "{" || pattern == segment
                }
        }.map(\.method)
    }
}
