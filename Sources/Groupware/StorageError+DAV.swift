import CalDAV
import Storage
import WebDAV

extension StorageError {
    /// The DAV answer for a store error; an engine failure is a 500 whose reason says nothing
    /// internal (its `detail`, shown only with `--debug`, names the store's error).
    var davError: DAVError {
        switch code {
        case .notFound: DAVError(status: 404, reason: reason)
        case .conflict: DAVError(status: 409, reason: reason)
        case .preconditionFailed: DAVError(status: 412, reason: reason)
        case .invalidSyncToken: .invalidSyncToken
        case .parentMissing: DAVError(status: 409, reason: reason)
        case .assignedCopy: DAVError(status: 409, reason: reason)
        case .invalidName: DAVError(status: 403, reason: reason)
        case .uidConflict:
            DAVError(
                status: 403,
                condition: .init(namespace: XMLNamespace.calDAV, name: "no-uid-conflict"),
                reason: reason)
        case .engineFailure:
            DAVError(
                status: 500, reason: "the store failed; see the server log",
                detail: "StorageError \(code.rawValue) at \(fileID):\(line): \(reason)")
        }
    }
}

/// Runs a store call, turning its error into the DAV answer.
@inline(__always)
func storeCall<T>(_ body: () async throws(StorageError) -> T) async throws(DAVError) -> T {
    do {
        return try await body()
    } catch {
        throw error.davError
    }
}
