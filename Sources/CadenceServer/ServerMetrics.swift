import Foundation
import Prometheus
import Storage
import StorageSQLite
import Synchronization

/// The server's Prometheus metrics (issue 7), kept in one registry per application so that
/// several applications in one process (tests) never share counters and nothing global is
/// bootstrapped.
///
/// Request counters and latency histograms are updated by `MetricsMiddleware`; store gauges are
/// computed when `/metrics` is scraped (`MetricsRoute`), so they cost nothing between scrapes.
final class ServerMetrics: Sendable {
    /// The registry every metric lives in; `emit` renders the text exposition format.
    let registry = PrometheusCollectorRegistry()
    /// Latency buckets, 1 ms to 10 s.
    static let buckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(10),
    ]

    /// The request counter and latency histogram of one method and status, made on first use.
    struct RequestSeries: Sendable {
        let counter: Counter
        let histogram: DurationHistogram
    }
    /// `RequestSeries` by method label and status: a request finds its metrics here under a lock
    /// rather than by the registry's name-and-labels lookup.
    private let requestSeries = Mutex<[RequestKey: RequestSeries]>([:])
    /// The store's read counts already added to `cadence_database_reads_total`, by server.
    let exportedReads = Mutex<[String: Int64]>([:])

    /// A method label and a status, the key of `requestSeries`.
    struct RequestKey: Hashable {
        let method: String
        let status: Int
    }

    /// Counts one answered request and records its duration.
    func recordRequest(method: String, status: Int, duration: Duration) {
        let key = RequestKey(method: Self.methodLabel(method), status: status)
        let series =
            requestSeries.withLock { $0[key] }
            ?? requestSeries.withLock { known in
                if let series = known[key] { return series }
                let series = makeRequestSeries(key)
                known[key] = series
                return series
            }
        series.counter.increment()
        series.histogram.record(duration)
        totals.withLock { totals in
            totals.requests += 1
            if status >= 500 {
                totals.serverErrors += 1
            } else if status >= 400 {
                totals.clientErrors += 1
            }
        }
    }

    /// Requests answered since start, for the web application's health page (issue 12).
    struct RequestTotals: Sendable {
        var requests = 0
        var clientErrors = 0
        var serverErrors = 0
    }
    private let totals = Mutex(RequestTotals())
    /// The request totals so far.
    var requestTotals: RequestTotals { totals.withLock { $0 } }

    /// The registry's counter and histogram for `key` (the registry returns the existing ones
    /// when asked again).
    private func makeRequestSeries(_ key: RequestKey) -> RequestSeries {
        RequestSeries(
            counter: registry.makeCounter(
                name: "cadence_http_requests_total",
                labels: [("method", key.method), ("status", String(key.status))],
                help: "HTTP requests answered, by method and status."),
            histogram: registry.makeDurationHistogram(
                name: "cadence_http_request_duration_seconds", labels: [("method", key.method)],
                buckets: Self.buckets, help: "Time to answer a request, by method."))
    }

    /// Adds `count` to a cleanup counter (`trash`, `sync_log`, `change_log`, `auth_failures`).
    func recordPurge(_ kind: String, count: Int) {
        registry.makeCounter(
            name: "cadence_purged_total", labels: [("kind", kind)],
            help: "Rows removed by the cleanup services, by kind."
        ).increment(by: Int64(count))
    }

    /// Counts one run of a background cleanup service (`trash`, `sync_log`, `change_log`) and
    /// sets its last-run time; a failed run also counts as a failure.
    func recordCleanupRun(_ service: String, at time: Date = Date(), failed: Bool = false) {
        registry.makeCounter(
            name: "cadence_cleanup_runs_total", labels: [("service", service)],
            help: "Runs of the background cleanup services, by service."
        ).increment()
        if failed {
            registry.makeCounter(
                name: "cadence_cleanup_failures_total", labels: [("service", service)],
                help: "Failed runs of the background cleanup services, by service."
            ).increment()
        }
        registry.makeGauge(
            name: "cadence_cleanup_last_run_timestamp_seconds", labels: [("service", service)],
            help: "When each background cleanup service last ran (UTC seconds)."
        ).set(to: time.timeIntervalSince1970)
    }

    /// Counts one `sync-collection` REPORT (RFC 6578), `initial` (no token) or `incremental`.
    func recordSyncCollection(initial: Bool) {
        registry.makeCounter(
            name: "cadence_sync_collection_requests_total",
            labels: [("kind", initial ? "initial" : "incremental")],
            help: "sync-collection REPORTs, initial (no token) or incremental."
        ).increment()
    }

    /// Sets the store gauges from the store: users, objects and their bytes per user, the
    /// database size.
    func refreshStoreGauges(store: any CadenceStore, dataDirectory: String?) async {
        await refreshPushGauge(store: store)
        refreshReplicaMetrics(store: store)
        if let users = try? await store.users() {
            registry.makeGauge(name: "cadence_users", help: "User accounts.").set(
                to: Double(users.count))
            for user in users {
                if let count = try? await store.objectCount(ownerID: user.id) {
                    registry.makeGauge(
                        name: "cadence_user_objects", labels: [("user", user.name)],
                        help: "Calendar objects and files a user stores."
                    ).set(to: Double(count))
                }
                if let bytes = try? await store.usedBytes(ownerID: user.id) {
                    registry.makeGauge(
                        name: "cadence_user_stored_bytes", labels: [("user", user.name)],
                        help: "Bytes of calendar objects and files a user stores."
                    ).set(to: Double(bytes))
                }
            }
        }
        if let dataDirectory {
            var total = 0.0
            for suffix in ["", "-wal"] {
                let path = (dataDirectory as NSString).appendingPathComponent(
                    SQLiteStore.fileName + suffix)
                if let size = try? FileManager.default.attributesOfItem(atPath: path)[.size]
                    as? NSNumber
                {
                    total += size.doubleValue
                }
            }
            registry.makeGauge(
                name: "cadence_database_bytes", help: "Size of the SQLite database and its WAL."
            ).set(to: total)
        }
    }

    /// Known methods by name, anything else as `other` (the label set stays bounded).
    static func methodLabel(_ method: String) -> String {
        switch method {
        case "GET", "HEAD", "PUT", "POST", "PATCH", "DELETE", "OPTIONS", "PROPFIND", "PROPPATCH",
            "REPORT", "MKCOL", "MKCALENDAR", "COPY", "MOVE":
            method
        default: "other"
        }
    }
}
