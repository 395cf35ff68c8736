/// DELETE (RFC 4918 §9.6): a member or a whole collection, with `If-Match` honoured.
public struct DeleteMethod: MethodHandler {
    public let method = "DELETE"

    public init() {}

    public func handle(
        _ request: DAVRequest, context: DAVContext, server: DAVServer, backend: any DAVBackend
    ) async throws(DAVError) -> DAVResponse {
        let resource = try await backend.existingResource(at: request.path)
        try await backend.delete(resource, precondition: WritePrecondition(request))
        return DAVResponse(status: 204)
    }
}
