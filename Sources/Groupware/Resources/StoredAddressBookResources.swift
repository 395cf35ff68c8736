import CardDAV
import Storage
import WebDAV

extension UserPrincipalResource: AddressBookPrincipalResource {
    var addressBookHome: DAVPath { CadencePaths.addressBookHome(user.name) }
}

/// A user's address-book home (RFC 6352 §7.1.1).
struct AddressBookHome: AddressBookHomeResource {
    var user: UserRecord
    var path: DAVPath { CadencePaths.addressBookHome(user.name) }
    var isCollection: Bool { true }
    var owner: DAVPath? { CadencePaths.principal(user.name) }
}

/// An address book collection stored in the address-book home.
struct StoredAddressBook: AddressBookCollectionResource {
    var record: CollectionRecord
    var userName: String
    var maxResourceSize: Int
    var path: DAVPath { CadencePaths.addressBook(userName, record.path) }
    var isCollection: Bool { true }
    var resourceTypes: [XMLName] { [.cardDAV.addressbook] }
    var displayName: String? { record.displayName }
    var owner: DAVPath? { CadencePaths.principal(userName) }
    var lastModified: Int64? { record.modifiedAt }
    var createdAt: Int64? { record.createdAt }
    var addressBookDescription: String? { record.calendarDescription }
    var syncToken: String { syncTokenURI(record, record.syncToken) }
    var ctag: String { "\"\(record.id)-\(record.syncToken)\"" }
}

/// An address object resource: one vCard.
struct StoredAddressObject: AddressObjectResource {
    var record: ObjectRecord
    var collection: CollectionRecord
    var userName: String
    var path: DAVPath { CadencePaths.addressBook(userName, collection.path).appending(record.name) }
    var isCollection: Bool { false }
    var etag: String? { record.etag }
    var contentType: String? { record.contentType }
    var contentLength: Int? { record.size }
    var lastModified: Int64? { record.modifiedAt }
    var owner: DAVPath? { CadencePaths.principal(userName) }
}
