import CRM

/// An error from a store: a stable code and a reason.
public struct StorageError: Error, Sendable, Hashable {
    public enum Code: String, Sendable {
        case notFound = "not-found"
        case conflict = "conflict"
        case preconditionFailed = "precondition-failed"
    }

    public var code: Code
    public var reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }
}
