import Synchronization

/// Each user's storage use as last summed by the store, adjusted by this process's own writes and
/// trusted for `lifetime`; quota decisions near the limit re-read the exact sum.
public final class UsageTracker: Sendable {
    struct Entry {
        var used: Int64
        var readAt: ContinuousClock.Instant
    }

    private let entries = Mutex<[Int64: Entry]>([:])
    private let lifetime: Duration

    public init(lifetime: Duration = .seconds(30)) {
        self.lifetime = lifetime
    }

    /// The remembered use, if it is recent.
    func recent(ownerID: Int64) -> Int64? {
        let now = ContinuousClock.now
        return entries.withLock { entries in
            guard let entry = entries[ownerID], now - entry.readAt < lifetime else { return nil }
            return entry.used
        }
    }

    /// Remembers a freshly summed use.
    func record(ownerID: Int64, used: Int64) {
        let now = ContinuousClock.now
        entries.withLock { $0[ownerID] = Entry(used: used, readAt: now) }
    }

    /// Forgets the remembered use of `ownerID` (another instance wrote: `ChangeFeed`).
    public func forget(ownerID: Int64) {
        _ = entries.withLock { $0.removeValue(forKey: ownerID) }
    }

    /// Adjusts the remembered use by a write of this process.
    func adjust(ownerID: Int64, by delta: Int64) {
        entries.withLock { entries in
            guard var entry = entries[ownerID] else { return }
            entry.used = max(0, entry.used + delta)
            entries[ownerID] = entry
        }
    }
}
