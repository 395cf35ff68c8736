/// Users and their app passwords.
///
/// Every method is one transaction. Errors are `StorageError`s with the codes named per method.
public protocol UserStore: Sendable {
    /// Creates a user with credential version 1. `.invalidName` for a bad name, `.conflict` if
    /// the name is taken.
    func createUser(_ user: NewUser) async throws(StorageError) -> UserRecord
    /// The user with this exact (case-sensitive) name, or `nil`.
    func user(named name: String) async throws(StorageError) -> UserRecord?
    /// The user with this id, or `nil`.
    func user(id: Int64) async throws(StorageError) -> UserRecord?
    /// Every user, ordered by name.
    func users() async throws(StorageError) -> [UserRecord]
    /// Deletes a user and everything they own: app passwords, collections, objects, change logs,
    /// dead properties. `.notFound` if there is no such user.
    func deleteUser(id: Int64) async throws(StorageError)
    /// Replaces the password hash, bumps `credentialVersion` and stamps `passwordChangedAt`.
    /// `.notFound` if there is no such user.
    func updatePasswordHash(userID: Int64, passwordHash: String) async throws(StorageError)
        -> UserRecord
    /// Replaces the e-mail address and display name. `.notFound` if there is no such user.
    func updateProfile(userID: Int64, email: String, displayName: String)
        async throws(StorageError) -> UserRecord

    /// Grants or revokes the administrator role. `.notFound` if there is no such user.
    func setAdmin(userID: Int64, isAdmin: Bool) async throws(StorageError) -> UserRecord

    /// Adds an app password or API token (`kind`). `.notFound` for an unknown user, `.conflict`
    /// if the hash exists.
    func addAppPassword(userID: Int64, label: String, tokenHash: String, kind: CredentialKind)
        async throws(StorageError) -> AppPasswordRecord
    /// A user's app passwords, ordered by id (creation).
    func appPasswords(userID: Int64) async throws(StorageError) -> [AppPasswordRecord]
    /// The app password with this token hash, or `nil` (revoked or never issued).
    func appPassword(tokenHash: String) async throws(StorageError) -> AppPasswordRecord?
    /// Revokes (deletes) an app password of this user. `.notFound` if the user has no such one.
    func revokeAppPassword(id: Int64, userID: Int64) async throws(StorageError)
    /// Stamps `lastUsedAt` with the store's clock. `.notFound` if there is no such app password.
    func touchAppPassword(id: Int64) async throws(StorageError)
}

extension UserStore {
    /// Adds an app password (`kind` `.appPassword`); see
    /// `addAppPassword(userID:label:tokenHash:kind:)`.
    public func addAppPassword(userID: Int64, label: String, tokenHash: String)
        async throws(StorageError) -> AppPasswordRecord
    {
        try await addAppPassword(
            userID: userID, label: label, tokenHash: tokenHash, kind: .appPassword)
    }
}
