/// OPTIONS (RFC 4918 §9.0, RFC 4791 §5.1): compliance classes and allowed methods, on any path.
public struct OptionsMethod: MethodHandler {
    public let method = "OPTIONS"

    public init() {}

    public func handle(
        _ request: DAVRequest, context: DAVContext, server: DAVServer, backend: any DAVBackend
    ) async throws(DAVError) -> DAVResponse {
        DAVResponse(
            status: 200,
            headers: [
                ("DAV", server.complianceClasses), ("Allow", server.allowedMethods),
                ("MS-Author-Via", "DAV"), ("Accept-Ranges", "none"),
            ])
    }
}
