/// Users' notification collections (CalendarServer `caldav-notifications.txt`): invitations to
/// shared calendars and the replies to them.
///
/// Every method is one transaction. Deleting a user deletes their notifications.
public protocol NotificationStore: Sendable {
    /// Stores a notification in `ownerID`'s collection, replacing the one of the same name
    /// (which keeps its id). `.notFound` for an unknown user; `.invalidName` for an empty name,
    /// one containing `/`, or an empty type.
    func putNotification(ownerID: Int64, name: String, type: String, data: [UInt8])
        async throws(StorageError) -> NotificationRecord
    /// A user's notifications, ordered by id.
    func notifications(ownerID: Int64) async throws(StorageError) -> [NotificationRecord]
    /// The notification of that name in the user's collection, or `nil`.
    func notification(ownerID: Int64, name: String) async throws(StorageError)
        -> NotificationRecord?
    /// Deletes a notification. `.notFound` if there is none of that name.
    func deleteNotification(ownerID: Int64, name: String) async throws(StorageError)
}

extension NotificationRecord {
    /// Checks a notification's name and type (`NotificationStore.putNotification`).
    public static func validate(name: String, type: String) throws(StorageError) {
        guard !name.isEmpty, !name.contains("/"), name != ".", name != ".." else {
            throw StorageError(.invalidName, "bad notification name \(name)")
        }
        guard !type.isEmpty else {
            throw StorageError(.invalidName, "a notification has a type")
        }
    }
}
