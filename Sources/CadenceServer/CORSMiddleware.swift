import HTTPTypes
import Hummingbird

/// Cross-origin resource sharing (Fetch standard, "CORS protocol") for browser-based CalDAV and
/// API clients, for the configured origins only.
///
/// With no origins configured it adds nothing. A listed origin is echoed with
/// `Access-Control-Allow-Credentials: true` and `Vary: Origin` (never `*` with credentials); the
/// entry `*` allows every origin without credentials. A preflight (`OPTIONS` with `Origin` and
/// `Access-Control-Request-Method`) from an allowed origin is answered here with 204 and needs
/// no credentials; an `OPTIONS` without `Access-Control-Request-Method` is an ordinary DAV
/// `OPTIONS` (RFC 4918 §10.1) and goes on to authentication.
struct CORSMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The methods a preflight allows: HTTP, WebDAV (RFC 4918), CalDAV (RFC 4791), ACL (RFC 3744).
    static var allowedMethods: String {
        "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, PROPFIND, PROPPATCH, REPORT, MKCALENDAR, "
            + "MKCOL, COPY, MOVE"
    }
    /// The request headers a preflight allows.
    static var allowedHeaders: String {
        "Authorization, Content-Type, Depth, Destination, Overwrite, If-Match, If-None-Match, "
            + "Prefer, Brief, Max-Age"
    }
    /// The response headers scripts may read.
    static var exposedHeaders: String { "ETag, DAV, Location, Link" }
    /// How long a browser may cache a preflight, in seconds.
    static var preflightMaxAge: String { "600" }

    /// The allowed origins (`https://app.example.com`, exact match), or `*`.
    let origins: Set<String>

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard !origins.isEmpty, let origin = request.headers[.origin] else {
            return try await next(request, context)
        }
        let listed = origins.contains(origin)
        guard listed || origins.contains("*") else { return try await next(request, context) }
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            var headers = HTTPFields()
            allow(origin, listed: listed, in: &headers)
            headers[.accessControlAllowMethods] = Self.allowedMethods
            headers[.accessControlAllowHeaders] = Self.allowedHeaders
            headers[.accessControlMaxAge] = Self.preflightMaxAge
            return Response(status: .noContent, headers: headers)
        }
        var response = try await next(request, context)
        allow(origin, listed: listed, in: &response.headers)
        response.headers[.accessControlExposeHeaders] = Self.exposedHeaders
        return response
    }

    /// A listed origin is echoed with credentials and `Vary: Origin`; else `*` without them.
    private func allow(_ origin: String, listed: Bool, in headers: inout HTTPFields) {
        if listed {
            headers[.accessControlAllowOrigin] = origin
            headers[.accessControlAllowCredentials] = "true"
            headers.append(HTTPField(name: .vary, value: "Origin"))
        } else {
            headers[.accessControlAllowOrigin] = "*"
        }
    }
}
