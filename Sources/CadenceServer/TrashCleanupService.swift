import Foundation
import Logging
import ServiceLifecycle
import Storage

/// Empties the trash of entries older than the retention (CRM-MAPPING.md, "Deletion": 30 days by
/// default), once at start and then every `interval` seconds, until graceful shutdown.
struct TrashCleanupService: Service {
    /// The store whose trash is emptied.
    let store: any CadenceStore
    /// How long a deleted object stays restorable, in seconds.
    let retentionSeconds: Int64
    /// How often to look, in seconds.
    let interval: Double
    /// Where purges are logged.
    let logger: Logger
    /// Where purges are counted (`cadence_purged_total{kind="trash"}`), if anywhere.
    var metrics: ServerMetrics? = nil

    func run() async throws {
        // With several instances on one database, one of them purges (`ClusterLocking`).
        await PeriodicTask.run(every: interval) {
            _ = await runOncePerCluster(store, "trash-cleanup") { await purgeOnce() }
        }
    }

    /// One purge: entries deleted before now − retention. Failures are logged, never fatal.
    func purgeOnce() async {
        let cutoff = Int64(Date().timeIntervalSince1970) - retentionSeconds
        do {
            let purged = try await store.purgeTrash(deletedBefore: cutoff)
            metrics?.recordPurge("trash", count: purged)
            metrics?.recordCleanupRun("trash")
            if purged > 0 {
                logger.info("trash: purged \(purged) entries deleted before \(cutoff)")
            }
        } catch {
            metrics?.recordCleanupRun("trash", failed: true)
            logger.error("trash: purge failed: \(error.code.rawValue): \(error.reason)")
        }
    }
}
