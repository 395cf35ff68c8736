import AsyncHTTPClient
import Crypto
import Foundation
import Storage

/// Replaces the server's VAPID key (`cadence push rotate-key`).
///
/// Subscriptions created with the old key are bound to it at the push service (RFC 8292 §4),
/// so first every live registration is sent the draft's key-rotation message — a property
/// update of `P:transports`, signed with the old key — telling its client to read the new key
/// and subscribe again; then the new key is written (mode 0600). A running server picks the new
/// file up on its next use of the key.
public enum PushKeyRotation {
    /// What a rotation did.
    public struct Outcome: Sendable {
        /// The new public key, base64url.
        public var publicKey: String
        /// Registrations whose push service accepted the message.
        public var notified: Int
        /// Registrations it could not be delivered to.
        public var failed: Int
    }

    /// Rotates the key in `dataDirectory`, notifying the registrations in its store.
    public static func rotate(dataDirectory: String, subject: String) async throws -> Outcome {
        let store = try CadenceService.openStore(dataDirectory: dataDirectory)
        guard let pushStore = store as? any PushStore else {
            throw PushKeyError(reason: "the store keeps no push registrations")
        }
        return try await rotate(
            dataDirectory: dataDirectory, store: pushStore, subject: subject,
            sender: HTTPWebPushSender(client: HTTPClient.shared))
    }

    static func rotate(
        dataDirectory: String, store: any PushStore, subject: String, sender: any WebPushSending
    ) async throws -> Outcome {
        let keys = try PushKeys(directory: dataDirectory)
        let old = keys.vapidKey
        var notified = 0
        var failed = 0
        let live = try await store.livePushRegistrations(at: Int64(Date().timeIntervalSince1970))
        for registration in live {
            do {
                let request = try WebPushRequest.make(
                    PushMessage.keyRotation(topic: registration.topic), to: registration,
                    key: old, subject: subject, ttl: 86_400, urgency: "normal", topicHeader: nil)
                let status = try await sender.send(request)
                if (200..<300).contains(status) {
                    notified += 1
                } else {
                    failed += 1
                    if status == 404 || status == 410 {
                        try? await store.deletePushRegistration(id: registration.id, ownerID: nil)
                    }
                }
            } catch {
                failed += 1
            }
        }
        let new = VAPIDKey(privateKey: P256.Signing.PrivateKey())
        try new.write(
            to: (dataDirectory as NSString).appendingPathComponent(VAPIDKey.fileName))
        return Outcome(publicKey: new.publicKeyText, notified: notified, failed: failed)
    }
}
