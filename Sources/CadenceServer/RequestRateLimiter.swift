/// A per-user request rate limit (issue 7, `CADENCE_RATE_LIMIT` requests per second): a token
/// bucket per user name holding at most one second's worth of requests (at least one), in
/// memory.
actor RequestRateLimiter {
    /// Tokens added per second.
    let rate: Double
    /// The bucket size.
    let burst: Double
    /// The monotonic time in seconds.
    let now: @Sendable () -> Double
    private var buckets: [String: (tokens: Double, time: Double)] = [:]

    /// Creates a limiter of `rate` requests per second.
    init(rate: Double, now: @escaping @Sendable () -> Double = RequestRateLimiter.monotonic) {
        self.rate = rate
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

    /// Takes a token for `user`: `true` when the request may proceed.
    func allow(_ user: String) -> Bool {
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
