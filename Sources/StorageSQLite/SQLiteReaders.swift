import Dispatch
import GRDB
import Synchronization

/// The read-only connections `SQLiteStore` reads through, on the calling thread.
///
/// GRDB's `DatabasePool.read` does the same with more machinery around each read: a barrier
/// queue, a dispatch group, a release closure, and a key path instantiated afresh for every
/// checkout (`Pool.get`'s `first(where: \.isAvailable)` in a generic class), which together were
/// 5–7 % of a small request's CPU (issue 4's profiles of GET and incremental sync). Here a
/// checkout is a semaphore and a mutex-guarded free list. The pool's writer stays GRDB's.
///
/// Each connection is opened read-only (a write through it fails), on the WAL file the pool's
/// writer keeps open. A read transaction is `BEGIN`, the body, `COMMIT`, all cached statements:
/// in WAL mode it sees one snapshot of the database, as GRDB's deferred read transaction does.
/// Like GRDB's synchronous read, a caller that finds every connection busy waits for one; each
/// connection is held only while its statements run, so the wait is short and always ends.
/// `SQLiteStore` waits only off the event loops (`readIfFree` first).
final class SQLiteReaders: Sendable {
    private let connections: [DatabaseQueue]
    /// How many connections there are.
    var count: Int { connections.count }
    private let free: Mutex<[Int]>
    private let available: DispatchSemaphore

    /// Opens `count` read-only connections to the database at `path` with `configuration`
    /// (its `prepareDatabase` runs on each).
    init(path: String, configuration: Configuration, count: Int) throws {
        var configuration = configuration
        configuration.readonly = true
        configuration.label = (configuration.label ?? "sqlite") + ".reader"
        connections = try (0..<max(1, count)).map { _ in
            try DatabaseQueue(path: path, configuration: configuration)
        }
        free = Mutex(Array(connections.indices))
        available = DispatchSemaphore(value: connections.count)
    }

    /// Runs `body` on a free connection: in one read transaction when `transaction`, else as is
    /// (one statement is its own snapshot).
    func read<T>(transaction: Bool, _ body: (Database) throws -> T) throws -> T {
        available.wait()
        return try read(holding: transaction, body)
    }

    /// As `read`, but `nil` at once instead of waiting when every connection is busy (a caller
    /// on an event loop must not block it; it waits elsewhere).
    func readIfFree<T>(transaction: Bool, _ body: (Database) throws -> T) throws -> T? {
        guard available.wait(timeout: .now()) == .success else { return nil }
        return try read(holding: transaction, body)
    }

    /// The rest of a read once `available` has been taken.
    private func read<T>(holding transaction: Bool, _ body: (Database) throws -> T) throws -> T {
        let index = free.withLock { $0.removeLast() }
        defer {
            free.withLock { $0.append(index) }
            available.signal()
        }
        return try connections[index].inDatabase { db in
            guard transaction else { return try body(db) }
            try db.cachedStatement(sql: "BEGIN DEFERRED").execute()
            let value: T
            do {
                value = try body(db)
            } catch {
                if db.isInsideTransaction { try? db.cachedStatement(sql: "ROLLBACK").execute() }
                throw error
            }
            try db.cachedStatement(sql: "COMMIT").execute()
            return value
        }
    }
}
