/// One instance of a recurring (or single) calendar component (RFC 5545 §3.8.5, RFC 4791 §9.9).
public struct Occurrence: Sendable, Hashable {
    /// The instance's original start, as a RECURRENCE-ID would write it (the master's DTSTART form).
    public var recurrenceID: DateTimeValue
    /// The actual start: the override's DTSTART when an override applies.
    public var start: DateTimeValue
    /// The end; `nil` when the component has no end, duration or due (a DATE start implies one day).
    public var end: DateTimeValue?
    /// The start in UTC seconds (floating and DATE values read as UTC).
    public var startUTC: Int64
    /// The end in UTC seconds; equal to `startUTC` when there is no end.
    public var endUTC: Int64
    /// The index into the overrides passed to `RecurrenceSet` when one applies to this instance.
    public var overrideIndex: Int?

    /// An instance from its parts.
    public init(
        recurrenceID: DateTimeValue, start: DateTimeValue, end: DateTimeValue?, startUTC: Int64,
        endUTC: Int64, overrideIndex: Int? = nil
    ) {
        self.recurrenceID = recurrenceID
        self.start = start
        self.end = end
        self.startUTC = startUTC
        self.endUTC = endUTC
        self.overrideIndex = overrideIndex
    }

    /// Whether the instance overlaps `[windowStart, windowEnd)` by the rules of RFC 4791 §9.9: an
    /// instance with a length overlaps when it starts before the end and ends after the start; an
    /// instance without length when it starts inside the window. `nil` bounds are open.
    public func overlaps(windowStart: Int64?, windowEnd: Int64?) -> Bool {
        if endUTC > startUTC {
            return (windowEnd.map { startUTC < $0 } ?? true)
                && (windowStart.map { endUTC > $0 } ?? true)
        }
        return (windowEnd.map { startUTC < $0 } ?? true)
            && (windowStart.map { startUTC >= $0 } ?? true)
    }
}
