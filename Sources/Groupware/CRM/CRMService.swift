import CRM
import Storage

/// The CRM's use cases over the store: contacts, tasks as calendar objects, routing, trash.
///
/// The JSON API (CadenceServer) and later the web pages call only this; the DAV side writes task
/// projections through `GroupwareBackend`. Every task write goes through `ObjectStore.putObject`
/// with the object's ETag as precondition, so a CRM edit racing a client PUT ends with one winner
/// and one `.preconditionFailed` (412), never a silent merge.
public struct CRMService: Sendable {
    /// The store (CRM abilities included).
    public let store: any CadenceStore & CRMStore
    /// The base URL of the CRM's task pages (`https://crm.example.com`), written as the task's
    /// `URL`; `nil` leaves `URL` out.
    public let publicBaseURL: String?

    /// Creates the service.
    public init(store: any CadenceStore & CRMStore, publicBaseURL: String? = nil) {
        self.store = store
        self.publicBaseURL = publicBaseURL
    }

    // MARK: Contacts

    /// Creates a contact for `owner` (id assigned here).
    public func createContact(owner: UserRecord, _ contact: Contact) async throws(CRMServiceError)
        -> Contact
    { fatalError("not implemented yet") }

    /// The owner's contact. `.notFound`.
    public func contact(owner: UserRecord, id: String) async throws(CRMServiceError) -> Contact {
        fatalError("not implemented yet")
    }

    /// Replaces a contact's fields (the caller merged its PATCH onto the current value), then
    /// patches the open/in-progress tasks linked to it. `.notFound`, `.preconditionFailed`,
    /// `.invalid`.
    public func updateContact(owner: UserRecord, _ contact: Contact, ifRevision: Int64?)
        async throws(CRMServiceError) -> Contact
    { fatalError("not implemented yet") }

    /// Deletes a contact. `.notFound`, `.preconditionFailed`.
    public func deleteContact(owner: UserRecord, id: String, ifRevision: Int64?)
        async throws(CRMServiceError)
    { fatalError("not implemented yet") }

    /// One page of the owner's contacts.
    public func contacts(owner: UserRecord, query: ContactQuery) async throws(CRMServiceError)
        -> Page<Contact>
    { fatalError("not implemented yet") }

    // MARK: Tasks

    /// Creates a task: its calendar object (in `calendarPath`, else the calendar routed for its
    /// type, else `crm-tasks`) and its projection, in one write. `.invalid` for a bad draft or
    /// unknown contact/calendar.
    public func createTask(owner: UserRecord, _ draft: TaskDraft, calendarPath: String?)
        async throws(CRMServiceError) -> TaskRecord
    { fatalError("not implemented yet") }

    /// The owner's task. `.notFound`.
    public func task(owner: UserRecord, id: String) async throws(CRMServiceError) -> TaskRecord {
        fatalError("not implemented yet")
    }

    /// Rewrites a task to `draft` (patching only the mapped properties of its object), with
    /// `ifMatch` (the task's ETag) checked in the write transaction; a changed type or
    /// `calendarPath` moves the object to the routed/named calendar, keeping its UID.
    /// `.notFound`, `.preconditionFailed`, `.invalid`.
    public func updateTask(
        owner: UserRecord, id: String, _ draft: TaskDraft, calendarPath: String?, ifMatch: String?
    ) async throws(CRMServiceError) -> TaskRecord { fatalError("not implemented yet") }

    /// Deletes a task's object (to the trash). `.notFound`, `.preconditionFailed`.
    public func deleteTask(owner: UserRecord, id: String, ifMatch: String?)
        async throws(CRMServiceError)
    { fatalError("not implemented yet") }

    /// One page of the owner's tasks.
    public func tasks(owner: UserRecord, query: TaskQuery) async throws(CRMServiceError)
        -> Page<TaskRecord>
    { fatalError("not implemented yet") }

    /// Turns the task's `index`-th unmatched participant into a new contact and links the task
    /// to it. `.notFound`, `.preconditionFailed`.
    public func createContact(
        owner: UserRecord, fromParticipant index: Int, ofTask id: String, ifMatch: String?
    ) async throws(CRMServiceError) -> (contact: Contact, task: TaskRecord) {
        fatalError("not implemented yet")
    }

    // MARK: Calendars, routing, trash

    /// The owner's calendars with their default task types.
    public func calendars(owner: UserRecord) async throws(CRMServiceError) -> [CollectionRecord] {
        fatalError("not implemented yet")
    }

    /// Creates a calendar with a default task type and colour. `.conflict`, `.invalid`.
    public func createCalendar(
        owner: UserRecord, path: String, displayName: String?, color: String?,
        defaultType: TaskType?
    ) async throws(CRMServiceError) -> CollectionRecord { fatalError("not implemented yet") }

    /// The owner's routing rules.
    public func routes(owner: UserRecord) async throws(CRMServiceError) -> [TaskRoute] {
        fatalError("not implemented yet")
    }

    /// Sets or removes the rule for a type by calendar path. `.invalid` (no such calendar).
    public func setRoute(owner: UserRecord, type: TaskType, calendarPath: String?)
        async throws(CRMServiceError)
    { fatalError("not implemented yet") }

    /// The owner's trash, newest first.
    public func trash(owner: UserRecord) async throws(CRMServiceError) -> [TrashRecord] {
        fatalError("not implemented yet")
    }

    /// Restores a trash entry (to its calendar, else `crm-tasks`); returns its task if it had
    /// one. `.notFound`, `.conflict`.
    public func restore(owner: UserRecord, trashID: Int64) async throws(CRMServiceError)
        -> TaskRecord?
    { fatalError("not implemented yet") }
}

/// A failure of a CRM use case, mapped by the API onto an HTTP status and an RFC 9457 problem.
public struct CRMServiceError: Error, Sendable, Hashable {
    /// The stable code.
    public enum Code: String, Sendable, CaseIterable {
        /// 404.
        case notFound = "not-found"
        /// 412: the `If-Match` ETag or revision is stale.
        case preconditionFailed = "precondition-failed"
        /// 409: a name or UID is taken.
        case conflict = "conflict"
        /// 422: the input is invalid; `fieldErrors` says where.
        case invalid = "invalid"
        /// 500: the store failed.
        case storeFailure = "store-failure"
    }

    /// A problem with one input field (`due`, `emails[1].value`).
    public struct FieldError: Sendable, Hashable {
        /// The JSON path of the field.
        public var field: String
        /// What is wrong.
        public var message: String

        /// Creates a field error.
        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }
    }

    /// The stable code.
    public var code: Code
    /// A human reason.
    public var reason: String
    /// Field-level problems for `.invalid`.
    public var fieldErrors: [FieldError]

    /// Creates an error.
    public init(_ code: Code, _ reason: String, fieldErrors: [FieldError] = []) {
        self.code = code
        self.reason = reason
        self.fieldErrors = fieldErrors
    }
}
