import CRM

/// An error from a store: a stable code and a human reason; equality is by code.
///
/// The codes map onto HTTP/WebDAV outcomes in the server: `notFound` → 404, `conflict` → 409,
/// `preconditionFailed` → 412 (RFC 4918 §12, RFC 7232), `invalidSyncToken` → 403 with
/// `DAV:valid-sync-token` (RFC 6578 §3.2), `uidConflict` → 409 with `CALDAV:no-uid-conflict`
/// (RFC 4791 §5.3.2.1).
public struct StorageError: Error, Sendable, Hashable {
    /// The stable code of a storage error.
    public enum Code: String, Sendable, CaseIterable {
        /// The user, collection, object or app password does not exist.
        case notFound = "not-found"
        /// The resource already exists, or the change clashes with the stored state.
        case conflict = "conflict"
        /// An `If-Match` / `If-None-Match` precondition did not hold (RFC 7232 §3).
        case preconditionFailed = "precondition-failed"
        /// The sync token is unknown or newer than the collection's (RFC 6578 §3.2).
        case invalidSyncToken = "invalid-sync-token"
        /// A nested collection's parent is missing or is not a plain collection (RFC 4918 §9.3.1).
        case parentMissing = "parent-missing"
        /// A user name, collection path or object name is not allowed (also: a malformed listing
        /// cursor, a routing target that is not a calendar).
        case invalidName = "invalid-name"
        /// Another object in the collection already has the same UID (RFC 4791 §5.3.2.1).
        case uidConflict = "uid-conflict"
        /// The object is an assignee's copy of a task (`AssignedCopy`): write or delete its
        /// source (`AssignmentStore.assignment(collectionID:name:)`) instead.
        case assignedCopy = "assigned-copy"
        /// The engine itself failed (I/O, busy database, corrupt file).
        case engineFailure = "engine-failure"
    }

    /// The stable code; callers branch on it, never on `reason`.
    public var code: Code
    /// A human-readable reason, for logs.
    public var reason: String
    /// The source file that raised the error (`#fileID`), for logs.
    public var fileID: String
    /// The source line that raised the error, for logs.
    public var line: Int

    /// Creates an error with a code and a reason; the source location is captured.
    public init(_ code: Code, _ reason: String, fileID: String = #fileID, line: Int = #line) {
        self.code = code
        self.reason = reason
        self.fileID = fileID
        self.line = line
    }

    /// Two errors are equal when their codes are.
    public static func == (lhs: StorageError, rhs: StorageError) -> Bool {
        lhs.code == rhs.code
    }

    /// Hashes the code only, in step with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
    }
}
