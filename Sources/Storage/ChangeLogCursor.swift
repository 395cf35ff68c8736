/// A reader's place in the change log (`PushStore.changes(after:limit:)`).
///
/// On an engine with one writer (SQLite, the in-memory store) changes commit in sequence order,
/// and the place is one number, `settled`. On PostgreSQL, transactions draw their sequence from
/// a shared counter but commit in any order: after reading sequence 11 a reader may still see
/// 10 commit. There the place also holds the sequences read above `settled` and the fences that
/// tell when no sequence at or below a bound can appear any more (`advance(over:…)`).
public struct ChangeLogCursor: Sendable, Hashable {
    /// Every change at or below this sequence has been read, or will never commit.
    public var settled: Int64
    /// Sequences above `settled` that have been read.
    public var read: Set<Int64>
    /// Fences not yet passed, in the order they were set (bounds increasing).
    public var fences: [Fence]

    /// A bound and the engine's transactions that may still commit a change at or below it:
    /// those running when the bound was the newest visible sequence, all of which started
    /// before transaction number `horizon`. Once the oldest running transaction is at or past
    /// `horizon`, every change at or below `bound` is committed (and visible) or never will be.
    public struct Fence: Sendable, Hashable {
        public var bound: Int64
        public var horizon: Int64

        /// Creates a fence.
        public init(bound: Int64, horizon: Int64) {
            self.bound = bound
            self.horizon = horizon
        }
    }

    /// The most sequences kept in `read`. A transaction left open while more changes than this
    /// commit (an idle session holding a write) stops holding the cursor back: the cursor settles
    /// past it, and a change it commits later is not read.
    public static let readLimit = 100_000
    /// The most fences kept; past it the newest-but-one is dropped (a later fence covers it).
    public static let fenceLimit = 64

    /// A cursor after `sequence`: the changes after it are to be read.
    public init(after sequence: Int64) {
        settled = sequence
        read = []
        fences = []
    }

    /// Takes one read of an engine whose changes may commit out of sequence order, returning the
    /// changes not read before (at most `limit`, in sequence order).
    ///
    /// - `rows`: the changes above `settled` visible in the read's snapshot, in sequence order;
    ///   `complete` tells whether they are all of them (otherwise all up to the last one's).
    /// - `newest`: the highest sequence visible in the snapshot (0 if none).
    /// - `oldestRunning`, `nextTransaction`: the engine's transaction numbers (PostgreSQL's
    ///   64-bit `xid8`) of the oldest transaction running at the snapshot and of the first one
    ///   not yet started (`pg_snapshot_xmin`, `pg_snapshot_xmax`).
    ///
    /// Sound when a transaction has its number before it draws a sequence, and draws sequences
    /// in increasing order: then every change at or below `newest` that was not visible belongs
    /// to a transaction numbered below `nextTransaction`, which the fence set here waits for.
    public mutating func advance(
        over rows: [CommittedChange], complete: Bool, limit: Int, newest: Int64,
        oldestRunning: Int64, nextTransaction: Int64
    ) -> [CommittedChange] {
        var fresh: [CommittedChange] = []
        // Every visible change at or below `covered` has now been read.
        var covered = complete ? Int64.max : (rows.last?.sequence ?? settled)
        for row in rows where row.sequence > settled && !read.contains(row.sequence) {
            if fresh.count == max(1, limit) {
                covered = min(covered, row.sequence - 1)
                break
            }
            fresh.append(row)
            read.insert(row.sequence)
        }
        if newest > max(settled, fences.last?.bound ?? settled) {
            fences.append(Fence(bound: newest, horizon: nextTransaction))
            if fences.count > Self.fenceLimit { fences.remove(at: fences.count - 2) }
        }
        if let bound = fences.filter({ $0.horizon <= oldestRunning }).map(\.bound).max() {
            settle(at: min(bound, covered))
        }
        if read.count > Self.readLimit, let highest = read.max() {
            settle(at: highest)
        }
        return fresh
    }

    /// Moves `settled` up to `sequence`, forgetting what lies at or below it.
    mutating func settle(at sequence: Int64) {
        guard sequence > settled else { return }
        settled = sequence
        read = read.filter { $0 > sequence }
        fences.removeAll { $0.bound <= sequence }
    }
}

/// One read of the change log: the changes not read before and the cursor after them.
public struct ChangeLogRead: Sendable {
    public var changes: [CommittedChange]
    public var cursor: ChangeLogCursor

    /// Creates a read.
    public init(changes: [CommittedChange], cursor: ChangeLogCursor) {
        self.changes = changes
        self.cursor = cursor
    }
}
