import Crypto
import Foundation
import Storage
import Testing

@testable import CadenceServer

/// `cadence push rotate-key`: every live registration is told (signed with the old key), then
/// the key file is replaced and a running server's `PushKeys` picks the new key up.
@Suite struct PushKeyRotationTests {
    @Test func rotationNotifiesWithTheOldKeyThenReplacesIt() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("cadence-rotate-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let running = try PushKeys(directory: directory)
        let oldKey = running.vapidKey.publicKeyText
        let store = InMemoryStore()
        let owner = try await store.createUser(
            NewUser(name: "alice", email: "a@example.com", displayName: "A", passwordHash: "x"))
        var ids: [Int64] = []
        for resource in ["https://push.example.net/kept", "https://push.example.net/gone"] {
            let key = P256.KeyAgreement.PrivateKey()
            ids.append(
                try await store.registerPush(
                    NewPushRegistration(
                        ownerID: owner.id, collectionID: nil, topic: "t",
                        subscription: PushSubscription(
                            pushResource: resource,
                            publicKey: Base64URL.encode(key.publicKey.x963Representation),
                            authSecret: Base64URL.encode([UInt8](repeating: 3, count: 16))),
                        triggers: PushTriggers(contentUpdate: .one),
                        expiresAt: Int64(Date().timeIntervalSince1970) + 3_600)
                ).registration.id)
        }
        let sender = PushDeliveryTests.RecordingSender(statuses: [201, 410])
        // The file's modification time has a one-second grain on some file systems.
        try await Task.sleep(for: .seconds(1.1))
        let outcome = try await PushKeyRotation.rotate(
            dataDirectory: directory, store: store, subject: "mailto:ops@example.com",
            sender: sender)
        #expect(outcome.notified == 1 && outcome.failed == 1)
        #expect(outcome.publicKey != oldKey)
        // Both messages were signed with the old key (the subscriptions are bound to it).
        for request in sender.requests {
            let authorization = Dictionary(uniqueKeysWithValues: request.headers)["Authorization"]
            #expect(authorization?.hasSuffix("k=\(oldKey)") == true)
        }
        // The push service's 410 removed that registration.
        #expect(try await store.pushRegistration(id: ids[1]) == nil)
        #expect(try await store.pushRegistration(id: ids[0]) != nil)
        // The running server reads the new key; a fresh start does too.
        #expect(running.vapidKey.publicKeyText == outcome.publicKey)
        #expect(try PushKeys(directory: directory).vapidKey.publicKeyText == outcome.publicKey)
        let attributes = try FileManager.default.attributesOfItem(
            atPath: (directory as NSString).appendingPathComponent(VAPIDKey.fileName))
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }
}
