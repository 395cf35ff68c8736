import CRM
import ICalendar
import Storage
import VCard

extension CRMService {
    /// Creates a contact for `owner` (id assigned here).
    ///
    /// `.invalid` with field errors for an empty name, an e-mail address without `@` or a phone
    /// number without digits.
    public func createContact(owner: UserRecord, _ contact: Contact) async throws(CRMServiceError)
        -> Contact
    {
        var new = contact
        new.id = CRMIdentifier.make()
        new.ownerID = owner.id
        try Self.validate(new)
        // The contact and its card in `crm-contacts` are written in one transaction.
        return try await storage { () async throws(StorageError) in
            guard let book = try await ContactCards.addressBook(store: store, ownerID: owner.id)
            else { return try await store.createContact(new) }
            _ = try await store.putObject(
                ContactCards.write(
                    for: new, existing: nil, name: nil, updatedAt: clock.now(), ifRevision: nil),
                collectionID: book.id, precondition: .ifNoneMatchAny)
            guard let stored = try await store.contact(ownerID: owner.id, id: new.id) else {
                throw StorageError(.notFound, "contact \(new.id) was deleted meanwhile")
            }
            return stored
        }
    }

    /// Saves a contact edited in the CRM together with its card: the stored card with only
    /// the mapped properties rewritten (CRM-MAPPING.md), under the card's ETag; a client's
    /// write in between makes it re-read and retry (at most three attempts). A contact without
    /// a card (from before CardDAV) gets one.
    func saveWithCard(_ contact: Contact, owner: UserRecord, ifRevision: Int64?)
        async throws(StorageError) -> Contact
    {
        for attempt in 1...3 {
            let link = try await store.contactCard(ownerID: owner.id, id: contact.id)
            var target = link
            var existing: ObjectRecord?
            if let link {
                existing = try await store.object(collectionID: link.collectionID, name: link.name)
            }
            if target == nil || existing == nil {
                guard
                    let book = try await ContactCards.addressBook(store: store, ownerID: owner.id)
                else { return try await store.updateContact(contact, ifRevision: ifRevision) }
                target = ContactCard(collectionID: book.id, name: "\(contact.id).vcf")
                existing = try await store.object(collectionID: book.id, name: "\(contact.id).vcf")
            }
            guard let target else { break }
            let card = existing.flatMap { object in
                try? VCard(parsing: String(decoding: object.data ?? [], as: UTF8.self))
            }
            do throws(StorageError) {
                _ = try await store.putObject(
                    ContactCards.write(
                        for: contact, existing: card, name: target.name, updatedAt: clock.now(),
                        ifRevision: ifRevision),
                    collectionID: target.collectionID,
                    precondition: existing.map { WritePrecondition.ifMatch($0.etag) }
                        ?? .ifNoneMatchAny)
                guard let stored = try await store.contact(ownerID: owner.id, id: contact.id) else {
                    throw StorageError(.notFound, "no contact \(contact.id)")
                }
                return stored
            } catch  where error.code == .preconditionFailed && attempt < 3 {
                // The card or the contact changed meanwhile: a stale revision fails again
                // below; a client's card write is merged on the next attempt.
                if let ifRevision,
                    try await store.contact(ownerID: owner.id, id: contact.id)?.revision
                        != ifRevision
                {
                    throw error
                }
                continue
            }
        }
        throw StorageError(.preconditionFailed, "the contact's card kept changing")
    }

    /// The owner's contact. `.notFound`.
    public func contact(owner: UserRecord, id: String) async throws(CRMServiceError) -> Contact {
        let found = try await storage { () async throws(StorageError) in
            try await store.contact(ownerID: owner.id, id: id)
        }
        guard let found else { throw CRMServiceError(.notFound, "no contact \(id)") }
        return found
    }

    /// Replaces a contact's fields (the caller merged its PATCH onto the current value), then
    /// patches the open/in-progress tasks linked to it. `.notFound`, `.preconditionFailed`,
    /// `.invalid`.
    ///
    /// Done and cancelled tasks keep the details they had (CRM-MAPPING.md, "CRM edits"). Each
    /// task is patched with its object's ETag as precondition; a client write in between makes
    /// the patch re-read and retry (at most three attempts); only a store failure while
    /// patching is reported, after the contact itself was saved.
    public func updateContact(owner: UserRecord, _ contact: Contact, ifRevision: Int64?)
        async throws(CRMServiceError) -> Contact
    {
        var changed = contact
        changed.ownerID = owner.id
        try Self.validate(changed)
        _ = try await self.contact(owner: owner, id: contact.id)
        let updated = try await storage { () async throws(StorageError) in
            try await saveWithCard(changed, owner: owner, ifRevision: ifRevision)
        }
        let linked = try await storage { () async throws(StorageError) in
            try await store.tasks(
                ownerID: owner.id, contactID: updated.id, statuses: [.open, .inProgress])
        }
        for task in linked {
            do throws(CRMServiceError) {
                try await patchContact(updated, into: task)
            } catch  where error.code != .storeFailure {
                // The contact is updated; a task whose object cannot take the new details
                // (a client made it invalid for the CRM meanwhile) keeps the old ones.
                continue
            }
        }
        return updated
    }

    /// Deletes a contact. `.notFound`, `.preconditionFailed`.
    public func deleteContact(owner: UserRecord, id: String, ifRevision: Int64?)
        async throws(CRMServiceError)
    {
        try await storage { () async throws(StorageError) in
            try await store.deleteContact(ownerID: owner.id, id: id, ifRevision: ifRevision)
        }
    }

    /// One page of the owner's contacts.
    public func contacts(owner: UserRecord, query: ContactQuery) async throws(CRMServiceError)
        -> Page<Contact>
    {
        try await storage { () async throws(StorageError) in
            try await store.contacts(ownerID: owner.id, query: query)
        }
    }

    /// Turns the task's `index`-th unmatched participant into a new contact and links the task
    /// to it. `.notFound`, `.preconditionFailed`, `.invalid` (no such participant).
    ///
    /// Nothing is created when the task cannot be linked: a failed link removes the contact.
    public func createContact(
        owner: UserRecord, fromParticipant index: Int, ofTask id: String, ifMatch: String?
    ) async throws(CRMServiceError) -> (contact: Contact, task: TaskRecord) {
        let task = try await self.task(owner: owner, id: id)
        try Self.check(ifMatch, against: task)
        let participants = task.fields.unmatchedParticipants
        guard participants.indices.contains(index) else {
            throw CRMServiceError(
                .invalid, "the task has no unmatched participant \(index)",
                fieldErrors: [.init(field: "participant", message: "no such participant")])
        }
        let participant = participants[index]
        let name = participant.name ?? participant.email ?? participant.phone ?? ""
        let contact = try await createContact(
            owner: owner,
            Contact(
                id: "", ownerID: owner.id, name: name,
                emails: participant.email.map { [LabeledValue(value: $0)] } ?? [],
                phones: participant.phone.map { [LabeledValue(value: $0)] } ?? []))
        var draft = TaskDraft(task.fields)
        draft.contactID = contact.id
        do {
            let linked = try await updateTask(
                owner: owner, id: id, draft, calendarPath: nil, ifMatch: ifMatch ?? task.etag)
            return (contact, linked)
        } catch {
            try? await store.deleteContact(ownerID: owner.id, id: contact.id, ifRevision: nil)
            throw error
        }
    }

    // MARK: Helpers

    /// Rewrites the contact details in one linked task's object, re-reading and retrying when a
    /// concurrent write changed it; stops when the task is gone, finished or linked elsewhere.
    func patchContact(_ contact: Contact, into task: TaskRecord) async throws(CRMServiceError) {
        var task = task
        for _ in 0..<3 {
            guard task.fields.status.isActive, task.fields.contactID == contact.id else { return }
            let object = try await storage { () async throws(StorageError) in
                try await store.object(collectionID: task.collectionID, name: task.objectName)
            }
            let collection = try await storage { () async throws(StorageError) in
                try await store.collection(id: task.collectionID)
            }
            guard let object, let data = object.data, let collection,
                var root = try? Component(parsing: data)
            else { return }
            guard TaskMapping.applyContact(contact, to: &root, now: clock.now()) else { return }
            do throws(CRMServiceError) {
                _ = try await write(
                    root, named: task.objectName, in: collection, taskID: task.id,
                    createdAt: task.createdAt, precondition: .ifMatch(object.etag))
                return
            } catch  where error.code == .preconditionFailed {
                let fresh = try await storage { () async throws(StorageError) in
                    try await store.task(ownerID: task.ownerID, id: task.id)
                }
                guard let fresh else { return }
                task = fresh
            }
        }
    }

    /// Field-level validation of a contact (`.invalid` listing every problem).
    static func validate(_ contact: Contact) throws(CRMServiceError) {
        var problems: [CRMServiceError.FieldError] = []
        if contact.name.allSatisfy(\.isWhitespace) {
            problems.append(.init(field: "name", message: "must not be empty"))
        }
        for (i, email) in contact.emails.enumerated() where !isEmailAddress(email.value) {
            problems.append(
                .init(field: "emails[\(i)].value", message: "is not an e-mail address"))
        }
        for (i, phone) in contact.phones.enumerated() where !isPhoneNumber(phone.value) {
            problems.append(.init(field: "phones[\(i)].value", message: "is not a phone number"))
        }
        for (i, tag) in contact.tags.enumerated() where tag.allSatisfy(\.isWhitespace) {
            problems.append(.init(field: "tags[\(i)]", message: "must not be empty"))
        }
        guard problems.isEmpty else {
            throw CRMServiceError(
                .invalid, "the contact is invalid: \(problems[0].field) \(problems[0].message)",
                fieldErrors: problems)
        }
    }

    /// `local@domain`: one `@` with text on both sides, no spaces or control characters.
    static func isEmailAddress(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard let at = bytes.firstIndex(of: UInt8(ascii: "@")), at > 0, at < bytes.count - 1,
            bytes.lastIndex(of: UInt8(ascii: "@")) == at
        else { return false }
        return !bytes.contains { $0 <= 0x20 || $0 == 0x7F }
    }

    /// Digits with the usual punctuation (`+`, spaces, `-`, `.`, `/`, parentheses), at least
    /// three digits, optionally an extension after `x` or `ext`.
    static func isPhoneNumber(_ value: String) -> Bool {
        var digits = 0
        var rest = Substring(value.lowercased())
        if let x = rest.firstIndex(of: "x") {
            var head = rest[..<x]
            var tail = rest[rest.index(after: x)...]
            if head.hasSuffix("e") && tail.hasPrefix("t") {
                head = head.dropLast()
                tail = tail.dropFirst()
            }
            tail = tail.drop { $0 == " " || $0 == "." }
            guard !tail.isEmpty, tail.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                return false
            }
            rest = head
        }
        for byte in rest.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: "+"), UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "/"), UInt8(ascii: "("), UInt8(ascii: ")"):
                continue
            default: return false
            }
        }
        return digits >= 3
    }
}
