import CRM
import CardDAV
import Storage
import VCard
import WebDAV

/// Address books (RFC 6352): the address-book home, its address books and their cards, stored
/// as collections of kind `.addressBook` and their objects. The address book `crm-contacts`
/// exists for every user; it is created the first time the user's address books are read.
extension GroupwareBackend {
    /// What a path below the user's address-book home names.
    func addressBookResource(at path: DAVPath, segments: [String]) async throws(DAVError)
        -> (any DAVResource)?
    {
        guard let first = segments.first else { return AddressBookHome(user: user) }
        guard let book = try await addressBook(named: first) else { return nil }
        switch segments.count {
        case 1: return collectionResource(book)
        case 2 where !path.trailingSlash:
            let object = try await storeCall { () async throws(StorageError) in
                try await store.object(collectionID: book.id, name: segments[1])
            }
            return object.map {
                StoredAddressObject(record: $0, collection: book, userName: user.name)
            }
        default: return nil
        }
    }

    /// The user's address book `name`, or `nil`; `crm-contacts` is created when missing.
    func addressBook(named name: String) async throws(DAVError) -> CollectionRecord? {
        if name == CadencePaths.defaultAddressBook {
            return try await storeCall { () async throws(StorageError) in
                try await ContactCards.addressBook(store: store, ownerID: user.id)
            }
        }
        let found = try await storeCall { () async throws(StorageError) in
            try await store.collection(ownerID: user.id, path: name)
        }
        return found?.kind == .addressBook ? found : nil
    }

    /// Every address book of the user, `crm-contacts` first created when missing.
    func addressBooks() async throws(DAVError) -> [CollectionRecord] {
        let books = try await storeCall { () async throws(StorageError) in
            try await store.collections(ownerID: user.id, parent: "")
        }.filter { $0.kind == .addressBook }
        if !books.contains(where: { $0.path == CadencePaths.defaultAddressBook }),
            let created = try await addressBook(named: CadencePaths.defaultAddressBook)
        {
            return [created] + books
        }
        return books
    }

    /// The CRM contact a card of `crm-contacts` projects to: the contact already linked to
    /// the card keeps its id; a card naming (`X-CADENCE-CONTACT-ID`) a contact of the user that
    /// has no card takes it over; any other card becomes a new contact.
    func contactWrite(for card: VCard, in book: CollectionRecord, name: String)
        async throws(DAVError) -> ContactWrite?
    {
        guard book.path == CadencePaths.defaultAddressBook else { return nil }
        var id = try await storeCall { () async throws(StorageError) in
            try await store.contact(cardCollectionID: book.id, name: name)
        }?.id
        if id == nil, let claimed = card.property(ContactMapping.contactIDName)?.value,
            try await storeCall({ () async throws(StorageError) in
                guard try await store.contact(ownerID: user.id, id: claimed) != nil else {
                    return false
                }
                return try await store.contactCard(ownerID: user.id, id: claimed) == nil
            })
        {
            id = claimed
        }
        return ContactWrite(
            ContactMapping.contact(from: card, id: id ?? CRMIdentifier.make(), ownerID: user.id))
    }

    /// PUT of an address object resource (RFC 6352 §6.3.2): one valid vCard 3.0 or 4.0 with a
    /// UID no other card of the address book has, within the size limit.
    func putCard(
        segments: [String], body: [UInt8], contentType: String?,
        precondition: WebDAV.WritePrecondition
    ) async throws(DAVError) -> WebDAV.PutResult {
        guard segments.count == 2, let book = try await addressBook(named: segments[0]) else {
            throw DAVError(
                status: 409, reason: "cards can be stored only inside an address book")
        }
        let name = segments[1]
        if let contentType {
            let type = contentType.split(separator: ";").first.map {
                $0.filter { $0 != " " && $0 != "\t" }.lowercased()
            }
            if let type, !["text/vcard", "text/x-vcard", "text/directory"].contains(type) {
                throw CardDAVNamespace.unsupportedAddressData("\(type) is not text/vcard")
            }
        }
        if body.count > limits.maximumObjectSize {
            throw CardDAVNamespace.tooLarge(limits.maximumObjectSize)
        }
        guard let text = String(validating: body, as: UTF8.self) else {
            throw CardDAVNamespace.invalidAddressData(VCardError(.syntax, "the body is not UTF-8"))
        }
        let card: VCard
        do {
            card = try VCard.validated(text)
        } catch {
            throw CardDAVNamespace.invalidAddressData(error)
        }
        let uid = card.uid
        if let uid,
            let other = try await storeCall({ () async throws(StorageError) in
                try await store.objectName(collectionID: book.id, uid: uid, excluding: name)
            })
        {
            throw CardDAVNamespace.uidConflict(
                CadencePaths.addressBook(user.name, book.path).appending(other).href)
        }
        let write = ObjectWrite(
            name: name, data: body, contentType: "text/vcard; charset=utf-8",
            index: ObjectIndex(componentType: "VCARD", uid: uid),
            contact: try await contactWrite(for: card, in: book, name: name))
        try await checkQuota(adding: body.count, replacing: name, in: book)
        let condition = try await storePrecondition(precondition, collection: book, name: name)
        do {
            let result = try await store.putObject(
                write, collectionID: book.id, precondition: condition)
            if result.created { usage.adjust(ownerID: user.id, by: Int64(body.count)) }
            return WebDAV.PutResult(created: result.created, etag: result.object.etag)
        } catch {
            if error.code == .uidConflict, let uid,
                let other = try? await store.objectName(
                    collectionID: book.id, uid: uid, excluding: name)
            {
                throw CardDAVNamespace.uidConflict(
                    CadencePaths.addressBook(user.name, book.path).appending(other).href)
            }
            throw error.davError
        }
    }

    /// MKCOL in the address-book home (RFC 6352 §6.3.1, extended MKCOL RFC 5689): an address
    /// book directly in the home, with `displayname` and `addressbook-description`; other
    /// properties are kept as dead properties.
    func makeAddressBook(segments: [String], resourceTypes: [XMLName], properties: [XMLElement])
        async throws(DAVError) -> [XMLName: Int]?
    {
        guard segments.count == 1 else {
            throw CardDAVNamespace.locationNotOK(
                "address books are created directly in the address-book home")
        }
        guard resourceTypes == [.cardDAV.addressbook] else {
            if resourceTypes.contains(where: { $0 != .cardDAV.addressbook }) {
                return [.dav.resourceType: 403]
            }
            throw CardDAVNamespace.locationNotOK(
                "only address books (resourcetype CARDDAV:addressbook) live in this home")
        }
        var new = NewCollection(path: segments[0], kind: .addressBook)
        var dead: [DeadPropertyChange] = []
        for property in properties {
            switch property.name {
            case .dav.displayName: new.displayName = property.text
            case .cardDAV.addressbookDescription: new.calendarDescription = property.text
            case .cardDAV.supportedAddressData, .cardDAV.maxResourceSize, .dav.syncToken:
                return Dictionary(
                    properties.map { ($0.name, $0.name == property.name ? 403 : 424) },
                    uniquingKeysWith: min)
            default:
                dead.append(
                    .set(
                        namespace: property.name.namespace, name: property.name.name,
                        value: XMLWriter.fragment(property)))
            }
        }
        let record = try await storeCall { () async throws(StorageError) in
            try await store.createCollection(ownerID: user.id, new)
        }
        if !dead.isEmpty {
            do {
                try await store.updateDeadProperties(
                    ownerID: user.id, path: record.path, changes: dead)
            } catch {
                try? await store.deleteCollection(id: record.id)
                throw error.davError
            }
        }
        return nil
    }

    /// PROPPATCH of an address book: `displayname` and `addressbook-description` are live,
    /// computed properties are refused (403), the rest are dead properties.
    func patchAddressBook(_ record: CollectionRecord, operations: [PropertyUpdate.Operation])
        async throws(DAVError) -> [(XMLName, Int)]
    {
        let computed: Set<XMLName> = [
            .cardDAV.supportedAddressData, .cardDAV.maxResourceSize, .cardDAV.supportedCollationSet,
            .dav.syncToken, .dav.resourceType, .dav.getETag, .calendarServerCTag,
        ]
        var live: [CollectionPropertyChange] = []
        var dead: [DeadPropertyChange] = []
        var results: [(XMLName, Int)] = []
        for operation in operations {
            if computed.contains(operation.name) {
                results.append((operation.name, 403))
                continue
            }
            switch operation {
            case .set(let element) where element.name == .dav.displayName:
                live.append(.displayName(element.text))
            case .set(let element) where element.name == .cardDAV.addressbookDescription:
                live.append(.calendarDescription(element.text))
            case .remove(let name) where name == .dav.displayName: live.append(.displayName(nil))
            case .remove(let name) where name == .cardDAV.addressbookDescription:
                live.append(.calendarDescription(nil))
            case .set(let element):
                dead.append(
                    .set(
                        namespace: element.name.namespace, name: element.name.name,
                        value: XMLWriter.fragment(element)))
            case .remove(let name):
                dead.append(.remove(namespace: name.namespace, name: name.name))
            }
            results.append((operation.name, 200))
        }
        if results.contains(where: { $0.1 != 200 }) {
            return results.map { ($0.0, $0.1 == 200 ? 424 : $0.1) }
        }
        _ = try await storeCall { () async throws(StorageError) in
            try await store.updateCollection(id: record.id, changes: live, deadProperties: dead)
        }
        return results
    }

    // MARK: AddressBookBackend

    public func addressObjects(in book: any AddressBookCollectionResource) async throws(DAVError)
        -> [(resource: any AddressObjectResource, data: [UInt8])]
    {
        guard let record = (book as? StoredAddressBook)?.record else { return [] }
        let objects = try await storeCall { () async throws(StorageError) in
            try await store.objects(
                collectionID: record.id, componentType: "VCARD", start: nil, end: nil)
        }
        return objects.map {
            (
                StoredAddressObject(record: $0.metadata, collection: record, userName: user.name),
                $0.data ?? []
            )
        }
    }

    public func addressObjects(at paths: [DAVPath]) async throws(DAVError)
        -> [DAVPath: (resource: any AddressObjectResource, data: [UInt8])]
    {
        var byBook: [String: [(path: DAVPath, name: String)]] = [:]
        for path in paths {
            guard case .inAddressBookHome(user.name, let segments)? = CadencePaths.locate(path),
                segments.count == 2, !path.trailingSlash
            else { continue }
            byBook[segments[0], default: []].append((path, segments[1]))
        }
        var found: [DAVPath: (resource: any AddressObjectResource, data: [UInt8])] = [:]
        for (bookName, members) in byBook {
            guard let book = try await addressBook(named: bookName) else { continue }
            let objects = try await storeCall { () async throws(StorageError) in
                try await store.objects(collectionID: book.id, names: members.map(\.name))
            }
            var byName: [String: ObjectRecord] = [:]
            for object in objects { byName[object.name] = object }
            for member in members {
                guard let object = byName[member.name] else { continue }
                found[member.path] = (
                    StoredAddressObject(
                        record: object.metadata, collection: book, userName: user.name),
                    object.data ?? []
                )
            }
        }
        return found
    }
}
