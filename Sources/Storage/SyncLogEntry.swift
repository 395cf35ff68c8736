/// One line of the sync log: a change (or attempted change) to an object or task, by whom,
/// through which client, where, with which result and when (issue 7, "Sync log").
public struct SyncLogEntry: Sendable, Hashable {
    /// What the request did to the object or task.
    public enum Action: String, Sendable, CaseIterable {
        /// A new object or task (PUT answered 201, COPY, API create).
        case create
        /// A changed object or task (PUT over an existing one, API patch, complete, reopen).
        case update
        /// A deleted object, collection or task (DELETE, API delete).
        case delete
        /// An object or collection moved (MOVE, RFC 4918 §9.9).
        case move
        /// A trash entry restored into a calendar.
        case restore
    }

    /// The store-assigned id (0 for an entry not yet stored); increasing with insertion order.
    public var id: Int64
    /// When the request finished, in UTC seconds.
    public var time: Int64
    /// The acting user's id (no foreign key: the log outlives a deleted user).
    public var ownerID: Int64
    /// The acting user's name.
    public var userName: String
    /// The client: its `User-Agent`, or `api` for the JSON API, `connector` for the connector.
    public var client: String
    /// What was done.
    public var action: Action
    /// The collection's path (`/caldav/calendars/alice/work/`), or empty when not known.
    public var collectionPath: String
    /// The object's name in the collection (`meeting.ics`), or the contact id; `nil` for a
    /// collection itself.
    public var objectName: String?
    /// The CRM task id, when the change was made to a task through the API.
    public var taskID: String?
    /// The destination of a MOVE or COPY.
    public var destination: String?
    /// The HTTP status the request was answered with.
    public var status: Int

    /// Creates an entry; `id` is assigned by the store.
    public init(
        id: Int64 = 0, time: Int64, ownerID: Int64, userName: String, client: String,
        action: Action, collectionPath: String, objectName: String? = nil, taskID: String? = nil,
        destination: String? = nil, status: Int
    ) {
        self.id = id
        self.time = time
        self.ownerID = ownerID
        self.userName = userName
        self.client = client
        self.action = action
        self.collectionPath = collectionPath
        self.objectName = objectName
        self.taskID = taskID
        self.destination = destination
        self.status = status
    }
}

/// A query of the sync log: newest first.
public struct SyncLogQuery: Sendable, Hashable {
    /// Only this user's entries; `nil` for everyone's.
    public var userName: String?
    /// Only entries at or after this time (UTC seconds).
    public var since: Int64?
    /// The most entries to answer.
    public var limit: Int

    /// Creates a query.
    public init(userName: String? = nil, since: Int64? = nil, limit: Int = 100) {
        self.userName = userName
        self.since = since
        self.limit = limit
    }
}
