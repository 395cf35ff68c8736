/// A request path split into decoded segments, and its href form (RFC 3986 percent-encoding).
public struct DAVPath: Sendable, Hashable, CustomStringConvertible {
    /// Decoded segments, without empty ones.
    public var segments: [String]
    /// Whether the path was written (or is known) as a collection, with a trailing slash.
    public var trailingSlash: Bool

    public init(segments: [String], trailingSlash: Bool) {
        self.segments = segments
        self.trailingSlash = trailingSlash
    }

    /// Parses a path or an absolute URL (`http://host/a/b`); `nil` when it is not valid (bad
    /// percent-encoding, `..` segments, NUL bytes).
    ///
    /// Reads the UTF-8 bytes once (RFC 3986 §3: the delimiters `?`, `/` and `://` are ASCII): a
    /// multiget names every href it asks for, so this runs for each of them.
    public init?(_ raw: String) {
        var raw = raw
        guard
            let parsed = raw.withUTF8({ bytes in Self.parse(bytes) })
        else { return nil }
        self.init(segments: parsed.segments, trailingSlash: parsed.trailingSlash)
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> (
        segments: [String], trailingSlash: Bool
    )? {
        let slash = UInt8(ascii: "/")
        // A query is not part of the resource's name; a `#` stays a literal character, so a
        // request for `/coll/#frag` never reaches `/coll/` (litmus delete_fragment).
        var end = bytes.count
        if let query = bytes.firstIndex(of: UInt8(ascii: "?")) { end = query }
        var start = 0
        if let scheme = schemeEnd(bytes, end: end) {
            var cursor = scheme
            while cursor < end, bytes[cursor] != slash { cursor += 1 }
            guard cursor < end else { return ([], true) }
            start = cursor
        }
        guard start < end, bytes[start] == slash else { return nil }
        var segments: [String] = []
        var cursor = start
        while cursor < end {
            while cursor < end, bytes[cursor] == slash { cursor += 1 }
            guard cursor < end else { break }
            let pieceStart = cursor
            while cursor < end, bytes[cursor] != slash { cursor += 1 }
            let piece = UnsafeBufferPointer(rebasing: bytes[pieceStart..<cursor])
            guard let decoded = percentDecode(piece), !decoded.isEmpty else { return nil }
            if decoded == "." { continue }
            if decoded == ".." || decoded.utf8.contains(slash) || decoded.utf8.contains(0) {
                return nil
            }
            segments.append(decoded)
        }
        return (segments, bytes[end - 1] == slash || segments.isEmpty)
    }

    /// The index after the first `://` before `end`, if there is one.
    private static func schemeEnd(_ bytes: UnsafeBufferPointer<UInt8>, end: Int) -> Int? {
        var index = 0
        while index + 2 < end {
            if bytes[index] == UInt8(ascii: ":"), bytes[index + 1] == UInt8(ascii: "/"),
                bytes[index + 2] == UInt8(ascii: "/")
            {
                return index + 3
            }
            index += 1
        }
        return nil
    }

    /// The percent-encoded href; collections end with `/`.
    public var href: String {
        var out = "/"
        for (index, segment) in segments.enumerated() {
            if index > 0 { out += "/" }
            out += Self.percentEncode(segment)
        }
        if trailingSlash && !segments.isEmpty { out += "/" }
        return out
    }

    public var description: String { href }

    /// The path with one more segment.
    public func appending(_ segment: String, collection: Bool = false) -> DAVPath {
        DAVPath(segments: segments + [segment], trailingSlash: collection)
    }

    /// The parent path (a collection), or `nil` at the root.
    public var parent: DAVPath? {
        guard !segments.isEmpty else { return nil }
        return DAVPath(segments: Array(segments.dropLast()), trailingSlash: true)
    }

    /// The last segment.
    public var lastSegment: String? { segments.last }

    /// Whether `other` is this path or lies below it.
    public func contains(_ other: DAVPath) -> Bool {
        other.segments.count >= segments.count
            && other.segments.prefix(segments.count).elementsEqual(segments)
    }

    /// The same path marked as a collection (or not).
    public func asCollection(_ collection: Bool = true) -> DAVPath {
        DAVPath(segments: segments, trailingSlash: collection)
    }

    /// Decodes `%XX` escapes of one segment's UTF-8 bytes; `nil` for a bad escape or when the
    /// decoded bytes are not UTF-8.
    static func percentDecode(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard bytes.contains(0x25) else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let b = bytes[index]
            index += 1
            if b == 0x25 {
                guard index + 1 < bytes.count, let hv = hexValue(bytes[index]),
                    let lv = hexValue(bytes[index + 1])
                else { return nil }
                out.append(hv << 4 | lv)
                index += 2
            } else {
                out.append(b)
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: b - 0x30
        case 0x41...0x46: b - 0x41 + 10
        case 0x61...0x66: b - 0x61 + 10
        default: nil
        }
    }

    /// One path segment percent-encoded as in `href`.
    public static func percentEncodeSegment(_ segment: String) -> String { percentEncode(segment) }

    /// Percent-encodes everything but RFC 3986 unreserved characters and sub-delims safe in paths.
    static func percentEncode(_ segment: String) -> String {
        guard segment.utf8.contains(where: { !isSafe($0) }) else { return segment }
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(segment.utf8.count + 16)
        for b in segment.utf8 {
            if isSafe(b) {
                out.append(b)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0xF)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always)
    private static func isSafe(_ b: UInt8) -> Bool {
        switch b {
        case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2D, 0x2E, 0x5F, 0x7E, 0x40, 0x21, 0x24, 0x26,
            0x27, 0x28, 0x29, 0x2A, 0x2B, 0x3D, 0x3A:
            true
        default: false
        }
    }
}
