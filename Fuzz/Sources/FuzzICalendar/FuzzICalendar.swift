import CFuzzDriver
import Glibc
import ICalendar

/// The executable's entry point (SwiftPM maps `main` to it): libFuzzer over `fuzzICalendar`.
@_cdecl("FuzzICalendar_main")
public func fuzzICalendarMain(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
)
    -> CInt
{
    cadence_fuzz_main(argc, argv) { data, size in data.map { fuzzICalendar($0, size) } ?? 0 }
}

/// libFuzzer entry: the iCalendar parser, serialiser, typed values and the CalDAV PUT validator.
///
/// Invariants checked (a violation traps, which libFuzzer reports as a crash):
/// - parsing never traps, in lenient and strict mode;
/// - a well-formed calendar (one strict reading accepts) serialises and parses back to the same
///   components (lossless round trip), and serialising that again gives the same bytes; one only
///   the lenient reader accepts does so from its first repaired form on;
/// - typed views and validation of whatever parsed never trap.
func fuzzICalendar(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: start, count: count))
    // Content that strict reading accepts must round-trip exactly; what only the lenient
    // reader accepts (names with spaces or control bytes, lines without a colon glued on as
    // raw line breaks) is repaired on the first reading, and from then on must be stable.
    let wellFormed = (try? ICalendarParser.parse(bytes, options: .init(lenient: false))) != nil
    guard let roots = try? ICalendarParser.parse(bytes, options: .init(lenient: true)) else {
        return 0
    }
    for root in roots {
        var current = root
        if !wellFormed {
            guard
                let repaired = try? ICalendarParser.parse(
                    root.serializedBytes(), options: .init(lenient: true)), repaired.count == 1
            else { fatalError("serialised output does not parse back to one component") }
            current = repaired[0]
        }
        let text = current.serializedBytes()
        guard let again = try? ICalendarParser.parse(text, options: .init(lenient: true)),
            again.count == 1
        else {
            fatalError("serialised output does not parse back to one component")
        }
        if again[0] != current {
            report(current, again[0])
            fatalError("round trip changed the component")
        }
        if again[0].serializedBytes() != text {
            fatalError("serialising twice gave different bytes")
        }
        touchValues(root)
        let registry = TimeZoneRegistry(calendar: root)
        if let summary = try? CalendarObjectValidator(lenient: true, resolver: registry)
            .validate(root)
        {
            let set = try? RecurrenceSet(
                master: summary.master, overrides: summary.overrides, resolver: registry)
            _ = set?.bounds
            _ = set?.occurrences(windowStart: 0, windowEnd: 4_102_444_800, limit: 50)
        }
        _ = try? CalendarObjectValidator(lenient: false, resolver: registry).validate(root)
    }
    return 0
}

/// Reads every date, duration and rule value of `component` and its children through the typed
/// views, bounded by the component tree's size.
func touchValues(_ component: Component) {
    for property in component.properties {
        switch property.name {
        case "DTSTART", "DTEND", "DUE", "RECURRENCE-ID", "DTSTAMP", "CREATED", "LAST-MODIFIED",
            "COMPLETED":
            _ = try? DateTimeValue(property)
        case "DURATION", "TRIGGER":
            _ = try? DurationValue(parsing: property.value)
        case "RRULE", "EXRULE":
            _ = try? RecurrenceRule(property)
        default:
            _ = property.text
        }
    }
    for child in component.components { touchValues(child) }
}

/// Prints where a round trip differs, for the finding's regression test.
func report(_ original: Component, _ again: Component) {
    let first = String(decoding: original.serializedBytes(), as: UTF8.self)
    let second = String(decoding: again.serializedBytes(), as: UTF8.self)
    var diff = ""
    func walk(_ a: Component, _ b: Component, _ path: String) {
        if a.name != b.name || a.properties.count != b.properties.count
            || a.components.count != b.components.count
        {
            diff += "\(path): \(a.name) \(b.name) \(a.properties.count) \(b.properties.count)\n"
        }
        for (p, q) in zip(a.properties, b.properties) where p != q {
            diff += "\(path) \(p.name.debugDescription): \(p)\n  vs \(q)\n"
        }
        for (x, y) in zip(a.components, b.components) { walk(x, y, path + "/" + x.name) }
    }
    walk(original, again, original.name)
    let text =
        diff + "--- serialised once:\n\(first.debugDescription)\n"
        + "--- parsed back and serialised:\n\(second.debugDescription)\n"
    _ = text.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
}
