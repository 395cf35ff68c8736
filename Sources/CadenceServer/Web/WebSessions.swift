import Crypto
import Foundation
import Storage

/// The web application's sessions (issue 12), kept without a table: a session is a cookie
/// signed with HMAC-SHA256 under a key kept in the data folder (`web-session.key`, mode 0600,
/// made on first start), holding the user's id, the issue and expiry times, the user's
/// credential version and a random nonce.
///
/// A session stops working when it expires, when the user's password changes (the credential
/// version moves on) and when the user signs out everywhere: that stamps a "not before" time for
/// the user in `web-signout.json` (0600) beside the key, and sessions issued before it are
/// refused. Without a data folder (tests) the key and the stamps live in memory only.
///
/// The CSRF token of a form is an HMAC of the session's nonce (or, before sign-in, of a random
/// pre-session cookie's), so it needs no storage and is checked on every POST.
actor WebSessions {
    /// A verified session.
    struct Session: Sendable {
        var user: UserRecord
        /// The random part of the cookie, the seed of its CSRF token.
        var nonce: String
    }

    /// The session cookie's name.
    static let cookieName = "cadence_session"
    /// The pre-session cookie's name (the sign-in form's CSRF seed).
    static let preSessionCookieName = "cadence_presession"
    /// How long a session lasts, in seconds (7 days).
    static let lifetime: Int64 = 7 * 86_400

    private let key: SymmetricKey
    private let signOutFile: String?
    private var notBefore: [Int64: Int64]

    /// Loads (or makes) the key in `dataDirectory` when that folder exists, else keeps a random
    /// key in memory.
    init(dataDirectory: String?) {
        var directory: String?
        if let dataDirectory {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: dataDirectory, isDirectory: &isDirectory),
                isDirectory.boolValue
            {
                directory = dataDirectory
            }
        }
        key =
            directory.flatMap { Self.loadKey(URL(fileURLWithPath: $0)) }
            ?? SymmetricKey(size: .bits256)
        signOutFile = directory.map {
            URL(fileURLWithPath: $0).appendingPathComponent("web-signout.json").path
        }
        notBefore = signOutFile.flatMap(Self.loadStamps) ?? [:]
    }

    /// The key stored in `directory/web-session.key`, created (0600) when absent.
    private static func loadKey(_ directory: URL) -> SymmetricKey? {
        let path = directory.appendingPathComponent("web-session.key").path
        if let data = FileManager.default.contents(atPath: path), data.count == 32 {
            return SymmetricKey(data: data)
        }
        let key = SymmetricKey(size: .bits256)
        let data = key.withUnsafeBytes { Data($0) }
        guard
            FileManager.default.createFile(
                atPath: path, contents: data, attributes: [.posixPermissions: 0o600])
        else { return nil }
        // Another process may have won the race: use what is on disk.
        if let stored = FileManager.default.contents(atPath: path), stored.count == 32 {
            return SymmetricKey(data: stored)
        }
        return key
    }

    private static func loadStamps(_ path: String) -> [Int64: Int64]? {
        guard let data = FileManager.default.contents(atPath: path),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        var stamps: [Int64: Int64] = [:]
        for (key, value) in object {
            if let id = Int64(key), let time = (value as? NSNumber)?.int64Value {
                stamps[id] = time
            }
        }
        return stamps
    }

    /// Milliseconds since 1970.
    static func nowMilliseconds() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// A new session cookie value for `user`.
    func issue(for user: UserRecord) -> String {
        let now = Self.nowMilliseconds()
        let payload = [
            String(user.id), String(now), String(now + Self.lifetime * 1000),
            String(user.credentialVersion), Self.randomHex(16),
        ].joined(separator: ".")
        return payload + "." + sign(payload)
    }

    /// The session of a cookie value, when it is signed, current and its user still exists with
    /// the same credentials.
    func verify(_ cookie: String, store: any CadenceStore) async -> Session? {
        let parts = cookie.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard cookie.utf8.count <= 256, parts.count == 6,
            let id = Int64(parts[0]), let issued = Int64(parts[1]), let expires = Int64(parts[2]),
            let version = Int64(parts[3])
        else { return nil }
        let payload = parts[0..<5].joined(separator: ".")
        guard let signature = Self.bytes(hex: parts[5]),
            HMAC<SHA256>.isValidAuthenticationCode(
                signature, authenticating: Data(payload.utf8), using: key)
        else { return nil }
        let now = Self.nowMilliseconds()
        guard expires > now, issued > (notBefore[id] ?? Int64.min) else { return nil }
        guard let user = try? await store.user(id: id), user.credentialVersion == version
        else { return nil }
        ReadRouting.current?.signedIn(userID: user.id)
        return Session(user: user, nonce: parts[4])
    }

    /// Ends every session of `userID` issued until now.
    func signOutEverywhere(userID: Int64) {
        notBefore[userID] = Self.nowMilliseconds()
        guard let signOutFile else { return }
        var object: [String: Any] = [:]
        for (id, time) in notBefore { object[String(id)] = NSNumber(value: time) }
        guard let data = try? JSONSerialization.data(withJSONObject: object) else { return }
        let temporary = signOutFile + ".tmp"
        _ = FileManager.default.createFile(
            atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600])
        _ = try? FileManager.default.replaceItemAt(
            URL(fileURLWithPath: signOutFile), withItemAt: URL(fileURLWithPath: temporary))
        if !FileManager.default.fileExists(atPath: signOutFile) {
            try? FileManager.default.moveItem(atPath: temporary, toPath: signOutFile)
        }
    }

    /// The CSRF token of forms shown to the holder of `nonce`.
    func csrfToken(nonce: String) -> String { sign("csrf:" + nonce) }

    /// Whether `token` is the CSRF token of `nonce` (constant-time).
    func checkCSRF(_ token: String, nonce: String) -> Bool {
        guard !nonce.isEmpty, let bytes = Self.bytes(hex: token) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(
            bytes, authenticating: Data(("csrf:" + nonce).utf8), using: key)
    }

    private func sign(_ text: String) -> String {
        Self.hex(Data(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key)))
    }

    /// `count` random bytes as lowercase hex.
    static func randomHex(_ count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return hex(Data((0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }))
    }

    static func hex(_ data: Data) -> String {
        data.map { String(format: "%02x", $0) }.joined()
    }

    static func bytes(hex text: String) -> Data? {
        guard text.utf8.count % 2 == 0, text.utf8.count <= 128 else { return nil }
        var data = Data()
        var iterator = text.utf8.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            guard let a = nibble(high), let b = nibble(low) else { return nil }
            data.append(a << 4 | b)
        }
        return data
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}
