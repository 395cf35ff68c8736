import Foundation
import Logging
import ServiceLifecycle
import Storage
import SyncConnector

/// Runs every sync connector on its interval (backing off after failures, `SyncSchedule`) and
/// soon after a local change in its calendar: the calendars' sync tokens are looked at every
/// `pollInterval` seconds (2 by default), so a local edit reaches the remote within seconds.
/// A disabled connector (`ConnectorRecord.enabled`) only runs on demand.
struct ConnectorSyncService: Service {
    let store: any ConnectorBackingStore
    let runner: SyncRunner
    let pollInterval: Double
    let logger: Logger
    /// Off: no background runs (connectors run on request only); the runner is still shut
    /// down with the service.
    var runsDueConnectors = true

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            // With several instances on one database, one of them syncs (`ClusterLocking`).
            if runsDueConnectors {
                _ = await runOncePerCluster(store, "connector-sync") {
                    await tick(now: Int64(Date().timeIntervalSince1970))
                }
            }
            do {
                try await cancelWhenGracefulShutdown {
                    try await Task.sleep(for: .seconds(pollInterval))
                }
            } catch {
                break
            }
        }
        await runner.shutdown()
    }

    /// Runs the connectors that are due or whose calendar changed since their last run.
    func tick(now: Int64) async {
        let connectors: [ConnectorRecord]
        do {
            connectors = try await store.connectors(ownerID: nil)
        } catch {
            logger.error("sync: cannot list connectors: \(error.reason)")
            return
        }
        for connector in connectors where connector.enabled {
            var due = SyncSchedule.nextRun(of: connector).map { $0 <= now } ?? true
            if !due && connector.failures == 0,
                let calendar = try? await store.collection(id: connector.collectionID),
                calendar.syncToken != connector.localToken
            {
                due = true
            }
            guard due else { continue }
            do {
                let report = try await runner.run(connectorID: connector.id)
                if report != SyncReport() {
                    logger.info(
                        "sync \(connector.id): pushed \(report.pushed), pulled \(report.pulled), conflicts \(report.conflicts)"
                    )
                }
            } catch {
                logger.warning("sync \(connector.id): \(error.description)")
            }
        }
    }
}
