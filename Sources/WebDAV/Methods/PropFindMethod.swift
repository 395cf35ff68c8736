/// PROPFIND (RFC 4918 §9.1): Depth 0 and 1; `infinity` is refused with `DAV:propfind-finite-depth`.
public struct PropFindMethod: MethodHandler {
    public let method = "PROPFIND"

    public init() {}

    public func handle(
        _ request: DAVRequest, context: DAVContext, server: DAVServer, backend: any DAVBackend
    ) async throws(DAVError) -> DAVResponse {
        let depth = try Depth(header: request.header("depth"), default: .infinity)
        if depth == .infinity { throw DAVError.propfindFiniteDepth }
        let resource = try await backend.existingResource(at: request.path)
        let propFind: PropFind
        if request.body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            propFind = .allProp(include: [])
        } else {
            propFind = try PropFind(server.parseXML(request))
        }
        let minimal = request.prefersMinimal
        let head = try await server.propertiesResponse(
            for: resource, request: propFind, context: context, backend: backend,
            minimal: minimal)
        guard depth == .one && resource.isCollection else {
            var response = DAVResponse.multiStatus(MultiStatus(responses: [head]))
            if minimal { response.headers.append(("Preference-Applied", "return=minimal")) }
            return response
        }
        // The first page of the listing is read before the first byte (a failing store is still
        // a status); the rest page by page, each member's response written as it is made.
        let limit = 500
        let first = try await backend.members(of: resource, after: nil, limit: limit)
        // Members whose every asked property the first provider writes directly skip the
        // element tree (a Depth 1 listing of a calendar: getetag, getcontenttype).
        let plan = server.directPlan(for: propFind)
        var response = DAVResponse.multiStatus { writer in
            try await writer.emit(head)
            var page = first
            while true {
                for member in page.members {
                    try await server.appendProperties(
                        for: member, request: propFind, plan: plan, context: context,
                        backend: backend, minimal: minimal, into: &writer)
                    try await writer.flush()
                }
                guard let next = page.next else { break }
                page = try await backend.members(of: resource, after: next, limit: limit)
            }
        }
        if minimal { response.headers.append(("Preference-Applied", "return=minimal")) }
        return response
    }
}
