/// A member of a collection: a calendar object resource (RFC 4791 §4.1) or a plain file.
///
/// The ETag is strong and quoted, computed by the store from the bytes alone (`ETag.strong(for:)`),
/// so the same bytes give the same ETag in every engine and after backup and restore.
public struct ObjectRecord: Sendable, Hashable {
    /// The store-assigned id.
    public var id: Int64
    /// The collection holding it.
    public var collectionID: Int64
    /// The last path segment (`abc.ics`).
    public var name: String
    /// The strong ETag in quoted form, `"<64 lowercase hex digits of SHA-256>"` (RFC 7232 §2.3).
    public var etag: String
    /// `DAV:getcontenttype`, as given by the writer.
    public var contentType: String
    /// `DAV:getcontentlength`: the number of bytes.
    public var size: Int
    /// The bytes as the client sent them; `nil` in metadata-only listings (`objects(in:)`).
    public var data: [UInt8]?
    /// The index columns; `nil` fields for plain files.
    public var index: ObjectIndex
    /// When it was last written.
    public var modifiedAt: Int64

    /// Creates a record; stores build these, callers use `ObjectWrite`.
    public init(
        id: Int64, collectionID: Int64, name: String, etag: String, contentType: String, size: Int,
        data: [UInt8]?, index: ObjectIndex, modifiedAt: Int64
    ) {
        self.id = id
        self.collectionID = collectionID
        self.name = name
        self.etag = etag
        self.contentType = contentType
        self.size = size
        self.data = data
        self.index = index
        self.modifiedAt = modifiedAt
    }

    /// The same record without its bytes.
    public var metadata: ObjectRecord {
        var copy = self
        copy.data = nil
        return copy
    }
}

/// The index columns of a calendar object, extracted by the writer (Groupware) from the parsed data.
///
/// `firstStart`/`lastEnd` bound every instance in UTC seconds: `nil` start means "unknown or
/// unbounded in the past", `nil` end means open-ended (an unbounded RRULE).
public struct ObjectIndex: Sendable, Hashable {
    /// The main component's name (`VEVENT`, `VTODO`, `VJOURNAL`, …); `nil` for plain files.
    public var componentType: String?
    /// The `UID` shared by the object's components (RFC 4791 §4.1).
    public var uid: String?
    /// The start of the first instance (UTC seconds).
    public var firstStart: Int64?
    /// The end of the last instance (UTC seconds), `nil` when open-ended.
    public var lastEnd: Int64?
    /// Every instance of the object, when they are known exactly whatever the query's time
    /// zone (a VEVENT whose starts are UTC or zoned, with at most `ObjectInstance.indexLimit`
    /// instances); `nil` otherwise. A VEVENT time-range test (RFC 4791 §9.9) is then answered
    /// from the index without parsing.
    public var exactInstances: [ObjectInstance]?

    /// The index of a plain file: every field `nil`.
    public static let none = ObjectIndex()

    /// Creates index columns.
    public init(
        componentType: String? = nil, uid: String? = nil, firstStart: Int64? = nil,
        lastEnd: Int64? = nil, exactInstances: [ObjectInstance]? = nil
    ) {
        self.componentType = componentType
        self.uid = uid
        self.firstStart = firstStart
        self.lastEnd = lastEnd
        self.exactInstances = exactInstances
    }

    /// Whether `[firstStart, lastEnd]` may overlap the query range `[start, end)` — the
    /// time-range pre-filter (RFC 4791 §9.9), a superset of the exact answer.
    ///
    /// `nil` bounds are unbounded on either side. The object's end is compared inclusively
    /// (`lastEnd >= start`) so that zero-length instances at `start` stay candidates.
    public func mayOverlap(start: Int64?, end: Int64?) -> Bool {
        if let end, let firstStart, firstStart >= end { return false }
        if let start, let lastEnd, lastEnd < start { return false }
        return true
    }
}

/// The content of a PUT (`ObjectStore.putObject`).
public struct ObjectWrite: Sendable, Hashable {
    /// The object's name, the last path segment.
    public var name: String
    /// The bytes to store as sent.
    public var data: [UInt8]
    /// The content type (`text/calendar; charset=utf-8; component=vevent`).
    public var contentType: String
    /// The index columns.
    public var index: ObjectIndex
    /// The CRM projection to store beside the object in the same transaction; `nil` removes the
    /// object's task, if it had one (`TaskStore`).
    public var task: TaskWrite?

    /// Creates the content of a write.
    /// The CRM contact this card projects to (a card of the address book `crm-contacts`):
    /// written in the same transaction and linked to the object, so that deleting either
    /// deletes both. `nil` leaves any contact linked to the object as it is.
    public var contact: ContactWrite?
    /// Where the task's assignee sees the object (`AssignedCopy`), placed in the same
    /// transaction; `.unchanged` leaves any copy where it is and rewrites it.
    public var assignedCopy: AssignedCopy

    public init(
        name: String, data: [UInt8], contentType: String, index: ObjectIndex = .none,
        task: TaskWrite? = nil, contact: ContactWrite? = nil,
        assignedCopy: AssignedCopy = .unchanged
    ) {
        self.name = name
        self.data = data
        self.contentType = contentType
        self.index = index
        self.task = task
        self.contact = contact
        self.assignedCopy = assignedCopy
    }
}

/// A contact written with its card (`ObjectWrite.contact`, CRM-MAPPING.md "Contact → vCard").
///
/// A contact with this id is updated (it must belong to the collection's owner: `.conflict`
/// otherwise; with `ifRevision`, only at that revision: `.preconditionFailed`), keeping its
/// creation time, one revision more; otherwise it is created at revision 1. Either way it is
/// linked to the object, and a contact linked to the object before under another id is
/// unlinked.
public struct ContactWrite: Sendable, Hashable {
    public var contact: Contact
    public var ifRevision: Int64?

    public init(_ contact: Contact, ifRevision: Int64? = nil) {
        self.contact = contact
        self.ifRevision = ifRevision
    }
}

/// Where a contact's card is stored.
public struct ContactCard: Sendable, Hashable {
    public var collectionID: Int64
    public var name: String

    public init(collectionID: Int64, name: String) {
        self.collectionID = collectionID
        self.name = name
    }
}

/// The precondition of a write, checked inside the write's transaction (RFC 7232 §3.1–3.2).
public enum WritePrecondition: Sendable, Hashable {
    /// No precondition.
    case none
    /// `If-Match: "etag"`: the object exists with exactly this quoted ETag.
    case ifMatch(String)
    /// `If-Match: *`: the object exists.
    case ifMatchAny
    /// `If-None-Match: *`: the object does not exist yet.
    case ifNoneMatchAny

    /// Whether the precondition holds for the current ETag (`nil` = no such object).
    public func holds(currentETag: String?) -> Bool {
        switch self {
        case .none: true
        case .ifMatch(let etag): currentETag == etag
        case .ifMatchAny: currentETag != nil
        case .ifNoneMatchAny: currentETag == nil
        }
    }
}

/// The outcome of a write: whether it created the object, and the stored record (with data).
public struct PutResult: Sendable, Hashable {
    /// `true` for 201 Created, `false` for 204 No Content.
    public var created: Bool
    /// The record as stored, with its new ETag.
    public var object: ObjectRecord
    /// The id of the object's task row after the write (`nil` when it has none): the sync log
    /// names it without reading it back.
    public var taskID: String?

    /// Creates an outcome.
    public init(created: Bool, object: ObjectRecord, taskID: String? = nil) {
        self.created = created
        self.object = object
        self.taskID = taskID
    }
}
