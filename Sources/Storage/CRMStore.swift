import CRM

/// CRM contacts, stored as rows (CardDAV will later project them as vCards).
public protocol ContactStore: Sendable {
    /// Stores a new contact with `revision` 1 and the store's clock as created/updated.
    /// `.conflict` if the id exists; `.notFound` for an unknown owner.
    func createContact(_ contact: Contact) async throws(StorageError) -> Contact
    /// The owner's contact with this id, or `nil` (also for another owner's id).
    func contact(ownerID: Int64, id: String) async throws(StorageError) -> Contact?
    /// Replaces a contact's fields (not id, owner, createdAt), bumps `revision`, stamps
    /// `updatedAt`. With `ifRevision`, only if the stored revision is exactly that
    /// (`.preconditionFailed`). `.notFound`.
    func updateContact(_ contact: Contact, ifRevision: Int64?) async throws(StorageError)
        -> Contact
    /// Deletes a contact and, in the same transaction, its card (`contactCard`); tasks linked
    /// to it keep their text and lose the link. `.notFound`,
    /// `.preconditionFailed`.
    func deleteContact(ownerID: Int64, id: String, ifRevision: Int64?) async throws(StorageError)
    /// One page of the owner's contacts (keyset pagination, `SortKey`). `.invalidName` for a
    /// malformed cursor.
    func contacts(ownerID: Int64, query: ContactQuery) async throws(StorageError) -> Page<Contact>
    /// The owner's contacts having one of these e-mail addresses (compared case-insensitively)
    /// or phone numbers (compared by their digits only, `CRMSearch.phoneDigits`: `+1 555-0101`
    /// matches `1 (555) 0101`; a `00` prefix is not equated with `+`), ordered by id.
    func contacts(ownerID: Int64, emails: [String], phones: [String]) async throws(StorageError)
        -> [Contact]
    /// Where the contact's card is (`ObjectWrite.contact` linked it), or `nil`.
    func contactCard(ownerID: Int64, id: String) async throws(StorageError) -> ContactCard?
    /// The contact linked to the object `name` of the collection, or `nil`.
    func contact(cardCollectionID: Int64, name: String) async throws(StorageError) -> Contact?
}

/// CRM tasks: read-only views of the projections that `ObjectStore` writes with each object.
///
/// The projection of an object is written by `putObject` when `ObjectWrite.task` is set (and
/// removed when it is `nil`), in the same transaction as the data, its sync token and change-log
/// row. `moveObject` keeps the task id; `copyObject` gives the copy a new task id;
/// `deleteObject` moves object and task to the trash.
public protocol TaskStore: Sendable {
    /// The owner's task with this id, or `nil`.
    func task(ownerID: Int64, id: String) async throws(StorageError) -> TaskRecord?
    /// The task projected from this object, or `nil`.
    func task(collectionID: Int64, objectName: String) async throws(StorageError) -> TaskRecord?
    /// The id of the task projected from this object, or `nil`, without reading its fields
    /// (the sync log names the task of every write).
    func taskID(collectionID: Int64, objectName: String) async throws(StorageError) -> String?
    /// One page of the owner's tasks (keyset pagination, `SortKey`). `.invalidName` for a
    /// malformed cursor.
    func tasks(ownerID: Int64, query: TaskQuery) async throws(StorageError) -> Page<TaskRecord>
    /// Every task of the owner linked to this contact with one of these statuses (all if empty),
    /// ordered by id.
    func tasks(ownerID: Int64, contactID: String, statuses: Set<TaskStatus>)
        async throws(StorageError) -> [TaskRecord]
}

/// Deleted calendar objects, kept for a while and restorable.
///
/// `ObjectStore.deleteObject` of a calendar object (non-nil `index.componentType`) files it here in
/// the same transaction; deleting a whole collection or user does not. Entries outlive the
/// calendar they came from (restore them elsewhere); deleting the user removes them.
public protocol TrashStore: Sendable {
    /// The owner's trash, newest first.
    func trash(ownerID: Int64) async throws(StorageError) -> [TrashRecord]
    /// One trash entry of the owner, or `nil`.
    func trashEntry(ownerID: Int64, id: Int64) async throws(StorageError) -> TrashRecord?
    /// Puts a deleted object back: into `collectionID` (the original calendar when `nil`) under
    /// its old name, with its task (keeping the task id unless another task took it meanwhile),
    /// recording a change; removes the trash entry. `.notFound` (entry or calendar gone),
    /// `.conflict` (the name is taken), `.uidConflict`.
    func restoreTrashEntry(ownerID: Int64, id: Int64, into collectionID: Int64?)
        async throws(StorageError) -> PutResult
    /// Deletes every trash entry deleted before `cutoff` (UTC seconds); returns how many.
    func purgeTrash(deletedBefore cutoff: Int64) async throws(StorageError) -> Int
}

/// Per-user routing of task types to calendars, and each calendar's default task type.
public protocol RoutingStore: Sendable {
    /// The owner's routing rules, ordered by type.
    func routes(ownerID: Int64) async throws(StorageError) -> [TaskRoute]
    /// Sets (or with `nil` removes) the rule for a type. `.notFound` if the calendar is not the
    /// owner's; `.invalidName` if it is not a calendar.
    func setRoute(ownerID: Int64, type: TaskType, collectionID: Int64?) async throws(StorageError)
}

/// Everything the CRM needs from storage.
public protocol CRMStore: ContactStore, TaskStore, TrashStore, RoutingStore {}

extension CRMStore {
    /// See `CRMStore.taskID(collectionID:objectName:)`: the task's id, by reading the task.
    public func taskID(collectionID: Int64, objectName: String) async throws(StorageError)
        -> String?
    {
        try await task(collectionID: collectionID, objectName: objectName)?.id
    }
}
