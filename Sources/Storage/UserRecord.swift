/// A user account: the owner of a principal, a calendar home and everything under it.
///
/// Timestamps in every record are seconds since 1970-01-01T00:00:00Z (UTC), as `Int64`.
public struct UserRecord: Sendable, Hashable {
    /// The store-assigned id; the owner id of every row this user owns.
    public var id: Int64
    /// The login and URL segment: case-sensitive ASCII `[a-z0-9._-]+` (see `ResourceName`).
    public var name: String
    /// The e-mail address (also the `calendar-user-address-set`, RFC 4791 §6.2.1).
    public var email: String
    /// The display name of the principal (RFC 4918 §15.2).
    public var displayName: String
    /// The password hash that the server produced (bcrypt); the store never interprets it.
    public var passwordHash: String
    /// Starts at 1 and grows by one whenever the password hash changes; caches key on it.
    public var credentialVersion: Int64
    /// When the password hash was last set.
    public var passwordChangedAt: Int64
    /// When the user was created.
    public var createdAt: Int64
    /// Whether the user administers the server (manages other users' calendars and routing).
    public var isAdmin: Bool

    /// Creates a record; stores build these, callers use `NewUser`.
    public init(
        id: Int64, name: String, email: String, displayName: String, passwordHash: String,
        credentialVersion: Int64, passwordChangedAt: Int64, createdAt: Int64,
        isAdmin: Bool = false
    ) {
        self.id = id
        self.name = name
        self.email = email
        self.displayName = displayName
        self.passwordHash = passwordHash
        self.credentialVersion = credentialVersion
        self.passwordChangedAt = passwordChangedAt
        self.createdAt = createdAt
        self.isAdmin = isAdmin
    }
}

/// The fields of a user to create (`UserStore.createUser`).
public struct NewUser: Sendable, Hashable {
    /// The login, validated by the store (`ResourceName.validateUserName`).
    public var name: String
    /// The e-mail address.
    public var email: String
    /// The display name.
    public var displayName: String
    /// The password hash (bcrypt, produced by the server).
    public var passwordHash: String
    /// Whether the user administers the server.
    public var isAdmin: Bool

    /// Creates the fields of a new user.
    public init(
        name: String, email: String, displayName: String, passwordHash: String,
        isAdmin: Bool = false
    ) {
        self.name = name
        self.email = email
        self.displayName = displayName
        self.passwordHash = passwordHash
        self.isAdmin = isAdmin
    }
}
