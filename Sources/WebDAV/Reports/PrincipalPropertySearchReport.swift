/// The `DAV:principal-property-search` REPORT (RFC 3744 §9.4): principals whose properties
/// match, with the properties asked for.
///
/// Supported on principal collections and their ancestors (python caldav sends it to the URL it
/// was given, macOS to the principal collection with `apply-to-principal-collection-set`). At
/// most `maximumResults` principals are answered; when more match, the request-URI gets a `507`
/// response with `DAV:number-of-matches-within-limits` (as CalendarServer answers), so that a
/// client can tell the list is partial.
public struct PrincipalPropertySearchReport: ReportHandler {
    public let name = XMLName.dav.name("principal-property-search")
    /// The most principals one search answers.
    public var maximumResults: Int

    public init(maximumResults: Int = 50) {
        self.maximumResults = maximumResults
    }

    public func isSupported(on resource: any DAVResource) -> Bool {
        (resource as? any PrincipalSearchScope)?.searchesPrincipals ?? false
    }

    public func report(
        _ body: XMLElement, on resource: any DAVResource, context: DAVContext, server: DAVServer,
        backend: any DAVBackend
    ) async throws(DAVError) -> DAVResponse {
        guard let searchBackend = backend as? any PrincipalSearchBackend else {
            throw DAVError(
                status: 403,
                condition: .init(namespace: XMLNamespace.dav, name: "supported-report"),
                reason: "principal-property-search is not supported here")
        }
        let search = try PrincipalSearch(body)
        let limit = min(search.limit ?? maximumResults, maximumResults)
        let found = try await searchBackend.principals(matching: search, in: resource, limit: limit)
        var responses: [MultiStatus.Response] = []
        for principal in found.principals {
            responses.append(
                try await server.propertiesResponse(
                    for: principal, request: .prop(search.properties), context: context,
                    backend: backend, minimal: context.request.prefersMinimal))
        }
        if found.truncated {
            responses.append(
                MultiStatus.Response(
                    href: resource.href, status: 507, error: .dav.numberOfMatchesWithinLimits))
        }
        return .multiStatus(MultiStatus(responses: responses))
    }
}

/// The `DAV:principal-search-property-set` REPORT (RFC 3744 §9.5): which properties a
/// principal-property-search may name, each with a description.
public struct PrincipalSearchPropertySetReport: ReportHandler {
    public let name = XMLName.dav.name("principal-search-property-set")

    public init() {}

    public func isSupported(on resource: any DAVResource) -> Bool {
        (resource as? any PrincipalSearchScope)?.searchesPrincipals ?? false
    }

    public func report(
        _ body: XMLElement, on resource: any DAVResource, context: DAVContext, server: DAVServer,
        backend: any DAVBackend
    ) async throws(DAVError) -> DAVResponse {
        guard let searchBackend = backend as? any PrincipalSearchBackend else {
            throw DAVError(
                status: 403,
                condition: .init(namespace: XMLNamespace.dav, name: "supported-report"),
                reason: "principal-search-property-set is not supported here")
        }
        // RFC 3744 §9.5: Depth must be 0 (absent means 0 for REPORT).
        if let depth = context.request.header("depth"), depth != "0" {
            throw DAVError(status: 400, reason: "principal-search-property-set needs Depth 0")
        }
        let set = XMLElement(
            name,
            children: searchBackend.searchableProperties.map { property in
                .element(
                    XMLElement(
                        .dav.name("principal-search-property"),
                        children: [
                            .element(
                                XMLElement(
                                    .dav.prop, children: [.element(XMLElement(property.name))])),
                            .element(
                                XMLElement(.dav.name("description"), text: property.description)),
                        ]))
            })
        return DAVResponse(
            status: 200, headers: [("Content-Type", "application/xml; charset=utf-8")],
            body: XMLWriter.documentBytes(set))
    }
}
