import WebDAV

/// A principal with an address-book home (RFC 6352 §7.1.1).
public protocol AddressBookPrincipalResource: DAVResource {
    /// `CARDDAV:addressbook-home-set`.
    var addressBookHome: DAVPath { get }
}

/// An address-book home: the collection that holds a user's address books.
public protocol AddressBookHomeResource: DAVResource {}

/// An address book collection (RFC 6352 §5.2).
public protocol AddressBookCollectionResource: SyncableCollection {
    /// `CARDDAV:addressbook-description`.
    var addressBookDescription: String? { get }
    /// The largest card accepted, in octets (`CARDDAV:max-resource-size`).
    var maxResourceSize: Int { get }
    /// The CalendarServer ctag (changes with every change of the collection).
    var ctag: String { get }
}

/// An address object resource: one vCard (RFC 6352 §5.1).
public protocol AddressObjectResource: DAVResource {}

extension AddressObjectResource {
    public var resourceTypes: [XMLName] { [] }
}

/// A backend that can read many address objects at once (RFC 6352 §8.6, §8.7).
public protocol AddressBookBackend: DAVBackend {
    /// Every address object of `book` with its stored text, ordered by name.
    func addressObjects(in book: any AddressBookCollectionResource) async throws(DAVError)
        -> [(resource: any AddressObjectResource, data: [UInt8])]

    /// The address objects at `paths` with their text, keyed by path (without trailing slash);
    /// paths that hold no address object the user can see are left out.
    func addressObjects(at paths: [DAVPath]) async throws(DAVError)
        -> [DAVPath: (resource: any AddressObjectResource, data: [UInt8])]
}
