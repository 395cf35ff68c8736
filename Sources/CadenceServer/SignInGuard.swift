import Storage

/// Brute-force protection around password checks (issue 7).
///
/// Failed sign-ins are counted in the store per client address and per user name, in windows of
/// `window` seconds (15 minutes). From `addressSlowdown` (5) failures of an address or
/// `userSlowdown` (10) of a user name on, every attempt is answered only after `delay`; from
/// `block` (20) on, attempts are answered `429` with `Retry-After` until the window ends. A
/// correct password from an address the user has signed in from before (a known address) is
/// always accepted, so an attacker's failures cannot lock the real user out.
///
/// A blocked attempt costs no bcrypt: the counts are read before the password is checked, and a
/// blocked attempt is refused unless its address is one the named user signed in from before
/// (only then is the password verified). What is known without bcrypt — a password verified
/// recently (the verifier's cache), an app password — is checked first, so that clients sending
/// their credentials with every request from a known address need no store access for counts.
///
/// Without an address (no socket peer, no trusted proxy) there is no way to tell the real user
/// from an attacker, so the user name's count only slows attempts down (the delay) and never
/// blocks: a block would lock the real user out for as long as the attacker keeps trying.
struct SignInGuard: Sendable {
    /// The outcome of a sign-in.
    enum Outcome: Sendable, Equatable {
        /// The credentials are right.
        case signedIn(UserRecord)
        /// They are wrong (or the user does not exist).
        case failed
        /// Too many failures: try again after this many seconds.
        case blocked(retryAfter: Int)
    }

    /// The thresholds.
    struct Policy: Sendable, Hashable {
        /// The counting window, in seconds.
        var window: Int64 = 900
        /// Failures of one address after which attempts are delayed.
        var addressSlowdown = 5
        /// Failures of one user name after which attempts are delayed.
        var userSlowdown = 10
        /// Failures of an address or user name after which attempts are refused.
        var block = 20
        /// The delay of a slowed-down attempt, in seconds.
        var delay: Double = 1
    }

    let store: any CadenceStore
    let verifier: CredentialVerifier
    let policy: Policy
    let clock: StoreClock
    /// Known addresses seen by this process, so that their sign-ins need no store access.
    let known = KnownAddresses()

    /// Checks `name` and `password` from `address`, counting a failure.
    func signIn(name: String, password: String, address: String?) async -> Outcome {
        let cheap = await verifier.verifyWithoutBcrypt(name: name, password: password)
        if let cheap, let address, await isKnown(cheap.id, address) { return .signedIn(cheap) }
        let now = clock.now()
        let keys = Self.keys(name: name, address: address)
        let counts =
            (try? await store.authFailures(keys: keys, now: now, window: policy.window))
            ?? keys.map { _ in AuthFailureCount(count: 0, windowStart: 0) }
        let blocking = address == nil ? [] : counts.filter { $0.count >= policy.block }
        if let oldest = blocking.map(\.windowStart).min() {
            let blocked = Outcome.blocked(retryAfter: Int(max(1, oldest + policy.window - now)))
            // Only the named user's own known address is worth a bcrypt.
            guard let address, let named = try? await store.user(named: name),
                await isKnown(named.id, address)
            else { return blocked }
            let user = await verifier.verify(name: name, password: password)
            guard let user, user.id == named.id else { return blocked }
            return .signedIn(user)
        }
        let addressCount = address == nil ? 0 : counts[0].count
        let userCount = counts[counts.count - 1].count
        if addressCount >= policy.addressSlowdown || userCount >= policy.userSlowdown {
            try? await Task.sleep(for: .seconds(policy.delay))
        }
        let verified: UserRecord?
        if let cheap {
            verified = cheap
        } else {
            verified = await verifier.verify(name: name, password: password)
        }
        guard let user = verified else {
            _ = try? await store.recordAuthFailure(keys: keys, now: now, window: policy.window)
            return .failed
        }
        if let address {
            try? await store.rememberAddress(ownerID: user.id, address: address, now: now)
            try? await store.clearAuthFailures(keys: [keys[0]])
            await known.insert(user.id, address)
        }
        return .signedIn(user)
    }

    /// `address:<address>` (when known) and `user:<name>`, in that order.
    static func keys(name: String, address: String?) -> [String] {
        (address.map { ["address:" + $0] } ?? []) + ["user:" + name]
    }

    private func isKnown(_ userID: Int64, _ address: String) async -> Bool {
        if await known.contains(userID, address) { return true }
        guard (try? await store.isKnownAddress(ownerID: userID, address: address)) == true
        else { return false }
        await known.insert(userID, address)
        return true
    }
}

/// The (user, address) pairs known to have signed in, held in memory (at most 10,000; emptied
/// when full, the store still knows them).
actor KnownAddresses {
    private struct Pair: Hashable {
        var userID: Int64
        var address: String
    }

    private var pairs: Set<Pair> = []

    func contains(_ userID: Int64, _ address: String) -> Bool {
        pairs.contains(Pair(userID: userID, address: address))
    }

    func insert(_ userID: Int64, _ address: String) {
        if pairs.count >= 10_000 { pairs.removeAll() }
        pairs.insert(Pair(userID: userID, address: address))
    }
}
