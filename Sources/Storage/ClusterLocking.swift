/// An optional ability of a store that several server instances share: running a background
/// job on one instance of the cluster at a time (PostgreSQL advisory locks). A store without it
/// serves one instance, which runs every job itself.
public protocol ClusterLocking: Sendable {
    /// Runs `body` if no other instance is running the job `name` right now, and answers
    /// whether it ran. The lock is released when `body` returns.
    func runOncePerCluster(_ name: String, _ body: @Sendable () async -> Void) async throws
        -> Bool
}

/// Runs a background job once per cluster when `store` is shared (`ClusterLocking`), and
/// simply runs it otherwise. Answers whether it ran here; a failure to take the lock skips
/// this round.
public func runOncePerCluster(
    _ store: any Sendable, _ name: String, _ body: @Sendable () async -> Void
) async -> Bool {
    guard let locking = store as? any ClusterLocking else {
        await body()
        return true
    }
    return (try? await locking.runOncePerCluster(name, body)) ?? false
}
