/// Storage used per owner, for quotas (RFC 4331).
public protocol UsageStore: Sendable {
    /// The total size, in octets, of every object the user owns.
    func usedBytes(ownerID: Int64) async throws(StorageError) -> Int64

    /// How many objects the user owns (the `cadence_user_objects` metric).
    func objectCount(ownerID: Int64) async throws(StorageError) -> Int
}
