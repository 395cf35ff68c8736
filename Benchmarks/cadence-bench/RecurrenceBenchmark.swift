import ICalendar

/// Recurrence expansion timings (RFC 5545 §3.3.10, §3.8.5.3), median of many runs.
///
enum RecurrenceBenchmark {
    /// One measured expansion.
    struct Result: Sendable {
        var name: String
        var occurrences: Int
        var median: Duration
    }

    /// Whether the recurrence section is compiled in.
    static let isAvailable = true

    /// Expands each rule over its span and returns the medians.
    static func run(stopwatch: Stopwatch) throws -> [Result] {
        let start = DateTimeValue(
            local: CalendarDateTime(
                date: CalendarDate(validYear: 2026, month: 1, day: 5), hour: 9),
            form: .zoned(tzid: "Europe/Berlin"))
        let cases: [(name: String, rule: String, years: Int, runs: Int)] = [
            ("weekly MO,WE, 1 year", "FREQ=WEEKLY;BYDAY=MO,WE", 1, 5_000),
            ("daily, 10 years", "FREQ=DAILY", 10, 500),
        ]
        var results: [Result] = []
        for item in cases {
            let rule = try RecurrenceRule(parsing: item.rule)
            var end = start.local
            end.date = CalendarDate(
                validYear: end.date.year + item.years, month: end.date.month,
                day: end.date.day)
            var count = 0
            let samples = stopwatch.measure(runs: item.runs) {
                count = 0
                for occurrence in rule.occurrences(from: start, resolver: nil) {
                    if occurrence >= end { break }
                    count += 1
                }
            }
            results.append(
                Result(
                    name: item.name, occurrences: count, median: Stopwatch.median(samples)))
        }
        return results
    }
}
