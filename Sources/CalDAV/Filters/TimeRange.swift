import ICalendar
import WebDAV

/// CALDAV:time-range (RFC 4791 §9.9): a half-open UTC interval `[start, end)`; a missing bound is
/// open.
public struct TimeRange: Sendable, Hashable {
    /// The start in UTC seconds since 1970, or `nil` for the infinite past.
    public var start: Int64?
    /// The end in UTC seconds since 1970, or `nil` for the infinite future.
    public var end: Int64?

    /// A range from its bounds.
    public init(start: Int64?, end: Int64?) {
        self.start = start
        self.end = end
    }

    /// Parses `start="…Z"` and `end="…Z"` ("date with UTC time", RFC 4791 §9.9).
    ///
    /// Throws `invalid` when neither bound is given (or one is missing while `requiresBoth`), a
    /// bound is not a UTC DATE-TIME, or the end is not after the start.
    init(
        _ element: XMLElement, requiresBoth: Bool = false, invalid: (String) -> DAVError
    ) throws(DAVError) {
        let startText = element.attributes[XMLName("", "start")]
        let endText = element.attributes[XMLName("", "end")]
        guard startText != nil || endText != nil else {
            throw invalid("time-range needs a start or an end")
        }
        if requiresBoth && (startText == nil || endText == nil) {
            throw invalid("\(element.name.name) needs both start and end")
        }
        start = try startText.map { text throws(DAVError) in try Self.utc(text, invalid) }
        end = try endText.map { text throws(DAVError) in try Self.utc(text, invalid) }
        if let start, let end, end <= start {
            throw invalid("time-range end is not after its start")
        }
    }

    private static func utc(_ text: String, _ invalid: (String) -> DAVError) throws(DAVError)
        -> Int64
    {
        guard let value = try? DateTimeValue(parsing: text), value.form == .utc else {
            throw invalid("'\(text)' is not a date with UTC time")
        }
        return value.local.secondsSinceEpoch
    }

    /// The start, or the smallest instant.
    var lower: Int64 { start ?? Int64.min }
    /// The end, or the largest instant.
    var upper: Int64 { end ?? Int64.max }

    /// Whether an interval `[from, to)` with a length overlaps: `start < to AND end > from`.
    func overlaps(from: Int64, to: Int64) -> Bool { lower < to && upper > from }

    /// Whether an instant lies inside: `start <= t AND end > t` (RFC 4791 §9.9, properties).
    func contains(_ instant: Int64) -> Bool { lower <= instant && upper > instant }

    /// The range widened by `seconds` on both sides (saturating), for pre-expansion windows.
    func widened(by seconds: Int64) -> TimeRange {
        TimeRange(
            start: start.map { $0 > Int64.min + seconds ? $0 - seconds : Int64.min },
            end: end.map { $0 < Int64.max - seconds ? $0 + seconds : Int64.max })
    }
}
