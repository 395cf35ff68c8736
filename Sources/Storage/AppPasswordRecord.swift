/// An app password: a long random token that a client sends instead of the user's password.
///
/// The store keeps only `tokenHash`, the lowercase hex SHA-256 of the token that the server computed.
/// Revoking deletes the record.
public struct AppPasswordRecord: Sendable, Hashable {
    /// The store-assigned id.
    public var id: Int64
    /// The owner.
    public var userID: Int64
    /// The user's name for it ("iPhone", "Thunderbird at work").
    public var label: String
    /// Lowercase hex SHA-256 of the token; unique across the store.
    public var tokenHash: String
    /// When it was created.
    public var createdAt: Int64
    /// When a request last authenticated with it; `nil` if never.
    public var lastUsedAt: Int64?
    /// What the credential is for: a DAV client's app password or a JSON API token.
    public var kind: CredentialKind

    /// Creates a record; stores build these.
    public init(
        id: Int64, userID: Int64, label: String, tokenHash: String, createdAt: Int64,
        lastUsedAt: Int64?, kind: CredentialKind = .appPassword
    ) {
        self.id = id
        self.userID = userID
        self.label = label
        self.tokenHash = tokenHash
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.kind = kind
    }
}

/// The kind of a stored token credential (`AppPasswordRecord.kind`).
public enum CredentialKind: String, Sendable, Hashable, CaseIterable {
    /// An app password for a CalDAV/CardDAV client (HTTP Basic, RFC 7617).
    case appPassword = "app-password"
    /// A bearer token for the CRM's JSON API (RFC 6750).
    case apiToken = "api-token"
}
