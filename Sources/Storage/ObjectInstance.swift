/// One instance of a calendar object as the RFC 4791 §9.9 time-range tests see it, in UTC
/// seconds: `[start, end)`, or the instant `start` when `end == start`.
public struct ObjectInstance: Sendable, Hashable {
    /// The start (UTC seconds).
    public var start: Int64
    /// The end (UTC seconds), never before `start`.
    public var end: Int64

    /// An instance; an `end` before `start` is read as `start` (an instance without length).
    public init(start: Int64, end: Int64) {
        self.start = start
        self.end = max(start, end)
    }

    /// Whether the time range `[start, end)` (a `nil` bound is open) matches this instance as
    /// RFC 4791 §9.9 tests a VEVENT: an overlap when it has a length, else
    /// `start <= instant < end`.
    public func matches(start rangeStart: Int64?, end rangeEnd: Int64?) -> Bool {
        let lower = rangeStart ?? .min
        let upper = rangeEnd ?? .max
        return end > start ? lower < end && upper > start : lower <= start && upper > start
    }

    /// Whether any instance in their stored form (`encode`) matches the range
    /// (`matches(start:end:)`), read in place; `nil` when the octets are not a whole number of
    /// instances.
    public static func anyMatches(encoded bytes: UnsafeRawBufferPointer, start: Int64?, end: Int64?)
        -> Bool?
    {
        guard bytes.count % 16 == 0 else { return nil }
        var offset = 0
        while offset < bytes.count {
            let instance = ObjectInstance(
                start: Int64(
                    littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int64.self)),
                end: Int64(
                    littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 8, as: Int64.self)))
            if instance.matches(start: start, end: end) { return true }
            offset += 16
        }
        return false
    }

    /// The most instances an index keeps for one object; a longer set is evaluated by parsing.
    public static let indexLimit = 500

    /// The instances as stored: 16 octets each, start then end, little-endian.
    public static func encode(_ instances: [ObjectInstance]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(instances.count * 16)
        for instance in instances {
            withUnsafeBytes(of: instance.start.littleEndian) { out.append(contentsOf: $0) }
            withUnsafeBytes(of: instance.end.littleEndian) { out.append(contentsOf: $0) }
        }
        return out
    }

    /// The instances from their stored form; `nil` when the octets are not a whole number of
    /// instances.
    public static func decode(_ bytes: [UInt8]) -> [ObjectInstance]? {
        guard bytes.count % 16 == 0 else { return nil }
        var instances: [ObjectInstance] = []
        instances.reserveCapacity(bytes.count / 16)
        var offset = 0
        func next() -> Int64 {
            var value: UInt64 = 0
            for shift in 0..<8 { value |= UInt64(bytes[offset + shift]) << (8 * UInt64(shift)) }
            offset += 8
            return Int64(bitPattern: value)
        }
        while offset < bytes.count {
            let start = next()
            instances.append(ObjectInstance(start: start, end: next()))
        }
        return instances
    }
}
