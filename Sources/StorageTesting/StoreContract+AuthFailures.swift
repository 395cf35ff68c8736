import Storage
import Testing

extension StoreContract {
    /// The brute-force protection's checks.
    static let authFailureChecks: [Check] = [
        Check(description: "auth failures: windows and counts", run: authFailureWindows),
        Check(description: "auth failures: known addresses", run: knownAddresses),
    ]

    @Sendable static func authFailureWindows(_ store: any CadenceStore) async throws {
        let keys = ["address:203.0.113.9", "user:alice"]
        let none = AuthFailureCount(count: 0, windowStart: 0)
        #expect(try await store.authFailures(keys: keys, now: now, window: 900) == [none, none])
        #expect(
            try await store.recordAuthFailure(keys: keys, now: now, window: 900)
                == [
                    AuthFailureCount(count: 1, windowStart: now), .init(count: 1, windowStart: now),
                ])
        #expect(
            try await store.recordAuthFailure(keys: ["user:alice"], now: now + 10, window: 900)
                == [AuthFailureCount(count: 2, windowStart: now)])
        #expect(
            try await store.authFailures(keys: keys, now: now + 899, window: 900)
                == [.init(count: 1, windowStart: now), .init(count: 2, windowStart: now)])
        // A window 900 seconds old is over: it reads as none and restarts at 1.
        #expect(
            try await store.authFailures(keys: keys, now: now + 900, window: 900) == [none, none])
        #expect(
            try await store.recordAuthFailure(keys: ["user:alice"], now: now + 900, window: 900)
                == [AuthFailureCount(count: 1, windowStart: now + 900)])
        try await store.clearAuthFailures(keys: ["user:alice", "user:nobody"])
        #expect(
            try await store.authFailures(keys: keys, now: now + 1, window: 900)
                == [.init(count: 1, windowStart: now), none])
        // The purge removes windows opened before the cutoff.
        _ = try await store.recordAuthFailure(keys: ["user:bob"], now: now + 500, window: 900)
        #expect(try await store.purgeAuthFailures(before: now + 500) == 1)
        #expect(
            try await store.authFailures(keys: keys + ["user:bob"], now: now + 600, window: 900)
                == [none, none, .init(count: 1, windowStart: now + 500)])
    }

    @Sendable static func knownAddresses(_ store: any CadenceStore) async throws {
        let alice = try await makeUser(store)
        let bob = try await makeUser(store, "bob")
        #expect(try await store.isKnownAddress(ownerID: alice.id, address: "198.51.100.7") == false)
        try await store.rememberAddress(ownerID: alice.id, address: "198.51.100.7", now: now)
        try await store.rememberAddress(ownerID: alice.id, address: "198.51.100.7", now: now + 5)
        #expect(try await store.isKnownAddress(ownerID: alice.id, address: "198.51.100.7"))
        #expect(try await store.isKnownAddress(ownerID: bob.id, address: "198.51.100.7") == false)
        #expect(try await store.isKnownAddress(ownerID: alice.id, address: "198.51.100.8") == false)
    }
}
