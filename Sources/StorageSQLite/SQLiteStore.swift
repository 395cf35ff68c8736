import Storage

/// The embedded SQLite engine (GRDB); built out by the CalDAV server issue.
public enum SQLiteStore {
    /// The schema version this engine migrates to.
    public static let schemaVersion = 0
}
