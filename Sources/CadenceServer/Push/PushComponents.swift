import AsyncHTTPClient
import Logging
import Storage

/// WebDAV-Push as the composition root assembles it: the keys, the delivery service and the
/// registration endpoint, over a store that implements `PushStore`.
struct PushComponents: Sendable {
    let keys: PushKeys
    let service: PushService
    let endpoint: PushEndpoint

    /// The components for `configuration`, or `nil` when push is off, the store cannot hold
    /// registrations, or the keys cannot be read or created (logged).
    static func make(
        configuration: Configuration, store: any CadenceStore, metrics: ServerMetrics,
        logger: Logger, sender: (any WebPushSending)? = nil,
        extraSources: [any PushChangeSource] = []
    ) -> PushComponents? {
        guard configuration.pushEnabled, let pushStore = store as? any PushStore else {
            return nil
        }
        let keys: PushKeys
        do {
            keys = try PushKeys(directory: configuration.dataDirectory)
        } catch {
            logger.error("push: disabled, the push keys cannot be used: \(error)")
            return nil
        }
        var policy = PushPolicy()
        policy.subject =
            configuration.pushSubject ?? configuration.publicBaseURL ?? "mailto:admin@localhost"
        let service = PushService(
            store: pushStore, keys: keys,
            sender: sender ?? HTTPWebPushSender(client: HTTPClient.shared),
            // One instance of a cluster reads the change log and sends (issue 9).
            sources: [
                ClusterLeaderSource(
                    inner: StoreChangePoller(store: pushStore, interval: 0.1), cluster: store)
            ] + extraSources,
            homes: store, policy: policy, logger: logger, metrics: metrics)
        var endpoint = PushEndpoint(
            store: pushStore, keys: keys, service: service, metrics: metrics)
        endpoint.allowsLoopbackHTTP = configuration.pushAllowsLoopbackHTTP
        return PushComponents(keys: keys, service: service, endpoint: endpoint)
    }
}
