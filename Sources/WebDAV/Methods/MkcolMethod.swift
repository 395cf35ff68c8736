/// MKCOL (RFC 4918 §9.3) and extended MKCOL (RFC 5689): a plain collection, or any collection
/// type with initial properties given in a `DAV:mkcol` body.
public struct MkcolMethod: MethodHandler {
    public let method = "MKCOL"

    public init() {}

    public func handle(
        _ request: DAVRequest, context: DAVContext, server: DAVServer, backend: any DAVBackend
    ) async throws(DAVError) -> DAVResponse {
        var resourceTypes: [XMLName] = []
        var properties: [XMLElement] = []
        if !request.body.isEmpty {
            let type = request.header("content-type")?.lowercased() ?? ""
            guard type.isEmpty || type.contains("xml") else {
                throw DAVError(status: 415, reason: "MKCOL body must be XML (RFC 5689)")
            }
            let root = try server.parseXML(request)
            guard root.name == .dav.mkcol else {
                throw DAVError(status: 415, reason: "MKCOL body must be DAV:mkcol")
            }
            for set in root.all(.dav.set) {
                for property in set.first(.dav.prop)?.elements ?? [] {
                    if property.name == .dav.resourceType {
                        resourceTypes = property.elements.map(\.name).filter {
                            $0 != .dav.collection
                        }
                    } else {
                        properties.append(property)
                    }
                }
            }
        }
        return try await MkcolMethod.create(
            at: request.path, resourceTypes: resourceTypes, properties: properties,
            responseRoot: .dav.name("mkcol-response"), backend: backend)
    }

    /// Shared by MKCOL and MKCALENDAR: existence and parent checks, then the backend's create.
    public static func create(
        at path: DAVPath, resourceTypes: [XMLName], properties: [XMLElement], responseRoot: XMLName,
        backend: any DAVBackend
    ) async throws(DAVError) -> DAVResponse {
        if try await backend.resource(at: path) != nil {
            throw DAVError(status: 405, reason: "a resource already exists there")
        }
        guard let parentPath = path.parent, let parent = try await backend.resource(at: parentPath),
            parent.isCollection
        else {
            throw DAVError(status: 409, reason: "the parent collection does not exist")
        }
        let collectionPath = path.asCollection()
        if let failures = try await backend.makeCollection(
            at: collectionPath, resourceTypes: resourceTypes, properties: properties)
        {
            var byStatus: [Int: [XMLElement]] = [:]
            for (name, status) in failures {
                byStatus[status, default: []].append(XMLElement(name))
            }
            let propStats = byStatus.keys.sorted().map {
                MultiStatus.PropStat(status: $0, properties: byStatus[$0]!)
            }
            let body = XMLElement(
                responseRoot,
                children: propStats.map { propStat in
                    .element(
                        XMLElement(
                            .dav.propstat,
                            children: [
                                .element(
                                    XMLElement(
                                        .dav.prop,
                                        children: propStat.properties.map { .element($0) })),
                                .element(
                                    XMLElement(
                                        .dav.status, text: MultiStatus.statusLine(propStat.status))),
                            ]))
                })
            return DAVResponse(
                status: 403, headers: [("Content-Type", "application/xml; charset=utf-8")],
                body: Array(XMLWriter.document(body).utf8))
        }
        return DAVResponse(status: 201, headers: [("Location", collectionPath.href)])
    }
}
