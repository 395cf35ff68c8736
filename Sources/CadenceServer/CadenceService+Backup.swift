import StorageSQLite

extension CadenceService {
    /// `cadence backup FILE`: a consistent copy of the data folder's database, taken while a
    /// server may be writing to it (SQLite online backup; see `SQLiteStore.backup(to:)`).
    public static func backup(dataDirectory: String, to file: String) throws {
        let store = try SQLiteStore(directory: dataDirectory)
        try store.backup(to: file)
    }

    /// `cadence restore FILE`: the backup into a data folder without a database.
    public static func restore(from file: String, into dataDirectory: String) throws {
        _ = try SQLiteStore.restore(from: file, into: dataDirectory)
    }
}
