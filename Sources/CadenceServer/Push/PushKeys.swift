import Crypto
import Foundation
import Synchronization

/// The server's push secrets from the data folder: the topic key and the VAPID key, which is
/// read again when its file changes (`cadence push rotate-key` while the server runs).
final class PushKeys: Sendable {
    /// The topic derivation.
    let topics: PushTopics
    private let path: String
    private let current: Mutex<(key: VAPIDKey, stamp: Date?)>

    /// Loads (creating when missing) both secrets in `directory`.
    init(directory: String) throws {
        topics = try PushTopics.loadOrCreate(directory: directory)
        let key = try VAPIDKey.loadOrCreate(directory: directory)
        path = (directory as NSString).appendingPathComponent(VAPIDKey.fileName)
        current = Mutex((key, Self.stamp(path)))
    }

    /// The VAPID key in force.
    var vapidKey: VAPIDKey {
        let stamp = Self.stamp(path)
        let known = current.withLock { $0 }
        guard stamp != known.stamp, let text = try? String(contentsOfFile: path, encoding: .utf8),
            let raw = Base64URL.decode(text), raw.count == 32,
            let key = try? VAPIDKey(privateKey: .init(rawRepresentation: raw))
        else { return known.key }
        current.withLock { $0 = (key, stamp) }
        return key
    }

    private static func stamp(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }
}
