import Storage

/// The contract suite every storage engine must pass; engines' test targets call into it.
public enum StoreContract {
    /// The error codes every engine must be able to report.
    public static let requiredErrorCodes: [StorageError.Code] = [
        .notFound, .conflict, .preconditionFailed,
    ]
}
