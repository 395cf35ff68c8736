import Prometheus
import Storage

/// Read-replica metrics (issue 9): where reads were served, and each replica's state, so that
/// operators see the routing work.
extension ServerMetrics {
    /// Brings `cadence_database_reads_total` up to the store's counts (the store counts; the
    /// counters move by what was not exported yet) and sets each replica's usable and lag gauges.
    /// Nothing for a store without replicas.
    func refreshReplicaMetrics(store: any CadenceStore) {
        guard let routing = store as? any ReplicaReading, routing.hasReplicas else { return }
        let statistics = routing.replicaStatistics()
        let totals =
            [(role: "primary", server: "primary", reads: statistics.primaryReads)]
            + statistics.replicas.map { (role: "replica", server: $0.name, reads: $0.reads) }
        for total in totals {
            let delta = exportedReads.withLock { exported in
                let delta = total.reads - (exported[total.server] ?? 0)
                exported[total.server] = total.reads
                return delta
            }
            let counter = registry.makeCounter(
                name: "cadence_database_reads_total",
                labels: [("role", total.role), ("server", total.server)],
                help: "Store reads served by the PostgreSQL primary or by a read replica.")
            if delta > 0 { counter.increment(by: delta) }
        }
        for replica in statistics.replicas {
            registry.makeGauge(
                name: "cadence_database_replica_usable", labels: [("server", replica.name)],
                help: "Whether a read replica serves reads now (1) or not (0)."
            ).set(to: replica.usable ? 1 : 0)
            registry.makeGauge(
                name: "cadence_database_replica_lag_seconds", labels: [("server", replica.name)],
                help: "How far a read replica's replay is behind the primary."
            ).set(to: replica.lagSeconds)
        }
    }
}
