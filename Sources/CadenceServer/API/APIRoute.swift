import HTTPTypes

/// One JSON API operation: method, path template below `/api/v1` (`/tasks/{id}/complete`), the
/// OpenAPI `operationId`, whether it needs a signed-in user, and the handler.
///
/// `CRMAPI.routes` is the one table of them: `APIRouter` registers exactly these, and a test
/// compares them with the OpenAPI document's `paths`.
struct APIRoute: Sendable {
    var method: HTTPRequest.Method
    var path: String
    var operationID: String
    var requiresUser: Bool
    var handler: @Sendable (APIRequest) async throws -> APIResponse

    init(
        _ method: HTTPRequest.Method, _ path: String, _ operationID: String,
        requiresUser: Bool = true,
        _ handler: @escaping @Sendable (APIRequest) async throws -> APIResponse
    ) {
        self.method = method
        self.path = path
        self.operationID = operationID
        self.requiresUser = requiresUser
        self.handler = handler
    }

    /// The names of the template's `{name}` segments, in order.
    var parameterNames: [String] {
        path.split(separator: "/").compactMap { segment in
            guard segment.first == "{", segment.last == "}" else { return nil }
            return String(segment.dropFirst().dropLast())
        }
    }
}
