import Groupware
import Storage

/// An RFC 9457 problem: the one error type of the JSON API, rendered as
/// `application/problem+json` `{type, title, status, detail, errors:[{field, message}]}`.
///
/// Handlers throw it (or a `CRMServiceError`/`StorageError`, mapped by `init(_:)`); the route
/// wrapper renders it. It never carries a stack trace or an internal error's text for a 500.
struct APIProblem: Error, Sendable, Hashable {
    /// The statuses the API answers with, each with its RFC 9457 `title` and `type`.
    enum Kind: Int, Sendable, Hashable {
        case badRequest = 400
        case unauthorized = 401
        case forbidden = 403
        case notFound = 404
        case methodNotAllowed = 405
        case conflict = 409
        case preconditionFailed = 412
        case contentTooLarge = 413
        case unsupportedMediaType = 415
        case unprocessable = 422
        case tooManyRequests = 429
        case internalError = 500
        case unavailable = 503

        /// The short, fixed summary (RFC 9457 §3.1.3).
        var title: String {
            switch self {
            case .badRequest: "Bad Request"
            case .unauthorized: "Unauthorized"
            case .forbidden: "Forbidden"
            case .notFound: "Not Found"
            case .methodNotAllowed: "Method Not Allowed"
            case .conflict: "Conflict"
            case .preconditionFailed: "Precondition Failed"
            case .contentTooLarge: "Content Too Large"
            case .unsupportedMediaType: "Unsupported Media Type"
            case .unprocessable: "Unprocessable Content"
            case .tooManyRequests: "Too Many Requests"
            case .internalError: "Internal Server Error"
            case .unavailable: "Service Unavailable"
            }
        }

        /// The problem type URI (RFC 9457 §3.1.1), stable per kind.
        var type: String {
            switch self {
            case .badRequest: "urn:cadence:problem:bad-request"
            case .unauthorized: "urn:cadence:problem:unauthorized"
            case .forbidden: "urn:cadence:problem:forbidden"
            case .notFound: "urn:cadence:problem:not-found"
            case .methodNotAllowed: "urn:cadence:problem:method-not-allowed"
            case .conflict: "urn:cadence:problem:conflict"
            case .preconditionFailed: "urn:cadence:problem:precondition-failed"
            case .contentTooLarge: "urn:cadence:problem:content-too-large"
            case .unsupportedMediaType: "urn:cadence:problem:unsupported-media-type"
            case .unprocessable: "urn:cadence:problem:validation"
            case .tooManyRequests: "urn:cadence:problem:too-many-requests"
            case .internalError: "urn:cadence:problem:internal"
            case .unavailable: "urn:cadence:problem:unavailable"
            }
        }
    }

    /// A problem with one field of the request body or query (`emails[1].value`, `limit`).
    struct FieldError: Sendable, Hashable {
        var field: String
        var message: String
    }

    var kind: Kind
    /// The human explanation of this occurrence (RFC 9457 §3.1.4).
    var detail: String
    /// Field-level problems (422, and 400 for query parameters).
    var errors: [FieldError]
    /// Seconds for `Retry-After` (429, RFC 6585 §4).
    var retryAfter: Int?

    init(_ kind: Kind, detail: String, errors: [FieldError] = [], retryAfter: Int? = nil) {
        self.kind = kind
        self.detail = detail
        self.errors = errors
        self.retryAfter = retryAfter
    }

    /// A 422 for one field.
    static func invalid(_ field: String, _ message: String) -> APIProblem {
        APIProblem(
            .unprocessable, detail: "\(field): \(message)",
            errors: [FieldError(field: field, message: message)])
    }

    /// The problem for a CRM use case's failure.
    init(_ error: CRMServiceError) {
        switch error.code {
        case .notFound: self.init(.notFound, detail: error.reason)
        case .preconditionFailed: self.init(.preconditionFailed, detail: error.reason)
        case .conflict: self.init(.conflict, detail: error.reason)
        case .invalid:
            self.init(
                .unprocessable, detail: error.reason,
                errors: error.fieldErrors.map { FieldError(field: $0.field, message: $0.message) })
        case .storeFailure: self.init(.internalError, detail: "the store failed")
        }
    }

    /// The problem for a store failure.
    init(_ error: StorageError) {
        switch error.code {
        case .notFound: self.init(.notFound, detail: "no such resource")
        case .conflict, .uidConflict, .assignedCopy: self.init(.conflict, detail: error.reason)
        case .preconditionFailed: self.init(.preconditionFailed, detail: error.reason)
        case .invalidName: self.init(.unprocessable, detail: error.reason)
        case .invalidSyncToken, .parentMissing: self.init(.conflict, detail: error.reason)
        case .engineFailure: self.init(.internalError, detail: "the store failed")
        }
    }

    /// The `application/problem+json` body.
    var json: JSONValue {
        var members: [JSONValue.Member] = [
            .init(key: "type", value: .string(kind.type)),
            .init(key: "title", value: .string(kind.title)),
            .init(key: "status", value: .number(Double(kind.rawValue))),
            .init(key: "detail", value: .string(detail)),
        ]
        if !errors.isEmpty {
            members.append(
                .init(
                    key: "errors",
                    value: .array(
                        errors.map {
                            .object(["field": .string($0.field), "message": .string($0.message)])
                        })))
        }
        return .object(members)
    }
}
