import Storage
import Testing

extension StoreContract {
    /// The CRM checks, part of `checks`.
    static let crmChecks: [Check] = [
        Check(description: "crm: contact CRUD and revisions", run: contactLifecycle),
        Check(description: "crm: contact search, tags and lookup", run: contactSearch),
        Check(description: "crm: contact paging in every order", run: contactPaging),
        Check(description: "crm: task projection written by putObject", run: taskProjection),
        Check(description: "crm: updates of single indexed task fields", run: taskColumnUpdates),
        Check(description: "crm: tasks across move and copy", run: taskTransfer),
        Check(description: "crm: delete to trash, restore, purge", run: taskTrash),
        Check(description: "crm: task listing filters", run: taskFilters),
        Check(description: "crm: task paging in every order", run: taskPaging),
        Check(description: "crm: deleting a contact unlinks its tasks", run: contactUnlink),
        Check(description: "crm: routes", run: taskRoutes),
        Check(description: "crm: collection and user deletion", run: crmDeletion),
        Check(description: "crm: default task type, admin, API tokens", run: crmRecordFields),
    ]

    // MARK: Helpers

    /// A contact of `owner` with `id`.
    static func contact(
        _ id: String, _ owner: UserRecord, name: String, company: String? = nil,
        emails: [String] = [], phones: [String] = [], tags: [String] = []
    ) -> Contact {
        Contact(
            id: id, ownerID: owner.id, name: name, company: company,
            emails: emails.map { LabeledValue(value: $0) },
            phones: phones.map { LabeledValue(label: "work", value: $0) }, tags: tags)
    }

    /// Task fields titled `title` for the object with `uid`.
    static func taskFields(
        _ title: String, uid: String, type: TaskType = .call, status: TaskStatus = .open,
        notes: String? = nil, start: Int64? = nil, due: Int64? = nil, contactID: String? = nil,
        assignee: String? = nil
    ) -> TaskFields {
        TaskFields(
            type: type, title: title, notes: notes, status: status, start: start, due: due,
            contactID: contactID, assignee: assignee,
            componentType: due == nil ? "VEVENT" : "VTODO", uid: uid)
    }

    /// A calendar object write named `<uid>.ics` carrying a task.
    static func taskWrite(_ uid: String, taskID: String, fields: TaskFields) -> ObjectWrite {
        var write = eventWrite("\(uid).ics", uid: uid, summary: fields.title)
        write.task = TaskWrite(proposedID: taskID, fields: fields)
        return write
    }

    /// Every page of a listing, following the cursors; fails after 100 pages.
    static func allPages<Item: Sendable & Hashable>(
        _ fetch: (String?) async throws -> Page<Item>
    ) async throws -> [Item] {
        var items: [Item] = []
        var cursor: String?
        for _ in 0..<100 {
            let page = try await fetch(cursor)
            items += page.items
            guard let next = page.nextCursor else { return items }
            #expect(!page.items.isEmpty)
            cursor = next
        }
        Issue.record("paging did not end")
        return items
    }

    /// The expected order of a listing: by value with `nil` last, then by id, both in the
    /// direction asked.
    static func expectedOrder<Value: Comparable>(
        _ items: [(id: String, value: Value?)], descending: Bool
    ) -> [String] {
        items.sorted { lhs, rhs in
            switch (lhs.value, rhs.value) {
            case (nil, .some): return false
            case (.some, nil): return true
            case (.some(let left), .some(let right)) where left != right:
                return descending ? left > right : left < right
            default: return descending ? lhs.id > rhs.id : lhs.id < rhs.id
            }
        }.map(\.id)
    }

    // MARK: Contacts

    @Sendable static func contactLifecycle(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let bob = try await makeUser(store, "bob")
        var draft = contact(
            "c1", alice, name: "Ann Smith", company: "Acme", emails: ["ann@acme.test"],
            phones: ["+1 555 0101"], tags: ["lead"])
        draft.title = "CTO"
        draft.notes = "met at the fair"
        draft.address = PostalAddress(street: "1 Main St", locality: "Springfield")
        draft.revision = 7
        draft.createdAt = 5
        let created = try await store.createContact(draft)
        var expected = draft
        expected.revision = 1
        expected.createdAt = now
        expected.updatedAt = now
        #expect(created == expected)
        #expect(try await store.contact(ownerID: alice.id, id: "c1") == expected)
        #expect(try await store.contact(ownerID: bob.id, id: "c1") == nil)
        #expect(try await store.contact(ownerID: alice.id, id: "c2") == nil)
        await expectError(.conflict) { () async throws(StorageError) in
            try await store.createContact(contact("c1", bob, name: "Other"))
        }
        await expectError(.notFound) { () async throws(StorageError) in
            var orphan = contact("c9", alice, name: "Nobody")
            orphan.ownerID = 424_242
            return try await store.createContact(orphan)
        }

        var edit = created
        edit.name = "Ann Jones"
        edit.emails = [LabeledValue(label: "home", value: "ann@home.test")]
        edit.createdAt = 1
        edit.revision = 99
        let updated = try await store.updateContact(edit, ifRevision: nil)
        #expect(updated.revision == 2)
        #expect(updated.createdAt == now)
        #expect(updated.name == "Ann Jones")
        #expect(updated.emails == [LabeledValue(label: "home", value: "ann@home.test")])
        #expect(try await store.contact(ownerID: alice.id, id: "c1") == updated)
        await expectError(.preconditionFailed) { () async throws(StorageError) in
            try await store.updateContact(edit, ifRevision: 1)
        }
        let third = try await store.updateContact(edit, ifRevision: 2)
        #expect(third.revision == 3)
        var foreign = edit
        foreign.ownerID = bob.id
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.updateContact(foreign, ifRevision: nil)
        }
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.updateContact(contact("c2", alice, name: "X"), ifRevision: nil)
        }
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.deleteContact(ownerID: bob.id, id: "c1", ifRevision: nil)
        }
        await expectError(.preconditionFailed) { () async throws(StorageError) in
            try await store.deleteContact(ownerID: alice.id, id: "c1", ifRevision: 2)
        }
        #expect(try await store.contact(ownerID: alice.id, id: "c1") == third)
        try await store.deleteContact(ownerID: alice.id, id: "c1", ifRevision: 3)
        #expect(try await store.contact(ownerID: alice.id, id: "c1") == nil)
        #expect(
            try await store.contacts(ownerID: alice.id, emails: ["ann@home.test"], phones: []) == []
        )
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.deleteContact(ownerID: alice.id, id: "c1", ifRevision: nil)
        }
    }

    @Sendable static func contactSearch(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let bob = try await makeUser(store, "bob")
        for item in [
            contact(
                "a", alice, name: "Ann Smith", company: "Acme Corp", emails: ["Ann@Acme.test"],
                phones: ["+1 (555) 010-1234"], tags: ["Lead", "vip"]),
            contact(
                "b", alice, name: "Bert Brown", company: "Globex", emails: ["bert@globex.test"],
                phones: ["555 0199"], tags: ["customer"]),
            contact("c", alice, name: "Cleo 100% Real", emails: ["cleo_x@mail.test"]),
            contact("d", alice, name: "Dan", tags: ["lead"]),
            contact(
                "e", bob, name: "Ann Other", company: "Acme", emails: ["ann@acme.test"],
                phones: ["+1 555 010 1234"], tags: ["lead"]),
        ] {
            _ = try await store.createContact(item)
        }
        func search(_ text: String?, tag: String? = nil) async throws -> [String] {
            try await store.contacts(
                ownerID: alice.id, query: ContactQuery(text: text, tag: tag, limit: 500)
            ).items.map(\.id)
        }
        #expect(try await search(nil) == ["a", "b", "c", "d"])
        #expect(try await search("") == ["a", "b", "c", "d"])
        #expect(try await search("ann") == ["a"])
        #expect(try await search("  SMITH ") == ["a"])
        #expect(try await search("acme") == ["a"])
        #expect(try await search("globex.test") == ["b"])
        #expect(try await search("ann@acme") == ["a"])
        #expect(try await search("555-0101") == ["a"])
        #expect(try await search("(555) 01") == ["a", "b"])
        #expect(try await search("0199") == ["b"])
        #expect(try await search("100%") == ["c"])
        #expect(try await search("%") == ["c"])
        #expect(try await search("o_x") == ["c"])
        #expect(try await search("_") == ["c"])
        #expect(try await search("zzz") == [])
        #expect(try await search(nil, tag: "LEAD") == ["a", "d"])
        #expect(try await search(nil, tag: "vip") == ["a"])
        #expect(try await search("dan", tag: "lead") == ["d"])
        #expect(try await search(nil, tag: "nobody") == [])

        func lookup(_ emails: [String], _ phones: [String]) async throws -> [String] {
            try await store.contacts(ownerID: alice.id, emails: emails, phones: phones).map(\.id)
        }
        #expect(try await lookup(["ANN@acme.TEST"], []) == ["a"])
        #expect(try await lookup([], ["15550101234"]) == ["a"])
        #expect(try await lookup([], ["+1-555-010-1234", "5550199"]) == ["a", "b"])
        #expect(try await lookup(["bert@globex.test"], ["+1 555 010 1234"]) == ["a", "b"])
        #expect(try await lookup(["nobody@x.test"], ["999"]) == [])
        #expect(try await lookup([], []) == [])
        #expect(
            try await store.contacts(ownerID: bob.id, emails: ["ann@acme.test"], phones: [])
                .map(\.id) == ["e"])
    }

    @Sendable static func contactPaging(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        var all: [Contact] = []
        for index in 0..<120 {
            let id = "c" + String(1000 + (index * 37) % 120)
            let name = ["Zoe", "adam", "Mia", "bob", "Éva"][index % 5] + " \(index % 7)"
            let company = index % 4 == 0 ? nil : ["Initech", "acme", "Globex"][index % 3]
            all.append(
                try await store.createContact(contact(id, alice, name: name, company: company)))
        }
        for field in ContactQuery.Field.allCases {
            for descending in [false, true] {
                let listed = try await allPages { cursor in
                    try await store.contacts(
                        ownerID: alice.id,
                        query: ContactQuery(
                            sort: SortOrder(field, descending: descending), cursor: cursor,
                            limit: 7))
                }.map(\.id)
                let expected: [String] =
                    switch field {
                    case .name:
                        expectedOrder(
                            all.map { ($0.id, $0.name.lowercased()) },
                            descending: descending)
                    case .company:
                        expectedOrder(
                            all.map { ($0.id, $0.company?.lowercased()) },
                            descending: descending)
                    case .createdAt:
                        expectedOrder(all.map { ($0.id, $0.createdAt) }, descending: descending)
                    case .updatedAt:
                        expectedOrder(all.map { ($0.id, $0.updatedAt) }, descending: descending)
                    }
                #expect(listed.count == 120, "\(field) \(descending)")
                #expect(Set(listed).count == 120, "\(field) \(descending)")
                #expect(listed == expected, "\(field) \(descending)")
            }
        }
        let first = try await store.contacts(
            ownerID: alice.id, query: ContactQuery(sort: SortOrder(.name), limit: 0))
        #expect(first.items.count == 1)
        #expect(first.nextCursor != nil)
        let big = try await store.contacts(ownerID: alice.id, query: ContactQuery(limit: 10_000))
        #expect(big.items.count == 120)
        #expect(big.nextCursor == nil)
        await expectError(.invalidName) { () async throws(StorageError) in
            try await store.contacts(ownerID: alice.id, query: ContactQuery(cursor: "not a cursor"))
        }
    }

    // MARK: Tasks

    @Sendable static func taskProjection(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let bob = try await makeUser(store, "bob")
        let calendar = try await makeCalendar(store, alice)
        let fields = taskFields("Call Ann", uid: "u1", due: 1_700_100_000)
        let put = try await store.putObject(
            taskWrite("u1", taskID: "t1", fields: fields), collectionID: calendar.id,
            precondition: .ifNoneMatchAny)
        let expected = TaskRecord(
            id: "t1", ownerID: alice.id, collectionID: calendar.id, objectName: "u1.ics",
            etag: put.object.etag, fields: fields, createdAt: now, updatedAt: now)
        #expect(try await store.task(collectionID: calendar.id, objectName: "u1.ics") == expected)
        #expect(try await store.task(ownerID: alice.id, id: "t1") == expected)
        #expect(put.taskID == "t1")
        #expect(try await store.task(ownerID: bob.id, id: "t1") == nil)
        #expect(try await store.collection(id: calendar.id)?.syncToken == 1)

        var changed = fields
        changed.title = "Call Ann again"
        changed.status = .inProgress
        let update = try await store.putObject(
            taskWrite("u1", taskID: "ignored", fields: changed), collectionID: calendar.id,
            precondition: .ifMatch(put.object.etag))
        #expect(update.object.etag != put.object.etag)
        let updated = try #require(try await store.task(ownerID: alice.id, id: "t1"))
        #expect(updated.fields == changed)
        #expect(updated.etag == update.object.etag)
        #expect(try await store.task(ownerID: alice.id, id: "ignored") == nil)
        #expect(try await store.collection(id: calendar.id)?.syncToken == 2)
        // The result names the task the object has after the write: the kept id.
        #expect(update.taskID == "t1")

        let plain = try await store.putObject(
            eventWrite("u1.ics", uid: "u1"), collectionID: calendar.id, precondition: .none)
        #expect(plain.taskID == nil)
        #expect(try await store.task(ownerID: alice.id, id: "t1") == nil)
        #expect(try await store.task(collectionID: calendar.id, objectName: "u1.ics") == nil)
        #expect(try await store.collection(id: calendar.id)?.syncToken == 3)

        _ = try await store.putObject(
            taskWrite("u1", taskID: "t2", fields: fields), collectionID: calendar.id,
            precondition: .none)
        #expect(try await store.task(collectionID: calendar.id, objectName: "u1.ics")?.id == "t2")
        // A proposed id that another object's task holds is replaced by a fresh one.
        let second = try await store.putObject(
            taskWrite("u2", taskID: "t2", fields: taskFields("Other", uid: "u2")),
            collectionID: calendar.id, precondition: .none)
        let other = try #require(
            try await store.task(collectionID: calendar.id, objectName: "u2.ics"))
        #expect(other.id != "t2")
        #expect(second.taskID == other.id)
        #expect(other.fields.title == "Other")
        #expect(try await store.task(ownerID: alice.id, id: "t2")?.objectName == "u1.ics")
        // A failed write leaves the task as it was.
        await expectError(.preconditionFailed) { () async throws(StorageError) in
            try await store.putObject(
                taskWrite("u1", taskID: "t3", fields: changed), collectionID: calendar.id,
                precondition: .ifNoneMatchAny)
        }
        #expect(try await store.task(ownerID: alice.id, id: "t2")?.fields == fields)
    }

    /// An update of a task's object that changes one indexed field (status, due, contact)
    /// stores it and only it: the task reads back whole, and the listings filtered by each
    /// field find it under its new value only.
    @Sendable static func taskColumnUpdates(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let calendar = try await makeCalendar(store, alice)
        _ = try await store.createContact(contact("c1", alice, name: "Ann"))
        _ = try await store.createContact(contact("c2", alice, name: "Bob"))
        var fields = taskFields("Call Ann", uid: "u1", due: 1_000, contactID: "c1")
        func put(_ fields: TaskFields) async throws {
            let put = try await store.putObject(
                taskWrite("u1", taskID: "t1", fields: fields), collectionID: calendar.id,
                precondition: .none)
            #expect(put.taskID == "t1")
            #expect(try await store.task(ownerID: alice.id, id: "t1")?.fields == fields)
        }
        func listed(_ query: TaskQuery) async throws -> [String] {
            try await store.tasks(ownerID: alice.id, query: query).items.map(\.id)
        }
        try await put(fields)
        fields.status = .done
        try await put(fields)
        #expect(try await listed(TaskQuery(statuses: [.open])) == [])
        #expect(try await listed(TaskQuery(statuses: [.done])) == ["t1"])
        fields.due = 5_000
        try await put(fields)
        #expect(try await listed(TaskQuery(dueFrom: 0, dueBefore: 2_000)) == [])
        #expect(try await listed(TaskQuery(dueFrom: 4_000, dueBefore: 6_000)) == ["t1"])
        fields.contactID = "c2"
        try await put(fields)
        #expect(try await listed(TaskQuery(contactID: "c1")) == [])
        #expect(try await listed(TaskQuery(contactID: "c2")) == ["t1"])
        #expect(
            try await store.tasks(ownerID: alice.id, contactID: "c2", statuses: [.done]).map(\.id)
                == ["t1"])
        fields.contactID = nil
        fields.due = nil
        try await put(fields)
        #expect(try await listed(TaskQuery(contactID: "c2")) == [])
        #expect(try await listed(TaskQuery(dueFrom: 4_000, dueBefore: 6_000)) == [])
        // The unindexed fields alone.
        fields.title = "Call Bob"
        fields.notes = "about the offer"
        try await put(fields)
        #expect(try await listed(TaskQuery(text: "bob")) == ["t1"])
    }

    @Sendable static func taskTransfer(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let source = try await makeCalendar(store, alice, "source")
        let target = try await makeCalendar(store, alice, "target")
        let fields = taskFields("Meet", uid: "u1", type: .meeting, start: 100)
        _ = try await store.putObject(
            taskWrite("u1", taskID: "t1", fields: fields), collectionID: source.id,
            precondition: .none)
        let moved = try await store.moveObject(
            from: source.id, name: "u1.ics", to: target.id, as: "moved.ics", overwrite: false)
        let task = try #require(try await store.task(ownerID: alice.id, id: "t1"))
        #expect(task.collectionID == target.id)
        #expect(task.objectName == "moved.ics")
        #expect(task.etag == moved.object.etag)
        #expect(task.fields == fields)
        #expect(task.createdAt == now)
        #expect(try await store.task(collectionID: source.id, objectName: "u1.ics") == nil)
        #expect(try await store.collection(id: source.id)?.syncToken == 2)
        #expect(try await store.collection(id: target.id)?.syncToken == 1)

        _ = try await store.copyObject(
            from: target.id, name: "moved.ics", to: source.id, as: "copy.ics", overwrite: false)
        let copy = try #require(
            try await store.task(collectionID: source.id, objectName: "copy.ics"))
        #expect(copy.id != "t1")
        #expect(copy.fields == fields)
        #expect(try await store.task(ownerID: alice.id, id: "t1")?.objectName == "moved.ics")
        #expect(try await store.task(ownerID: alice.id, id: copy.id) == copy)

        // Overwriting a destination that has a task replaces it with the source's.
        let third = try await makeCalendar(store, alice, "third")
        _ = try await store.putObject(
            taskWrite("u9", taskID: "t9", fields: taskFields("Nine", uid: "u9")),
            collectionID: third.id, precondition: .none)
        _ = try await store.moveObject(
            from: source.id, name: "copy.ics", to: third.id, as: "u9.ics", overwrite: true)
        #expect(try await store.task(ownerID: alice.id, id: "t9") == nil)
        #expect(try await store.task(collectionID: third.id, objectName: "u9.ics")?.id == copy.id)
        // Objects without a task carry none.
        _ = try await store.putObject(
            eventWrite("plain.ics", uid: "p"), collectionID: source.id, precondition: .none)
        _ = try await store.copyObject(
            from: source.id, name: "plain.ics", to: third.id, as: "u9.ics", overwrite: true)
        #expect(try await store.task(collectionID: third.id, objectName: "u9.ics") == nil)
        #expect(try await store.task(ownerID: alice.id, id: copy.id) == nil)
    }

    @Sendable static func taskTrash(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let bob = try await makeUser(store, "bob")
        let calendar = try await makeCalendar(store, alice)
        let other = try await makeCalendar(store, alice, "other")
        let fields = taskFields("Email Ann", uid: "u1", type: .email, due: 500)
        let put = try await store.putObject(
            taskWrite("u1", taskID: "t1", fields: fields), collectionID: calendar.id,
            precondition: .none)
        _ = try await store.putObject(
            fileWrite("notes.txt", "hello"), collectionID: calendar.id, precondition: .none)
        try await store.deleteObject(collectionID: calendar.id, name: "u1.ics", ifMatch: nil)
        #expect(try await store.task(ownerID: alice.id, id: "t1") == nil)
        #expect(try await store.collection(id: calendar.id)?.syncToken == 3)
        #expect(
            try await store.changes(collectionID: calendar.id, since: 2, limit: nil).changes == [
                Change(collectionID: calendar.id, token: 3, name: "u1.ics", kind: .deleted)
            ])
        let trash = try await store.trash(ownerID: alice.id)
        #expect(trash.count == 1)
        let entry = try #require(trash.first)
        #expect(entry.ownerID == alice.id)
        #expect(entry.collectionID == calendar.id)
        #expect(entry.collectionPath == "calendar")
        #expect(entry.name == "u1.ics")
        #expect(entry.contentType == put.object.contentType)
        #expect(entry.data == put.object.data)
        #expect(entry.index == put.object.index)
        #expect(entry.task == TaskWrite(proposedID: "t1", fields: fields))
        #expect(entry.deletedAt == now)
        #expect(try await store.trashEntry(ownerID: alice.id, id: entry.id) == entry)
        #expect(try await store.trashEntry(ownerID: bob.id, id: entry.id) == nil)
        #expect(try await store.trash(ownerID: bob.id) == [])
        // Plain files are not trashed.
        try await store.deleteObject(collectionID: calendar.id, name: "notes.txt", ifMatch: nil)
        #expect(try await store.trash(ownerID: alice.id) == [entry])

        // Restore: the name is taken → conflict, nothing changes.
        _ = try await store.putObject(
            eventWrite("u1.ics", uid: "other-uid"), collectionID: calendar.id, precondition: .none)
        await expectError(.conflict) { () async throws(StorageError) in
            try await store.restoreTrashEntry(ownerID: alice.id, id: entry.id, into: nil)
        }
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.restoreTrashEntry(ownerID: bob.id, id: entry.id, into: nil)
        }
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.restoreTrashEntry(ownerID: alice.id, id: entry.id, into: 424_242)
        }
        #expect(try await store.trash(ownerID: alice.id) == [entry])
        try await store.deleteObject(collectionID: calendar.id, name: "u1.ics", ifMatch: nil)
        let tokenBefore = try #require(try await store.collection(id: calendar.id)).syncToken
        let newest = try #require(try await store.trash(ownerID: alice.id).first)
        #expect(newest.id != entry.id)
        #expect(newest.task == nil)
        #expect(try await store.trash(ownerID: alice.id).map(\.id) == [newest.id, entry.id])

        let restored = try await store.restoreTrashEntry(ownerID: alice.id, id: entry.id, into: nil)
        #expect(restored.created)
        #expect(restored.object.name == "u1.ics")
        #expect(restored.object.etag == put.object.etag)
        #expect(restored.object.data == put.object.data)
        #expect(
            try await store.object(collectionID: calendar.id, name: "u1.ics")?.etag
                == put.object.etag)
        let back = try #require(try await store.task(ownerID: alice.id, id: "t1"))
        #expect(back.collectionID == calendar.id)
        #expect(back.objectName == "u1.ics")
        #expect(back.fields == fields)
        #expect(back.etag == put.object.etag)
        #expect(try await store.collection(id: calendar.id)?.syncToken == tokenBefore + 1)
        #expect(
            try await store.changes(collectionID: calendar.id, since: tokenBefore, limit: nil)
                .changes == [
                    Change(
                        collectionID: calendar.id, token: tokenBefore + 1, name: "u1.ics",
                        kind: .created)
                ])
        #expect(try await store.trashEntry(ownerID: alice.id, id: entry.id) == nil)
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.restoreTrashEntry(ownerID: alice.id, id: entry.id, into: nil)
        }

        // Into another calendar; a UID clash there is reported.
        _ = try await store.putObject(
            eventWrite("x.ics", uid: "other-uid"), collectionID: other.id, precondition: .none)
        await expectError(.uidConflict) { () async throws(StorageError) in
            try await store.restoreTrashEntry(ownerID: alice.id, id: newest.id, into: other.id)
        }
        try await store.deleteObject(collectionID: other.id, name: "x.ics", ifMatch: nil)
        let elsewhere = try await store.restoreTrashEntry(
            ownerID: alice.id, id: newest.id, into: other.id)
        #expect(elsewhere.object.collectionID == other.id)
        #expect(elsewhere.object.name == "u1.ics")

        // Entries outlive their calendar; restoring into it then fails.
        try await store.deleteObject(collectionID: calendar.id, name: "u1.ics", ifMatch: nil)
        let orphan = try #require(try await store.trash(ownerID: alice.id).first)
        #expect(orphan.task?.proposedID == "t1")
        try await store.deleteCollection(id: calendar.id)
        #expect(try await store.trashEntry(ownerID: alice.id, id: orphan.id) == orphan)
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.restoreTrashEntry(ownerID: alice.id, id: orphan.id, into: nil)
        }

        // Purge by cutoff (every entry here was deleted at `now`).
        let count = try await store.trash(ownerID: alice.id).count
        #expect(count == 2)
        #expect(try await store.purgeTrash(deletedBefore: now) == 0)
        #expect(try await store.purgeTrash(deletedBefore: now + 1) == count)
        #expect(try await store.trash(ownerID: alice.id) == [])
    }

    @Sendable static func taskFilters(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let bob = try await makeUser(store, "bob")
        let work = try await makeCalendar(store, alice, "work")
        let home = try await makeCalendar(store, alice, "home")
        let bobs = try await makeCalendar(store, bob)
        let specs: [(String, TaskFields, Int64)] = [
            (
                "a", taskFields("Call Ann", uid: "a", type: .call, start: 100, contactID: "ann"),
                work.id
            ),
            (
                "b",
                taskFields(
                    "Email Bert", uid: "b", type: .email, status: .done, notes: "Send the QUOTE",
                    due: 200, assignee: "carol"), work.id
            ),
            (
                "c",
                taskFields(
                    "Meet Ann", uid: "c", type: .meeting, status: .inProgress, start: 300,
                    contactID: "ann", assignee: "carol"), home.id
            ),
            ("d", taskFields("Todo 50%", uid: "d", type: .todo, status: .cancelled), home.id),
            ("e", taskFields("Call Bert", uid: "e", type: .call, start: 50, due: 400), work.id),
            (
                "z", taskFields("Call Ann", uid: "z", type: .call, due: 250, contactID: "ann"),
                bobs.id
            ),
        ]
        for (uid, fields, collectionID) in specs {
            _ = try await store.putObject(
                taskWrite(uid, taskID: "t-\(uid)", fields: fields), collectionID: collectionID,
                precondition: .none)
        }
        func list(_ query: TaskQuery) async throws -> [String] {
            try await store.tasks(ownerID: alice.id, query: query).items.map(\.id)
        }
        #expect(
            try await list(TaskQuery(sort: SortOrder(.title))) == [
                "t-a", "t-e", "t-b", "t-c", "t-d",
            ])
        #expect(try await list(TaskQuery()) == ["t-b", "t-e", "t-a", "t-c", "t-d"])
        #expect(try await list(TaskQuery(types: [.call])) == ["t-e", "t-a"])
        #expect(try await list(TaskQuery(types: [.email, .todo])) == ["t-b", "t-d"])
        #expect(try await list(TaskQuery(statuses: [.open])) == ["t-e", "t-a"])
        #expect(try await list(TaskQuery(statuses: [.done, .inProgress])) == ["t-b", "t-c"])
        #expect(try await list(TaskQuery(dueFrom: 200)) == ["t-b", "t-e", "t-c"])
        #expect(try await list(TaskQuery(dueBefore: 300)) == ["t-b", "t-a"])
        #expect(try await list(TaskQuery(dueFrom: 150, dueBefore: 400)) == ["t-b", "t-c"])
        #expect(try await list(TaskQuery(contactID: "ann")) == ["t-a", "t-c"])
        #expect(try await list(TaskQuery(assignee: "carol")) == ["t-b", "t-c"])
        #expect(try await list(TaskQuery(collectionID: home.id)) == ["t-c", "t-d"])
        #expect(try await list(TaskQuery(collectionID: bobs.id)) == [])
        #expect(try await list(TaskQuery(text: "ann")) == ["t-a", "t-c"])
        #expect(try await list(TaskQuery(text: "quote")) == ["t-b"])
        #expect(try await list(TaskQuery(text: "50%")) == ["t-d"])
        #expect(try await list(TaskQuery(text: "%")) == ["t-d"])
        #expect(
            try await list(TaskQuery(text: "call", types: [.call], statuses: [.open], dueFrom: 150))
                == ["t-e"])
        #expect(
            try await store.tasks(ownerID: bob.id, query: TaskQuery()).items.map(\.id) == ["t-z"])
        #expect(
            try await store.tasks(ownerID: alice.id, contactID: "ann", statuses: []).map(\.id) == [
                "t-a", "t-c",
            ])
        #expect(
            try await store.tasks(ownerID: alice.id, contactID: "ann", statuses: [.open, .done])
                .map(\.id) == ["t-a"])
        let task = try #require(
            try await store.tasks(ownerID: alice.id, query: TaskQuery(text: "quote")).items.first)
        #expect(task.etag == (try await store.object(collectionID: work.id, name: "b.ics"))?.etag)
        await expectError(.invalidName) { () async throws(StorageError) in
            try await store.tasks(ownerID: alice.id, query: TaskQuery(cursor: "%%%"))
        }
    }

    @Sendable static func taskPaging(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let calendar = try await makeCalendar(store, alice)
        var all: [TaskRecord] = []
        for index in 0..<60 {
            let uid = "u\(index)"
            let fields = taskFields(
                ["Call", "email", "Meet"][index % 3] + " \(index % 4)", uid: uid,
                start: index % 5 == 0 ? nil : Int64(index % 6) * 100,
                due: index % 3 == 0 ? nil : Int64(index % 7) * 1_000)
            _ = try await store.putObject(
                taskWrite(uid, taskID: "t\(1000 + (index * 17) % 60)", fields: fields),
                collectionID: calendar.id, precondition: .none)
            all.append(
                try #require(
                    try await store.task(collectionID: calendar.id, objectName: "\(uid).ics")))
        }
        for field in TaskQuery.Field.allCases {
            for descending in [false, true] {
                let listed = try await allPages { cursor in
                    try await store.tasks(
                        ownerID: alice.id,
                        query: TaskQuery(
                            sort: SortOrder(field, descending: descending), cursor: cursor,
                            limit: 8))
                }.map(\.id)
                let expected: [String] =
                    switch field {
                    case .due:
                        expectedOrder(all.map { ($0.id, $0.fields.due) }, descending: descending)
                    case .start:
                        expectedOrder(all.map { ($0.id, $0.fields.start) }, descending: descending)
                    case .title:
                        expectedOrder(
                            all.map { ($0.id, $0.fields.title.lowercased()) },
                            descending: descending)
                    case .createdAt:
                        expectedOrder(all.map { ($0.id, $0.createdAt) }, descending: descending)
                    case .updatedAt:
                        expectedOrder(all.map { ($0.id, $0.updatedAt) }, descending: descending)
                    }
                #expect(listed.count == 60, "\(field) \(descending)")
                #expect(Set(listed).count == 60, "\(field) \(descending)")
                #expect(listed == expected, "\(field) \(descending)")
            }
        }
        let filtered = try await allPages { cursor in
            try await store.tasks(
                ownerID: alice.id,
                query: TaskQuery(dueFrom: 1_000, sort: SortOrder(.due), cursor: cursor, limit: 3))
        }
        #expect(
            filtered.map(\.id)
                == expectedOrder(
                    all.filter { ($0.fields.due ?? $0.fields.start ?? -1) >= 1_000 }.map {
                        ($0.id, $0.fields.due)
                    },
                    descending: false))
    }

    @Sendable static func contactUnlink(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let calendar = try await makeCalendar(store, alice)
        _ = try await store.createContact(contact("ann", alice, name: "Ann"))
        let fields = taskFields("Call Ann", uid: "u1", contactID: "ann")
        let put = try await store.putObject(
            taskWrite("u1", taskID: "t1", fields: fields), collectionID: calendar.id,
            precondition: .none)
        #expect(
            try await store.tasks(ownerID: alice.id, contactID: "ann", statuses: []).map(\.id) == [
                "t1"
            ])
        try await store.deleteContact(ownerID: alice.id, id: "ann", ifRevision: 1)
        var unlinked = fields
        unlinked.contactID = nil
        let task = try #require(try await store.task(ownerID: alice.id, id: "t1"))
        #expect(task.fields == unlinked)
        #expect(task.etag == put.object.etag)
        #expect(try await store.tasks(ownerID: alice.id, contactID: "ann", statuses: []) == [])
        #expect(
            try await store.tasks(ownerID: alice.id, query: TaskQuery(contactID: "ann")).items == []
        )
        #expect(try await store.collection(id: calendar.id)?.syncToken == 1)
    }

    // MARK: Routing, deletion, record fields

    @Sendable static func taskRoutes(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let bob = try await makeUser(store, "bob")
        let calls = try await makeCalendar(store, alice, "calls")
        let meetings = try await makeCalendar(store, alice, "meetings")
        let files = try await makePlain(store, alice, "files")
        let bobs = try await makeCalendar(store, bob)
        #expect(try await store.routes(ownerID: alice.id) == [])
        try await store.setRoute(ownerID: alice.id, type: .meeting, collectionID: meetings.id)
        try await store.setRoute(ownerID: alice.id, type: .call, collectionID: calls.id)
        try await store.setRoute(ownerID: alice.id, type: .todo, collectionID: calls.id)
        #expect(
            try await store.routes(ownerID: alice.id) == [
                TaskRoute(type: .call, collectionID: calls.id),
                TaskRoute(type: .meeting, collectionID: meetings.id),
                TaskRoute(type: .todo, collectionID: calls.id),
            ])
        try await store.setRoute(ownerID: alice.id, type: .call, collectionID: meetings.id)
        try await store.setRoute(ownerID: alice.id, type: .todo, collectionID: nil)
        try await store.setRoute(ownerID: alice.id, type: .email, collectionID: nil)
        #expect(
            try await store.routes(ownerID: alice.id) == [
                TaskRoute(type: .call, collectionID: meetings.id),
                TaskRoute(type: .meeting, collectionID: meetings.id),
            ])
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.setRoute(ownerID: alice.id, type: .email, collectionID: bobs.id)
        }
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.setRoute(ownerID: alice.id, type: .email, collectionID: 424_242)
        }
        await expectError(.invalidName) { () async throws(StorageError) in
            try await store.setRoute(ownerID: alice.id, type: .email, collectionID: files.id)
        }
        try await store.setRoute(ownerID: bob.id, type: .email, collectionID: bobs.id)
        try await store.setRoute(ownerID: alice.id, type: .email, collectionID: calls.id)
        try await store.deleteCollection(id: meetings.id)
        #expect(
            try await store.routes(ownerID: alice.id) == [
                TaskRoute(type: .email, collectionID: calls.id)
            ])
        #expect(
            try await store.routes(ownerID: bob.id) == [
                TaskRoute(type: .email, collectionID: bobs.id)
            ])
        try await store.deleteUser(id: bob.id)
        #expect(try await store.routes(ownerID: bob.id) == [])
    }

    @Sendable static func crmDeletion(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let bob = try await makeUser(store, "bob")
        let calendar = try await makeCalendar(store, alice)
        let kept = try await makeCalendar(store, alice, "kept")
        _ = try await store.createContact(contact("ann", alice, name: "Ann", emails: ["a@x.test"]))
        _ = try await store.createContact(contact("bo", bob, name: "Bo", emails: ["a@x.test"]))
        for (uid, collectionID) in [("u1", calendar.id), ("u2", calendar.id), ("u3", kept.id)] {
            _ = try await store.putObject(
                taskWrite(uid, taskID: "t-\(uid)", fields: taskFields(uid, uid: uid)),
                collectionID: collectionID, precondition: .none)
        }
        try await store.deleteObject(collectionID: calendar.id, name: "u2.ics", ifMatch: nil)
        try await store.deleteCollection(id: calendar.id)
        #expect(try await store.task(ownerID: alice.id, id: "t-u1") == nil)
        #expect(
            try await store.tasks(ownerID: alice.id, query: TaskQuery()).items.map(\.id) == ["t-u3"]
        )
        #expect(try await store.trash(ownerID: alice.id).map(\.name) == ["u2.ics"])
        // Deleting the collection trashed nothing more.
        try await store.deleteUser(id: alice.id)
        #expect(try await store.contact(ownerID: alice.id, id: "ann") == nil)
        #expect(try await store.task(ownerID: alice.id, id: "t-u3") == nil)
        #expect(try await store.trash(ownerID: alice.id) == [])
        #expect(try await store.contacts(ownerID: alice.id, emails: ["a@x.test"], phones: []) == [])
        #expect(
            try await store.contacts(ownerID: bob.id, emails: ["a@x.test"], phones: []).map(\.id)
                == ["bo"])
        // The ids are free again.
        let again = try await makeUser(store, "carol")
        _ = try await store.createContact(contact("ann", again, name: "Ann"))
        #expect(
            try await store.contacts(ownerID: again.id, query: ContactQuery()).items.map(\.id) == [
                "ann"
            ])
    }

    @Sendable static func crmRecordFields(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        #expect(!alice.isAdmin)
        let root = try await store.createUser(
            NewUser(
                name: "root", email: "root@example.com", displayName: "Root", passwordHash: "h",
                isAdmin: true))
        #expect(root.isAdmin)
        #expect(try await store.user(named: "root")?.isAdmin == true)
        let promoted = try await store.setAdmin(userID: alice.id, isAdmin: true)
        #expect(promoted.isAdmin)
        #expect(promoted.credentialVersion == 1)
        #expect(try await store.user(id: alice.id) == promoted)
        #expect(try await store.setAdmin(userID: root.id, isAdmin: false).isAdmin == false)
        #expect(try await store.users().map(\.isAdmin) == [true, false])
        await expectError(.notFound) { () async throws(StorageError) in
            try await store.setAdmin(userID: 424_242, isAdmin: true)
        }

        let token = try await store.addAppPassword(
            userID: alice.id, label: "CRM script", tokenHash: "hash-api", kind: .apiToken)
        let password = try await store.addAppPassword(
            userID: alice.id, label: "iPhone", tokenHash: "hash-dav")
        #expect(token.kind == .apiToken)
        #expect(password.kind == .appPassword)
        #expect(try await store.appPassword(tokenHash: "hash-api")?.kind == .apiToken)
        #expect(
            try await store.appPasswords(userID: alice.id).map(\.kind) == [.apiToken, .appPassword])

        let calls = try await store.createCollection(
            ownerID: alice.id,
            NewCollection(
                path: "calls", kind: .calendar, displayName: "Phone Calls",
                supportedComponents: ["VEVENT", "VTODO"], defaultTaskType: .call))
        #expect(calls.defaultTaskType == .call)
        #expect(try await store.collection(id: calls.id)?.defaultTaskType == .call)
        let plain = try await makeCalendar(store, alice)
        #expect(plain.defaultTaskType == nil)
        let changed = try await store.updateCollection(
            id: calls.id, changes: [.defaultTaskType(.email)], deadProperties: [])
        #expect(changed.defaultTaskType == .email)
        #expect(changed.displayName == "Phone Calls")
        #expect(try await store.collection(ownerID: alice.id, path: "calls") == changed)
        _ = try await store.updateCollection(
            id: calls.id, changes: [.defaultTaskType(nil)], deadProperties: [])
        #expect(try await store.collection(id: calls.id)?.defaultTaskType == nil)
    }
}
