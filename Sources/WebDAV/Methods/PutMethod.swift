/// PUT (RFC 4918 §9.7, RFC 7232): `If-Match` / `If-None-Match: *` checked with the write; the new
/// strong ETag in the response unless the server rewrote the content.
public struct PutMethod: MethodHandler {
    public let method = "PUT"

    public init() {}

    public func handle(
        _ request: DAVRequest, context: DAVContext, server: DAVServer, backend: any DAVBackend
    ) async throws(DAVError) -> DAVResponse {
        if request.header("content-range") != nil {
            throw DAVError(status: 400, reason: "partial PUT (Content-Range) is not supported")
        }
        if request.path.trailingSlash {
            throw DAVError(status: 405, reason: "cannot PUT to a collection path")
        }
        let existing = try await backend.resource(at: request.path)
        if let existing, existing.isCollection {
            throw DAVError(status: 405, reason: "cannot PUT to a collection")
        }
        // A member that exists has its collection: the parent is looked up only for a new one
        // (one read fewer for every update), and not at all when the backend's write checks it.
        if existing == nil, !backend.putChecksParent {
            guard let parentPath = request.path.parent,
                let parent = try await backend.resource(at: parentPath), parent.isCollection
            else {
                throw DAVError(status: 409, reason: "the parent collection does not exist")
            }
        }
        let result = try await backend.put(
            at: request.path, body: request.body, contentType: request.header("content-type"),
            precondition: WritePrecondition(request))
        var headers: [(String, String)] = []
        if !result.contentRewritten { headers.append(("ETag", result.etag)) }
        if result.created { headers.append(("Location", request.path.href)) }
        return DAVResponse(status: result.created ? 201 : 204, headers: headers)
    }
}
