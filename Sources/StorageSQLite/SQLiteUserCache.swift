import Storage
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The user rows `SQLiteStore.user(named:)` answered recently, kept while the database is known
/// not to have changed since they were read.
///
/// Every DAV request signs in, and the sign-in reads its user row so that a password change (a
/// new credential version) counts from the next request. That read was a sixth of a GET's CPU
/// (issue 4: 41 µs of 227 µs), for a row that almost never changes. A cached row is answered
/// only while both of these hold:
/// - no write of this store finished since it was read (`generation`, bumped after every write
///   transaction, whatever it wrote);
/// - the WAL file looks exactly as it did when it was read (`WALSignature`): every commit in WAL
///   mode, from any process (the `cadence user` CLI changing a password while the server runs),
///   appends to the WAL or rewrites it after a checkpoint, which changes its size or its change
///   time.
///
/// File times advance in clock ticks (milliseconds), so a WAL rewritten to the same size within
/// the tick of the read would go unseen; an entry is therefore also never used after
/// `maximumAge`, which bounds that corner's staleness to a second.
final class SQLiteUserCache: Sendable {
    /// How the WAL file looked: its identity, size and times. `nil` when it does not exist.
    struct WALSignature: Equatable, Sendable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modified: timespec
        var changed: timespec

        static func == (a: Self, b: Self) -> Bool {
            a.device == b.device && a.inode == b.inode && a.size == b.size
                && a.modified.tv_sec == b.modified.tv_sec
                && a.modified.tv_nsec == b.modified.tv_nsec
                && a.changed.tv_sec == b.changed.tv_sec && a.changed.tv_nsec == b.changed.tv_nsec
        }
    }

    private struct Entry {
        var user: UserRecord
        var generation: UInt64
        var wal: WALSignature?
        var readAt: ContinuousClock.Instant
    }

    /// The longest an entry is used, whatever the WAL looks like.
    static let maximumAge: Duration = .seconds(1)
    /// Most names kept (the cache empties when full).
    static let maximumEntries = 1_024

    private let walPath: String
    private let generation = Atomic<UInt64>(0)
    private let entries = Mutex<[String: Entry]>([:])

    /// A cache for the database file at `databasePath` (its WAL is `<path>-wal`).
    init(databasePath: String) {
        walPath = databasePath + "-wal"
    }

    /// Called after every write transaction, committed or not: entries read before are stale.
    func invalidate() {
        generation.add(1, ordering: .sequentiallyConsistent)
    }

    /// What a lookup needs to remember with the row it reads: taken before the read, so that a
    /// write finishing during the read makes the entry stale rather than the row.
    struct Stamp: Sendable {
        fileprivate var generation: UInt64
        fileprivate var wal: WALSignature?
        fileprivate var taken: ContinuousClock.Instant
    }

    func stamp() -> Stamp {
        Stamp(
            generation: generation.load(ordering: .sequentiallyConsistent),
            wal: Self.signature(of: walPath), taken: .now)
    }

    /// The cached row for `name` if it is still the database's; `stamp` is the current state.
    func user(named name: String, current stamp: Stamp) -> UserRecord? {
        entries.withLock { entries in
            guard let entry = entries[name] else { return nil }
            guard entry.generation == stamp.generation, entry.wal == stamp.wal,
                stamp.taken - entry.readAt < Self.maximumAge
            else {
                entries[name] = nil
                return nil
            }
            return entry.user
        }
    }

    /// Remembers `user`, read after `stamp` was taken.
    func remember(_ user: UserRecord, name: String, stamp: Stamp) {
        entries.withLock { entries in
            if entries.count >= Self.maximumEntries { entries.removeAll() }
            entries[name] = Entry(
                user: user, generation: stamp.generation, wal: stamp.wal, readAt: stamp.taken)
        }
    }

    static func signature(of path: String) -> WALSignature? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        #if canImport(Darwin)
            let modified = status.st_mtimespec
            let changed = status.st_ctimespec
        #else
            let modified = status.st_mtim
            let changed = status.st_ctim
        #endif
        return WALSignature(
            device: UInt64(status.st_dev), inode: UInt64(status.st_ino),
            size: Int64(status.st_size), modified: modified, changed: changed)
    }
}
