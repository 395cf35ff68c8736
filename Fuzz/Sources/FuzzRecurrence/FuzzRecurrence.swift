import CFuzzDriver
import CalDAV
import ICalendar

/// The executable's entry point (SwiftPM maps `main` to it): libFuzzer over `fuzzRecurrence`.
@_cdecl("FuzzRecurrence_main")
public func fuzzRecurrenceMain(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
)
    -> CInt
{
    cadence_fuzz_main(argc, argv) { data, size in data.map { fuzzRecurrence($0, size) } ?? 0 }
}

/// libFuzzer entry: the recurrence expander — a rule, its DTSTART/EXDATE/RDATE/overrides and a
/// window, all from the input.
///
/// The first 8 bytes choose the window (start within 1970–2106 and a length up to ~34 years);
/// the rest is placed as property lines inside `BEGIN:VEVENT` … `END:VEVENT` (lines starting
/// with `BEGIN:VEVENT` begin an override). The set is expanded lazily, as a time-range query and
/// CALDAV:expand would; each input must finish well within libFuzzer's per-input timeout.
func fuzzRecurrence(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: start, count: count)
    guard bytes.count >= 8 else { return 0 }
    let windowStart = Int64(bytes[0...3].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
    let windowLength = Int64(bytes[4...7].reduce(UInt32(0)) { $0 << 8 | UInt32($1) } >> 2)
    let body = String(decoding: bytes[8...], as: UTF8.self)
    let text =
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//fuzz//EN\r\nBEGIN:VEVENT\r\n"
        + body + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    guard let calendar = try? Component(parsing: text) else { return 0 }
    let registry = TimeZoneRegistry(calendar: calendar)
    let events = calendar.components(named: "VEVENT")
    let master = events.first { $0.property("RECURRENCE-ID") == nil }
    let overrides = events.filter { $0.property("RECURRENCE-ID") != nil }
    guard let set = try? RecurrenceSet(master: master, overrides: overrides, resolver: registry)
    else { return 0 }
    _ = set.bounds
    let windowEnd = windowStart + max(windowLength, 1)
    let found = set.occurrences(windowStart: windowStart, windowEnd: windowEnd, limit: 1000)
    for occurrence in found
    where !occurrence.overlaps(
        windowStart: windowStart, windowEnd: windowEnd)
    {
        fatalError("an occurrence outside the window was returned")
    }
    _ = set.occurrences(windowStart: nil, windowEnd: nil, limit: 20)
    let request = CalendarDataRequest(expand: TimeRange(start: windowStart, end: windowEnd))
    _ = try? request.apply(
        to: Array(text.utf8), calendar: calendar, resolver: registry, timeZone: nil)
    return 0
}
