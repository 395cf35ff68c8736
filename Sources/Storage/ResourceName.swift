/// The naming rules every engine enforces on user names, collection paths and object names.
///
/// Names become URL path segments (`/caldav/calendars/{user}/{path}/{name}`), so they must be
/// unambiguous after percent-decoding: no slash, no `.`/`..`, no control characters.
public enum ResourceName {
    /// The longest user name, in bytes.
    public static let maximumUserNameLength = 64
    /// The longest path segment, in bytes.
    public static let maximumSegmentLength = 255

    /// Throws `.invalidName` unless `name` is 1–64 bytes of `[a-z0-9._-]` and not `.` or `..`.
    public static func validateUserName(_ name: String) throws(StorageError) {
        let bytes = name.utf8
        guard !bytes.isEmpty, bytes.count <= maximumUserNameLength, name != ".", name != ".."
        else { throw StorageError(.invalidName, "user name must be 1-64 characters, not . or ..") }
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                continue
            default:
                throw StorageError(.invalidName, "user name may hold only a-z 0-9 . _ -")
            }
        }
    }

    /// Throws `.invalidName` unless `segment` is a valid single path segment: 1–255 bytes, no
    /// `/`, no control characters (below 0x20 or 0x7F), not `.` or `..`.
    public static func validateSegment(_ segment: some StringProtocol) throws(StorageError) {
        let bytes = segment.utf8
        guard !bytes.isEmpty, bytes.count <= maximumSegmentLength, segment != ".", segment != ".."
        else { throw StorageError(.invalidName, "a name must be 1-255 bytes, not . or ..") }
        for byte in bytes where byte == UInt8(ascii: "/") || byte < 0x20 || byte == 0x7F {
            throw StorageError(.invalidName, "a name may not hold / or control characters")
        }
    }

    /// Throws `.invalidName` unless `path` is one or more valid segments joined by single `/`.
    public static func validateCollectionPath(_ path: String) throws(StorageError) {
        guard !path.isEmpty else { throw StorageError(.invalidName, "empty collection path") }
        for segment in path.split(separator: "/", omittingEmptySubsequences: false) {
            try validateSegment(segment)
        }
    }

    /// The path of a member `name` inside the collection at `collectionPath`.
    public static func join(_ collectionPath: String, _ name: String) -> String {
        collectionPath.isEmpty ? name : collectionPath + "/" + name
    }

    /// Whether `path` is `root` itself or lies below it (`files/sub` lies below `files`).
    public static func isWithin(_ path: String, root: String) -> Bool {
        if root.isEmpty { return true }
        guard path.hasPrefix(root) else { return false }
        if path.utf8.count == root.utf8.count { return true }
        return path.utf8[path.utf8.index(path.utf8.startIndex, offsetBy: root.utf8.count)]
            == UInt8(ascii: "/")
    }
}
