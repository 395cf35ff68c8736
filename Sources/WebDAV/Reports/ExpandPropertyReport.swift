/// The `DAV:expand-property` REPORT (RFC 3253 §3.8): properties of the request-URI, where each
/// `DAV:href` inside a property asked with nested `DAV:property` elements is replaced by a
/// `DAV:response` for the resource it names, carrying those nested properties.
///
/// macOS and iOS read delegation this way: `calendar-proxy-write-for` on the delegate's
/// principal expanded to each owner's `displayname`, `calendar-user-address-set` and
/// `email-address-set`, and a proxy group's `group-member-set` expanded to its members. The
/// nesting is limited (`maximumDepth`), and a named resource the user may not see answers `404`.
public struct ExpandPropertyReport: ReportHandler {
    public let name = XMLName.dav.expandProperty
    /// How deep expansions may nest.
    public var maximumDepth: Int

    public init(maximumDepth: Int = 3) {
        self.maximumDepth = maximumDepth
    }

    public func isSupported(on resource: any DAVResource) -> Bool { true }

    /// One requested property and what to expand inside it.
    struct Request {
        var name: XMLName
        var nested: [Request]

        /// RFC 3253 §3.8: `name` and `namespace` attributes, the namespace `DAV:` by default.
        init(_ element: XMLElement) throws(DAVError) {
            guard let local = element.attributes[XMLName("", "name")], !local.isEmpty else {
                throw DAVError(status: 400, reason: "DAV:property needs a name attribute")
            }
            name = XMLName(element.attributes[XMLName("", "namespace")] ?? XMLNamespace.dav, local)
            var nested: [Request] = []
            for child in element.all(.dav.name("property")) { nested.append(try Request(child)) }
            self.nested = nested
        }
    }

    public func report(
        _ body: XMLElement, on resource: any DAVResource, context: DAVContext, server: DAVServer,
        backend: any DAVBackend
    ) async throws(DAVError) -> DAVResponse {
        var requests: [Request] = []
        for element in body.all(.dav.name("property")) { requests.append(try Request(element)) }
        let response = try await expand(
            resource, requests, depth: 0, context: context, server: server, backend: backend)
        return .multiStatus(MultiStatus(responses: [response]))
    }

    func expand(
        _ resource: any DAVResource, _ requests: [Request], depth: Int, context: DAVContext,
        server: DAVServer, backend: any DAVBackend
    ) async throws(DAVError) -> MultiStatus.Response {
        var found: [XMLElement] = []
        var missing: [XMLElement] = []
        for request in requests {
            guard
                var value = try await server.value(
                    of: request.name, on: resource, context: context, backend: backend)
            else {
                missing.append(XMLElement(request.name))
                continue
            }
            if !request.nested.isEmpty && depth < maximumDepth {
                var children: [XMLNode] = []
                for child in value.children {
                    guard case .element(let href) = child, href.name == .dav.href,
                        let path = DAVPath(href.trimmedText)
                    else {
                        children.append(child)
                        continue
                    }
                    let target: (any DAVResource)?
                    do throws(DAVError) {
                        target = try await backend.resource(at: path)
                    } catch  where error.status == 404 {
                        target = nil
                    }
                    let nested: MultiStatus.Response
                    if let target {
                        nested = try await expand(
                            target, request.nested, depth: depth + 1, context: context,
                            server: server, backend: backend)
                    } else {
                        nested = MultiStatus.Response(href: href.trimmedText, status: 404)
                    }
                    if let element = MultiStatus(responses: [nested]).element.elements.first {
                        children.append(.element(element))
                    }
                }
                value.children = children
            }
            found.append(value)
        }
        var propStats: [MultiStatus.PropStat] = []
        if !found.isEmpty || missing.isEmpty {
            propStats.append(.init(status: 200, properties: found))
        }
        if !missing.isEmpty && !context.request.prefersMinimal {
            propStats.append(.init(status: 404, properties: missing))
        }
        return MultiStatus.Response(href: resource.href, propStats: propStats)
    }
}
