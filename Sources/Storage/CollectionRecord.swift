import CRM

/// A collection in a user's home: a calendar collection (RFC 4791 §4.2) or a plain WebDAV
/// collection (RFC 4918 §5.2).
public struct CollectionRecord: Sendable, Hashable {
    /// The store-assigned id.
    public var id: Int64
    /// The owning user's id.
    public var ownerID: Int64
    /// The path relative to the user's home, without leading or trailing slash (`crm-tasks`,
    /// `files/sub`); only plain collections nest.
    public var path: String
    /// Calendar or plain.
    public var kind: CollectionKind
    /// `DAV:displayname` (RFC 4918 §15.2).
    public var displayName: String?
    /// `CALDAV:calendar-description` (RFC 4791 §5.2.1).
    public var calendarDescription: String?
    /// Apple `calendar-color`, as the client sent it (`#FF0000FF`).
    public var color: String?
    /// Apple `calendar-order`.
    public var order: Int?
    /// `CALDAV:calendar-timezone` (RFC 4791 §5.2.2): the VCALENDAR text holding one VTIMEZONE.
    public var timeZone: String?
    /// `CALDAV:supported-calendar-component-set` (RFC 4791 §5.2.3), e.g. `["VEVENT", "VTODO"]`.
    public var supportedComponents: [String]
    /// The current sync token (RFC 6578 §4) and CalendarServer `getctag`: 0 when new, one more
    /// for every change-log row.
    public var syncToken: Int64
    /// When the collection was created.
    public var createdAt: Int64
    /// When the collection or one of its members last changed.
    public var modifiedAt: Int64
    /// The CRM task type of objects in this calendar that name none (CRM-MAPPING.md: a "Phone
    /// Calls" calendar defaults to call); `nil` = by component.
    public var defaultTaskType: TaskType?

    /// The last path segment (the collection's own name).
    public var name: Substring {
        guard let slash = path.lastIndex(of: "/") else { return path[...] }
        return path[path.index(after: slash)...]
    }

    /// The parent collection's path, or `nil` for a collection directly in the home.
    public var parentPath: String? {
        guard let slash = path.lastIndex(of: "/") else { return nil }
        return String(path[..<slash])
    }

    /// Creates a record; stores build these, callers use `NewCollection`.
    public init(
        id: Int64, ownerID: Int64, path: String, kind: CollectionKind, displayName: String?,
        calendarDescription: String?, color: String?, order: Int?, timeZone: String?,
        supportedComponents: [String], syncToken: Int64, createdAt: Int64, modifiedAt: Int64,
        defaultTaskType: TaskType? = nil
    ) {
        self.id = id
        self.ownerID = ownerID
        self.path = path
        self.kind = kind
        self.displayName = displayName
        self.calendarDescription = calendarDescription
        self.color = color
        self.order = order
        self.timeZone = timeZone
        self.supportedComponents = supportedComponents
        self.syncToken = syncToken
        self.createdAt = createdAt
        self.modifiedAt = modifiedAt
        self.defaultTaskType = defaultTaskType
    }
}

/// The kind of a collection: its `DAV:resourcetype` (RFC 4918 §15.9, RFC 4791 §4.2).
public enum CollectionKind: String, Sendable, Hashable, CaseIterable {
    /// A calendar collection (MKCALENDAR, RFC 4791 §5.3.1).
    case calendar
    /// A plain WebDAV collection (MKCOL, RFC 4918 §9.3).
    case plain
    /// An address book (RFC 6352 §5.2), in the address-book home; top level only. Its
    /// `calendarDescription` holds `CARDDAV:addressbook-description`.
    case addressBook = "addressbook"
}

/// The fields of a collection to create (`CollectionStore.createCollection`).
public struct NewCollection: Sendable, Hashable {
    /// The path relative to the home; nested paths only for `.plain`.
    public var path: String
    /// Calendar or plain.
    public var kind: CollectionKind
    /// `DAV:displayname`.
    public var displayName: String?
    /// `CALDAV:calendar-description`.
    public var calendarDescription: String?
    /// Apple `calendar-color`.
    public var color: String?
    /// Apple `calendar-order`.
    public var order: Int?
    /// `CALDAV:calendar-timezone` text.
    public var timeZone: String?
    /// `CALDAV:supported-calendar-component-set`; empty for plain collections.
    public var supportedComponents: [String]
    /// The CRM task type of objects that name none (`CollectionRecord.defaultTaskType`).
    public var defaultTaskType: TaskType?

    /// Creates the fields of a new collection.
    public init(
        path: String, kind: CollectionKind, displayName: String? = nil,
        calendarDescription: String? = nil, color: String? = nil, order: Int? = nil,
        timeZone: String? = nil, supportedComponents: [String] = [],
        defaultTaskType: TaskType? = nil
    ) {
        self.path = path
        self.kind = kind
        self.displayName = displayName
        self.calendarDescription = calendarDescription
        self.color = color
        self.order = order
        self.timeZone = timeZone
        self.supportedComponents = supportedComponents
        self.defaultTaskType = defaultTaskType
    }
}

/// One change to a collection's live properties (PROPPATCH, RFC 4918 §9.2); `nil` removes.
public enum CollectionPropertyChange: Sendable, Hashable {
    /// Sets or removes `DAV:displayname`.
    case displayName(String?)
    /// Sets or removes `CALDAV:calendar-description`.
    case calendarDescription(String?)
    /// Sets or removes Apple `calendar-color`.
    case color(String?)
    /// Sets or removes Apple `calendar-order`.
    case order(Int?)
    /// Sets or removes `CALDAV:calendar-timezone`.
    case timeZone(String?)
    /// Replaces `CALDAV:supported-calendar-component-set`.
    case supportedComponents([String])
    /// Sets or removes the CRM default task type (not a DAV property; set through the CRM API).
    case defaultTaskType(TaskType?)
}

/// The live properties that a stored collection and a collection about to be created share, so
/// that one `apply` serves PROPPATCH, MKCOL and MKCALENDAR.
public protocol CollectionLiveProperties {
    var displayName: String? { get set }
    var calendarDescription: String? { get set }
    var color: String? { get set }
    var order: Int? { get set }
    var timeZone: String? { get set }
    var supportedComponents: [String] { get set }
    var defaultTaskType: TaskType? { get set }
}

extension CollectionLiveProperties {
    /// Applies live-property changes in order; engines and the server share this so they agree.
    public mutating func apply(_ changes: [CollectionPropertyChange]) {
        for change in changes {
            switch change {
            case .displayName(let value): displayName = value
            case .calendarDescription(let value): calendarDescription = value
            case .color(let value): color = value
            case .order(let value): order = value
            case .timeZone(let value): timeZone = value
            case .supportedComponents(let value): supportedComponents = value
            case .defaultTaskType(let value): defaultTaskType = value
            }
        }
    }
}

extension CollectionRecord: CollectionLiveProperties {}
extension NewCollection: CollectionLiveProperties {}
