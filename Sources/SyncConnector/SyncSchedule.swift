import Storage

/// When a connector syncs next: on its interval after a success, backing off exponentially
/// after failures (doubling per failure, at most `maximumBackoff`), never before a remote's
/// `Retry-After` (`retryAfter`, or the one recorded as `ConnectorRecord.retryNotBefore`).
public enum SyncSchedule {
    /// The longest wait after repeated failures, in seconds (6 hours).
    public static let maximumBackoff: Int64 = 6 * 3600

    /// The UTC second of the next scheduled run; `nil` for a connector that never ran (run now).
    public static func nextRun(of connector: ConnectorRecord, retryAfter: Int64? = nil) -> Int64? {
        guard let last = connector.lastSyncAt else { return nil }
        let interval = max(1, connector.interval)
        var delay = interval
        if connector.failures > 0 {
            let exponent = min(connector.failures, 20)
            delay = max(interval, min(maximumBackoff, max(interval, 15) << Int64(exponent - 1)))
        }
        if let retryAfter { delay = max(delay, retryAfter) }
        guard connector.failures > 0, let notBefore = connector.retryNotBefore else {
            return last + delay
        }
        return max(last + delay, notBefore)
    }
}
