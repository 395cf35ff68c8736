import CRM
import ICalendar
import Storage
import WebDAV

extension CRMService {
    /// Creates a task: its calendar object (in `calendarPath`, else the calendar routed for its
    /// type, else `crm-tasks`) and its projection, in one write. `.invalid` for a bad draft or
    /// unknown contact/calendar.
    ///
    /// The object is `<uid>.ics` with a fresh UID, which is also the task's id.
    public func createTask(owner: UserRecord, _ draft: TaskDraft, calendarPath: String?)
        async throws(CRMServiceError) -> TaskRecord
    {
        do {
            try TaskMapping.validate(draft)
        } catch {
            throw CRMServiceError(error)
        }
        let contact = try await linkedContact(owner: owner, id: draft.contactID)
        try await checkAssignee(draft.assignee, previous: nil)
        let calendar = try await targetCalendar(
            owner: owner, type: draft.type, calendarPath: calendarPath)
        let uid = CRMIdentifier.make()
        let root = TaskMapping.makeCalendar(
            draft, uid: uid, contact: contact, taskURL: taskURL(id: uid), now: clock.now())
        let name = uid + ".ics"
        return try await write(
            root, named: name, in: calendar, taskID: uid, createdAt: nil,
            precondition: .ifNoneMatchAny)
    }

    /// The owner's task. `.notFound`.
    public func task(owner: UserRecord, id: String) async throws(CRMServiceError) -> TaskRecord {
        try await storedTask { () async throws(StorageError) in
            try await store.task(ownerID: owner.id, id: id)
        }
    }

    /// Rewrites a task to `draft` (patching only the mapped properties of its object), with
    /// `ifMatch` (the task's ETag) checked in the write transaction; a changed type or
    /// `calendarPath` moves the object to the routed/named calendar, keeping its UID.
    /// `.notFound`, `.preconditionFailed`, `.invalid`, `.conflict` (the target calendar holds
    /// the name or UID already).
    ///
    /// Without `ifMatch` the edit is applied to whatever is current, re-reading and retrying
    /// (at most three attempts) when a client wrote in between.
    public func updateTask(
        owner: UserRecord, id: String, _ draft: TaskDraft, calendarPath: String?, ifMatch: String?
    ) async throws(CRMServiceError) -> TaskRecord {
        let expected = ifMatch.flatMap { $0 == "*" ? nil : Self.strongETag($0) }
        var attempt = 0
        while true {
            attempt += 1
            let task = try await self.task(owner: owner, id: id)
            if let expected, expected != task.etag {
                throw CRMServiceError(.preconditionFailed, "the task changed since \(expected)")
            }
            do {
                return try await rewrite(
                    task, owner: owner, to: draft, calendarPath: calendarPath,
                    etag: expected ?? task.etag)
            } catch  where error.code == .preconditionFailed && expected == nil && attempt < 3 {
                continue
            }
        }
    }

    /// Deletes a task's object (to the trash). `.notFound`, `.preconditionFailed`.
    public func deleteTask(owner: UserRecord, id: String, ifMatch: String?)
        async throws(CRMServiceError)
    {
        let task = try await self.task(owner: owner, id: id)
        try Self.check(ifMatch, against: task)
        let expected = ifMatch.flatMap { $0 == "*" ? nil : Self.strongETag($0) }
        try await storage { () async throws(StorageError) in
            try await store.deleteObject(
                collectionID: task.collectionID, name: task.objectName, ifMatch: expected)
        }
    }

    /// One page of the owner's tasks.
    public func tasks(owner: UserRecord, query: TaskQuery) async throws(CRMServiceError)
        -> Page<TaskRecord>
    {
        try await storage { () async throws(StorageError) in
            try await store.tasks(ownerID: owner.id, query: query)
        }
    }

    // MARK: Helpers

    /// One attempt of `updateTask`: patch the object read at `etag`, write it with that ETag
    /// as precondition, then move it when its calendar changes.
    private func rewrite(
        _ task: TaskRecord, owner: UserRecord, to draft: TaskDraft, calendarPath: String?,
        etag: String
    ) async throws(CRMServiceError) -> TaskRecord {
        let object = try await storage { () async throws(StorageError) in
            try await store.object(collectionID: task.collectionID, name: task.objectName)
        }
        let current = try await storage { () async throws(StorageError) in
            try await store.collection(id: task.collectionID)
        }
        guard let object, let data = object.data, let current else {
            throw CRMServiceError(.notFound, "task \(task.id) was removed")
        }
        guard object.etag == etag else {
            throw CRMServiceError(.preconditionFailed, "the task changed since \(etag)")
        }
        var root: Component
        do {
            root = try Component(parsing: data)
        } catch {
            throw CRMServiceError(.storeFailure, "the stored object does not parse: \(error)")
        }
        let contact = try await linkedContact(owner: owner, id: draft.contactID)
        try await checkAssignee(draft.assignee, previous: task.fields.assignee)
        do {
            try TaskMapping.apply(
                draft, previous: task.fields, to: &root, contact: contact, now: clock.now())
        } catch {
            throw CRMServiceError(error)
        }
        var target = current
        if let calendarPath {
            target = try await namedCalendar(owner: owner, path: calendarPath)
        } else if draft.type != task.fields.type,
            let routed = try await routedCalendar(owner: owner, type: draft.type)
        {
            target = routed
        }
        let moves = target.id != current.id
        if moves {
            // Refuse before writing anything: the target must accept the component and have
            // neither the name nor the UID yet.
            _ = try Self.index(of: root, into: target)
            let taken = try await storage { () async throws(StorageError) in
                if try await store.object(collectionID: target.id, name: task.objectName) != nil {
                    return true
                }
                return try await store.objectName(
                    collectionID: target.id, uid: task.fields.uid, excluding: nil) != nil
            }
            if taken {
                throw CRMServiceError(
                    .conflict, "calendar \(target.path) already holds \(task.objectName)")
            }
        }
        var written = try await write(
            root, named: task.objectName, in: current, taskID: task.id,
            createdAt: task.createdAt, precondition: .ifMatch(etag))
        if moves {
            _ = try await storage { () async throws(StorageError) in
                try await store.moveObject(
                    from: current.id, name: task.objectName, to: target.id, as: task.objectName,
                    overwrite: false)
            }
            written.collectionID = target.id
        }
        // Built from this write rather than re-read, which could show a later client write.
        return written
    }

    /// Validates, indexes, projects and stores a calendar object the CRM built or patched;
    /// returns the task as this write stored it (`createdAt` `nil` for a new task).
    func write(
        _ root: Component, named name: String, in collection: CollectionRecord, taskID: String,
        createdAt: Int64?, precondition: Storage.WritePrecondition
    ) async throws(CRMServiceError) -> TaskRecord {
        let index = try Self.index(of: root, into: collection)
        let projection = try await storage { () async throws(StorageError) in
            try await TaskProjection.write(
                for: root, in: collection, ownerID: collection.ownerID, store: store,
                proposedID: taskID)
        }
        guard let projection else {
            throw CRMServiceError(
                .invalid, "the object holds no VEVENT or VTODO",
                fieldErrors: [.init(field: "type", message: "not a task")])
        }
        let copy = try await storage { () async throws(StorageError) in
            try await TaskAssignment.copy(
                for: projection, componentType: index.componentType, in: collection, store: store)
        }
        let write = ObjectWrite(
            name: name, data: root.serializedBytes(), contentType: "text/calendar; charset=utf-8",
            index: index, task: projection, assignedCopy: copy)
        let result = try await storage { () async throws(StorageError) in
            try await store.putObject(
                write, collectionID: collection.id, precondition: precondition)
        }
        return TaskRecord(
            id: taskID, ownerID: collection.ownerID, collectionID: collection.id, objectName: name,
            etag: result.object.etag, fields: projection.fields,
            createdAt: createdAt ?? result.object.modifiedAt, updatedAt: result.object.modifiedAt)
    }

    /// The index columns of an object for `collection`, as a client PUT would compute them.
    static func index(of root: Component, into collection: CollectionRecord)
        throws(CRMServiceError) -> ObjectIndex
    {
        do {
            return try CalendarIngest.index(of: [root], into: collection)
        } catch {
            let field =
                error.condition?.name == "supported-calendar-component" ? "calendarPath" : "task"
            throw CRMServiceError(
                .invalid, error.reason, fieldErrors: [.init(field: field, message: error.reason)])
        }
    }

    /// The linked contact, `nil` without one; `.invalid` when the id names none of the owner's.
    func linkedContact(owner: UserRecord, id: String?) async throws(CRMServiceError) -> Contact? {
        guard let id else { return nil }
        let contact = try await storage { () async throws(StorageError) in
            try await store.contact(ownerID: owner.id, id: id)
        }
        guard let contact else {
            throw CRMServiceError(
                .invalid, "no contact \(id)",
                fieldErrors: [.init(field: "contactID", message: "no such contact")])
        }
        return contact
    }

    /// `.invalid` naming `assignee` when a newly set assignee is not a user (an unchanged one,
    /// perhaps written by a client before, is kept as it is).
    func checkAssignee(_ assignee: String?, previous: String?) async throws(CRMServiceError) {
        guard let assignee, assignee != previous else { return }
        let user = try await storage { () async throws(StorageError) in
            try await store.user(named: assignee)
        }
        if user == nil {
            throw CRMServiceError(
                .invalid, "no user \(assignee)",
                fieldErrors: [.init(field: "assignee", message: "no such user")])
        }
    }

    /// A stored task, `.notFound` when the store has none.
    private func storedTask(_ body: () async throws(StorageError) -> TaskRecord?)
        async throws(CRMServiceError) -> TaskRecord
    {
        guard let task = try await storage(body) else {
            throw CRMServiceError(.notFound, "no such task")
        }
        return task
    }

    /// Checks a client's `If-Match` against the task's ETag before any work.
    static func check(_ ifMatch: String?, against task: TaskRecord) throws(CRMServiceError) {
        guard let ifMatch, ifMatch != "*" else { return }
        guard strongETag(ifMatch) == task.etag else {
            throw CRMServiceError(.preconditionFailed, "the task's ETag is \(task.etag)")
        }
    }

    /// A client's ETag as the store writes them: quoted, without a weak prefix.
    static func strongETag(_ tag: String) -> String {
        GroupwareBackend.strongETag(tag)
    }
}
