/// Failed sign-ins and known client addresses, for brute-force protection (issue 7).
///
/// Failures are counted per key (`address:203.0.113.9`, `user:alice`) in a fixed window: the
/// first failure opens a window, later ones in it increase its count, and one after it opens a
/// new window. Known addresses are the addresses a user has signed in from successfully, so that
/// an attacker's failures cannot lock the real user out of them.
public protocol AuthFailureStore: Sendable {
    /// Counts one failure for each key at `now`; answers each key's count in its current window,
    /// in the order of `keys` (a window opened `window` seconds ago or earlier restarts at 1).
    func recordAuthFailure(keys: [String], now: Int64, window: Int64)
        async throws(StorageError) -> [AuthFailureCount]

    /// The failures of each key in its window, in the order of `keys` (count 0 for a key without
    /// one, or whose window opened `window` seconds ago or earlier).
    func authFailures(keys: [String], now: Int64, window: Int64)
        async throws(StorageError) -> [AuthFailureCount]

    /// Forgets the failures of `keys` (after a successful sign-in).
    func clearAuthFailures(keys: [String]) async throws(StorageError)

    /// Whether `ownerID` has signed in successfully from `address` before.
    func isKnownAddress(ownerID: Int64, address: String) async throws(StorageError) -> Bool

    /// Remembers `address` as one `ownerID` signed in from, at `now`.
    func rememberAddress(ownerID: Int64, address: String, now: Int64) async throws(StorageError)

    /// Deletes failure windows opened before `cutoff`; answers how many. Known addresses stay
    /// until their user is deleted.
    func purgeAuthFailures(before cutoff: Int64) async throws(StorageError) -> Int
}

/// The failures of one key in its current window.
public struct AuthFailureCount: Sendable, Hashable {
    /// The failures counted in the window.
    public var count: Int
    /// When the window opened (UTC seconds); 0 when there is none.
    public var windowStart: Int64

    /// Creates a count.
    public init(count: Int, windowStart: Int64) {
        self.count = count
        self.windowStart = windowStart
    }
}
