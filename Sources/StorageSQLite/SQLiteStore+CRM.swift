import CRM
import Storage

// Intermediate: the CRM tables arrive with migration "v3-crm".
extension SQLiteStore {
    private static var notImplemented: StorageError {
        StorageError(.engineFailure, "not implemented")
    }

    /// See `UserStore.setAdmin(userID:isAdmin:)`.
    public func setAdmin(userID: Int64, isAdmin: Bool) async throws(StorageError) -> UserRecord {
        throw Self.notImplemented
    }

    /// See `ContactStore.createContact(_:)`.
    public func createContact(_ contact: Contact) async throws(StorageError) -> Contact {
        throw Self.notImplemented
    }

    /// See `ContactStore.contact(ownerID:id:)`.
    public func contact(ownerID: Int64, id: String) async throws(StorageError) -> Contact? {
        throw Self.notImplemented
    }

    /// See `ContactStore.updateContact(_:ifRevision:)`.
    public func updateContact(_ contact: Contact, ifRevision: Int64?) async throws(StorageError)
        -> Contact
    {
        throw Self.notImplemented
    }

    /// See `ContactStore.deleteContact(ownerID:id:ifRevision:)`.
    public func deleteContact(ownerID: Int64, id: String, ifRevision: Int64?)
        async throws(StorageError)
    {
        throw Self.notImplemented
    }

    /// See `ContactStore.contacts(ownerID:query:)`.
    public func contacts(ownerID: Int64, query: ContactQuery) async throws(StorageError)
        -> Page<Contact>
    {
        throw Self.notImplemented
    }

    /// See `ContactStore.contacts(ownerID:emails:phones:)`.
    public func contacts(ownerID: Int64, emails: [String], phones: [String])
        async throws(StorageError) -> [Contact]
    {
        throw Self.notImplemented
    }

    /// See `TaskStore.task(ownerID:id:)`.
    public func task(ownerID: Int64, id: String) async throws(StorageError) -> TaskRecord? {
        throw Self.notImplemented
    }

    /// See `TaskStore.task(collectionID:objectName:)`.
    public func task(collectionID: Int64, objectName: String) async throws(StorageError)
        -> TaskRecord?
    {
        throw Self.notImplemented
    }

    /// See `TaskStore.tasks(ownerID:query:)`.
    public func tasks(ownerID: Int64, query: TaskQuery) async throws(StorageError)
        -> Page<TaskRecord>
    {
        throw Self.notImplemented
    }

    /// See `TaskStore.tasks(ownerID:contactID:statuses:)`.
    public func tasks(ownerID: Int64, contactID: String, statuses: Set<TaskStatus>)
        async throws(StorageError) -> [TaskRecord]
    {
        throw Self.notImplemented
    }

    /// See `TrashStore.trash(ownerID:)`.
    public func trash(ownerID: Int64) async throws(StorageError) -> [TrashRecord] {
        throw Self.notImplemented
    }

    /// See `TrashStore.trashEntry(ownerID:id:)`.
    public func trashEntry(ownerID: Int64, id: Int64) async throws(StorageError) -> TrashRecord? {
        throw Self.notImplemented
    }

    /// See `TrashStore.restoreTrashEntry(ownerID:id:into:)`.
    public func restoreTrashEntry(ownerID: Int64, id: Int64, into collectionID: Int64?)
        async throws(StorageError) -> PutResult
    {
        throw Self.notImplemented
    }

    /// See `TrashStore.purgeTrash(deletedBefore:)`.
    public func purgeTrash(deletedBefore cutoff: Int64) async throws(StorageError) -> Int {
        throw Self.notImplemented
    }

    /// See `RoutingStore.routes(ownerID:)`.
    public func routes(ownerID: Int64) async throws(StorageError) -> [TaskRoute] {
        throw Self.notImplemented
    }

    /// See `RoutingStore.setRoute(ownerID:type:collectionID:)`.
    public func setRoute(ownerID: Int64, type: TaskType, collectionID: Int64?)
        async throws(StorageError)
    {
        throw Self.notImplemented
    }
}
