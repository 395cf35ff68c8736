import Foundation
import GRDB
import Storage

extension SQLiteStore {
    /// Writes a consistent copy of the database to a new file at `path` while the store keeps
    /// serving reads and writes (issue 7, `cadence backup`).
    ///
    /// SQLite's online backup API copies every page in one step inside a read transaction, so the
    /// copy holds exactly the transactions committed before the backup began; writers are not
    /// blocked (WAL). Throws `conflict` when `path` exists.
    public func backup(to path: String) throws(StorageError) {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw StorageError(.conflict, "\(path) exists")
        }
        do {
            let destination = try DatabaseQueue(path: path)
            try pool.backup(to: destination)
            try destination.close()
        } catch {
            throw Self.storageError(error)
        }
    }

    /// Restores a backup file into `directory`, which must not hold a database yet, and opens it
    /// (migrating a backup of an older schema). Throws `notFound` for a missing file and
    /// `conflict` when the folder already has a database (issue 7, `cadence restore`).
    public static func restore(
        from file: String, into directory: String, clock: StoreClock = .system
    )
        throws(StorageError) -> SQLiteStore
    {
        guard FileManager.default.fileExists(atPath: file) else {
            throw StorageError(.notFound, "no backup file \(file)")
        }
        let target = (directory as NSString).appendingPathComponent(fileName)
        for suffix in ["", "-wal", "-shm"]
        where FileManager.default.fileExists(atPath: target + suffix) {
            throw StorageError(.conflict, "\(directory) already holds a database")
        }
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.readonly = true
            let source = try DatabaseQueue(path: file, configuration: configuration)
            let destination = try DatabaseQueue(path: target)
            try source.backup(to: destination)
            try destination.close()
            try source.close()
        } catch {
            throw storageError(error)
        }
        return try SQLiteStore(directory: directory, clock: clock)
    }
}
