import WebDAV

/// MKCALENDAR (RFC 4791 §5.3.1): a calendar collection with the properties of its optional body.
public struct MkcalendarMethod: MethodHandler {
    public let method = "MKCALENDAR"

    public init() {}

    public func handle(
        _ request: DAVRequest, context: DAVContext, server: DAVServer, backend: any DAVBackend
    ) async throws(DAVError) -> DAVResponse {
        var properties: [XMLElement] = []
        if !request.body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            let root = try server.parseXML(request)
            guard root.name == .calDAV.mkcalendar else {
                throw DAVError(status: 400, reason: "MKCALENDAR body must be CALDAV:mkcalendar")
            }
            for set in root.all(.dav.set) {
                properties += (set.first(.dav.prop)?.elements ?? []).filter {
                    $0.name != .dav.resourceType
                }
            }
        }
        return try await MkcolMethod.create(
            at: request.path, resourceTypes: [.calDAV.calendar], properties: properties,
            responseRoot: .calDAV.name("mkcalendar-response"), backend: backend)
    }
}
