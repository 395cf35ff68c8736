// cadence-bench: parse/serialise throughput and recurrence expansion, printed, never asserted.
// Run it in release: `swift run -c release cadence-bench [--events N] [--runs N]`.
import ContentLine
import ICalendar

/// Reads `--name value` from the command line.
func option(_ name: String, default value: Int) -> Int {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count,
        let parsed = Int(arguments[index + 1]), parsed > 0
    else { return value }
    return parsed
}

let eventCount = option("--events", default: 10_000)
let runs = option("--runs", default: 10)
let stopwatch = Stopwatch()

#if DEBUG
    print("cadence-bench: this is a debug build; numbers mean little (use -c release)")
#endif

let input = CalendarGenerator(eventCount: eventCount).bytes()
print("input: \(eventCount) VEVENTs, \(input.count) bytes (\(input.count / 1_000) kB)")

// Sanity: the generated text parses to one calendar that serialises back to the same bytes.
var parsedOnce: [Component] = []
do {
    parsedOnce = try ICalendarParser.parse(input)
} catch {
    fatalError("cadence-bench: the generated calendar does not parse: \(error)")
}
let events = parsedOnce.first?.components(named: "VEVENT").count ?? 0
var reserialised: [UInt8] = []
for root in parsedOnce { ICalendarSerializer.write(root, into: &reserialised) }
print(
    "parsed \(events) VEVENTs; round trip byte-identical: \(reserialised == input ? "yes" : "NO")")

// Parse.
var checksum = 0
let parseSamples = stopwatch.measure(runs: runs) {
    let roots = (try? ICalendarParser.parse(input)) ?? []
    checksum &+= roots.first?.components.count ?? 0
}
// Serialise.
let serialiseSamples = stopwatch.measure(runs: runs) {
    var out: [UInt8] = []
    out.reserveCapacity(input.count)
    for root in parsedOnce { ICalendarSerializer.write(root, into: &out) }
    checksum &+= out.count
}
// Parse, then serialise.
let roundTripSamples = stopwatch.measure(runs: runs) {
    let roots = (try? ICalendarParser.parse(input)) ?? []
    var out: [UInt8] = []
    out.reserveCapacity(input.count)
    for root in roots { ICalendarSerializer.write(root, into: &out) }
    checksum &+= out.count
}

var recurrence: [RecurrenceBenchmark.Result] = []
do {
    recurrence = try RecurrenceBenchmark.run(stopwatch: stopwatch)
} catch {
    print("cadence-bench: recurrence benchmark failed: \(error)")
}

/// One row of the summary table.
func row(_ name: String, _ value: String, _ target: String) {
    func padded(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
    print(padded(name, 44) + padded(value, 14) + target)
}

func format(_ value: Double) -> String {
    let tenths = Int(value * 10 + 0.5)  // no libm here: the bench imports no Foundation
    return "\(tenths / 10).\(tenths % 10)"
}

print("")
row("benchmark", "result", "target")
row(
    "parse, MB/s (best of \(runs))",
    format(Stopwatch.megabytesPerSecond(input.count, Stopwatch.best(parseSamples))), ">= 50")
row(
    "serialise, MB/s (best of \(runs))",
    format(Stopwatch.megabytesPerSecond(input.count, Stopwatch.best(serialiseSamples))), "-")
row(
    "parse + serialise, MB/s (best of \(runs))",
    format(Stopwatch.megabytesPerSecond(input.count, Stopwatch.best(roundTripSamples))), "-")
row(
    "parse, ms (median of \(runs))",
    format(Stopwatch.seconds(Stopwatch.median(parseSamples)) * 1_000), "-")
if RecurrenceBenchmark.isAvailable {
    for result in recurrence {
        row(
            "\(result.name) (\(result.occurrences) occ.), µs median",
            format(Stopwatch.microseconds(result.median)),
            result.name.hasPrefix("weekly") ? "< 50" : "-")
    }
} else {
    row("recurrence", "not built", "(RecurrenceRule not merged yet)")
}
print("(checksum \(checksum))")
