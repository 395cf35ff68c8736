import Crypto
import Foundation
import Storage
import Testing
import WebDAV

@testable import CadenceServer

/// WebDAV-Push discovery and registration through the whole stack (draft
/// `bitfireAT/webdav-push`, "Service Detection", "Subscription Management").
@Suite struct PushRegistrationTests {
    static let push = PushName.self

    /// The test configuration with push on, keys in a fresh folder.
    static func configuration(loopbackHTTP: Bool = false) -> (Configuration, String) {
        var configuration = TestServer.configuration
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("cadence-push-\(UUID().uuidString)").path
        configuration.dataDirectory = directory
        configuration.pushEnabled = true
        configuration.pushAllowsLoopbackHTTP = loopbackHTTP
        return (configuration, directory)
    }

    static func run(
        loopbackHTTP: Bool = false, _ body: @escaping @Sendable (TestServer) async throws -> Void
    ) async throws {
        let (configuration, directory) = configuration(loopbackHTTP: loopbackHTTP)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await TestServer.run(configuration: configuration, body)
    }

    /// A `push-register` body with a fresh subscription key pair.
    static func register(
        resource: String = "https://push.example.net/sub/1", trigger: String? = nil,
        expires: String? = nil, publicKey: String? = nil,
        authSecret: String = "BTBZMqHH6r4Tts7J_aSIgg",
        keyElement: String = "subscription-public-key"
    ) -> String {
        let key =
            publicKey
            ?? Base64URL.encode(P256.KeyAgreement.PrivateKey().publicKey.x963Representation)
        return """
            <?xml version="1.0" encoding="utf-8"?>
            <P:push-register xmlns:D="DAV:" xmlns:P="https://bitfire.at/webdav-push">
              <P:subscription><P:web-push-subscription>
                <P:push-resource>\(resource)</P:push-resource>
                <P:\(keyElement) type="p256dh">\(key)</P:\(keyElement)>
                <P:auth-secret>\(authSecret)</P:auth-secret>
              </P:web-push-subscription></P:subscription>
              \(trigger.map { "<P:trigger>\($0)</P:trigger>" } ?? "")
              \(expires.map { "<P:expires>\($0)</P:expires>" } ?? "")
            </P:push-register>
            """
    }

    static let xml = [("Content-Type", "application/xml; charset=utf-8")]

    @Test func discoveryProperties() async throws {
        try await Self.run { server in
            let alice = server.dav("alice")
            let options = try await alice.request("OPTIONS", Paths.calendar("alice"))
            #expect(options.header("DAV")?.contains("webdav-push") == true)
            let names = [Self.push.transports, Self.push.topic, Self.push.supportedTriggers]
            let calendar = try await alice.propfind(Paths.calendar("alice"), props: names)
                .multiStatus().responses[0]
            let key = calendar.property(Self.push.transports)?.first(Self.push.webPush)?
                .first(Self.push.vapidPublicKey)
            #expect(key?.attributes[XMLName("", "type")] == "p256ecdsa")
            let keyBytes = try #require(Base64URL.decode(key?.trimmedText ?? ""))
            #expect(keyBytes.count == 65 && keyBytes.first == 4)
            let topic = try #require(calendar.property(Self.push.topic)?.trimmedText)
            #expect(topic.count >= 16 && !topic.contains("crm-tasks"))
            let trigger = calendar.property(Self.push.supportedTriggers)?
                .first(Self.push.contentUpdate)?.first(.dav.name("depth"))?.trimmedText
            #expect(trigger == "1")
            // The home has its own topic; objects have none.
            let home = try await alice.propfind(Paths.home("alice"), props: names)
                .multiStatus().responses[0]
            let homeTopic = try #require(home.property(Self.push.topic)?.trimmedText)
            #expect(homeTopic != topic)
            #expect(home.property(Self.push.supportedTriggers) != nil)
            // The topic is stable across requests.
            let again = try await alice.propfind(Paths.calendar("alice"), props: [Self.push.topic])
                .multiStatus().responses[0].property(Self.push.topic)?.trimmedText
            #expect(again == topic)
        }
    }

    @Test func registerRenewAndDelete() async throws {
        try await Self.run { server in
            let alice = server.dav("alice")
            let body = Self.register()
            let created = try await alice.request(
                "POST", Paths.calendar("alice"), headers: Self.xml, text: body)
            #expect(created.status == 201)
            let location = try #require(created.header("Location"))
            #expect(location.hasPrefix("/caldav/push-registrations/"))
            let expires = try #require(created.header("Expires").flatMap { HTTPDate.parse($0) })
            let now = Int64(Date().timeIntervalSince1970)
            // No expiry asked: the default week, at least the draft's three days.
            #expect(expires >= now + 3 * 86_400 && expires <= now + 14 * 86_400 + 5)
            // The same push resource again: an update, the same registration.
            let renewed = try await alice.request(
                "POST", Paths.calendar("alice"), headers: Self.xml, text: body)
            #expect(renewed.status == 204)
            #expect(renewed.header("Location") == location)
            let stored = try await server.pushStore.pushRegistrations(
                ownerID: try #require(try await server.store.user(named: "alice")).id)
            #expect(stored.count == 1)
            #expect(stored.first?.triggers == PushTriggers(contentUpdate: .one))
            // Bob cannot delete it; Alice can, once.
            #expect(try await server.dav("bob").delete(location).status == 404)
            #expect(try await alice.delete(location).status == 204)
            #expect(try await alice.delete(location).status == 404)
        }
    }

    @Test func expiryIsCappedAndHonoured() async throws {
        try await Self.run { server in
            let alice = server.dav("alice")
            let now = Int64(Date().timeIntervalSince1970)
            let farAway = try await alice.request(
                "POST", Paths.calendar("alice"), headers: Self.xml,
                text: Self.register(expires: HTTPDate.format(now + 365 * 86_400)))
            // The server reads its clock between `now` and `answered`; on a loaded machine that
            // can be seconds apart, so the cap is bounded by both readings.
            let answered = Int64(Date().timeIntervalSince1970)
            #expect(farAway.status == 201)
            let capped = try #require(farAway.header("Expires").flatMap { HTTPDate.parse($0) })
            #expect(capped <= answered + 14 * 86_400 + 1 && capped >= now + 14 * 86_400 - 1)
            let fourDays = now + 4 * 86_400
            let honoured = try await alice.request(
                "POST", Paths.calendar("alice"), headers: Self.xml,
                text: Self.register(
                    resource: "https://push.example.net/sub/2", expires: HTTPDate.format(fourDays)))
            #expect(honoured.header("Expires").flatMap { HTTPDate.parse($0) } == fourDays)
            let past = try await alice.request(
                "POST", Paths.calendar("alice"), headers: Self.xml,
                text: Self.register(
                    resource: "https://push.example.net/sub/3", expires: HTTPDate.format(now - 60)))
            #expect(past.status == 400)
        }
    }

    @Test func registrationErrors() async throws {
        try await Self.run { server in
            let alice = server.dav("alice")
            let calendar = Paths.calendar("alice")
            func condition(_ body: String, at path: String? = nil) async throws -> (
                Int, [XMLName]
            ) {
                let reply = try await alice.request(
                    "POST", path ?? calendar, headers: Self.xml, text: body)
                return (reply.status, reply.errorConditions)
            }
            let invalid = Self.push.name("invalid-subscription")
            // Plain http is refused without the development flag.
            #expect(
                try await condition(Self.register(resource: "http://127.0.0.1:9/x")) == (
                    403, [invalid]
                ))
            #expect(try await condition(Self.register(resource: "not a url")) == (403, [invalid]))
            #expect(
                try await condition(Self.register(resource: "https://192.168.1.20/push"))
                    == (403, [invalid]))
            #expect(
                try await condition(Self.register(resource: "https://localhost/push"))
                    == (403, [invalid]))
            #expect(try await condition(Self.register(publicKey: "AAAA")) == (403, [invalid]))
            #expect(try await condition(Self.register(authSecret: "c2hvcnQ")) == (403, [invalid]))
            let noSubscription = """
                <P:push-register xmlns:P="https://bitfire.at/webdav-push"><P:trigger/></P:push-register>
                """
            #expect(try await condition(noSubscription) == (403, [invalid]))
            // Only property updates: not supported.
            let propertyOnly = Self.register(
                trigger: "<P:property-update><D:depth>0</D:depth></P:property-update>")
            #expect(
                try await condition(propertyOnly) == (403, [Self.push.name("no-supported-trigger")])
            )
            #expect(
                try await condition(Self.register(trigger: ""))
                    == (403, [Self.push.name("no-supported-trigger")]))
            // A deeper content update is downgraded, the property update ignored: accepted.
            let mixed = Self.register(
                trigger:
                    "<P:content-update><D:sync-level>infinite</D:sync-level></P:content-update>"
                    + "<P:property-update><D:depth>0</D:depth></P:property-update>")
            #expect(try await condition(mixed).0 == 201)
            // An object is no push target.
            _ = try await alice.put(
                Paths.object("alice", "crm-tasks", "e.ics"), ICS.event(uid: "e"))
            #expect(
                try await condition(
                    Self.register(), at: Paths.object("alice", "crm-tasks", "e.ics"))
                    == (403, [Self.push.name("push-not-available")]))
            // Another user's calendar does not exist for Alice.
            #expect(try await condition(Self.register(), at: Paths.calendar("bob")).0 == 404)
            // A POST that is not a push-register stays a 405.
            let other = try await alice.request(
                "POST", calendar, headers: Self.xml, text: "<D:propfind xmlns:D=\"DAV:\"/>")
            #expect(other.status == 405)
            // Oversized bodies are refused.
            let huge = Self.register(
                resource: "https://push.example.net/" + String(repeating: "a", count: 20_000))
            #expect(try await condition(huge).0 == 413)
        }
    }

    @Test func loopbackHTTPOnlyWithTheFlag() async throws {
        try await Self.run(loopbackHTTP: true) { server in
            let alice = server.dav("alice")
            let local = try await alice.request(
                "POST", Paths.calendar("alice"), headers: Self.xml,
                text: Self.register(resource: "http://127.0.0.1:9/push/1"))
            #expect(local.status == 201)
            let remote = try await alice.request(
                "POST", Paths.calendar("alice"), headers: Self.xml,
                text: Self.register(resource: "http://push.example.net/push/1"))
            #expect(remote.status == 403)
        }
    }

    /// Older drafts' `client-public-key` is accepted too.
    @Test func olderKeyElementName() async throws {
        try await Self.run { server in
            let reply = try await server.dav("alice").request(
                "POST", Paths.home("alice"), headers: Self.xml,
                text: Self.register(keyElement: "client-public-key"))
            #expect(reply.status == 201)
        }
    }

    /// Without push configured, nothing is advertised.
    @Test func offByDefault() async throws {
        try await TestServer.run { server in
            let options = try await server.dav("alice").request("OPTIONS", Paths.calendar("alice"))
            #expect(options.header("DAV")?.contains("webdav-push") == false)
            let reply = try await server.dav("alice").request(
                "POST", Paths.calendar("alice"), headers: Self.xml, text: Self.register())
            #expect(reply.status == 405)
        }
    }
}

extension TestServer {
    var pushStore: any PushStore {
        get throws { try #require(store as? any PushStore) }
    }
}
