import Crypto
import Foundation
import Groupware
import Storage

/// Creating, listing and revoking subscription links (issue 6): the use cases behind
/// `cadence link …` and `/api/v1/calendars/{path}/links`.
///
/// A link's token is 32 random bytes in base64url (RFC 4648 §5, no padding: 43 characters),
/// shown once in its URL `/caldav/public/{token}.ics`; the store keeps its hex SHA-256.
public struct SubscriptionLinks: Sendable {
    /// The URL path prefix of every link.
    public static let pathPrefix = "/caldav/public/"
    /// The URL path suffix of every link.
    public static let pathSuffix = ".ics"

    let store: any CadenceStore
    /// The server's public base URL (`https://cal.example.com`); `nil` answers paths only.
    let publicBaseURL: String?

    /// A service over `store`; `publicBaseURL` prefixes the links' paths.
    public init(store: any CadenceStore, publicBaseURL: String?) {
        self.store = store
        self.publicBaseURL = publicBaseURL
    }

    /// A link that was just created, with its token (never stored).
    public struct Created: Sendable {
        /// The stored link.
        public var link: SubscriptionLink
        /// The secret token.
        public var token: String
        /// The link's URL (or path when no public base URL is configured).
        public var url: String
    }

    /// Creates a link to the owner's calendar at `calendarPath`. `StorageError.notFound` when the
    /// owner has no such collection (another user's calendar included), `.invalidName` for a
    /// plain collection.
    public func create(
        owner: UserRecord, calendarPath: String, mode: SubscriptionMode, label: String
    ) async throws(StorageError) -> Created {
        guard let calendar = try await store.collection(ownerID: owner.id, path: calendarPath)
        else {
            throw StorageError(.notFound, "\(owner.name) has no calendar '\(calendarPath)'")
        }
        let token = Self.generateToken()
        let link = try await store.createSubscriptionLink(
            ownerID: owner.id, collectionID: calendar.id, tokenHash: Self.hash(token),
            label: label, mode: mode)
        return Created(link: link, token: token, url: url(token: token))
    }

    /// The owner's links with their calendars' paths, ordered by id.
    public func list(owner: UserRecord) async throws(StorageError) -> [(
        link: SubscriptionLink, calendarPath: String
    )] {
        var paths: [Int64: String] = [:]
        for collection in try await store.collections(ownerID: owner.id, parent: nil) {
            paths[collection.id] = collection.path
        }
        return try await store.subscriptionLinks(ownerID: owner.id).map {
            ($0, paths[$0.collectionID] ?? "")
        }
    }

    /// Revokes one of the owner's links. `.notFound`.
    public func revoke(owner: UserRecord, id: Int64) async throws(StorageError) {
        try await store.revokeSubscriptionLink(id: id, ownerID: owner.id)
    }

    /// The URL of a token's link.
    public func url(token: String) -> String {
        let path = Self.pathPrefix + token + Self.pathSuffix
        guard var base = publicBaseURL, !base.isEmpty else { return path }
        while base.hasSuffix("/") { base.removeLast() }
        return base + path
    }

    /// A new token: 32 random bytes, base64url without padding.
    static func generateToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The stored form of a token: lowercase hex SHA-256 of its text.
    static func hash(_ token: String) -> String {
        AppPasswords.hash(token)
    }

    /// The token of a link path (`/caldav/public/{token}.ics`), or `nil` when the path has
    /// another shape or the token is not 43 base64url characters.
    static func token(inPath path: String) -> String? {
        guard path.hasPrefix(pathPrefix), path.hasSuffix(pathSuffix) else { return nil }
        let token = path.utf8.dropFirst(pathPrefix.utf8.count).dropLast(pathSuffix.utf8.count)
        guard token.count == 43,
            token.allSatisfy({ byte in
                (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x5F
            })
        else { return nil }
        return String(decoding: token, as: UTF8.self)
    }
}
