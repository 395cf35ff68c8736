import Hummingbird

/// Counts every request by method and status and records its latency (`ServerMetrics`).
struct MetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            metrics.recordRequest(
                method: request.method.rawValue, status: Int(response.status.code),
                duration: ContinuousClock.now - start)
            return response
        } catch let error as any HTTPResponseError {
            metrics.recordRequest(
                method: request.method.rawValue, status: Int(error.status.code),
                duration: ContinuousClock.now - start)
            throw error
        }
    }
}
