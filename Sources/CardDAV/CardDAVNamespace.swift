import VCard
import WebDAV

/// The CardDAV XML namespace (RFC 6352 §6) and the preconditions it names.
public enum CardDAVNamespace {
    public static let uri = XMLNamespace.cardDAV

    /// 403 with a CARDDAV precondition element.
    static func precondition(_ name: String, _ reason: String, hrefs: [String] = []) -> DAVError {
        DAVError(
            status: 403, condition: .init(namespace: uri, name: name, hrefs: hrefs), reason: reason)
    }

    /// CARDDAV:valid-address-data (RFC 6352 §6.3.2.1): a PUT whose body is not one valid vCard.
    public static func invalidAddressData(_ error: VCardError) -> DAVError {
        precondition("valid-address-data", error.description)
    }

    /// CARDDAV:supported-address-data (RFC 6352 §6.3.2.1, §10.3): a media type or version this
    /// server does not store or give.
    public static func unsupportedAddressData(_ reason: String) -> DAVError {
        precondition("supported-address-data", reason)
    }

    /// CARDDAV:no-uid-conflict (RFC 6352 §6.3.2.1) naming the resource that has the UID.
    public static func uidConflict(_ href: String) -> DAVError {
        precondition(
            "no-uid-conflict", "another card in this address book has the UID: \(href)",
            hrefs: [href])
    }

    /// CARDDAV:max-resource-size (RFC 6352 §6.3.2.1).
    public static func tooLarge(_ limit: Int) -> DAVError {
        precondition("max-resource-size", "a card may hold at most \(limit) octets")
    }

    /// CARDDAV:addressbook-collection-location-ok (RFC 6352 §6.3.1).
    public static func locationNotOK(_ reason: String) -> DAVError {
        precondition("addressbook-collection-location-ok", reason)
    }

    /// CARDDAV:valid-filter (RFC 6352 §8.6).
    static func validFilter(_ reason: String) -> DAVError { precondition("valid-filter", reason) }

    /// CARDDAV:supported-filter (RFC 6352 §8.6).
    static func supportedFilter(_ reason: String) -> DAVError {
        precondition("supported-filter", reason)
    }

    /// CARDDAV:supported-collation (RFC 6352 §8.3).
    static func supportedCollation(_ reason: String) -> DAVError {
        precondition("supported-collation", reason)
    }
}

extension XMLName {
    /// Names in the CardDAV namespace (RFC 6352).
    public enum cardDAV {
        public static func name(_ local: String) -> XMLName { XMLName(XMLNamespace.cardDAV, local) }
        public static let addressbook = name("addressbook")
        public static let addressbookHomeSet = name("addressbook-home-set")
        public static let principalAddress = name("principal-address")
        public static let addressbookDescription = name("addressbook-description")
        public static let supportedAddressData = name("supported-address-data")
        public static let supportedCollationSet = name("supported-collation-set")
        public static let maxResourceSize = name("max-resource-size")
        public static let addressData = name("address-data")
        public static let addressDataType = name("address-data-type")
        public static let addressbookQuery = name("addressbook-query")
        public static let addressbookMultiget = name("addressbook-multiget")
        public static let filter = name("filter")
        public static let propFilter = name("prop-filter")
        public static let paramFilter = name("param-filter")
        public static let textMatch = name("text-match")
        public static let isNotDefined = name("is-not-defined")
        public static let limit = name("limit")
        public static let nresults = name("nresults")
        public static let prop = name("prop")
        public static let allprop = name("allprop")
    }
}
