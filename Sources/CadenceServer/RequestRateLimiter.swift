import Foundation
import Storage

/// A per-user request rate limit (issue 7, `CADENCE_RATE_LIMIT` requests per second): a token
/// bucket per user name holding at most one second's worth of requests (at least one), in
/// memory. With several instances on one database (`shared`), the count lives in the database
/// instead, so the limit holds for the cluster: a fixed window of `sharedWindow` seconds per user
/// in the failure counters of `AuthFailureStore` (key `rate:<user>`), allowing `rate × window`.
actor RequestRateLimiter {
    /// The store holding the cluster's counters, when shared.
    let shared: (any AuthFailureStore)?
    /// Tokens added per second.
    let rate: Double
    /// The bucket size.
    let burst: Double
    /// The monotonic time in seconds.
    let now: @Sendable () -> Double
    private var buckets: [String: (tokens: Double, time: Double)] = [:]

    /// Creates a limiter of `rate` requests per second.
    init(
        rate: Double, shared: (any AuthFailureStore)? = nil,
        now: @escaping @Sendable () -> Double = RequestRateLimiter.monotonic
    ) {
        self.rate = rate
        self.shared = shared
        self.burst = max(1, rate)
        self.now = now
    }

    /// The `Retry-After` of a refused request: the time one token takes to come back.
    nonisolated var retryAfterSeconds: Int { max(1, Int((1 / rate).rounded(.up))) }

    /// Seconds on a monotonic clock.
    static let monotonic: @Sendable () -> Double = {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
    private static let start = ContinuousClock.now

    /// The shared counter's window in seconds: long enough to hold one request.
    nonisolated var sharedWindow: Int64 { max(1, Int64((1 / rate).rounded(.up))) }

    /// Takes a token for `user`: `true` when the request may proceed. A shared counter that
    /// cannot be reached lets the request through (the limit protects, it must not take the
    /// service down with the database).
    func allow(_ user: String) async -> Bool {
        if let shared {
            let window = sharedWindow
            let allowed = max(1, Int(rate * Double(window)))
            let seconds = Int64(Date().timeIntervalSince1970)
            guard
                let count = try? await shared.recordAuthFailure(
                    keys: ["rate:" + user], now: seconds, window: window
                ).first
            else { return true }
            return count.count <= allowed
        }
        let time = now()
        var bucket = buckets[user] ?? (burst, time)
        bucket.tokens = min(burst, bucket.tokens + (time - bucket.time) * rate)
        bucket.time = time
        let allowed = bucket.tokens >= 1
        if allowed { bucket.tokens -= 1 }
        if buckets.count >= 100_000 { buckets.removeAll() }
        buckets[user] = bucket
        return allowed
    }
}
