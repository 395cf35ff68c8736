/// An error talking to a remote collection: a stable code, a human reason, the HTTP status and
/// any `Retry-After` (RFC 9110 §10.2.3); equality is by code.
public struct RemoteError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The stable code of a remote error.
    public enum Code: String, Sendable, CaseIterable {
        /// 404: the member does not exist.
        case notFound = "not-found"
        /// 412: an `If-Match` / `If-None-Match` precondition failed (RFC 7232 §4.2).
        case preconditionFailed = "precondition-failed"
        /// The sync token was refused (`DAV:valid-sync-token`, RFC 6578 §3.2).
        case invalidSyncToken = "invalid-sync-token"
        /// The remote does not implement the request (`sync-collection`, …).
        case unsupported = "unsupported"
        /// 401/403: the credentials were refused.
        case unauthorized = "unauthorized"
        /// 429/503: the remote asks to come back later.
        case unavailable = "unavailable"
        /// Another HTTP status, or an answer that could not be read.
        case badResponse = "bad-response"
        /// The connection failed (refused, reset, TLS, timeout).
        case transport = "transport"
    }

    /// The stable code.
    public var code: Code
    /// A human-readable reason, for logs.
    public var reason: String
    /// The HTTP status, when there was an answer.
    public var status: Int?
    /// Seconds the remote asked to wait (`Retry-After`), if it did.
    public var retryAfter: Int64?

    /// Creates an error.
    public init(_ code: Code, _ reason: String, status: Int? = nil, retryAfter: Int64? = nil) {
        self.code = code
        self.reason = reason
        self.status = status
        self.retryAfter = retryAfter
    }

    /// `code: reason`.
    public var description: String { "\(code.rawValue): \(reason)" }

    /// Two errors are equal when their codes are.
    public static func == (lhs: RemoteError, rhs: RemoteError) -> Bool { lhs.code == rhs.code }

    /// Hashes the code only, in step with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
