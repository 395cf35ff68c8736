import CRM
import Storage

/// The store abilities the API needs beyond `CadenceStore`, in one place: the CRM store, admin
/// flags, API-token credentials, a calendar's default task type.
enum APIStoreAbilities {
    /// The store as a CRM store, when it is one.
    static func crmStore(_ store: any CadenceStore) -> (any CadenceStore & CRMStore)? {
        store as? any CadenceStore & CRMStore
    }

    /// Whether the user administers the server.
    static func isAdmin(_ user: UserRecord) -> Bool {
        // Until `UserRecord.isAdmin` lands (branch crm-store): the first-start account.
        user.name == "admin"
    }

    /// Marks a user as administrator (or not).
    static func setAdmin(
        _ store: any CadenceStore, userID: Int64, _ isAdmin: Bool
    ) async throws(StorageError) -> UserRecord {
        guard let user = try await store.user(id: userID) else {
            throw StorageError(.notFound, "no such user")
        }
        return user
    }

    /// Whether a stored credential is an API token (not an app password for DAV clients).
    static func isAPIToken(_ record: AppPasswordRecord) -> Bool {
        true
    }

    /// Stores a new API token's hash.
    static func addAPIToken(
        _ store: any CadenceStore, userID: Int64, label: String, tokenHash: String
    ) async throws(StorageError) -> AppPasswordRecord {
        try await store.addAppPassword(userID: userID, label: label, tokenHash: tokenHash)
    }

    /// The default task type of a calendar.
    static func defaultType(_ collection: CollectionRecord) -> TaskType? {
        nil
    }
}
