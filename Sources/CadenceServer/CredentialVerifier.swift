import Crypto
import Foundation
import HummingbirdBcrypt
import Storage

/// Checks HTTP Basic credentials against the store: an app password (a long random token stored
/// as SHA-256 and found by that hash) or the user's bcrypt password hash.
///
/// bcrypt on every request would cap the server at a few dozen requests a second, so a verified
/// password is remembered for a short time under a salted SHA-256 of user and password (the salt
/// is random per process, never stored); the entry also records the user's credential version, so
/// a password change — even from the command line in another process — drops it at once.
public actor CredentialVerifier {
    struct CacheEntry {
        var userID: Int64
        var credentialVersion: Int64
        var expires: ContinuousClock.Instant
    }

    let store: any CadenceStore
    let lifetime: Duration
    /// 32 random bytes per process, hashed before user and password into a cache key.
    let salt: [UInt8] = {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }()
    var cache: [SHA256Digest: CacheEntry] = [:]
    var lastTouched: [Int64: ContinuousClock.Instant] = [:]
    let maximumEntries = 10_000

    public init(store: any CadenceStore, cacheSeconds: Double = 300) {
        self.store = store
        self.lifetime = .milliseconds(Int64(cacheSeconds * 1000))
    }

    /// The user for these credentials, or `nil` when they are wrong.
    public func verify(name: String, password: String) async -> UserRecord? {
        switch await check(name: name, password: password, allowingBcrypt: true) {
        case .verified(let user): user
        case .wrong, .needsBcrypt: nil
        }
    }

    /// The user for these credentials when that is known without bcrypt — a password verified
    /// recently (the cache) or an app password — else `nil` (wrong, or not checked). Lets
    /// brute-force protection refuse a blocked attempt before it costs a bcrypt.
    public func verifyWithoutBcrypt(name: String, password: String) async -> UserRecord? {
        if case .verified(let user) = await check(
            name: name, password: password, allowingBcrypt: false)
        {
            return user
        }
        return nil
    }

    /// How many bcrypt verifications this verifier ran (decoys included), for tests.
    private(set) var bcryptCount = 0

    /// The outcome of a check.
    private enum Check {
        case verified(UserRecord)
        case wrong
        case needsBcrypt
    }

    private func check(name: String, password: String, allowingBcrypt: Bool) async -> Check {
        guard !name.isEmpty, !password.isEmpty, password.utf8.count <= 1024 else { return .wrong }
        guard let user = try? await store.user(named: name) else {
            guard allowingBcrypt else { return .needsBcrypt }
            // As slow as a wrong password, so response times do not tell which names exist.
            bcryptCount += 1
            _ = await Self.bcryptVerify(password, hash: Self.decoyHash)
            return .wrong
        }
        let cacheKey = self.cacheKey(name: name, password: password)
        let now = ContinuousClock.now
        if let entry = cache[cacheKey], entry.expires > now, entry.userID == user.id,
            entry.credentialVersion == user.credentialVersion
        {
            return .verified(user)
        }
        // App passwords are never cached: one indexed lookup per request, so a revoked one stops
        // working at once. Their last use is stamped at most once a minute (a write per request
        // would serialise every client on the store's write lock).
        // API tokens are Bearer credentials of the JSON API only, never a password for Basic.
        if let appPassword = try? await store.appPassword(tokenHash: AppPasswords.hash(password)),
            appPassword.userID == user.id, appPassword.kind == .appPassword
        {
            if lastTouched[appPassword.id].map({ now - $0 > .seconds(60) }) ?? true {
                lastTouched[appPassword.id] = now
                try? await store.touchAppPassword(id: appPassword.id)
            }
            return .verified(user)
        }
        guard allowingBcrypt else { return .needsBcrypt }
        bcryptCount += 1
        let matches = await Self.bcryptVerify(password, hash: user.passwordHash)
        guard matches else { return .wrong }
        remember(cacheKey, user, now)
        return .verified(user)
    }

    /// SHA-256 of the salt, the name, a NUL and the password (a name holds no NUL).
    private func cacheKey(name: String, password: String) -> SHA256Digest {
        var bytes = salt
        bytes.reserveCapacity(salt.count + name.utf8.count + 1 + password.utf8.count)
        bytes += name.utf8
        bytes.append(0)
        bytes += password.utf8
        return SHA256.hash(data: bytes)
    }

    private func remember(_ key: SHA256Digest, _ user: UserRecord, _ now: ContinuousClock.Instant) {
        if cache.count >= maximumEntries {
            cache = cache.filter { $0.value.expires > now }
            if cache.count >= maximumEntries { cache.removeAll() }
        }
        cache[key] = CacheEntry(
            userID: user.id, credentialVersion: user.credentialVersion, expires: now + lifetime)
    }

    /// A hash of a random password, checked for unknown user names.
    static let decoyHash = Bcrypt.hash(Passwords.generate(), cost: 10)

    /// bcrypt off the cooperative pool: it takes tens of milliseconds of CPU by design.
    static func bcryptVerify(_ password: String, hash: String) async -> Bool {
        guard !hash.isEmpty else { return false }
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: Bcrypt.verify(password, hash: hash))
            }
        }
    }
}

/// App passwords: long random tokens, shown once, stored only as SHA-256.
public enum AppPasswords {
    /// A new token: 32 random bytes as lowercase base32-like text in groups, easy to type on a phone.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")
        var out = ""
        for index in 0..<32 {
            if index > 0 && index % 4 == 0 { out.append("-") }
            out.append(alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))])
        }
        return out
    }

    /// The stored form of a token: hex SHA-256.
    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// Passwords: generation and bcrypt hashing.
public enum Passwords {
    /// A random password of 20 characters.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789")
        return String(
            (0..<20).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] })
    }

    /// The bcrypt hash of `password`.
    public static func hash(_ password: String, cost: UInt8) -> String {
        Bcrypt.hash(password, cost: cost)
    }
}
