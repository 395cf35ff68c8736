/// REPORT (RFC 3253 §3.6): dispatched to the handler registered for the body's root element;
/// an unknown or unsupported report is a `403` with `DAV:supported-report`.
public struct ReportMethod: MethodHandler {
    public let method = "REPORT"

    public init() {}

    public func handle(
        _ request: DAVRequest, context: DAVContext, server: DAVServer, backend: any DAVBackend
    ) async throws(DAVError) -> DAVResponse {
        let resource = try await backend.existingResource(at: request.path)
        let body = try server.parseXML(request)
        guard let handler = server.reports[body.name], handler.isSupported(on: resource) else {
            throw DAVError(
                status: 403,
                condition: .init(namespace: XMLNamespace.dav, name: "supported-report"),
                reason: "report \(body.name) is not supported here")
        }
        return try await handler.report(
            body, on: resource, context: context, server: server, backend: backend)
    }
}
