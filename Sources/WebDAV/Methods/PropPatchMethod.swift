/// PROPPATCH (RFC 4918 §9.2): all instructions or none; failures with the rest as `424`.
public struct PropPatchMethod: MethodHandler {
    public let method = "PROPPATCH"

    public init() {}

    public func handle(
        _ request: DAVRequest, context: DAVContext, server: DAVServer, backend: any DAVBackend
    ) async throws(DAVError) -> DAVResponse {
        let resource = try await backend.existingResource(at: request.path)
        let update = try PropertyUpdate(server.parseXML(request))
        let results = try await backend.patchProperties(of: resource, operations: update.operations)
        var byStatus: [(Int, [XMLElement])] = []
        for (name, status) in results {
            if let index = byStatus.firstIndex(where: { $0.0 == status }) {
                byStatus[index].1.append(XMLElement(name))
            } else {
                byStatus.append((status, [XMLElement(name)]))
            }
        }
        let response = MultiStatus.Response(
            href: resource.href,
            propStats: byStatus.map { MultiStatus.PropStat(status: $0.0, properties: $0.1) })
        return .multiStatus(MultiStatus(responses: [response]))
    }
}
