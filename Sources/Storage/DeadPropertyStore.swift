/// Dead properties of any resource in a home (RFC 4918 §4.1, §9.2).
public protocol DeadPropertyStore: Sendable {
    /// The dead properties of the resource at `path` in the user's home, in the order they were
    /// first set.
    func deadProperties(ownerID: Int64, path: String) async throws(StorageError) -> [DeadProperty]
    /// Applies PROPPATCH changes to the resource at `path` in one transaction, in order.
    /// `.notFound` for an unknown owner.
    func updateDeadProperties(ownerID: Int64, path: String, changes: [DeadPropertyChange])
        async throws(StorageError)
}
