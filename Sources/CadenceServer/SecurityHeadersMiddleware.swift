import HTTPTypes
import Hummingbird

/// Headers that keep browsers from misreading or embedding answers, on every response:
/// `X-Content-Type-Options: nosniff` (Fetch standard), `Referrer-Policy: no-referrer` (W3C
/// Referrer Policy), and on HTML `X-Frame-Options: DENY` (RFC 7034) with a
/// `Content-Security-Policy` (W3C CSP 3) that loads nothing and forbids framing.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The policy of HTML answers.
    static var contentSecurityPolicy: String {
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; "
            + "form-action 'self'"
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response = try await next(request, context)
        Self.apply(to: &response.headers)
        return response
    }

    /// Adds the headers (not replacing ones the answer set itself).
    static func apply(to headers: inout HTTPFields) {
        if headers[.xContentTypeOptions] == nil { headers[.xContentTypeOptions] = "nosniff" }
        if headers[.referrerPolicy] == nil { headers[.referrerPolicy] = "no-referrer" }
        if let type = headers[.contentType], type.utf8.count >= 9,
            type.prefix(9).lowercased() == "text/html"
        {
            headers[.xFrameOptions] = "DENY"
            if headers[.contentSecurityPolicy] == nil {
                headers[.contentSecurityPolicy] = contentSecurityPolicy
            }
        }
    }
}

extension HTTPField.Name {
    static let xFrameOptions = Self("X-Frame-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
}
