import WebDAV

/// The property part shared by the CardDAV reports: `DAV:prop` with an optional
/// `CARDDAV:address-data` request, or `allprop`/`propname`.
enum AddressReportProperties {
    static func parse(_ body: XMLElement) throws(DAVError) -> (PropFind, AddressDataRequest?) {
        if let prop = body.first(.dav.prop) {
            let dataElement = prop.first(.cardDAV.addressData)
            return (
                .prop(prop.elements.map(\.name)),
                try dataElement.map { e throws(DAVError) in try AddressDataRequest(e) }
            )
        }
        if body.first(.dav.propname) != nil { return (.propName, nil) }
        return (.allProp(include: []), nil)
    }

    static func response(
        for member: any DAVResource, data: [UInt8]?, propFind: PropFind,
        dataRequest: AddressDataRequest?, context: DAVContext, server: DAVServer,
        backend: any DAVBackend
    ) async throws(DAVError) -> MultiStatus.Response {
        var extra: [XMLName: XMLElement] = [:]
        if case .prop(let names) = propFind, names.contains(.cardDAV.addressData),
            member is any AddressObjectResource
        {
            let text: [UInt8]
            if let data { text = data } else { text = try await backend.content(of: member) }
            let request = dataRequest ?? AddressDataRequest()
            let rendered = request.apply(to: text) ?? String(decoding: text, as: UTF8.self)
            extra[.cardDAV.addressData] = XMLElement(.cardDAV.addressData, text: rendered)
        }
        return try await server.propertiesResponse(
            for: member, request: propFind, context: context, backend: backend,
            minimal: context.request.prefersMinimal, extra: extra)
    }
}
