// MARK: AuthFailureStore

extension InMemoryStore {
    /// See `AuthFailureStore.recordAuthFailure(keys:now:window:)`.
    public func recordAuthFailure(keys: [String], now: Int64, window: Int64)
        -> [AuthFailureCount]
    {
        keys.map { key in
            var current = authFailuresByKey[key] ?? AuthFailureCount(count: 0, windowStart: now)
            if current.count == 0 || current.windowStart <= now - window {
                current = AuthFailureCount(count: 0, windowStart: now)
            }
            current.count += 1
            authFailuresByKey[key] = current
            return current
        }
    }

    /// See `AuthFailureStore.authFailures(keys:now:window:)`.
    public func authFailures(keys: [String], now: Int64, window: Int64) -> [AuthFailureCount] {
        keys.map { key in
            guard let current = authFailuresByKey[key], current.windowStart > now - window else {
                return AuthFailureCount(count: 0, windowStart: 0)
            }
            return current
        }
    }

    /// See `AuthFailureStore.clearAuthFailures(keys:)`.
    public func clearAuthFailures(keys: [String]) {
        for key in keys { authFailuresByKey[key] = nil }
    }

    /// See `AuthFailureStore.isKnownAddress(ownerID:address:)`.
    public func isKnownAddress(ownerID: Int64, address: String) -> Bool {
        knownAddressesByOwner[ownerID]?.contains(address) ?? false
    }

    /// See `AuthFailureStore.rememberAddress(ownerID:address:now:)`.
    public func rememberAddress(ownerID: Int64, address: String, now: Int64) {
        knownAddressesByOwner[ownerID, default: []].insert(address)
    }

    /// See `AuthFailureStore.purgeAuthFailures(before:)`.
    public func purgeAuthFailures(before cutoff: Int64) -> Int {
        let before = authFailuresByKey.count
        authFailuresByKey = authFailuresByKey.filter { $0.value.windowStart >= cutoff }
        return before - authFailuresByKey.count
    }
}
