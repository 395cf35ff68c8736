import Foundation
import Storage
import WebDAV

/// A parsed `P:push-register` body (draft `bitfireAT/webdav-push`, "Subscription
/// Registration"; "Web Push Transport").
///
/// `subscription` holds exactly one `web-push-subscription` with a `push-resource` (an absolute
/// https URI), the user agent's `subscription-public-key type="p256dh"` and `auth-secret`
/// (RFC 8291 message encryption is required by the draft). `trigger` is optional: a missing one
/// means content updates at depth 1. `expires` is an IMF-fixdate.
struct PushRegistrationRequest: Sendable, Equatable {
    var subscription: PushSubscription
    /// The triggers as asked (before the collection's support reduces them); `nil` when the
    /// body had no `trigger` element.
    var triggers: PushTriggers?
    /// The requested expiry (UTC seconds), if any.
    var expires: Int64?

    /// Whether `root` is a WebDAV-Push registration (otherwise a POST is not ours).
    static func isRegistration(_ root: XMLElement) -> Bool { root.name == PushName.pushRegister }

    /// Parses and checks a `push-register` element. `allowsLoopbackHTTP` admits
    /// `http://127.0.0.1…`/`localhost`/`[::1]` push resources (tests and development only).
    init(_ root: XMLElement, allowsLoopbackHTTP: Bool) throws(DAVError) {
        guard let subscription = root.first(PushName.subscription),
            subscription.elements.count == 1,
            let webPush = subscription.first(PushName.webPushSubscription)
        else {
            throw Self.invalid("exactly one web-push-subscription is required")
        }
        guard let resource = webPush.first(PushName.pushResource)?.trimmedText,
            Self.isAcceptable(pushResource: resource, allowsLoopbackHTTP: allowsLoopbackHTTP)
        else {
            throw Self.invalid("push-resource must be an absolute https URI")
        }
        guard
            let keyElement = webPush.first(PushName.subscriptionPublicKey)
                ?? webPush.first(PushName.clientPublicKey)
        else { throw Self.invalid("subscription-public-key is required (RFC 8291)") }
        if let type = keyElement.attributes[XMLName("", "type")], type != "p256dh" {
            throw Self.invalid("subscription-public-key type must be p256dh")
        }
        let publicKey = keyElement.trimmedText
        guard let authSecret = webPush.first(PushName.authSecret)?.trimmedText else {
            throw Self.invalid("auth-secret is required (RFC 8291)")
        }
        let encoding = webPush.first(PushName.contentEncoding)?.trimmedText ?? "aes128gcm"
        guard encoding == "aes128gcm" else {
            throw Self.invalid("only the aes128gcm content encoding is supported")
        }
        do {
            _ = try WebPushEncryption(publicKey: publicKey, authSecret: authSecret)
        } catch WebPushEncryption.Failure.invalidPublicKey {
            throw Self.invalid("subscription-public-key is not an uncompressed P-256 point")
        } catch {
            throw Self.invalid("auth-secret must be 16 octets, base64url")
        }
        self.subscription = PushSubscription(
            pushResource: resource, publicKey: publicKey, authSecret: authSecret,
            contentEncoding: encoding)

        if let trigger = root.first(PushName.trigger) {
            triggers = PushTriggers(
                contentUpdate: trigger.first(PushName.contentUpdate).map {
                    Self.depth($0, names: [.dav.name("depth"), .dav.syncLevel]) ?? .one
                },
                propertyUpdate: trigger.first(PushName.propertyUpdate).map {
                    Self.depth($0, names: [.dav.name("depth")]) ?? .zero
                })
        } else {
            triggers = nil
        }
        if let text = root.first(PushName.expires)?.trimmedText {
            guard let seconds = HTTPDate.parse(text) else {
                throw DAVError(status: 400, reason: "expires is not an HTTP date")
            }
            expires = seconds
        } else {
            expires = nil
        }
    }

    static func invalid(_ reason: String) -> DAVError {
        PushName.forbidden("invalid-subscription", reason)
    }

    /// The depth inside a trigger element (`DAV:depth` or `DAV:sync-level`; `infinite` and
    /// `infinity` both mean all members).
    static func depth(_ element: XMLElement, names: [XMLName]) -> PushDepth? {
        for name in names {
            guard let text = element.first(name)?.trimmedText.lowercased() else { continue }
            switch text {
            case "0": return .zero
            case "1": return .one
            case "infinity", "infinite": return .infinity
            default: return nil
            }
        }
        return nil
    }

    /// Whether a push resource may be used: an absolute https URL with a host; plain http only
    /// to a loopback host and only when allowed (RFC 8030 §8: push over TLS).
    static func isAcceptable(pushResource: String, allowsLoopbackHTTP: Bool) -> Bool {
        guard pushResource.count <= 2_048, let url = URL(string: pushResource),
            let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty,
            url.user == nil, url.password == nil
        else { return false }
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        let loopback = bare == "localhost" || bare == "::1" || bare.hasPrefix("127.")
        if scheme == "https" {
            // Push services are public: a literal loopback or private address would make the
            // server a probe of its own network (outside development).
            return allowsLoopbackHTTP || !(loopback || isPrivateLiteral(bare))
        }
        return scheme == "http" && allowsLoopbackHTTP && loopback
    }

    /// Whether `host` is a literal private, link-local or unspecified address (RFC 1918,
    /// RFC 3927, RFC 4193, RFC 4291 §2.5.6).
    static func isPrivateLiteral(_ host: String) -> Bool {
        let octets = host.split(separator: ".", omittingEmptySubsequences: false).compactMap {
            UInt8($0)
        }
        if octets.count == 4 {
            switch (octets[0], octets[1]) {
            case (10, _), (0, _), (169, 254), (192, 168): return true
            case (172, let second): return (16...31).contains(second)
            default: return false
            }
        }
        return host.contains(":")
            && (host.hasPrefix("fc") || host.hasPrefix("fd") || host.hasPrefix("fe80")
                || host == "::")
    }
}
