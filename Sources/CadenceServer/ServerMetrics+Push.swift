import Foundation
import Prometheus
import Storage

/// WebDAV-Push metrics (issue 11): registrations, messages sent, failures, delivery latency.
extension ServerMetrics {
    /// Counts a registration made (`created`) or renewed (`updated`) by a client.
    func recordPushRegistration(created: Bool) {
        registry.makeCounter(
            name: "cadence_push_registrations_total",
            labels: [("result", created ? "created" : "updated")],
            help: "WebDAV-Push registrations made or renewed by clients."
        ).increment()
    }

    /// Counts registrations removed (`gone`: the push service answered 404/410; `expired`;
    /// `unregistered`: the client deleted it).
    func recordPushRegistrationsRemoved(_ reason: String, count: Int) {
        guard count > 0 else { return }
        registry.makeCounter(
            name: "cadence_push_registrations_removed_total", labels: [("reason", reason)],
            help: "WebDAV-Push registrations removed, by reason."
        ).increment(by: Int64(count))
    }

    /// Counts a message accepted by a push service and records the time from seeing the change
    /// to the push service's answer.
    func recordPushSent(latency: Duration) {
        registry.makeCounter(
            name: "cadence_push_messages_sent_total", labels: [],
            help: "WebDAV-Push messages accepted by push services."
        ).increment()
        registry.makeDurationHistogram(
            name: "cadence_push_delivery_latency_seconds", labels: [], buckets: Self.buckets,
            help: "Time from a committed change to the push service accepting its message."
        ).record(latency)
    }

    /// Counts a failed delivery (`network`, `retry`, `gone`, `rejected`, `gave_up`,
    /// `invalid_subscription`, `queue_full`).
    func recordPushFailure(_ reason: String) {
        registry.makeCounter(
            name: "cadence_push_failures_total", labels: [("reason", reason)],
            help: "WebDAV-Push deliveries that failed, by reason."
        ).increment()
    }

    /// Counts a message not sent because of `Push-Dont-Notify`.
    func recordPushSuppressed() {
        registry.makeCounter(
            name: "cadence_push_suppressed_total", labels: [],
            help: "WebDAV-Push messages left out because of Push-Dont-Notify."
        ).increment()
    }

    /// Sets the gauge of live registrations.
    func refreshPushGauge(store: any CadenceStore) async {
        guard let push = store as? any PushStore,
            let live = try? await push.livePushRegistrations(
                at: Int64(Date().timeIntervalSince1970))
        else { return }
        registry.makeGauge(
            name: "cadence_push_registrations", help: "Live WebDAV-Push registrations."
        ).set(to: Double(live.count))
    }
}
