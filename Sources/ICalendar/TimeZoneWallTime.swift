/// Local wall time → UTC for a zone known by its offset at each instant (RFC 5545 §3.3.5).
///
/// Shared by the VTIMEZONE and the IANA paths so that both read gaps and overlaps the same way.
enum TimeZoneWallTime {
    /// The UTC instant of the wall time `local` (seconds since the epoch, read as if UTC) in a
    /// zone whose offset at a UTC instant is `offsetAt`.
    ///
    /// A wall time that occurs twice (the fall-back overlap) takes the first occurrence; one that
    /// does not occur (the spring-forward gap) is read with the offset before the gap, so it moves
    /// forward by the gap's length (02:30 on the New York spring-forward day is 03:30 EDT).
    /// Offsets are at most a day, so the offsets a day before and after cover every candidate.
    @inline(__always)
    static func utcSeconds(forLocal local: Int64, offsetAt: (Int64) -> Int) -> Int64 {
        let before = offsetAt(local - 86_400)
        let after = offsetAt(local + 86_400)
        let early = local - Int64(before)
        let earlyValid = offsetAt(early) == before
        if before == after {
            return early
        }
        let late = local - Int64(after)
        let lateValid = offsetAt(late) == after
        switch (earlyValid, lateValid) {
        case (true, true): return min(early, late)
        case (true, false): return early
        case (false, true): return late
        case (false, false): return early
        }
    }
}
