import CRM

// MARK: ContactStore

extension InMemoryStore {
    /// See `ContactStore.createContact(_:)`.
    public func createContact(_ contact: Contact) throws(StorageError) -> Contact {
        guard user(id: contact.ownerID) != nil else {
            throw StorageError(.notFound, "no user \(contact.ownerID)")
        }
        guard contactsByID[contact.id] == nil else {
            throw StorageError(.conflict, "contact \(contact.id) exists")
        }
        var stored = contact
        stored.revision = 1
        stored.createdAt = clock.now()
        stored.updatedAt = stored.createdAt
        contactsByID[stored.id] = stored
        return stored
    }

    /// See `ContactStore.contact(ownerID:id:)`.
    public func contact(ownerID: Int64, id: String) -> Contact? {
        contactsByID[id].flatMap { $0.ownerID == ownerID ? $0 : nil }
    }

    /// The owner's contact, checked against `ifRevision`.
    private func existingContact(ownerID: Int64, id: String, ifRevision: Int64?)
        throws(StorageError) -> Contact
    {
        guard let stored = contact(ownerID: ownerID, id: id) else {
            throw StorageError(.notFound, "no contact \(id)")
        }
        if let ifRevision, ifRevision != stored.revision {
            throw StorageError(.preconditionFailed, "contact \(id) is at another revision")
        }
        return stored
    }

    /// See `ContactStore.updateContact(_:ifRevision:)`.
    public func updateContact(_ contact: Contact, ifRevision: Int64?) throws(StorageError)
        -> Contact
    {
        let stored = try existingContact(
            ownerID: contact.ownerID, id: contact.id, ifRevision: ifRevision)
        var updated = contact
        updated.createdAt = stored.createdAt
        updated.revision = stored.revision + 1
        updated.updatedAt = clock.now()
        contactsByID[updated.id] = updated
        return updated
    }

    /// See `ContactStore.deleteContact(ownerID:id:ifRevision:)`.
    public func deleteContact(ownerID: Int64, id: String, ifRevision: Int64?)
        throws(StorageError)
    {
        _ = try existingContact(ownerID: ownerID, id: id, ifRevision: ifRevision)
        if let card = contactCard(ownerID: ownerID, id: id),
            let collection = collectionsByID[card.collectionID]
        {
            remove(card.name, from: collection)
        }
        dropContact(id)
    }

    /// Removes a contact; its tasks lose the link.
    func dropContact(_ id: String) {
        guard let contact = contactsByID.removeValue(forKey: id) else { return }
        for (collectionID, cards) in contactIDsByCard {
            for (name, contactID) in cards where contactID == id {
                contactIDsByCard[collectionID]?[name] = nil
            }
        }
        for (taskID, task) in tasksByID
        where task.ownerID == contact.ownerID && task.fields.contactID == id {
            tasksByID[taskID]?.fields.contactID = nil
        }
    }

    /// See `ContactStore.contactCard(ownerID:id:)`.
    public func contactCard(ownerID: Int64, id: String) -> ContactCard? {
        guard contact(ownerID: ownerID, id: id) != nil else { return nil }
        for (collectionID, cards) in contactIDsByCard {
            if let name = cards.first(where: { $0.value == id })?.key {
                return ContactCard(collectionID: collectionID, name: name)
            }
        }
        return nil
    }

    /// See `ContactStore.contact(cardCollectionID:name:)`.
    public func contact(cardCollectionID: Int64, name: String) -> Contact? {
        contactIDsByCard[cardCollectionID]?[name].flatMap { contactsByID[$0] }
    }

    /// See `ContactStore.contacts(ownerID:query:)`.
    public func contacts(ownerID: Int64, query: ContactQuery) throws(StorageError)
        -> Page<Contact>
    {
        let after = try query.cursor.map { cursor throws(StorageError) in
            try SortKey(cursor: cursor)
        }
        let patterns = CRMSearch.patterns(for: query.text ?? "")
        let tag = query.tag.map(CRMSearch.tagKey)
        let matching = contactsByID.values.filter { contact in
            guard contact.ownerID == ownerID else { return false }
            if let tag, !contact.tags.contains(where: { CRMSearch.tagKey($0) == tag }) {
                return false
            }
            if !patterns.isEmpty {
                let text = CRMSearch.searchText(of: contact)
                guard patterns.contains(where: { CRMSearch.contains(text, $0) }) else {
                    return false
                }
            }
            return true
        }
        return Self.page(
            matching, key: { CRMSearch.sortKey(of: $0, by: query.sort.field) },
            descending: query.sort.descending, after: after, limit: query.limit)
    }

    /// One page of `items` in the order of `key`, starting after `after`.
    private static func page<Item: Sendable & Hashable>(
        _ items: [Item], key: (Item) -> SortKey, descending: Bool, after: SortKey?, limit: Int
    ) -> Page<Item> {
        let limit = CRMSearch.clampedLimit(limit)
        var keyed = items.map { (key: key($0), item: $0) }
        if let after {
            keyed = keyed.filter { after.precedes($0.key, descending: descending) }
        }
        keyed.sort { $0.key.precedes($1.key, descending: descending) }
        guard keyed.count > limit else { return Page(items: keyed.map(\.item), nextCursor: nil) }
        let cut = keyed.prefix(limit)
        return Page(items: cut.map(\.item), nextCursor: cut.last?.key.cursor)
    }

    /// See `ContactStore.contacts(ownerID:emails:phones:)`.
    public func contacts(ownerID: Int64, emails: [String], phones: [String]) -> [Contact] {
        let emailKeys = Set(emails.map(CRMSearch.emailKey).filter { !$0.isEmpty })
        let phoneKeys = Set(phones.map(CRMSearch.phoneDigits).filter { !$0.isEmpty })
        return contactsByID.values.filter { contact in
            contact.ownerID == ownerID
                && (contact.emails.contains { emailKeys.contains(CRMSearch.emailKey($0.value)) }
                    || contact.phones.contains {
                        phoneKeys.contains(CRMSearch.phoneDigits($0.value))
                    })
        }.sorted { Array($0.id.utf8).lexicographicallyPrecedes(Array($1.id.utf8)) }
    }
}

// MARK: TaskStore

extension InMemoryStore {
    /// See `TaskStore.task(ownerID:id:)`.
    public func task(ownerID: Int64, id: String) -> TaskRecord? {
        tasksByID[id].flatMap { $0.ownerID == ownerID ? $0 : nil }
    }

    /// See `TaskStore.task(collectionID:objectName:)`.
    public func task(collectionID: Int64, objectName: String) -> TaskRecord? {
        taskIDsByObject[collectionID]?[objectName].flatMap { tasksByID[$0] }
    }

    /// See `TaskStore.tasks(ownerID:query:)`.
    public func tasks(ownerID: Int64, query: TaskQuery) throws(StorageError) -> Page<TaskRecord> {
        let after = try query.cursor.map { cursor throws(StorageError) in
            try SortKey(cursor: cursor)
        }
        let patterns = CRMSearch.patterns(for: query.text ?? "")
        let matching = tasksByID.values.filter { task in
            let fields = task.fields
            guard task.ownerID == ownerID else { return false }
            if !query.types.isEmpty, !query.types.contains(fields.type) { return false }
            if !query.statuses.isEmpty, !query.statuses.contains(fields.status) { return false }
            if query.dueFrom != nil || query.dueBefore != nil {
                guard let when = fields.due ?? fields.start else { return false }
                if let from = query.dueFrom, when < from { return false }
                if let before = query.dueBefore, when >= before { return false }
            }
            if let contactID = query.contactID, fields.contactID != contactID { return false }
            if let assignee = query.assignee, fields.assignee != assignee { return false }
            if let collectionID = query.collectionID, task.collectionID != collectionID {
                return false
            }
            if !patterns.isEmpty {
                let text = CRMSearch.searchText(of: fields)
                guard patterns.contains(where: { CRMSearch.contains(text, $0) }) else {
                    return false
                }
            }
            return true
        }
        return Self.page(
            matching, key: { CRMSearch.sortKey(of: $0, by: query.sort.field) },
            descending: query.sort.descending, after: after, limit: query.limit)
    }

    /// See `TaskStore.tasks(ownerID:contactID:statuses:)`.
    public func tasks(ownerID: Int64, contactID: String, statuses: Set<TaskStatus>)
        -> [TaskRecord]
    {
        tasksByID.values.filter {
            $0.ownerID == ownerID && $0.fields.contactID == contactID
                && (statuses.isEmpty || statuses.contains($0.fields.status))
        }.sorted { Array($0.id.utf8).lexicographicallyPrecedes(Array($1.id.utf8)) }
    }
}

// MARK: TrashStore

extension InMemoryStore {
    /// See `TrashStore.trash(ownerID:)`.
    public func trash(ownerID: Int64) -> [TrashRecord] {
        trashByID.values.filter { $0.ownerID == ownerID }.sorted {
            ($0.deletedAt, $0.id) > ($1.deletedAt, $1.id)
        }
    }

    /// See `TrashStore.trashEntry(ownerID:id:)`.
    public func trashEntry(ownerID: Int64, id: Int64) -> TrashRecord? {
        trashByID[id].flatMap { $0.ownerID == ownerID ? $0 : nil }
    }

    /// See `TrashStore.restoreTrashEntry(ownerID:id:into:)`.
    public func restoreTrashEntry(ownerID: Int64, id: Int64, into collectionID: Int64?)
        throws(StorageError) -> PutResult
    {
        guard let entry = trashEntry(ownerID: ownerID, id: id) else {
            throw StorageError(.notFound, "no trash entry \(id)")
        }
        let targetID = collectionID ?? entry.collectionID
        guard let target = collection(id: targetID), target.ownerID == ownerID else {
            throw StorageError(.notFound, "no calendar \(targetID)")
        }
        guard object(collectionID: target.id, name: entry.name) == nil else {
            throw StorageError(.conflict, "\(entry.name) exists in \(target.path)")
        }
        let result = try store(
            entry.data, name: entry.name, contentType: entry.contentType, index: entry.index,
            in: target, task: entry.task)
        trashByID[id] = nil
        return result
    }

    /// See `TrashStore.purgeTrash(deletedBefore:)`.
    public func purgeTrash(deletedBefore cutoff: Int64) -> Int {
        let before = trashByID.count
        trashByID = trashByID.filter { $0.value.deletedAt >= cutoff }
        return before - trashByID.count
    }
}

// MARK: RoutingStore

extension InMemoryStore {
    /// See `RoutingStore.routes(ownerID:)`.
    public func routes(ownerID: Int64) -> [TaskRoute] {
        (routesByOwner[ownerID] ?? [:]).map { TaskRoute(type: $0.key, collectionID: $0.value) }
            .sorted { $0.type.rawValue < $1.type.rawValue }
    }

    /// See `RoutingStore.setRoute(ownerID:type:collectionID:)`.
    public func setRoute(ownerID: Int64, type: TaskType, collectionID: Int64?)
        throws(StorageError)
    {
        guard let collectionID else {
            routesByOwner[ownerID]?[type] = nil
            return
        }
        guard let target = collection(id: collectionID), target.ownerID == ownerID else {
            throw StorageError(.notFound, "no calendar \(collectionID) of user \(ownerID)")
        }
        guard target.kind == .calendar else {
            throw StorageError(.invalidName, "\(target.path) is not a calendar")
        }
        routesByOwner[ownerID, default: [:]][type] = collectionID
    }
}
