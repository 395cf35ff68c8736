import VCard
import WebDAV

/// CARDDAV:addressbook-query (RFC 6352 §8.6): the cards of an address book that match a
/// filter, at most `limit` of them; with more matches than the limit, the first ones and a
/// `507` response for the address book with `DAV:number-of-matches-within-limits` (§8.6.1).
public struct AddressBookQueryReport: ReportHandler {
    public let name = XMLName.cardDAV.addressbookQuery

    public init() {}

    public func isSupported(on resource: any DAVResource) -> Bool {
        resource is any AddressBookCollectionResource || resource is any AddressObjectResource
    }

    public func report(
        _ body: XMLElement, on resource: any DAVResource, context: DAVContext, server: DAVServer,
        backend: any DAVBackend
    ) async throws(DAVError) -> DAVResponse {
        let (propFind, dataRequest) = try AddressReportProperties.parse(body)
        guard let filterElement = body.first(.cardDAV.filter) else {
            throw CardDAVNamespace.validFilter("addressbook-query needs a CARDDAV:filter")
        }
        let filter = try AddressBookFilter(filterElement)
        var limit: Int?
        if let limitElement = body.first(.cardDAV.limit) {
            guard let text = limitElement.first(.cardDAV.nresults)?.trimmedText,
                let n = Int(text), n >= 0
            else { throw DAVError(status: 400, reason: "CARDDAV:nresults must be a number") }
            limit = n
        }
        let candidates: [(resource: any AddressObjectResource, data: [UInt8])]
        if let book = resource as? any AddressBookCollectionResource,
            let cardBackend = backend as? any AddressBookBackend
        {
            candidates = try await cardBackend.addressObjects(in: book)
        } else if let object = resource as? any AddressObjectResource {
            candidates = [(object, try await backend.content(of: object))]
        } else {
            candidates = []
        }
        var responses: [MultiStatus.Response] = []
        var truncated = false
        for candidate in candidates {
            guard filter.mayMatch(candidate.data) else { continue }
            let text = String(decoding: candidate.data, as: UTF8.self)
            guard let card = try? VCard(parsing: text), filter.matches(card) else { continue }
            if let limit, responses.count >= limit {
                truncated = true
                break
            }
            responses.append(
                try await AddressReportProperties.response(
                    for: candidate.resource, data: candidate.data, propFind: propFind,
                    dataRequest: dataRequest, context: context, server: server, backend: backend))
        }
        if truncated {
            responses.append(
                MultiStatus.Response(
                    href: resource.path.href, status: 507,
                    error: .dav.numberOfMatchesWithinLimits))
        }
        return .multiStatus(MultiStatus(responses: responses))
    }
}
