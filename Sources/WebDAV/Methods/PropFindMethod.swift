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
        let first = try await server.propertiesResponse(
            for: resource, request: propFind, context: context, backend: backend,
            minimal: minimal)
        guard depth == .one && resource.isCollection else {
            var response = DAVResponse.multiStatus(MultiStatus(responses: [first]))
            if minimal { response.headers.append(("Preference-Applied", "return=minimal")) }
            return response
        }
        // The listing is read before the first byte (a missing collection is still a status);
        // the members' responses are written as they are made, never held whole.
        let members = try await backend.members(of: resource)
        var response = DAVResponse.multiStatus { emit in
            try await emit(first)
            for member in members {
                try await emit(
                    server.propertiesResponse(
                        for: member, request: propFind, context: context, backend: backend,
                        minimal: minimal))
            }
        }
        if minimal { response.headers.append(("Preference-Applied", "return=minimal")) }
        return response
    }
}
