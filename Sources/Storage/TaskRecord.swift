import CRM

/// A CRM task as stored: the projection of one calendar object, beside it in the store.
public struct TaskRecord: Sendable, Hashable {
    /// The task's stable id (kept when its object moves between calendars, and through trash).
    public var id: String
    /// The owning user's id.
    public var ownerID: Int64
    /// The calendar holding the object.
    public var collectionID: Int64
    /// The object's name in that calendar (`<uid>.ics`).
    public var objectName: String
    /// The object's current strong ETag (quoted); also the task's JSON ETag.
    public var etag: String
    /// The projected fields.
    public var fields: TaskFields
    /// When the task was first stored (UTC seconds).
    public var createdAt: Int64
    /// When its object last changed (UTC seconds).
    public var updatedAt: Int64

    /// Creates a record; stores build these.
    public init(
        id: String, ownerID: Int64, collectionID: Int64, objectName: String, etag: String,
        fields: TaskFields, createdAt: Int64, updatedAt: Int64
    ) {
        self.id = id
        self.ownerID = ownerID
        self.collectionID = collectionID
        self.objectName = objectName
        self.etag = etag
        self.fields = fields
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// The task projection that travels with an object write (`ObjectWrite.task`).
public struct TaskWrite: Sendable, Hashable {
    /// The id for a new task row; ignored when the object already has a task (its id is kept).
    /// A store gives the task a fresh `CRMIdentifier` instead when another task has this id.
    public var proposedID: String
    /// The projected fields.
    public var fields: TaskFields

    /// Creates the projection of a write.
    public init(proposedID: String, fields: TaskFields) {
        self.proposedID = proposedID
        self.fields = fields
    }
}

/// A deleted calendar object in the trash (kept for 30 days by default).
public struct TrashRecord: Sendable, Hashable {
    /// The store-assigned id.
    public var id: Int64
    /// The owning user's id.
    public var ownerID: Int64
    /// The calendar it was deleted from (it may since have been deleted itself).
    public var collectionID: Int64
    /// That calendar's path at deletion time.
    public var collectionPath: String
    /// The object's name.
    public var name: String
    /// The object's content type.
    public var contentType: String
    /// The object's bytes.
    public var data: [UInt8]
    /// The object's index columns.
    public var index: ObjectIndex
    /// The task that was projected from it, with its id, if any.
    public var task: TaskWrite?
    /// When it was deleted (UTC seconds).
    public var deletedAt: Int64

    /// Creates a record; stores build these.
    public init(
        id: Int64, ownerID: Int64, collectionID: Int64, collectionPath: String, name: String,
        contentType: String, data: [UInt8], index: ObjectIndex, task: TaskWrite?, deletedAt: Int64
    ) {
        self.id = id
        self.ownerID = ownerID
        self.collectionID = collectionID
        self.collectionPath = collectionPath
        self.name = name
        self.contentType = contentType
        self.data = data
        self.index = index
        self.task = task
        self.deletedAt = deletedAt
    }
}

/// One page of a listing, with the cursor of the next page (`nil` on the last one).
public struct Page<Item: Sendable & Hashable>: Sendable, Hashable {
    /// The items of this page, in the requested order.
    public var items: [Item]
    /// An opaque cursor that continues after the last item; `nil` when there is no more.
    public var nextCursor: String?

    /// Creates a page.
    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}

/// How to order a listing: a field and a direction.
public struct SortOrder<Field: Sendable & Hashable>: Sendable, Hashable {
    /// The field to order by; ties are broken by id.
    public var field: Field
    /// `true` for descending.
    public var descending: Bool

    /// Creates an order.
    public init(_ field: Field, descending: Bool = false) {
        self.field = field
        self.descending = descending
    }
}

/// What `ContactStore.contacts(ownerID:query:)` lists.
public struct ContactQuery: Sendable, Hashable {
    /// The fields contacts can be ordered by; text fields order by their lowercased UTF-8 bytes,
    /// and contacts without a company come last.
    public enum Field: String, Sendable, Hashable, CaseIterable {
        case name, company, createdAt, updatedAt
    }

    /// Case-insensitive substring over name, company, e-mail addresses and phone numbers (phone
    /// digits compared without punctuation).
    public var text: String?
    /// Only contacts carrying this tag (case-insensitive).
    public var tag: String?
    /// The order.
    public var sort: SortOrder<Field>
    /// Continue after this cursor (from a previous page with the same query).
    public var cursor: String?
    /// At most this many items (1…500).
    public var limit: Int

    /// Creates a query.
    public init(
        text: String? = nil, tag: String? = nil, sort: SortOrder<Field> = .init(.name),
        cursor: String? = nil, limit: Int = 50
    ) {
        self.text = text
        self.tag = tag
        self.sort = sort
        self.cursor = cursor
        self.limit = limit
    }
}

/// What `TaskStore.tasks(ownerID:query:)` lists.
public struct TaskQuery: Sendable, Hashable {
    /// The fields tasks can be ordered by (`due` and `start` put tasks without one last in
    /// either direction; `title` orders by the lowercased UTF-8 bytes).
    public enum Field: String, Sendable, Hashable, CaseIterable {
        case due, start, title, createdAt, updatedAt
    }

    /// Case-insensitive substring of the title or notes.
    public var text: String?
    /// Only these types (empty = all).
    public var types: Set<TaskType>
    /// Only these statuses (empty = all).
    public var statuses: Set<TaskStatus>
    /// Only tasks due (or, without `due`, starting) at or after this instant.
    public var dueFrom: Int64?
    /// … and before this instant.
    public var dueBefore: Int64?
    /// Only tasks linked to this contact.
    public var contactID: String?
    /// Only tasks assigned to this user name.
    public var assignee: String?
    /// Only tasks in this calendar.
    public var collectionID: Int64?
    /// The order.
    public var sort: SortOrder<Field>
    /// Continue after this cursor.
    public var cursor: String?
    /// At most this many items (1…500).
    public var limit: Int

    /// Creates a query.
    public init(
        text: String? = nil, types: Set<TaskType> = [], statuses: Set<TaskStatus> = [],
        dueFrom: Int64? = nil, dueBefore: Int64? = nil, contactID: String? = nil,
        assignee: String? = nil, collectionID: Int64? = nil,
        sort: SortOrder<Field> = .init(.due), cursor: String? = nil, limit: Int = 50
    ) {
        self.text = text
        self.types = types
        self.statuses = statuses
        self.dueFrom = dueFrom
        self.dueBefore = dueBefore
        self.contactID = contactID
        self.assignee = assignee
        self.collectionID = collectionID
        self.sort = sort
        self.cursor = cursor
        self.limit = limit
    }
}

/// A routing rule: tasks of `type` go to the calendar `collectionID`.
public struct TaskRoute: Sendable, Hashable {
    /// The task type.
    public var type: TaskType
    /// The target calendar.
    public var collectionID: Int64

    /// Creates a rule.
    public init(type: TaskType, collectionID: Int64) {
        self.type = type
        self.collectionID = collectionID
    }
}
