/// A WebDAV-Push subscription registered on a collection (draft `bitfireAT/webdav-push`,
/// "Subscription Registration"): where to send push messages (a Web Push resource, RFC 8030),
/// the keys to encrypt them with (RFC 8291), what to send them for, and until when.
///
/// One registration per owner, topic and push resource: registering the same push resource on
/// the same collection again updates it ("Subscription Updates").
public struct PushRegistration: Sendable, Hashable {
    /// The store-assigned id; the registration URL names it.
    public var id: Int64
    /// The user who registered it: the collection's owner, a delegate of theirs or a sharee.
    public var ownerID: Int64
    /// The collection subscribed to, or `nil` for a home (which is no stored collection).
    public var collectionID: Int64?
    /// The push topic of what was subscribed to (`P:topic`), the key that deliveries look up.
    public var topic: String
    /// What the subscription carries.
    public var subscription: PushSubscription
    /// What the client wants to be told about.
    public var triggers: PushTriggers
    /// When the registration lapses (UTC seconds); an expired one is never used.
    public var expiresAt: Int64
    /// When it was first registered (UTC seconds).
    public var createdAt: Int64

    /// Creates a record; stores build these.
    public init(
        id: Int64, ownerID: Int64, collectionID: Int64?, topic: String,
        subscription: PushSubscription, triggers: PushTriggers, expiresAt: Int64, createdAt: Int64
    ) {
        self.id = id
        self.ownerID = ownerID
        self.collectionID = collectionID
        self.topic = topic
        self.subscription = subscription
        self.triggers = triggers
        self.expiresAt = expiresAt
        self.createdAt = createdAt
    }
}

/// The public part of a Web Push subscription (RFC 8030 push resource, RFC 8291 keys).
public struct PushSubscription: Sendable, Hashable {
    /// The push resource URL the messages are POSTed to; the subscription's identity.
    public var pushResource: String
    /// The user agent's P-256 ECDH public key, uncompressed, base64url (`p256dh`).
    public var publicKey: String
    /// The 16-octet authentication secret, base64url.
    public var authSecret: String
    /// The content coding of the messages (`aes128gcm`, RFC 8188).
    public var contentEncoding: String

    /// Creates a subscription.
    public init(
        pushResource: String, publicKey: String, authSecret: String,
        contentEncoding: String = "aes128gcm"
    ) {
        self.pushResource = pushResource
        self.publicKey = publicKey
        self.authSecret = authSecret
        self.contentEncoding = contentEncoding
    }
}

/// The triggers of a registration: content updates (members changed, RFC 6578 §3.5) and
/// property updates (the collection's properties changed), each with its depth or absent.
public struct PushTriggers: Sendable, Hashable {
    /// The depth of content-update notifications, `nil` for none.
    public var contentUpdate: PushDepth?
    /// The depth of property-update notifications, `nil` for none.
    public var propertyUpdate: PushDepth?

    /// Creates triggers.
    public init(contentUpdate: PushDepth?, propertyUpdate: PushDepth? = nil) {
        self.contentUpdate = contentUpdate
        self.propertyUpdate = propertyUpdate
    }
}

/// A trigger's depth (`DAV:depth`, RFC 4918 §10.2; the draft's `sync-level` for content).
public enum PushDepth: String, Sendable, Hashable, CaseIterable {
    /// The collection itself.
    case zero = "0"
    /// The collection and its internal members.
    case one = "1"
    /// Every member, at any depth.
    case infinity
}

/// A registration to add or update (`PushStore.registerPush`).
public struct NewPushRegistration: Sendable, Hashable {
    /// The registering user.
    public var ownerID: Int64
    /// The collection, or `nil` for a home.
    public var collectionID: Int64?
    /// The push topic of the target.
    public var topic: String
    /// The subscription.
    public var subscription: PushSubscription
    /// The triggers (already reduced to the supported ones).
    public var triggers: PushTriggers
    /// The expiry the server granted (UTC seconds).
    public var expiresAt: Int64

    /// Creates a request.
    public init(
        ownerID: Int64, collectionID: Int64?, topic: String, subscription: PushSubscription,
        triggers: PushTriggers, expiresAt: Int64
    ) {
        self.ownerID = ownerID
        self.collectionID = collectionID
        self.topic = topic
        self.subscription = subscription
        self.triggers = triggers
        self.expiresAt = expiresAt
    }
}

/// One committed change-log row as the push service reads it: which collection, whose, and
/// its sync token after the change. `sequence` orders every change of the store.
public struct CommittedChange: Sendable, Hashable {
    /// The store-wide position of the change (the change log's row id).
    public var sequence: Int64
    /// The collection that changed.
    public var collectionID: Int64
    /// Its owner.
    public var ownerID: Int64
    /// The collection's sync token after the change.
    public var token: Int64

    /// Creates a change.
    public init(sequence: Int64, collectionID: Int64, ownerID: Int64, token: Int64) {
        self.sequence = sequence
        self.collectionID = collectionID
        self.ownerID = ownerID
        self.token = token
    }
}
