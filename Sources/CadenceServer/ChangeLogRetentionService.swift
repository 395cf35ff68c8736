import Foundation
import Logging
import ServiceLifecycle
import Storage

/// Prunes the change log behind `sync-collection` to the sync-token retention
/// (`--sync-token-days`, 90 days by default), once at start and then every `interval` seconds,
/// until graceful shutdown (issue 7, `ChangeLogRetentionStore`). A client whose token is older
/// than the retention gets `403` with `DAV:valid-sync-token` (RFC 6578 §3.2) and resyncs.
struct ChangeLogRetentionService: Service {
    /// The store whose change log is pruned.
    let store: any CadenceStore
    /// How long a sync token stays usable, in seconds (at least; pruning runs every `interval`).
    let retentionSeconds: Int64
    /// How often to prune, in seconds.
    let interval: Double
    /// Where prunes are logged.
    let logger: Logger
    /// Where prunes and runs are counted (`cadence_purged_total{kind="change_log"}`,
    /// `cadence_cleanup_runs_total{service="change_log"}`), if anywhere.
    var metrics: ServerMetrics? = nil

    func run() async throws {
        // With several instances on one database, one of them prunes (`ClusterLocking`).
        await PeriodicTask.run(every: interval) {
            _ = await runOncePerCluster(store, "change-log-retention") { _ = await pruneOnce() }
        }
    }

    /// One prune at `now`: notes every collection's token and drops rows that only tokens from
    /// before now − retention need. Failures are logged, never fatal. Answers the rows removed.
    @discardableResult
    func pruneOnce(now: Date = Date()) async -> Int {
        let seconds = Int64(now.timeIntervalSince1970)
        do {
            let pruned = try await store.pruneChangeLog(
                now: seconds, cutoff: seconds - retentionSeconds)
            metrics?.recordPurge("change_log", count: pruned)
            metrics?.recordCleanupRun("change_log", at: now)
            if pruned > 0 {
                logger.info("change log: pruned \(pruned) rows older than the sync-token retention")
            }
            return pruned
        } catch {
            metrics?.recordCleanupRun("change_log", at: now, failed: true)
            logger.error("change log: prune failed: \(error.code.rawValue): \(error.reason)")
            return 0
        }
    }
}
