import CRM
import Storage
import VCard

/// The address book `crm-contacts` and the cards of CRM contacts in it (CRM-MAPPING.md,
/// "Contact → vCard"): shared by the CardDAV backend and the CRM service, so both create the
/// book the same way and give contacts from before CardDAV their cards.
enum ContactCards {
    /// The owner's `crm-contacts`, created (with a card for every contact that has none) when
    /// missing; `nil` when a calendar holds the name.
    static func addressBook(store: any CadenceStore, ownerID: Int64) async throws(StorageError)
        -> CollectionRecord?
    {
        if let found = try await store.collection(
            ownerID: ownerID, path: CadencePaths.defaultAddressBook)
        {
            return found.kind == .addressBook ? found : nil
        }
        let book: CollectionRecord
        do {
            book = try await store.createCollection(
                ownerID: ownerID,
                NewCollection(
                    path: CadencePaths.defaultAddressBook, kind: .addressBook,
                    displayName: CadencePaths.defaultAddressBookName))
        } catch {
            // Created by a concurrent request meanwhile.
            let again = try await store.collection(
                ownerID: ownerID, path: CadencePaths.defaultAddressBook)
            return again?.kind == .addressBook ? again : nil
        }
        try await backfill(store: store, ownerID: ownerID, into: book)
        return book
    }

    /// Writes a card for each of the owner's contacts that has none (bounded: 10,000 pages).
    static func backfill(store: any CadenceStore, ownerID: Int64, into book: CollectionRecord)
        async throws(StorageError)
    {
        var cursor: String?
        for _ in 0..<10_000 {
            let page = try await store.contacts(
                ownerID: ownerID, query: ContactQuery(cursor: cursor, limit: 200))
            for contact in page.items {
                guard try await store.contactCard(ownerID: ownerID, id: contact.id) == nil else {
                    continue
                }
                do {
                    _ = try await store.putObject(
                        write(
                            for: contact, existing: nil, name: nil, updatedAt: contact.updatedAt,
                            ifRevision: contact.revision),
                        collectionID: book.id, precondition: .ifNoneMatchAny)
                } catch  where error.code == .preconditionFailed || error.code == .uidConflict {
                    continue  // Edited or given a card meanwhile.
                }
            }
            guard let next = page.nextCursor else { return }
            cursor = next
        }
    }

    /// The object write of a contact's card: `existing` patched (only the mapped properties),
    /// or a new card named `<id>.vcf` whose UID is the contact's id.
    static func write(
        for contact: Contact, existing: VCard?, name: String?, updatedAt: Int64,
        ifRevision: Int64?
    ) -> ObjectWrite {
        let card = ContactMapping.card(for: contact, patching: existing, updatedAt: updatedAt)
        return ObjectWrite(
            name: name ?? "\(contact.id).vcf", data: Array(card.serialized().utf8),
            contentType: "text/vcard; charset=utf-8",
            index: ObjectIndex(componentType: "VCARD", uid: card.uid ?? contact.id),
            contact: ContactWrite(contact, ifRevision: ifRevision))
    }
}
