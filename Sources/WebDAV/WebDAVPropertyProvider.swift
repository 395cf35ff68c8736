/// The live properties of RFC 4918, RFC 5397, RFC 3744 (subset), RFC 3253 and RFC 6578.
public struct WebDAVPropertyProvider: DirectPropertyWriting {
    /// The principal collections (`DAV:principal-collection-set`).
    public var principalCollections: [DAVPath]

    public init(principalCollections: [DAVPath]) {
        self.principalCollections = principalCollections
    }

    public func propertyNames(of resource: any DAVResource, context: DAVContext) -> [XMLName] {
        var names = allPropertyNames(of: resource, context: context)
        names += [
            .dav.currentUserPrincipal, .dav.currentUserPrivilegeSet, .dav.supportedReportSet,
            .dav.principalCollectionSet,
        ]
        if resource.owner != nil { names += [.dav.owner, .dav.acl] }
        if resource.isCollection { names += [.dav.quotaUsedBytes, .dav.quotaAvailableBytes] }
        return names
    }

    public func allPropertyNames(of resource: any DAVResource, context: DAVContext) -> [XMLName] {
        var names: [XMLName] = [.dav.resourceType]
        if resource.displayName != nil { names.append(.dav.displayName) }
        if resource.etag != nil { names.append(.dav.getETag) }
        if resource.contentType != nil { names.append(.dav.getContentType) }
        if resource.contentLength != nil { names.append(.dav.getContentLength) }
        if resource.lastModified != nil { names.append(.dav.getLastModified) }
        if resource.createdAt != nil { names.append(.dav.creationDate) }
        if resource is any SyncableCollection { names.append(.dav.syncToken) }
        return names
    }

    public func value(
        of name: XMLName, on resource: any DAVResource, context: DAVContext, backend: any DAVBackend
    ) async throws(DAVError) -> XMLElement? {
        guard name.namespace == XMLNamespace.dav else { return nil }
        if let field = Self.fieldText(name.name, of: resource) {
            return field.map { XMLElement(name, text: $0) }
        }
        switch name {
        case .dav.resourceType:
            return Self.resourceType(of: resource)
        case .dav.currentUserPrincipal:
            return XMLElement(
                name, children: [.element(XMLElement(.dav.href, text: context.principal.href))])
        case .dav.principalCollectionSet:
            return XMLElement(
                name,
                children: principalCollections.map {
                    .element(XMLElement(.dav.href, text: $0.href))
                })
        case .dav.owner:
            return resource.owner.map {
                XMLElement(name, children: [.element(XMLElement(.dav.href, text: $0.href))])
            }
        case .dav.currentUserPrivilegeSet:
            return XMLElement(
                name,
                children: resource.currentUserPrivileges.map {
                    .element(XMLElement(.dav.privilege, children: [.element(XMLElement($0))]))
                })
        case .dav.acl:
            guard resource.owner != nil else { return nil }
            let aces = resource.accessControlEntries.map { entry in
                XMLElement(
                    .dav.name("ace"),
                    children: [
                        .element(
                            XMLElement(
                                .dav.principal,
                                children: [
                                    .element(XMLElement(.dav.href, text: entry.principal.href))
                                ])),
                        .element(
                            XMLElement(
                                .dav.name("grant"),
                                children: entry.privileges.map {
                                    .element(
                                        XMLElement(
                                            .dav.privilege, children: [.element(XMLElement($0))]))
                                })),
                        .element(XMLElement(.dav.name("protected"))),
                    ])
            }
            return XMLElement(name, children: aces.map { .element($0) })
        case .dav.supportedReportSet:
            let reports =
                context.server?.reports.values.filter { $0.isSupported(on: resource) }.map(\.name)
                .sorted() ?? []
            return XMLElement(
                name,
                children: reports.map { report in
                    .element(
                        XMLElement(
                            .dav.name("supported-report"),
                            children: [
                                .element(
                                    XMLElement(
                                        .dav.name("report"),
                                        children: [.element(XMLElement(report))]))
                            ]))
                })
        case .dav.syncToken:
            return (resource as? any SyncableCollection).map {
                XMLElement(name, text: $0.syncToken)
            }
        case .dav.quotaUsedBytes, .dav.quotaAvailableBytes:
            guard resource.isCollection,
                let quota = try await (backend as? any QuotaBackend)?.quota(of: resource)
            else { return nil }
            return XMLElement(
                name, text: String(name == .dav.quotaUsedBytes ? quota.used : quota.available))
        default:
            return nil
        }
    }
}

/// A backend that reports quota (RFC 4331).
public protocol QuotaBackend: DAVBackend {
    /// Octets used and available in the collection's tree, or `nil` when the requesting user
    /// has no quota there (another user's principal).
    func quota(of collection: any DAVResource) async throws(DAVError) -> (
        used: Int64, available: Int64
    )?
}

extension WebDAVPropertyProvider {
    /// The text of a property that one of the resource's own fields answers (`DAV:` local name):
    /// `.some(nil)` when the resource has no value for it, `nil` for any other property. Both
    /// `value` and `appendValue` answer from here, so the two cannot differ.
    static func fieldText(_ localName: String, of resource: any DAVResource) -> String?? {
        switch localName {
        case "displayname": .some(resource.displayName)
        case "getetag": .some(resource.etag)
        case "getcontenttype": .some(resource.contentType)
        case "getcontentlength": .some(resource.contentLength.map { String($0) })
        case "getlastmodified": .some(resource.lastModified.map { HTTPDate.format($0) })
        case "creationdate": .some(resource.createdAt.map { HTTPDate.iso8601($0) })
        default: nil
        }
    }

    /// `DAV:resourcetype`: `DAV:collection` for a collection, then the resource's own types.
    static func resourceType(of resource: any DAVResource) -> XMLElement {
        var types = resource.isCollection ? [XMLName.dav.collection] : []
        types += resource.resourceTypes
        return XMLElement(.dav.resourceType, children: types.map { .element(XMLElement($0)) })
    }

    /// The properties a resource's own fields answer, written without an element
    /// (`DirectPropertyWriting`): what a Depth 1 listing or a sync asks of every member.
    public func writesDirectly(_ name: XMLName) -> Bool {
        guard name.namespace == XMLNamespace.dav else { return false }
        // The field properties are whatever `fieldText` knows (asked of a resource with no
        // fields: the name is known even where the value is not).
        return name.name == "resourcetype"
            || Self.fieldText(name.name, of: NoFields()) != nil
    }

    /// A resource with none of the optional fields, to ask `fieldText` which names it knows.
    private struct NoFields: DAVResource {
        var path: DAVPath { DAVPath(segments: [], trailingSlash: true) }
        var isCollection: Bool { false }
    }

    public func appendValue(
        of name: XMLName, on resource: any DAVResource, into out: inout [UInt8]
    ) -> Bool {
        guard name.namespace == XMLNamespace.dav else { return false }
        if let field = Self.fieldText(name.name, of: resource) {
            guard let text = field else { return false }
            XMLWriter.appendTextElement(name, text: text, into: &out)
            return true
        }
        guard name.name == "resourcetype" else { return false }
        if !resource.isCollection && resource.resourceTypes.isEmpty {
            // What nearly every member of a listing has, without making the element.
            out.append(contentsOf: "<D:resourcetype/>".utf8)
        } else {
            XMLWriter.write(Self.resourceType(of: resource), into: &out, isRoot: false)
        }
        return true
    }
}
