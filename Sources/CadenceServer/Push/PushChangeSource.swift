import Foundation
import ServiceLifecycle
import Storage

/// A source of committed collection changes for push delivery. The store's change log
/// (`StoreChangePoller`) is one; a second engine can plug in its own (PostgreSQL
/// LISTEN/NOTIFY for changes committed by other instances) and `PushService` merges them.
protocol PushChangeSource: Sendable {
    /// Runs until cancelled or shut down, calling `deliver` with each committed change in order.
    func run(deliver: @Sendable (CommittedChange) async -> Void) async
}

/// Reads the store's change log (`PushStore.committedChanges`) every `interval` seconds from
/// where it left off: every write — DAV clients, the CRM API, connectors, even another process
/// on the same database — passes through it in the transaction that commits the change.
struct StoreChangePoller: PushChangeSource {
    let store: any PushStore
    let interval: Double
    var batch = 500
    /// Where to start reading; `nil` starts after the newest change (changes committed before
    /// the server started are not pushed: clients sync when they start anyway).
    var start: Int64? = nil

    func run(deliver: @Sendable (CommittedChange) async -> Void) async {
        var cursor: Int64
        if let start {
            cursor = start
        } else {
            cursor = (try? await store.latestChangeSequence()) ?? 0
        }
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let changes = try await store.committedChanges(after: cursor, limit: batch)
                for change in changes { await deliver(change) }
                if let last = changes.last {
                    cursor = last.sequence
                    if changes.count == batch { continue }
                } else if try await store.latestChangeSequence() < cursor {
                    // The newest rows went with a deleted collection and their ids may be
                    // handed out again: follow the log back.
                    cursor = try await store.latestChangeSequence()
                }
            } catch {
                // A failed read is retried on the next tick.
            }
            do {
                try await cancelWhenGracefulShutdown {
                    try await Task.sleep(for: .seconds(interval))
                }
            } catch {
                return
            }
        }
    }
}

/// Runs another source on one instance of a cluster at a time (issue 9): with several instances
/// on one PostgreSQL database each would read the same change log and every subscriber would
/// get one message per instance. The instance that holds the cluster lock `name` (an advisory
/// lock, `ClusterLocking`) reads; the others try again every `retryInterval` seconds and take
/// over when the reader stops (its lock goes with its database session). A store without
/// `ClusterLocking` serves one instance, which simply runs `inner`.
///
/// The new reader starts after the newest change (`StoreChangePoller.start` `nil`): changes
/// committed during a hand-over are not pushed, which clients cover by syncing on start.
struct ClusterLeaderSource: PushChangeSource {
    let inner: any PushChangeSource
    /// The store (or a stand-in) that decides which instance runs: `runOncePerCluster`.
    let cluster: any Sendable
    var name = "push-changes"
    var retryInterval: Double = 2

    func run(deliver: @Sendable (CommittedChange) async -> Void) async {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            _ = await runOncePerCluster(cluster, name) { await inner.run(deliver: deliver) }
            do {
                try await cancelWhenGracefulShutdown {
                    try await Task.sleep(for: .seconds(retryInterval))
                }
            } catch {
                return
            }
        }
    }
}
