/// GET and HEAD (RFC 4918 §9.4): content with its strong ETag; `If-None-Match` answers `304`.
public struct GetMethod: MethodHandler {
    public let method: String

    /// `headOnly` serves HEAD: the same headers, no body.
    public init(headOnly: Bool = false) { method = headOnly ? "HEAD" : "GET" }

    /// Objects larger than this (octets) are answered like collections, on the global executor.
    static let largeBody = 256 * 1024

    public func handle(
        _ request: DAVRequest, context: DAVContext, server: DAVServer, backend: any DAVBackend
    ) async throws(DAVError) -> DAVResponse {
        let resource = try await backend.existingResource(at: request.path)
        guard !resource.isCollection, resource.contentLength ?? 0 <= Self.largeBody else {
            // A collection's representation is a whole calendar or address book (the export),
            // and a large object may be filtered or converted on the way: work that must not
            // hold up the other connections of an event loop, if this began on one (the server
            // keeps reads of one resource there).
            return try await withTaskExecutorPreference(globalConcurrentExecutor) {
                () async throws(DAVError) -> DAVResponse in
                try await respond(resource, request: request, backend: backend)
            }
        }
        return try await respond(resource, request: request, backend: backend)
    }

    private func respond(_ resource: any DAVResource, request: DAVRequest, backend: any DAVBackend)
        async throws(DAVError) -> DAVResponse
    {
        if let ifNoneMatch = request.header("if-none-match"), let etag = resource.etag,
            !WritePrecondition.ifNoneMatch(WritePrecondition.etags(ifNoneMatch)).isSatisfied(
                currentETag: etag)
                || (ifNoneMatch.trimmingSpaces == "*")
        {
            return DAVResponse(status: 304, headers: [("ETag", etag)])
        }
        if let ifMatch = request.header("if-match"),
            !WritePrecondition.ifMatch(WritePrecondition.etags(ifMatch)).isSatisfied(
                currentETag: resource.etag)
        {
            throw DAVError(status: 412, reason: "If-Match does not match")
        }
        var headers: [(String, String)] = []
        if let etag = resource.etag { headers.append(("ETag", etag)) }
        if let modified = resource.lastModified {
            headers.append(("Last-Modified", HTTPDate.format(modified)))
        }
        if method == "GET", let streamed = try await backend.streamedRepresentation(of: resource) {
            headers.insert(("Content-Type", streamed.contentType), at: 0)
            return DAVResponse(status: 200, headers: headers, stream: streamed.stream)
        }
        let (body, contentType) = try await backend.representation(of: resource)
        headers.insert(("Content-Type", contentType), at: 0)
        if method == "HEAD" {
            headers.append(("Content-Length", String(body.count)))
            return DAVResponse(status: 200, headers: headers)
        }
        return DAVResponse(status: 200, headers: headers, body: body)
    }
}
