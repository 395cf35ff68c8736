import ServiceLifecycle

/// The loop of the background cleanup services: `body` once at start and then every `interval`
/// seconds, until graceful shutdown or cancellation.
enum PeriodicTask {
    /// Runs `body` now and after every `interval` seconds until the service group shuts down.
    static func run(every interval: Double, _ body: () async -> Void) async {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await body()
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
