import Hummingbird

/// Answers requests below `/api/v1` that match no route with an RFC 9457 problem (404) instead
/// of the router's empty answer, so API clients always get `application/problem+json`.
struct APIFallbackMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        guard path == APIRouter.prefix || path.hasPrefix(APIRouter.prefix + "/") else {
            return try await next(request, context)
        }
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let answer = APIResponse.problem(
                APIProblem(.notFound, detail: "no API operation at \(request.method) \(path)"))
            return Response(
                status: answer.status, headers: answer.headers,
                body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
        }
    }
}
