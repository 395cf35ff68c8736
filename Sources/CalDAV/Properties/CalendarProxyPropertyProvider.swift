import WebDAV

/// The principal and group properties of delegation and teams: RFC 3744 §4 (`group-member-set`,
/// `group-membership`, `alternate-URI-set`) and the CalendarServer proxy extension
/// (caldav-proxy.txt §5: `calendar-proxy-read-for`, `calendar-proxy-write-for`).
///
/// iOS and macOS list a principal's children at Depth 1 to find its `calendar-proxy-read` and
/// `calendar-proxy-write` groups and PROPPATCH their `group-member-set`; in a delegate's account
/// they read `calendar-proxy-*-for` on the delegate's own principal, as DAVx5 does.
public struct CalendarProxyPropertyProvider: PropertyProvider {
    public init() {}

    public func propertyNames(of resource: any DAVResource, context: DAVContext) -> [XMLName] {
        if resource is any CalendarProxyGroupResource {
            return [
                .dav.groupMemberSet, .dav.groupMembership, .dav.alternateURISet, .dav.principalURL,
            ]
        }
        if resource is any GroupPrincipalResource {
            return [.dav.groupMemberSet, .dav.groupMembership, .dav.alternateURISet]
        }
        if resource is any PrincipalResource {
            return [
                .dav.groupMemberSet, .dav.groupMembership, .dav.alternateURISet,
                .calendarServer.calendarProxyReadFor, .calendarServer.calendarProxyWriteFor,
            ]
        }
        return []
    }

    public func allPropertyNames(of resource: any DAVResource, context: DAVContext) -> [XMLName] {
        []
    }

    public func value(
        of name: XMLName, on resource: any DAVResource, context: DAVContext, backend: any DAVBackend
    ) async throws(DAVError) -> XMLElement? {
        if let group = resource as? any CalendarProxyGroupResource {
            switch name {
            case .dav.groupMemberSet:
                guard let proxies = backend as? any CalendarProxyBackend else { return nil }
                return hrefs(name, try await proxies.proxyMembers(of: group).map(\.href))
            case .dav.groupMembership, .dav.alternateURISet: return XMLElement(name)
            case .dav.principalURL: return hrefs(name, [group.href])
            default: return nil
            }
        }
        if let group = resource as? any GroupPrincipalResource {
            switch name {
            case .dav.groupMemberSet: return hrefs(name, group.members.map(\.href))
            case .dav.groupMembership, .dav.alternateURISet: return XMLElement(name)
            default: return nil
            }
        }
        guard let principal = resource as? any PrincipalResource else { return nil }
        switch name {
        case .dav.groupMemberSet:
            return XMLElement(name)
        case .dav.alternateURISet:
            return hrefs(name, principal.calendarUserAddresses.filter { $0.hasPrefix("mailto:") })
        case .dav.groupMembership, .calendarServer.calendarProxyReadFor,
            .calendarServer.calendarProxyWriteFor:
            guard let proxies = backend as? any CalendarProxyBackend,
                let memberships = try await proxies.proxyMemberships(of: principal)
            else { return nil }
            let paths =
                name == .dav.groupMembership
                ? memberships.groups
                : name == .calendarServer.calendarProxyReadFor
                    ? memberships.readFor : memberships.writeFor
            return hrefs(name, paths.map(\.href))
        default:
            return nil
        }
    }

    private func hrefs(_ name: XMLName, _ values: [String]) -> XMLElement {
        XMLElement(name, children: values.map { .element(XMLElement(.dav.href, text: $0)) })
    }
}
