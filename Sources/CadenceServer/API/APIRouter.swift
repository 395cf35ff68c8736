import Foundation
import Groupware
import HTTPTypes
import Hummingbird
import Logging
import Storage

/// Mounts the CRM JSON API (`/api/v1`) on a Hummingbird router: authentication (HTTP Basic like
/// DAV, or `Authorization: Bearer <api token>`), the 1 MB body limit, JSON media types, and the
/// translation of thrown errors into RFC 9457 problems.
struct APIRouter: Sendable {
    /// The path prefix of every route.
    static let prefix = "/api/v1"
    /// The largest request body, in octets.
    static let maximumBodySize = 1 << 20

    let store: any CadenceStore
    /// Password checks with brute-force protection.
    let signIn: SignInGuard
    /// Whether `X-Forwarded-For` names the client.
    let trustProxy: Bool
    /// The per-user request rate limit, when configured.
    var rateLimiter: RequestRateLimiter? = nil
    /// Where writes are logged (issue 7); `nil` logs nothing.
    var syncLog: SyncLogRecorder? = nil
    /// Whether a 500's problem names the internal error (`--debug`); off, nothing leaks.
    var debug = false

    /// Registers every route of `routes` (and nothing else) on `router`.
    func register<Context: RequestContext>(_ routes: [APIRoute], on router: Router<Context>) {
        router.add(middleware: APIFallbackMiddleware(routes: routes))
        for route in routes {
            router.on(RouterPath(Self.prefix + route.path), method: route.method) {
                request, context in
                await respond(route, request, context)
            }
        }
    }

    func respond<Context: RequestContext>(
        _ route: APIRoute, _ request: Request, _ context: Context
    ) async -> Response {
        let answer: APIResponse
        do {
            answer = try await run(route, request, context)
        } catch {
            answer = self.answer(
                to: error, method: request.method.rawValue, path: request.uri.path, context.logger)
        }
        return Response(
            status: answer.status, headers: answer.headers,
            body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
    }

    /// The problem answer of a thrown error (storage failures logged; details only in debug).
    private func answer(to error: any Error, method: String, path: String, _ logger: Logger)
        -> APIResponse
    {
        switch error {
        case let problem as APIProblem:
            return .problem(problem)
        case let error as CRMServiceError:
            return .problem(APIProblem(error))
        case let error as StorageError:
            if error.code == .engineFailure {
                logger.error("\(method) \(path): \(error.reason)")
            }
            var problem = APIProblem(error)
            if debug, error.code == .engineFailure {
                problem.detail += ": StorageError at \(error.fileID):\(error.line): \(error.reason)"
            }
            return .problem(problem)
        default:
            logger.error("\(method) \(path): \(error)")
            return .problem(
                APIProblem(
                    .internalError,
                    detail: debug
                        ? "the request failed: \(String(reflecting: error))" : "the request failed")
            )
        }
    }

    private func run<Context: RequestContext>(
        _ route: APIRoute, _ request: Request, _ context: Context
    ) async throws -> APIResponse {
        var user: UserRecord?
        if route.requiresUser {
            let address = ClientAddress.of(request, context: context, trustProxy: trustProxy)
            switch await authenticate(request.headers, address: address) {
            case .signedIn(let signedIn):
                user = signedIn
                ReadRouting.current?.signedIn(userID: signedIn.id)
            case .failed:
                throw APIProblem(
                    .unauthorized, detail: "valid Basic credentials or a Bearer token are required")
            case .blocked(let seconds):
                throw APIProblem(
                    .tooManyRequests,
                    detail: "too many failed sign-ins; try again in \(seconds) seconds",
                    retryAfter: seconds)
            }
            if let rateLimiter, let name = user?.name, await !rateLimiter.allow(name) {
                throw APIProblem(
                    .tooManyRequests, detail: "request rate limit exceeded",
                    retryAfter: rateLimiter.retryAfterSeconds)
            }
        }
        if let length = request.headers[.contentLength].flatMap(Int.init),
            length > Self.maximumBodySize
        {
            throw APIProblem(
                .contentTooLarge, detail: "the body is larger than \(Self.maximumBodySize) octets")
        }
        let body: [UInt8]
        do {
            body = Array(
                try await request.body.collect(upTo: Self.maximumBodySize).readableBytesView)
        } catch {
            throw APIProblem(
                .contentTooLarge, detail: "the body is larger than \(Self.maximumBodySize) octets")
        }
        if !body.isEmpty, !Self.isJSON(request.headers[.contentType]) {
            throw APIProblem(
                .unsupportedMediaType,
                detail: "send application/json (or application/merge-patch+json for PATCH)")
        }
        var parameters: [String: String] = [:]
        for name in route.parameterNames {
            let raw = context.parameters.get(name) ?? ""
            parameters[name] = raw.removingPercentEncoding ?? raw
        }
        let apiRequest = APIRequest(
            user: user, path: request.uri.path, parameters: parameters,
            query: APIRequest.parseQuery(request.uri.query), headers: request.headers, body: body)
        return try await handle(route, apiRequest, client: "api")
    }

    /// Runs `route`'s handler for an authenticated request, writing its sync-log entry (as
    /// `client`) when the route is logged.
    private func handle(_ route: APIRoute, _ apiRequest: APIRequest, client: String)
        async throws -> APIResponse
    {
        guard let action = route.logAction, let syncLog, let user = apiRequest.user else {
            return try await route.handler(apiRequest)
        }
        do {
            let answer = try await route.handler(apiRequest)
            var entry = await logEntry(
                action, route, apiRequest, user, status: Int(answer.status.code),
                location: answer.headers[.location])
            entry.client = client
            await syncLog.record(entry)
            return answer
        } catch {
            var entry = await logEntry(
                action, route, apiRequest, user, status: Self.status(of: error), location: nil)
            entry.client = client
            await syncLog.record(entry)
            throw error
        }
    }

    /// The answer of `route` to a request made on the server's side (the web application,
    /// issue 12): the same handler, sync log and error translation as an HTTP request, without
    /// the HTTP authentication (the caller has signed the user in).
    func perform(
        _ route: APIRoute, _ apiRequest: APIRequest, client: String, logger: Logger
    ) async -> APIResponse {
        do {
            return try await handle(route, apiRequest, client: client)
        } catch {
            return answer(to: error, method: route.method.rawValue, path: apiRequest.path, logger)
        }
    }

    /// Whether a Content-Type is JSON: `application/json`, or any `+json` type.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let type =
            contentType.split(separator: ";").first.map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            } ?? ""
        return type == "application/json"
            || (type.hasPrefix("application/") && type.hasSuffix("+json"))
    }

    /// The user of a request: HTTP Basic (password or app password, as for DAV) or an API token
    /// as `Bearer` (stored as SHA-256, like app passwords; revoked tokens are gone at once).
    func authenticate(_ headers: HTTPFields, address: String?) async -> SignInGuard.Outcome {
        guard let header = headers[.authorization] else { return .failed }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2 else { return .failed }
        let credentials = parts[1].trimmingCharacters(in: .whitespaces)
        switch parts[0].lowercased() {
        case "basic":
            guard let basic = BasicCredentials.parse(header) else { return .failed }
            return await signIn.signIn(
                name: basic.name, password: basic.password, address: address)
        case "bearer":
            guard !credentials.isEmpty, credentials.utf8.count <= 256,
                let record = try? await store.appPassword(
                    tokenHash: AppPasswords.hash(credentials)),
                record.kind == .apiToken
            else { return .failed }
            // Last use is stamped at most once a minute per token (read from the record itself,
            // so no state here and no write per request).
            let now = Int64(Date().timeIntervalSince1970)
            if record.lastUsedAt.map({ now - $0 >= 60 }) ?? true {
                try? await store.touchAppPassword(id: record.id)
            }
            guard let user = try? await store.user(id: record.userID) else { return .failed }
            return .signedIn(user)
        default:
            return .failed
        }
    }
}
