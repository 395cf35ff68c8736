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

/// Reads the store's change log (`PushStore.changes(after:limit:)`) every `interval` seconds
/// from where it left off: every write — DAV clients, the CRM API, connectors, even another
/// process or instance on the same database — passes through it in the transaction that
/// commits the change. The cursor (`ChangeLogCursor`) also catches a change that commits after
/// one with a higher sequence, as transactions on PostgreSQL do.
struct StoreChangePoller: PushChangeSource {
    let store: any PushStore
    let interval: Double
    var batch = 500
    /// Where to start reading; `nil` starts after the newest change (changes committed before
    /// the server started are not pushed: clients sync when they start anyway).
    var start: Int64? = nil

    func run(deliver: @Sendable (CommittedChange) async -> Void) async {
        var cursor: ChangeLogCursor
        if let start {
            cursor = ChangeLogCursor(after: start)
        } else {
            cursor = (try? await store.newestChangeLogCursor()) ?? ChangeLogCursor(after: 0)
        }
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let read = try await store.changes(after: cursor, limit: batch)
                for change in read.changes { await deliver(change) }
                cursor = read.cursor
                if read.changes.count == batch { continue }
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
