import Foundation
import Logging
import ServiceLifecycle
import Storage

/// Writes the sync log's buffered entries every `flushInterval` seconds and purges entries older
/// than the retention (`CADENCE_LOG_DAYS`, 30 days by default) at start and then hourly; flushes
/// once more at graceful shutdown (issue 7). The hourly purge also removes failed-sign-in windows
/// that have ended (`authFailureWindow`).
struct SyncLogService: Service {
    /// The buffer to flush.
    let recorder: SyncLogRecorder
    /// The store to purge.
    let store: any CadenceStore
    /// How long entries are kept, in seconds.
    let retentionSeconds: Int64
    /// How often to flush, in seconds.
    let flushInterval: Double
    /// How often to purge, in seconds.
    let purgeInterval: Double
    /// Where failures and purges are logged.
    let logger: Logger
    /// The brute-force counting window, in seconds: older failure windows are purged.
    var authFailureWindow: Int64 = 900
    /// Where purges and runs are counted (`cadence_purged_total{kind="sync_log"}` and
    /// `{kind="auth_failures"}`, `cadence_cleanup_runs_total{service="sync_log"}`), if anywhere.
    var metrics: ServerMetrics? = nil

    func run() async throws {
        var sincePurge = purgeInterval
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            if sincePurge >= purgeInterval {
                // One instance of a cluster purges (`ClusterLocking`); each flushes its own buffer.
                _ = await runOncePerCluster(store, "sync-log-purge") { await purgeOnce() }
                sincePurge = 0
            }
            do {
                try await cancelWhenGracefulShutdown {
                    try await Task.sleep(for: .seconds(flushInterval))
                }
            } catch {
                break
            }
            sincePurge += flushInterval
            await recorder.flush(logger: logger)
        }
        await recorder.flush(logger: logger)
    }

    /// One purge: entries older than now − retention, and ended failure windows. Failures are
    /// logged, never fatal. Answers how many log entries went.
    @discardableResult
    func purgeOnce() async -> Int {
        let now = Int64(Date().timeIntervalSince1970)
        let cutoff = now - retentionSeconds
        var failed = false
        defer { metrics?.recordCleanupRun("sync_log", failed: failed) }
        do {
            let windows = try await store.purgeAuthFailures(before: now - authFailureWindow)
            metrics?.recordPurge("auth_failures", count: windows)
        } catch {
            failed = true
            logger.error("sign-in failures: purge failed: \(error.code.rawValue)")
        }
        do {
            let purged = try await store.purgeSyncLog(before: cutoff)
            metrics?.recordPurge("sync_log", count: purged)
            if purged > 0 {
                logger.info("sync log: purged \(purged) entries older than \(cutoff)")
            }
            return purged
        } catch {
            failed = true
            logger.error("sync log: purge failed: \(error.code.rawValue): \(error.reason)")
            return 0
        }
    }
}
