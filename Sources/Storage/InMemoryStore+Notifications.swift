extension InMemoryStore {
    /// See `NotificationStore.putNotification`.
    public func putNotification(ownerID: Int64, name: String, type: String, data: [UInt8])
        throws(StorageError) -> NotificationRecord
    {
        try NotificationRecord.validate(name: name, type: type)
        guard user(id: ownerID) != nil else { throw StorageError(.notFound, "no user \(ownerID)") }
        let existing = notificationsByID.values.first { $0.ownerID == ownerID && $0.name == name }
        let record = NotificationRecord(
            id: existing?.id ?? nextID(), ownerID: ownerID, name: name, type: type, data: data,
            etag: ETag.strong(for: data), createdAt: clock.now())
        notificationsByID[record.id] = record
        return record
    }

    /// See `NotificationStore.notifications(ownerID:)`.
    public func notifications(ownerID: Int64) -> [NotificationRecord] {
        notificationsByID.values.filter { $0.ownerID == ownerID }.sorted { $0.id < $1.id }
    }

    /// See `NotificationStore.notification(ownerID:name:)`.
    public func notification(ownerID: Int64, name: String) -> NotificationRecord? {
        notificationsByID.values.first { $0.ownerID == ownerID && $0.name == name }
    }

    /// See `NotificationStore.deleteNotification(ownerID:name:)`.
    public func deleteNotification(ownerID: Int64, name: String) throws(StorageError) {
        guard let found = notification(ownerID: ownerID, name: name) else {
            throw StorageError(.notFound, "no notification \(name)")
        }
        notificationsByID[found.id] = nil
    }

    /// Drops a deleted user's notifications.
    func dropNotifications(userID: Int64) {
        notificationsByID = notificationsByID.filter { $0.value.ownerID != userID }
    }
}
