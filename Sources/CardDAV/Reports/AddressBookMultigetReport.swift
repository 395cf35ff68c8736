import WebDAV

/// CARDDAV:addressbook-multiget (RFC 6352 §8.7): the asked properties of each listed href;
/// hrefs the user cannot see, or that do not exist, answer `404` for that href alone.
public struct AddressBookMultigetReport: ReportHandler {
    public let name = XMLName.cardDAV.addressbookMultiget

    public init() {}

    public func isSupported(on resource: any DAVResource) -> Bool {
        resource is any AddressBookCollectionResource || resource is any AddressObjectResource
    }

    public func report(
        _ body: XMLElement, on resource: any DAVResource, context: DAVContext, server: DAVServer,
        backend: any DAVBackend
    ) async throws(DAVError) -> DAVResponse {
        let (propFind, dataRequest) = try AddressReportProperties.parse(body)
        var seen = Set<String>()
        var requested: [(raw: String, path: DAVPath?)] = []
        for hrefElement in body.all(.dav.href) {
            let raw = hrefElement.trimmedText
            guard seen.insert(raw).inserted else { continue }
            let path = DAVPath(raw).flatMap { path in
                resource.path.asCollection(resource.isCollection).contains(path)
                    || path.segments == resource.path.segments ? path : nil
            }
            requested.append((raw, path))
        }
        var batch: [DAVPath: (resource: any AddressObjectResource, data: [UInt8])] = [:]
        if let cardBackend = backend as? any AddressBookBackend {
            batch = try await cardBackend.addressObjects(at: requested.compactMap(\.path))
        }
        var responses: [MultiStatus.Response] = []
        for (raw, path) in requested {
            guard let path, let object = batch[path.asCollection(false)] else {
                responses.append(
                    MultiStatus.Response(href: path?.href ?? raw, status: 404))
                continue
            }
            responses.append(
                try await AddressReportProperties.response(
                    for: object.resource, data: object.data, propFind: propFind,
                    dataRequest: dataRequest, context: context, server: server, backend: backend))
        }
        return .multiStatus(MultiStatus(responses: responses))
    }
}
