import Storage
import Testing

extension StoreContract {
    /// The CardDAV checks (issue 10), part of `checks`: contacts written with their cards.
    static let cardChecks: [Check] = [
        Check(description: "cards: putObject writes and links the contact", run: cardContactPut),
        Check(description: "cards: deleting the card deletes the contact", run: cardDeletesContact),
        Check(description: "cards: deleting the contact deletes the card", run: contactDeletesCard),
        Check(description: "cards: contact write preconditions", run: cardContactPreconditions),
    ]

    /// An address book of `owner` named `path`.
    static func makeAddressBook(
        _ store: any CadenceStore, _ owner: UserRecord, _ path: String = "crm-contacts"
    ) async throws -> CollectionRecord {
        try await store.createCollection(
            ownerID: owner.id, NewCollection(path: path, kind: .addressBook))
    }

    /// A card write named `<uid>.vcf` carrying `contact`.
    static func cardWrite(_ uid: String, _ contact: Contact, ifRevision: Int64? = nil)
        -> ObjectWrite
    {
        let text =
            "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:\(uid)\r\nN:;\(contact.name);;;\r\nFN:\(contact.name)\r\nEND:VCARD\r\n"
        return ObjectWrite(
            name: "\(uid).vcf", data: Array(text.utf8), contentType: "text/vcard; charset=utf-8",
            index: ObjectIndex(componentType: "VCARD", uid: uid),
            contact: ContactWrite(contact, ifRevision: ifRevision))
    }

    static func cardContactPut(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let book = try await makeAddressBook(store, alice)
        let ann = contact("c-ann", alice, name: "Ann", emails: ["ann@example.com"])
        let first = try await store.putObject(
            cardWrite("u1", ann), collectionID: book.id, precondition: .ifNoneMatchAny)
        #expect(first.created)
        let stored = try #require(try await store.contact(ownerID: alice.id, id: "c-ann"))
        #expect(stored.revision == 1)
        #expect(stored.name == "Ann")
        #expect(stored.createdAt == now)
        #expect(
            try await store.contactCard(ownerID: alice.id, id: "c-ann")
                == ContactCard(collectionID: book.id, name: "u1.vcf"))
        #expect(try await store.contact(cardCollectionID: book.id, name: "u1.vcf")?.id == "c-ann")
        // The projection is found by its e-mail like any contact.
        let byEmail = try await store.contacts(
            ownerID: alice.id, emails: ["ANN@example.com"], phones: [])
        #expect(byEmail.map(\.id) == ["c-ann"])
        // A second write of the card updates the contact: one revision more, same creation.
        var renamed = ann
        renamed.name = "Ann Example"
        renamed.phones = [LabeledValue(label: "mobile", value: "+1 555 0100")]
        _ = try await store.putObject(
            cardWrite("u1", renamed), collectionID: book.id, precondition: .ifMatchAny)
        let updated = try #require(try await store.contact(ownerID: alice.id, id: "c-ann"))
        #expect(updated.revision == 2)
        #expect(updated.name == "Ann Example")
        #expect(updated.phones.map(\.value) == ["+1 555 0100"])
        let byPhone = try await store.contacts(ownerID: alice.id, emails: [], phones: ["15550100"])
        #expect(byPhone.map(\.id) == ["c-ann"])
        // A write without a contact leaves the link as it is; a contact of no card has none.
        var plain = cardWrite("u1", renamed)
        plain.contact = nil
        _ = try await store.putObject(plain, collectionID: book.id, precondition: .none)
        #expect(try await store.contact(cardCollectionID: book.id, name: "u1.vcf")?.id == "c-ann")
        _ = try await store.createContact(contact("c-bo", alice, name: "Bo"))
        #expect(try await store.contactCard(ownerID: alice.id, id: "c-bo") == nil)
        #expect(try await store.contact(cardCollectionID: book.id, name: "none.vcf") == nil)
    }

    static func cardDeletesContact(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let book = try await makeAddressBook(store, alice)
        _ = try await store.putObject(
            cardWrite("u1", contact("c-ann", alice, name: "Ann")), collectionID: book.id,
            precondition: .none)
        try await store.deleteObject(collectionID: book.id, name: "u1.vcf", ifMatch: nil)
        #expect(try await store.contact(ownerID: alice.id, id: "c-ann") == nil)
        #expect(try await store.contact(cardCollectionID: book.id, name: "u1.vcf") == nil)
    }

    static func contactDeletesCard(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let book = try await makeAddressBook(store, alice)
        _ = try await store.putObject(
            cardWrite("u1", contact("c-ann", alice, name: "Ann")), collectionID: book.id,
            precondition: .none)
        let before = try #require(try await store.collection(ownerID: alice.id, path: book.path))
        try await store.deleteContact(ownerID: alice.id, id: "c-ann", ifRevision: 1)
        #expect(try await store.object(collectionID: book.id, name: "u1.vcf") == nil)
        #expect(try await store.contact(ownerID: alice.id, id: "c-ann") == nil)
        // Clients learn of it by sync: one change-log row, one token more.
        let changes = try await store.changes(
            collectionID: book.id, since: before.syncToken, limit: nil)
        #expect(changes.changes.map(\.name) == ["u1.vcf"])
        #expect(changes.changes.map(\.kind) == [.deleted])
    }

    static func cardContactPreconditions(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let bob = try await makeUser(store, "bob")
        let book = try await makeAddressBook(store, alice)
        let bobBook = try await makeAddressBook(store, bob)
        _ = try await store.putObject(
            cardWrite("u1", contact("c-ann", alice, name: "Ann")), collectionID: book.id,
            precondition: .none)
        // At another revision: nothing written, neither the card nor the contact.
        await expectError(.preconditionFailed) { () async throws(StorageError) in
            try await store.putObject(
                cardWrite("u1", contact("c-ann", alice, name: "Changed"), ifRevision: 7),
                collectionID: book.id, precondition: .none)
        }
        #expect(try await store.contact(ownerID: alice.id, id: "c-ann")?.name == "Ann")
        let card = try #require(try await store.object(collectionID: book.id, name: "u1.vcf"))
        #expect(String(decoding: card.data ?? [], as: UTF8.self).contains("FN:Ann\r\n"))
        // Another user's contact id cannot be taken over.
        await expectError(.conflict) { () async throws(StorageError) in
            try await store.putObject(
                cardWrite("u9", contact("c-ann", bob, name: "Mine")), collectionID: bobBook.id,
                precondition: .none)
        }
        #expect(try await store.object(collectionID: bobBook.id, name: "u9.vcf") == nil)
        #expect(try await store.contact(ownerID: alice.id, id: "c-ann")?.name == "Ann")
    }
}
