import Foundation
import HTTPTypes
import Storage
import Testing

@testable import CadenceServer

/// Brute-force protection and per-user rate limits (issue 7): failures are counted per address
/// and per user name; from 20 on, sign-ins answer 429 with Retry-After, except a correct password
/// from an address the user signed in from before.
@Suite struct BruteForceTests {
    static func configuration(delay: Double = 0, rateLimit: Double? = nil) -> Configuration {
        var configuration = TestServer.configuration
        configuration.trustProxy = true
        configuration.signInDelaySeconds = delay
        configuration.rateLimit = rateLimit
        return configuration
    }

    static func me(
        _ server: TestServer, _ user: String, _ password: String, from address: String
    ) async throws -> APIReply {
        try await APITestClient(client: server.client, credentials: .basic(user, password))
            .get("/me", headers: [("X-Forwarded-For", "192.0.2.1, " + address)])
    }

    @Test(arguments: StoreKind.allCases)
    func anAddressIsBlockedButTheUsersKnownAddressIsNot(_ kind: StoreKind) async throws {
        try await TestServer.run(kind, configuration: Self.configuration()) { server in
            let alice = TestServer.password("alice")
            #expect(try await Self.me(server, "alice", alice, from: "198.51.100.7").status == 200)
            for _ in 0..<20 {
                #expect(
                    try await Self.me(server, "alice", "guess", from: "203.0.113.9").status == 401)
            }
            let blocked = try await Self.me(server, "alice", "guess", from: "203.0.113.9")
            #expect(blocked.status == 429)
            let retryAfter = try #require(blocked.headers[.retryAfter].flatMap(Int.init))
            #expect((1...900).contains(retryAfter))
            #expect(blocked.json?["type"] == .string("urn:cadence:problem:too-many-requests"))
            // The right password from the attacker's address does not get through…
            #expect(try await Self.me(server, "alice", alice, from: "203.0.113.9").status == 429)
            // …while Alice's own address still works, and so does Bob from elsewhere.
            #expect(try await Self.me(server, "alice", alice, from: "198.51.100.7").status == 200)
            #expect(
                try await Self.me(server, "bob", TestServer.password("bob"), from: "192.0.2.77")
                    .status == 200)
            // DAV answers the same way.
            let dav = try await server.signedIn("alice", alice).request(
                "PROPFIND", "/caldav/",
                headers: [("X-Forwarded-For", "203.0.113.9"), ("Depth", "0")])
            #expect(dav.status == 429)
            #expect(dav.header("Retry-After").flatMap(Int.init) != nil)
        }
    }

    @Test func aUserNameIsBlockedAcrossAddresses() async throws {
        try await TestServer.run(configuration: Self.configuration()) { server in
            let bob = TestServer.password("bob")
            #expect(try await Self.me(server, "bob", bob, from: "198.51.100.20").status == 200)
            for index in 0..<20 {
                #expect(
                    try await Self.me(server, "bob", "guess", from: "203.0.113.\(index)").status
                        == 401)
            }
            // A new address is refused even with the right password; the known one is not.
            #expect(try await Self.me(server, "bob", bob, from: "192.0.2.200").status == 429)
            #expect(try await Self.me(server, "bob", bob, from: "198.51.100.20").status == 200)
            // The counters are in the store.
            let counts = try await server.store.authFailures(
                keys: ["user:bob", "address:203.0.113.0"],
                now: Int64(Date().timeIntervalSince1970), window: 900)
            #expect(counts.map(\.count) == [20, 1])
        }
    }

    @Test func failuresBeyondTheThresholdAreDelayed() async throws {
        try await TestServer.run(configuration: Self.configuration(delay: 0.3)) { server in
            for _ in 0..<5 {
                #expect(
                    try await Self.me(server, "alice", "guess", from: "203.0.113.9").status == 401)
            }
            let start = ContinuousClock.now
            let slowed = try await Self.me(server, "alice", "guess", from: "203.0.113.9")
            let elapsed: Duration = ContinuousClock.now - start
            #expect(slowed.status == 401)
            #expect(elapsed >= Duration.milliseconds(300))
        }
    }

    @Test func aSuccessfulSignInClearsTheAddressCount() async throws {
        try await TestServer.run(configuration: Self.configuration()) { server in
            for _ in 0..<4 {
                _ = try await Self.me(server, "alice", "guess", from: "203.0.113.9")
            }
            #expect(
                try await Self.me(
                    server, "alice", TestServer.password("alice"), from: "203.0.113.9"
                )
                .status == 200)
            let counts = try await server.store.authFailures(
                keys: ["address:203.0.113.9", "user:alice"],
                now: Int64(Date().timeIntervalSince1970), window: 900)
            #expect(counts.map(\.count) == [0, 4])
        }
    }

    /// A guard over a store with `alice`, without delays, and its verifier.
    static func signInGuard() async throws -> (SignInGuard, CredentialVerifier) {
        let store = InMemoryStore()
        _ = try await Administration(store: store, bcryptCost: 4).addUser(
            name: "alice", email: "", displayName: "", password: TestServer.password("alice"))
        let verifier = CredentialVerifier(store: store, cacheSeconds: 300)
        let guardian = SignInGuard(
            store: store, verifier: verifier, policy: .init(delay: 0), clock: .system)
        return (guardian, verifier)
    }

    @Test func blockedAttemptsCostNoBcrypt() async throws {
        let (guardian, verifier) = try await Self.signInGuard()
        let alice = TestServer.password("alice")
        #expect(
            await guardian.signIn(name: "alice", password: alice, address: "198.51.100.7")
                != .failed)
        for index in 0..<20 {
            #expect(
                await guardian.signIn(
                    name: "alice", password: "guess\(index)", address: "203.0.113.9")
                    == .failed)
        }
        let before = await verifier.bcryptCount
        for index in 0..<10 {
            let outcome = await guardian.signIn(
                name: "alice", password: "guess-again\(index)", address: "203.0.113.9")
            guard case .blocked = outcome else {
                Issue.record("expected a block, got \(outcome)")
                continue
            }
        }
        // Also a right password from the blocked address, and unknown names.
        guard
            case .blocked = await guardian.signIn(
                name: "alice", password: alice, address: "203.0.113.9")
        else { Issue.record("the attacker's address got through"); return }
        #expect(await verifier.bcryptCount == before)
        // Alice's known address still signs in (her password is cached: no bcrypt either).
        guard
            case .signedIn = await guardian.signIn(
                name: "alice", password: alice, address: "198.51.100.7")
        else { Issue.record("Alice was locked out"); return }
    }

    @Test func withoutAnAddressAUserNameIsSlowedNeverBlocked() async throws {
        let (guardian, _) = try await Self.signInGuard()
        for index in 0..<25 {
            #expect(
                await guardian.signIn(name: "alice", password: "guess\(index)", address: nil)
                    == .failed)
        }
        guard
            case .signedIn = await guardian.signIn(
                name: "alice", password: TestServer.password("alice"), address: nil)
        else {
            Issue.record("the real user was locked out")
            return
        }
    }

    /// One request per 20 s (a burst of one): the second request is refused however slowly a
    /// loaded machine runs the test (at 2 per second the bucket refilled between slow requests),
    /// and `Retry-After` says when a token is back.
    @Test func perUserRateLimit() async throws {
        try await TestServer.run(configuration: Self.configuration(rateLimit: 0.05)) { server in
            let alice = TestServer.password("alice")
            #expect(try await Self.me(server, "alice", alice, from: "198.51.100.7").status == 200)
            let limited = try await Self.me(server, "alice", alice, from: "198.51.100.7")
            #expect(limited.status == 429)
            #expect(limited.headers[.retryAfter] == "20")
            #expect(
                try await Self.me(server, "bob", TestServer.password("bob"), from: "192.0.2.77")
                    .status == 200)
        }
    }

    @Test func tokenBucketRefillsAtTheRate() async {
        let time = TimeBox()
        let limiter = RequestRateLimiter(rate: 2, now: { time.value })
        #expect(await limiter.allow("alice"))
        #expect(await limiter.allow("alice"))
        #expect(await limiter.allow("alice") == false)
        #expect(await limiter.allow("bob"))
        time.value = 0.5
        #expect(await limiter.allow("alice"))
        #expect(await limiter.allow("alice") == false)
        time.value = 10
        #expect(await limiter.allow("alice"))
        #expect(await limiter.allow("alice"))
        #expect(await limiter.allow("alice") == false)
    }

    @Test func forwardedAddressIsTheLastEntry() {
        var fields = HTTPFields()
        #expect(ClientAddress.forwarded(fields) == nil)
        fields[HTTPField.Name("X-Forwarded-For")!] = "198.51.100.1, 203.0.113.9"
        #expect(ClientAddress.forwarded(fields) == "203.0.113.9")
        fields[HTTPField.Name("X-Forwarded-For")!] = "2001:db8::1"
        #expect(ClientAddress.forwarded(fields) == "2001:db8::1")
        fields[HTTPField.Name("X-Forwarded-For")!] = "<script>"
        #expect(ClientAddress.forwarded(fields) == nil)
    }
}

/// A settable time for the rate limiter's tests.
final class TimeBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Double = 0

    var value: Double {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
