import WebDAV

/// CalDAV live properties (RFC 4791 §5.2, §6.2), CalendarServer `getctag` and the Apple colour and
/// order, on principals, homes and calendar collections.
public struct CalDAVPropertyProvider: PropertyProvider {
    public init() {}

    public func propertyNames(of resource: any DAVResource, context: DAVContext) -> [XMLName] {
        var names = allPropertyNames(of: resource, context: context)
        if resource is any PrincipalResource {
            names += [
                .dav.principalURL, .calDAV.calendarHomeSet, .calDAV.calendarUserAddressSet,
                .calDAV.calendarUserType, .calendarServer.emailAddressSet,
            ]
        }
        if resource is any GroupPrincipalResource {
            names += [.dav.principalURL, .calDAV.calendarUserAddressSet, .calDAV.calendarUserType]
        }
        if resource is any CalendarCollectionResource {
            names += [
                .calDAV.supportedCalendarComponentSet, .calDAV.supportedCalendarData,
                .calDAV.supportedCollationSet, .calDAV.maxResourceSize, .calDAV.minDateTime,
                .calDAV.maxDateTime, .calendarServer.getctag,
            ]
        }
        return names
    }

    public func allPropertyNames(of resource: any DAVResource, context: DAVContext) -> [XMLName] {
        guard let calendar = resource as? any CalendarCollectionResource else { return [] }
        var names: [XMLName] = []
        if calendar.calendarDescription != nil { names.append(.calDAV.calendarDescription) }
        if calendar.timeZone != nil { names.append(.calDAV.calendarTimezone) }
        if calendar.color != nil { names.append(.appleICal.calendarColor) }
        if calendar.order != nil { names.append(.appleICal.calendarOrder) }
        return names
    }

    public func value(
        of name: XMLName, on resource: any DAVResource, context: DAVContext, backend: any DAVBackend
    ) async throws(DAVError) -> XMLElement? {
        if let principal = resource as? any PrincipalResource {
            switch name {
            case .dav.principalURL: return hrefs(name, [principal.path.href])
            case .calDAV.calendarHomeSet: return hrefs(name, [principal.calendarHome.href])
            case .calDAV.calendarUserAddressSet: return hrefs(name, principal.calendarUserAddresses)
            // RFC 6638 §2.4.2: users are people (teams are GROUP principals, below).
            case .calDAV.calendarUserType: return XMLElement(name, text: "INDIVIDUAL")
            // CalendarServer's e-mail addresses of a principal, which macOS searches and shows.
            case .calendarServer.emailAddressSet:
                return XMLElement(
                    name,
                    children: principal.calendarUserAddresses.filter { $0.hasPrefix("mailto:") }
                        .map { .element(XMLElement(.dav.href, text: String($0.dropFirst(7)))) })
            default: break
            }
        }
        if let group = resource as? any GroupPrincipalResource {
            switch name {
            case .dav.principalURL: return hrefs(name, [group.path.href])
            case .calDAV.calendarUserAddressSet: return hrefs(name, group.calendarUserAddresses)
            case .calDAV.calendarUserType: return XMLElement(name, text: "GROUP")
            default: return nil
            }
        }
        guard let calendar = resource as? any CalendarCollectionResource else { return nil }
        switch name {
        case .calDAV.calendarDescription:
            return calendar.calendarDescription.map { XMLElement(name, text: $0) }
        case .calDAV.calendarTimezone:
            return calendar.timeZone.map { XMLElement(name, text: $0) }
        case .appleICal.calendarColor:
            return calendar.color.map { XMLElement(name, text: $0) }
        case .appleICal.calendarOrder:
            return calendar.order.map { XMLElement(name, text: String($0)) }
        case .calendarServer.getctag:
            return XMLElement(name, text: calendar.ctag)
        case .calDAV.supportedCalendarComponentSet:
            return XMLElement(
                name,
                children: calendar.supportedComponents.map {
                    .element(XMLElement(.calDAV.comp, attributes: [XMLName("", "name"): $0]))
                })
        case .calDAV.supportedCalendarData:
            return XMLElement(
                name,
                children: [
                    .element(
                        XMLElement(
                            .calDAV.name("calendar-data"),
                            attributes: [
                                XMLName("", "content-type"): "text/calendar",
                                XMLName("", "version"): "2.0",
                            ]))
                ])
        case .calDAV.supportedCollationSet:
            return XMLElement(
                name,
                children: ["i;ascii-casemap", "i;octet", "i;unicode-casemap"].map {
                    .element(XMLElement(.calDAV.name("supported-collation"), text: $0))
                })
        case .calDAV.maxResourceSize:
            return XMLElement(name, text: String(calendar.maxResourceSize))
        case .calDAV.minDateTime:
            return XMLElement(name, text: "19000101T000000Z")
        case .calDAV.maxDateTime:
            return XMLElement(name, text: "20991231T235959Z")
        default:
            return nil
        }
    }

    private func hrefs(_ name: XMLName, _ values: [String]) -> XMLElement {
        XMLElement(name, children: values.map { .element(XMLElement(.dav.href, text: $0)) })
    }
}
