import Foundation
import Storage
import SyncConnector

/// Sync connector metrics (issues 6 and 7), labelled by connector id: runs and their outcome,
/// objects pushed and pulled (counted as runs finish in this process), and at each scrape the
/// lag (seconds since the last successful sync) and the failures since it.
extension ServerMetrics {
    /// Counts one connector run (`SyncRunner`'s observer).
    func recordConnectorRun(_ id: Int64, _ result: Result<SyncReport, SyncError>) {
        let connector = String(id)
        let outcome: String
        switch result {
        case .success(let report):
            outcome = "ok"
            for (kind, count) in [("pushed", report.pushed), ("pulled", report.pulled)] {
                registry.makeCounter(
                    name: "cadence_connector_objects_total",
                    labels: [("connector", connector), ("kind", kind)],
                    help: "Objects a sync connector wrote to the remote (pushed) or here (pulled)."
                ).increment(by: Int64(count))
            }
        case .failure:
            outcome = "failed"
        }
        registry.makeCounter(
            name: "cadence_connector_runs_total",
            labels: [("connector", connector), ("outcome", outcome)],
            help: "Sync connector runs, by connector and outcome (ok, failed)."
        ).increment()
    }

    /// Sets the connector gauges from the store: how many there are, and per connector the lag
    /// (seconds since its last successful sync, or since it was created when it never had one)
    /// and its failures since then.
    func refreshConnectorGauges(store: any CadenceStore, now: Int64) async {
        guard let store = store as? any ConnectorStore,
            let connectors = try? await store.connectors(ownerID: nil)
        else { return }
        registry.makeGauge(name: "cadence_connectors", help: "Sync connectors configured.").set(
            to: Double(connectors.count))
        for connector in connectors {
            let labels = [("connector", String(connector.id))]
            let since = connector.lastSuccessAt ?? connector.createdAt
            registry.makeGauge(
                name: "cadence_connector_lag_seconds", labels: labels,
                help: "Seconds since a sync connector's last successful sync."
            ).set(to: Double(max(0, now - since)))
            registry.makeGauge(
                name: "cadence_connector_failures", labels: labels,
                help: "A sync connector's failed runs since its last success."
            ).set(to: Double(connector.failures))
        }
    }
}
