import Groupware
import Logging
import ServiceLifecycle
import Storage

/// Consumes the changes every instance commits (`ChangeFeed`, PostgreSQL LISTEN/NOTIFY) and
/// drops what this instance remembers about the owners concerned: their storage use
/// (`UsageTracker`), which otherwise counts only this instance's own writes. Push delivery can
/// subscribe to the same feed.
struct ChangeFeedService: Service {
    let feed: any ChangeFeed
    let usage: UsageTracker
    let logger: Logger

    func run() async throws {
        let changes = feed.committedChanges()
        try await cancelWhenGracefulShutdown {
            for await change in changes {
                usage.forget(ownerID: change.ownerID)
            }
        }
    }
}
