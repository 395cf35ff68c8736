import WebDAV

/// The WebDAV-Push namespace and names (draft `bitfireAT/webdav-push`; the element names DAVx5
/// sends and reads, dav4jvm's `WebDAVPush`).
enum PushName {
    static let namespace = "https://bitfire.at/webdav-push"
    static func name(_ local: String) -> XMLName { XMLName(namespace, local) }

    static let transports = name("transports")
    static let webPush = name("web-push")
    static let vapidPublicKey = name("vapid-public-key")
    static let topic = name("topic")
    static let supportedTriggers = name("supported-triggers")
    static let contentUpdate = name("content-update")
    static let propertyUpdate = name("property-update")
    static let pushRegister = name("push-register")
    static let subscription = name("subscription")
    static let webPushSubscription = name("web-push-subscription")
    static let pushResource = name("push-resource")
    static let subscriptionPublicKey = name("subscription-public-key")
    /// The older drafts' name of `subscription-public-key`, still accepted.
    static let clientPublicKey = name("client-public-key")
    static let authSecret = name("auth-secret")
    static let contentEncoding = name("content-encoding")
    static let trigger = name("trigger")
    static let expires = name("expires")
    static let pushMessage = name("push-message")

    /// `403` with a WebDAV-Push precondition (draft, "Subscription Registration", Response).
    static func forbidden(_ condition: String, _ reason: String) -> DAVError {
        DAVError(
            status: 403, condition: .init(namespace: namespace, name: condition), reason: reason)
    }
}
