import WebDAV

/// CardDAV live properties (RFC 6352 §6.2, §7.1) and CalendarServer `getctag` on principals and
/// address book collections.
public struct CardDAVPropertyProvider: PropertyProvider {
    public init() {}

    public func propertyNames(of resource: any DAVResource, context: DAVContext) -> [XMLName] {
        var names = allPropertyNames(of: resource, context: context)
        if resource is any AddressBookPrincipalResource {
            names.append(.cardDAV.addressbookHomeSet)
        }
        if resource is any AddressBookCollectionResource {
            names += [
                .cardDAV.supportedAddressData, .cardDAV.supportedCollationSet,
                .cardDAV.maxResourceSize, .calendarServerCTag,
            ]
        }
        return names
    }

    public func allPropertyNames(of resource: any DAVResource, context: DAVContext) -> [XMLName] {
        guard let book = resource as? any AddressBookCollectionResource,
            book.addressBookDescription != nil
        else { return [] }
        return [.cardDAV.addressbookDescription]
    }

    public func value(
        of name: XMLName, on resource: any DAVResource, context: DAVContext, backend: any DAVBackend
    ) async throws(DAVError) -> XMLElement? {
        if let principal = resource as? any AddressBookPrincipalResource,
            name == .cardDAV.addressbookHomeSet
        {
            return XMLElement(
                name,
                children: [.element(XMLElement(.dav.href, text: principal.addressBookHome.href))])
        }
        guard let book = resource as? any AddressBookCollectionResource else { return nil }
        switch name {
        case .cardDAV.addressbookDescription:
            return book.addressBookDescription.map { XMLElement(name, text: $0) }
        case .calendarServerCTag:
            return XMLElement(name, text: book.ctag)
        case .cardDAV.supportedAddressData:
            return XMLElement(
                name,
                children: ["3.0", "4.0"].map { version in
                    .element(
                        XMLElement(
                            .cardDAV.addressDataType,
                            attributes: [
                                XMLName("", "content-type"): "text/vcard",
                                XMLName("", "version"): version,
                            ]))
                })
        case .cardDAV.supportedCollationSet:
            return XMLElement(
                name,
                children: CardTextMatch.Collation.allCases.map {
                    .element(XMLElement(.cardDAV.name("supported-collation"), text: $0.rawValue))
                })
        case .cardDAV.maxResourceSize:
            return XMLElement(name, text: String(book.maxResourceSize))
        default:
            return nil
        }
    }
}

extension XMLName {
    /// CalendarServer `getctag` (the CalDAV target defines the same name; CardDAV does not
    /// import it).
    public static let calendarServerCTag = XMLName(XMLNamespace.calendarServer, "getctag")
}
