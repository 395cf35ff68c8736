import Storage

/// Why a sync run stopped: the connector or its calendar is gone, the local store failed, or the
/// remote did (then the connector backs off, `SyncSchedule`).
public enum SyncError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The connector, its owner or its calendar does not exist.
    case notFound(String)
    /// The local store failed.
    case storage(StorageError)
    /// The remote failed.
    case remote(RemoteError)

    /// A one-line description for logs and `lastError`.
    public var description: String {
        switch self {
        case .notFound(let what): "not found: \(what)"
        case .storage(let error): "storage \(error.code.rawValue): \(error.reason)"
        case .remote(let error): "remote \(error.description)"
        }
    }
}
