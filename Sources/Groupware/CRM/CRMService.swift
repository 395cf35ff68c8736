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

    /// The clock that stamps `DTSTAMP`, `CREATED` and `LAST-MODIFIED` of CRM edits.
    public let clock: StoreClock

    /// Creates the service.
    public init(
        store: any CadenceStore & CRMStore, publicBaseURL: String? = nil,
        clock: StoreClock = .system
    ) {
        self.store = store
        self.publicBaseURL = publicBaseURL
        self.clock = clock
    }

    /// The URL of a task's CRM page (`URL` of its object), when a public base URL is set.
    public func taskURL(id: String) -> String? {
        guard var base = publicBaseURL, !base.isEmpty else { return nil }
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/tasks/" + id
    }

    /// Runs a store call, mapping its error onto the use case's.
    func storage<T>(_ body: () async throws(StorageError) -> T) async throws(CRMServiceError)
        -> T
    {
        do {
            return try await body()
        } catch {
            throw CRMServiceError(error)
        }
    }
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

extension CRMServiceError {
    /// The use-case error for a store error: unknown records are `.notFound`, stale ETags or
    /// revisions `.preconditionFailed`, taken names and UIDs `.conflict`, bad names `.invalid`,
    /// engine failures `.storeFailure`.
    public init(_ error: StorageError) {
        switch error.code {
        case .notFound: self.init(.notFound, error.reason)
        case .preconditionFailed: self.init(.preconditionFailed, error.reason)
        case .conflict, .uidConflict, .assignedCopy: self.init(.conflict, error.reason)
        case .invalidName, .invalidSyncToken, .parentMissing: self.init(.invalid, error.reason)
        case .engineFailure: self.init(.storeFailure, "the store failed; see the server log")
        }
    }

    /// The use-case error for a mapping error: `.invalid`, naming the field when there is one.
    public init(_ error: CRMError) {
        self.init(
            .invalid, error.reason,
            fieldErrors: [FieldError(field: error.field ?? "task", message: error.reason)])
    }
}
