/// The first start and last end of a whole recurrence set in UTC seconds (RFC 5545 §3.8.5), for
/// the first/last-occurrence index columns that pre-filter time-range queries (RFC 4791 §9.9).
public struct OccurrenceBounds: Sendable, Hashable {
    /// The earliest start.
    public var firstStart: Int64
    /// The latest end; `nil` when the set is open-ended (an infinite RRULE, or one too long to
    /// walk within the safety cap).
    public var lastEnd: Int64?

    /// Bounds from their parts.
    public init(firstStart: Int64, lastEnd: Int64?) {
        self.firstStart = firstStart
        self.lastEnd = lastEnd
    }
}
