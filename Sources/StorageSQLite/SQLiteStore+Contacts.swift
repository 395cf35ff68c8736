import GRDB
import Storage

extension SQLiteStore {
    /// See `ContactStore.createContact(_:)`.
    public func createContact(_ contact: Contact) async throws(StorageError) -> Contact {
        var stored = contact
        stored.revision = 1
        stored.createdAt = clock.now()
        stored.updatedAt = stored.createdAt
        let new = stored
        return try await write { db in
            try Self.requireUser(db, id: new.ownerID)
            if try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT 1 FROM contacts WHERE id = ?"), arguments: [new.id])
                != nil
            {
                throw StorageError(.conflict, "contact \(new.id) exists")
            }
            try Self.writeContact(db, new, inserting: true)
            return new
        }
    }

    /// See `ContactStore.contact(ownerID:id:)`.
    public func contact(ownerID: Int64, id: String) async throws(StorageError) -> Contact? {
        try await read { db in try Self.contact(db, ownerID: ownerID, id: id) }
    }

    static func contact(_ db: Database, ownerID: Int64, id: String) throws -> Contact? {
        try Row.fetchOne(
            db.cachedStatement(
                sql:
                    "SELECT \(SQLiteRows.contactColumns) FROM contacts WHERE id = ? AND owner_id = ?"
            ),
            arguments: [id, ownerID]
        ).map { row throws(StorageError) in try SQLiteRows.contact(row) }
    }

    /// The owner's contact, checked against `ifRevision`.
    static func existingContact(_ db: Database, ownerID: Int64, id: String, ifRevision: Int64?)
        throws -> Contact
    {
        guard let stored = try contact(db, ownerID: ownerID, id: id) else {
            throw StorageError(.notFound, "no contact \(id)")
        }
        if let ifRevision, ifRevision != stored.revision {
            throw StorageError(.preconditionFailed, "contact \(id) is at another revision")
        }
        return stored
    }

    /// Inserts or replaces a contact's row and its lookup keys (`email`, `phone`, `tag`).
    static func writeContact(_ db: Database, _ contact: Contact, inserting: Bool) throws {
        let arguments: StatementArguments = [
            contact.ownerID, contact.name, contact.company, contact.title,
            try SQLiteRows.json(contact.emails), try SQLiteRows.json(contact.phones),
            try contact.address.map { address throws(StorageError) in
                try SQLiteRows.json(address)
            },
            contact.notes, try SQLiteRows.json(contact.tags), CRMSearch.searchText(of: contact),
            contact.name.lowercased(), contact.company?.lowercased(), contact.createdAt,
            contact.updatedAt, contact.revision, contact.id,
        ]
        if inserting {
            try db.execute(
                sql: """
                    INSERT INTO contacts (owner_id, name, company, title, emails, phones, address,
                        notes, tags, search, name_key, company_key, created_at, updated_at,
                        revision, id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: arguments)
        } else {
            try db.execute(
                sql: """
                    UPDATE contacts SET owner_id = ?, name = ?, company = ?, title = ?, emails = ?,
                        phones = ?, address = ?, notes = ?, tags = ?, search = ?, name_key = ?,
                        company_key = ?, created_at = ?, updated_at = ?, revision = ?
                    WHERE id = ?
                    """,
                arguments: arguments)
            try db.execute(
                sql: "DELETE FROM contact_keys WHERE contact_id = ?", arguments: [contact.id])
        }
        var keys: [(String, String)] = []
        for email in Set(contact.emails.map { CRMSearch.emailKey($0.value) }) where !email.isEmpty {
            keys.append(("email", email))
        }
        for phone in Set(contact.phones.map { CRMSearch.phoneDigits($0.value) })
        where !phone.isEmpty {
            keys.append(("phone", phone))
        }
        for tag in Set(contact.tags.map(CRMSearch.tagKey)) where !tag.isEmpty {
            keys.append(("tag", tag))
        }
        let insert = try db.cachedStatement(
            sql: "INSERT INTO contact_keys (owner_id, contact_id, kind, key) VALUES (?, ?, ?, ?)")
        for (kind, key) in keys {
            try insert.execute(arguments: [contact.ownerID, contact.id, kind, key])
        }
    }

    /// See `ContactStore.updateContact(_:ifRevision:)`.
    public func updateContact(_ contact: Contact, ifRevision: Int64?) async throws(StorageError)
        -> Contact
    {
        let now = clock.now()
        return try await write { db in
            let stored = try Self.existingContact(
                db, ownerID: contact.ownerID, id: contact.id, ifRevision: ifRevision)
            var updated = contact
            updated.createdAt = stored.createdAt
            updated.revision = stored.revision + 1
            updated.updatedAt = now
            try Self.writeContact(db, updated, inserting: false)
            return updated
        }
    }

    /// See `ContactStore.deleteContact(ownerID:id:ifRevision:)`: linked tasks lose the link in
    /// the same transaction.
    public func deleteContact(ownerID: Int64, id: String, ifRevision: Int64?)
        async throws(StorageError)
    {
        let now = clock.now()
        try await write { db in
            _ = try Self.existingContact(db, ownerID: ownerID, id: id, ifRevision: ifRevision)
            if let card = try Self.contactCard(db, ownerID: ownerID, id: id),
                let collection = try Self.collection(db, id: card.collectionID),
                try Self.object(db, collectionID: card.collectionID, name: card.name) != nil
            {
                // Removing the card drops the contact with it.
                try Self.remove(db, name: card.name, from: collection, now: now)
            }
            try Self.dropContact(db, ownerID: ownerID, id: id)
        }
    }

    /// Deletes a contact row; tasks linked to it keep their text and lose the link.
    static func dropContact(_ db: Database, ownerID: Int64, id: String) throws {
        try db.execute(sql: "DELETE FROM contacts WHERE id = ?", arguments: [id])
        let linked = try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT id, fields FROM tasks WHERE owner_id = ? AND contact_id = ?"),
            arguments: [ownerID, id])
        for row in linked {
            var fields = try SQLiteRows.decode(TaskFields.self, json: row[1])
            fields.contactID = nil
            let taskID: String = row[0]
            try db.execute(
                sql: "UPDATE tasks SET contact_id = NULL, fields = ? WHERE id = ?",
                arguments: [try SQLiteRows.json(fields), taskID])
        }
    }

    /// See `ContactStore.contacts(ownerID:query:)`: keyset pagination over the owner's contacts.
    public func contacts(ownerID: Int64, query: ContactQuery) async throws(StorageError)
        -> Page<Contact>
    {
        let column =
            switch query.sort.field {
            case .name: "name_key"
            case .company: "company_key"
            case .createdAt: "created_at"
            case .updatedAt: "updated_at"
            }
        let keyset = SQLiteKeyset(column: column, idColumn: "id", descending: query.sort.descending)
        var sql = "SELECT \(SQLiteRows.contactColumns) FROM contacts WHERE owner_id = ?"
        var arguments: StatementArguments = [ownerID]
        if let (condition, bound) = SQLiteKeyset.containsAny(
            "search", CRMSearch.patterns(for: query.text ?? ""))
        {
            sql += " AND " + condition
            arguments += bound
        }
        if let tag = query.tag {
            sql += """
                 AND id IN (SELECT contact_id FROM contact_keys
                    WHERE owner_id = ? AND kind = 'tag' AND key = ?)
                """
            arguments += [ownerID, CRMSearch.tagKey(tag)]
        }
        let field = query.sort.field
        return try await keysetPage(
            sql: sql, arguments: arguments, keyset: keyset, cursor: query.cursor,
            limit: query.limit,
            decode: { row throws(StorageError) in try SQLiteRows.contact(row) },
            nextCursor: { CRMSearch.sortKey(of: $0, by: field).cursor })
    }

    /// See `ContactStore.contacts(ownerID:emails:phones:)`; served by `contact_keys_lookup`.
    public func contacts(ownerID: Int64, emails: [String], phones: [String])
        async throws(StorageError) -> [Contact]
    {
        let emailKeys = Set(emails.map(CRMSearch.emailKey).filter { !$0.isEmpty }).sorted()
        let phoneKeys = Set(phones.map(CRMSearch.phoneDigits).filter { !$0.isEmpty }).sorted()
        var alternatives: [String] = []
        var arguments: StatementArguments = [ownerID]
        if !emailKeys.isEmpty {
            alternatives.append("(kind = 'email' AND key IN (\(Self.marks(emailKeys.count))))")
            arguments += StatementArguments(emailKeys)
        }
        if !phoneKeys.isEmpty {
            alternatives.append("(kind = 'phone' AND key IN (\(Self.marks(phoneKeys.count))))")
            arguments += StatementArguments(phoneKeys)
        }
        guard !alternatives.isEmpty else { return [] }
        let statement = """
            SELECT \(SQLiteRows.contactColumns) FROM contacts WHERE id IN (
                SELECT contact_id FROM contact_keys
                WHERE owner_id = ? AND (\(alternatives.joined(separator: " OR "))))
            ORDER BY id
            """
        let bound = arguments
        return try await read { db in
            try Row.fetchAll(db, sql: statement, arguments: bound).map {
                row throws(StorageError) in try SQLiteRows.contact(row)
            }
        }
    }
}

extension SQLiteStore {
    /// See `ContactStore.contactCard(ownerID:id:)`.
    public func contactCard(ownerID: Int64, id: String) async throws(StorageError) -> ContactCard? {
        try await read { db in try Self.contactCard(db, ownerID: ownerID, id: id) }
    }

    static func contactCard(_ db: Database, ownerID: Int64, id: String) throws -> ContactCard? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT card_collection_id, card_name FROM contacts
                        WHERE id = ? AND owner_id = ? AND card_collection_id IS NOT NULL
                        """),
                arguments: [id, ownerID])
        else { return nil }
        return ContactCard(collectionID: row[0], name: row[1])
    }

    /// See `ContactStore.contact(cardCollectionID:name:)`.
    public func contact(cardCollectionID: Int64, name: String) async throws(StorageError)
        -> Contact?
    {
        try await read { db in
            try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT \(SQLiteRows.contactColumns) FROM contacts
                        WHERE card_collection_id = ? AND card_name = ?
                        """),
                arguments: [cardCollectionID, name]
            ).map { row throws(StorageError) in try SQLiteRows.contact(row) }
        }
    }

    /// Writes the contact of `ObjectWrite.contact` (see `ContactWrite`) and links it to the
    /// object, inside `putObject`'s transaction.
    static func writeCardContact(
        _ db: Database, _ write: ContactWrite, collection: CollectionRecord, name: String,
        now: Int64
    ) throws {
        var contact = write.contact
        contact.ownerID = collection.ownerID
        let storedOwner = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT owner_id FROM contacts WHERE id = ?"),
            arguments: [contact.id])
        if let storedOwner {
            guard storedOwner == collection.ownerID else {
                throw StorageError(.conflict, "contact \(contact.id) belongs to another user")
            }
            let stored = try existingContact(
                db, ownerID: collection.ownerID, id: contact.id, ifRevision: write.ifRevision)
            contact.createdAt = stored.createdAt
            contact.revision = stored.revision + 1
        } else {
            if write.ifRevision != nil { throw StorageError(.notFound, "no contact \(contact.id)") }
            contact.createdAt = now
            contact.revision = 1
        }
        contact.updatedAt = now
        try writeContact(db, contact, inserting: storedOwner == nil)
        try db.execute(
            sql: """
                UPDATE contacts SET card_collection_id = NULL, card_name = NULL
                WHERE card_collection_id = ? AND card_name = ? AND id <> ?
                """,
            arguments: [collection.id, name, contact.id])
        try db.execute(
            sql: "UPDATE contacts SET card_collection_id = ?, card_name = ? WHERE id = ?",
            arguments: [collection.id, name, contact.id])
    }
}
