/// One entry of a user's notification collection (CalendarServer `caldav-notifications.txt`):
/// a `CS:notification` XML document, such as the invitation to a shared calendar.
public struct NotificationRecord: Sendable, Hashable {
    /// The store-assigned id; a notification replaced under the same name keeps it.
    public var id: Int64
    /// The user whose collection holds it.
    public var ownerID: Int64
    /// The resource name in the collection (`{uid}.xml`).
    public var name: String
    /// The local name of the notification's `CS:notificationtype` element, such as
    /// `invite-notification` or `invite-reply`.
    public var type: String
    /// The XML document.
    public var data: [UInt8]
    /// The strong ETag of `data`.
    public var etag: String
    /// When it was stored (or last replaced).
    public var createdAt: Int64

    public init(
        id: Int64, ownerID: Int64, name: String, type: String, data: [UInt8], etag: String,
        createdAt: Int64
    ) {
        self.id = id
        self.ownerID = ownerID
        self.name = name
        self.type = type
        self.data = data
        self.etag = etag
        self.createdAt = createdAt
    }
}
