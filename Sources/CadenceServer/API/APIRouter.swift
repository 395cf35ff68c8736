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
    let verifier: CredentialVerifier

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
        } catch let problem as APIProblem {
            answer = .problem(problem)
        } catch let error as CRMServiceError {
            answer = .problem(APIProblem(error))
        } catch let error as StorageError {
            if error.code == .engineFailure {
                context.logger.error("\(request.method) \(request.uri.path): \(error.reason)")
            }
            answer = .problem(APIProblem(error))
        } catch {
            context.logger.error("\(request.method) \(request.uri.path): \(error)")
            answer = .problem(APIProblem(.internalError, detail: "the request failed"))
        }
        return Response(
            status: answer.status, headers: answer.headers,
            body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
    }

    private func run<Context: RequestContext>(
        _ route: APIRoute, _ request: Request, _ context: Context
    ) async throws -> APIResponse {
        var user: UserRecord?
        if route.requiresUser {
            guard let signedIn = await authenticate(request.headers) else {
                throw APIProblem(
                    .unauthorized, detail: "valid Basic credentials or a Bearer token are required")
            }
            user = signedIn
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
        return try await route.handler(apiRequest)
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
    func authenticate(_ headers: HTTPFields) async -> UserRecord? {
        guard let header = headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        let credentials = parts[1].trimmingCharacters(in: .whitespaces)
        switch parts[0].lowercased() {
        case "basic":
            guard let decoded = Data(base64Encoded: credentials),
                let text = String(data: decoded, encoding: .utf8),
                let colon = text.firstIndex(of: ":")
            else { return nil }
            return await verifier.verify(
                name: String(text[..<colon]), password: String(text[text.index(after: colon)...]))
        case "bearer":
            guard !credentials.isEmpty, credentials.utf8.count <= 256,
                let record = try? await store.appPassword(
                    tokenHash: AppPasswords.hash(credentials)),
                record.kind == .apiToken
            else { return nil }
            // Last use is stamped at most once a minute per token (read from the record itself,
            // so no state here and no write per request).
            let now = Int64(Date().timeIntervalSince1970)
            if record.lastUsedAt.map({ now - $0 >= 60 }) ?? true {
                try? await store.touchAppPassword(id: record.id)
            }
            return try? await store.user(id: record.userID)
        default:
            return nil
        }
    }
}
