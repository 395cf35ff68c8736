import Crypto
import Foundation
import Logging
import Storage
import Synchronization
import Testing

@testable import CadenceServer

/// Push delivery against a recording push service (no network): coalescing, headers, 410
/// clean-up, retries and Push-Dont-Notify.
@Suite struct PushDeliveryTests {
    /// Records every request and answers with the next status of `statuses` (then 201).
    final class RecordingSender: WebPushSending {
        let state = Mutex<(requests: [WebPushRequest], statuses: [Int])>(([], []))

        init(statuses: [Int] = []) {
            state.withLock { $0.statuses = statuses }
        }

        func send(_ request: WebPushRequest) async throws -> Int {
            state.withLock { state in
                state.requests.append(request)
                return state.statuses.isEmpty ? 201 : state.statuses.removeFirst()
            }
        }

        var requests: [WebPushRequest] { state.withLock { $0.requests } }
    }

    struct Fixture {
        let store: InMemoryStore
        let keys: PushKeys
        let service: PushService
        let sender: RecordingSender
        let calendar: CollectionRecord
        let owner: UserRecord
    }

    static func withService(
        statuses: [Int] = [], _ body: (Fixture) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("cadence-push-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = InMemoryStore()
        let owner = try await store.createUser(
            NewUser(name: "alice", email: "a@example.com", displayName: "A", passwordHash: "x"))
        let calendar = try await store.createCollection(
            ownerID: owner.id, NewCollection(path: "files", kind: .plain))
        let keys = try PushKeys(directory: directory)
        let sender = RecordingSender(statuses: statuses)
        var policy = PushPolicy()
        policy.coalesceDelay = 0.1
        policy.retryBaseDelay = 0.05
        policy.maximumAttempts = 3
        policy.homeInterval = 0.05
        let service = PushService(
            store: store, keys: keys, sender: sender,
            sources: [StoreChangePoller(store: store, interval: 0.02, start: 0)], homes: store,
            policy: policy,
            logger: Logger(label: "push-test"), metrics: nil)
        let running = Task { try await service.run() }
        defer { running.cancel() }
        // Let the poller take its starting position.
        try await Task.sleep(for: .milliseconds(100))
        try await body(
            Fixture(
                store: store, keys: keys, service: service, sender: sender, calendar: calendar,
                owner: owner))
    }

    static func register(_ fixture: Fixture, _ resource: String) async throws -> PushRegistration {
        let key = P256.KeyAgreement.PrivateKey()
        return try await fixture.store.registerPush(
            NewPushRegistration(
                ownerID: fixture.owner.id, collectionID: fixture.calendar.id,
                topic: fixture.keys.topics.topic(collectionID: fixture.calendar.id),
                subscription: PushSubscription(
                    pushResource: resource,
                    publicKey: Base64URL.encode(key.publicKey.x963Representation),
                    authSecret: Base64URL.encode([UInt8](repeating: 1, count: 16))),
                triggers: PushTriggers(contentUpdate: .one),
                expiresAt: Int64(Date().timeIntervalSince1970) + 3_600)
        ).registration
    }

    static func put(_ fixture: Fixture, _ name: String) async throws {
        _ = try await fixture.store.putObject(
            ObjectWrite(
                name: name, data: Array("x".utf8), contentType: "text/plain",
                index: .none),
            collectionID: fixture.calendar.id, precondition: .none)
    }

    /// Waits until `condition` holds, at most two seconds.
    static func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
        for _ in 0..<100 {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    @Test func burstIsCoalescedIntoOneMessagePerSubscriber() async throws {
        try await Self.withService { fixture in
            _ = try await Self.register(fixture, "https://push.example.net/a")
            _ = try await Self.register(fixture, "https://push.example.net/b")
            for index in 0..<5 { try await Self.put(fixture, "o\(index).txt") }
            #expect(try await Self.eventually { fixture.sender.requests.count >= 2 })
            try await Task.sleep(for: .milliseconds(300))
            let requests = fixture.sender.requests
            #expect(requests.count == 2)
            #expect(
                Set(requests.map(\.url)) == [
                    "https://push.example.net/a", "https://push.example.net/b",
                ])
            for request in requests {
                let headers = Dictionary(uniqueKeysWithValues: request.headers)
                #expect(headers["Content-Encoding"] == "aes128gcm")
                #expect(headers["TTL"] == "86400")
                #expect(headers["Urgency"] == "normal")
                #expect(headers["Authorization"]?.hasPrefix("vapid t=") == true)
                #expect(headers["Topic"]?.count ?? 99 <= 32)
            }
        }
    }

    /// A home registration is told when a collection is added to or removed from the home.
    @Test func homeMembershipChanges() async throws {
        try await Self.withService { fixture in
            let key = P256.KeyAgreement.PrivateKey()
            _ = try await fixture.store.registerPush(
                NewPushRegistration(
                    ownerID: fixture.owner.id, collectionID: nil,
                    topic: fixture.keys.topics.topic(
                        homeOf: fixture.owner.id, kind: "calendarHome"),
                    subscription: PushSubscription(
                        pushResource: "https://push.example.net/home",
                        publicKey: Base64URL.encode(key.publicKey.x963Representation),
                        authSecret: Base64URL.encode([UInt8](repeating: 2, count: 16))),
                    triggers: PushTriggers(contentUpdate: .one),
                    expiresAt: Int64(Date().timeIntervalSince1970) + 3_600))
            // The watcher's first look records the members: wait for a pass that began after
            // the registration (the second one to finish from now), however loaded the machine.
            let passes = fixture.service.homePasses.withLock { $0 }
            #expect(
                try await Self.eventually {
                    fixture.service.homePasses.withLock { $0 } >= passes + 2
                })
            #expect(fixture.sender.requests.isEmpty)
            let added = try await fixture.store.createCollection(
                ownerID: fixture.owner.id, NewCollection(path: "work", kind: .calendar))
            #expect(try await Self.eventually { fixture.sender.requests.count == 1 })
            try await fixture.store.deleteCollection(id: added.id)
            #expect(try await Self.eventually { fixture.sender.requests.count == 2 })
            #expect(
                fixture.sender.requests.allSatisfy { $0.url == "https://push.example.net/home" })
        }
    }

    @Test func goneSubscriptionsAreDeleted() async throws {
        try await Self.withService(statuses: [410]) { fixture in
            let registration = try await Self.register(fixture, "https://push.example.net/gone")
            try await Self.put(fixture, "a.txt")
            #expect(
                try await Self.eventually {
                    try await fixture.store.pushRegistration(id: registration.id) == nil
                })
        }
    }

    @Test func failuresAreRetriedWithBackoff() async throws {
        try await Self.withService(statuses: [503, 500]) { fixture in
            let registration = try await Self.register(fixture, "https://push.example.net/flaky")
            try await Self.put(fixture, "a.txt")
            #expect(try await Self.eventually { fixture.sender.requests.count == 3 })
            try await Task.sleep(for: .milliseconds(300))
            #expect(fixture.sender.requests.count == 3)
            #expect(try await fixture.store.pushRegistration(id: registration.id) != nil)
        }
    }

    @Test func pushDontNotifySkipsTheWritersRegistration() async throws {
        try await Self.withService { fixture in
            let mine = try await Self.register(fixture, "https://push.example.net/mine")
            _ = try await Self.register(fixture, "https://push.example.net/other")
            let hold = await fixture.service.beginSuppression(registrationIDs: [mine.id])
            try await Self.put(fixture, "a.txt")
            let token = try #require(
                try await fixture.store.collection(id: fixture.calendar.id)?.syncToken)
            await fixture.service.finishSuppression(
                hold, collectionID: fixture.calendar.id, token: token)
            #expect(try await Self.eventually { fixture.sender.requests.count >= 1 })
            try await Task.sleep(for: .milliseconds(300))
            #expect(fixture.sender.requests.map(\.url) == ["https://push.example.net/other"])
            // A later change by someone else reaches both.
            try await Self.put(fixture, "b.txt")
            #expect(try await Self.eventually { fixture.sender.requests.count == 3 })
        }
    }

    /// Stands in for PostgreSQL's advisory locks: one holder per job name at a time.
    final class FakeCluster: ClusterLocking {
        let held = Mutex<Set<String>>([])

        func runOncePerCluster(_ name: String, _ body: @Sendable () async -> Void) async throws
            -> Bool
        {
            guard held.withLock({ $0.insert(name).inserted }) else { return false }
            await body()
            held.withLock { _ = $0.remove(name) }
            return true
        }
    }

    /// Two instances on one database (issue 9): a change is pushed once, not once per
    /// instance, and when the reading instance stops the other takes over.
    @Test func twoInstancesOfAClusterPushEachChangeOnce() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("cadence-push-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = InMemoryStore()
        let owner = try await store.createUser(
            NewUser(name: "alice", email: "a@example.com", displayName: "A", passwordHash: "x"))
        let calendar = try await store.createCollection(
            ownerID: owner.id, NewCollection(path: "files", kind: .plain))
        let keys = try PushKeys(directory: directory)
        let cluster = FakeCluster()
        var policy = PushPolicy()
        policy.coalesceDelay = 0.05
        func instance(_ sender: RecordingSender) -> PushService {
            PushService(
                store: store, keys: keys, sender: sender,
                sources: [
                    ClusterLeaderSource(
                        inner: StoreChangePoller(store: store, interval: 0.02), cluster: cluster,
                        retryInterval: 0.05)
                ],
                homes: store, cluster: cluster, policy: policy,
                logger: Logger(label: "push-test"), metrics: nil)
        }
        let first = RecordingSender()
        let second = RecordingSender()
        let serviceOne = instance(first)
        let serviceTwo = instance(second)
        let one = Task { try await serviceOne.run() }
        let two = Task { try await serviceTwo.run() }
        defer {
            one.cancel()
            two.cancel()
        }
        let fixture = Fixture(
            store: store, keys: keys, service: serviceOne, sender: first,
            calendar: calendar, owner: owner)
        _ = try await Self.register(fixture, "https://push.example.net/a")
        func sent() -> Int { first.requests.count + second.requests.count }
        // The reading instance starts after the newest change: on a loaded machine it may not
        // be reading yet, so write until a first message arrives (bounded).
        var warm = false
        for attempt in 0..<10 where !warm {
            try await Self.put(fixture, "warm-\(attempt).txt")
            warm = try await Self.eventually { sent() >= 1 }
        }
        #expect(warm)
        try await Task.sleep(for: .milliseconds(300))
        // From now on: one change, one message — not one per instance.
        let before = sent()
        try await Self.put(fixture, "a.txt")
        #expect(try await Self.eventually { sent() >= before + 1 })
        try await Task.sleep(for: .milliseconds(300))
        #expect(sent() == before + 1)

        // The instance that sent stops; the other one reads from then on (write until it has).
        let (leader, standby) = first.requests.isEmpty ? (two, first) : (one, second)
        leader.cancel()
        _ = await leader.result
        var tookOver = false
        for attempt in 0..<10 where !tookOver {
            try await Self.put(fixture, "after-\(attempt).txt")
            tookOver = try await Self.eventually { standby.requests.count >= 1 }
        }
        #expect(tookOver)
    }
}
