/// A time zone defined by a VTIMEZONE component (RFC 5545 §3.6.5), compiled for lookups.
///
/// Onsets of RDATEs and of rules that end (UNTIL, COUNT) are computed once into a sorted list of
/// transitions; rules without an end are evaluated for the year asked about. A lookup is a binary
/// search plus, per open-ended rule, the onset of one or two years — never an iteration from
/// DTSTART. Before the first onset, the first onset's TZOFFSETFROM is in effect.
public struct TimeZoneDefinition: Sendable, Hashable {
    /// A change of offset at an instant.
    struct Transition: Sendable, Hashable {
        var utc: Int64
        var offsetFrom: Int
        var offsetTo: Int
        var observance: Int
    }

    /// An observance whose RRULE has no end, evaluated year by year.
    struct OpenRule: Sendable, Hashable {
        var rule: TimeZoneOnsetRule
        var observance: Int
    }

    /// The TZID.
    public var tzid: String
    /// `X-LIC-LOCATION` (written by libical-based producers), when present.
    public var location: String?
    /// The STANDARD and DAYLIGHT observances, in the order written.
    public let observances: [TimeZoneObservance]

    private let fixedTransitions: [Transition]
    private let openRules: [OpenRule]
    /// The UTC instants for which `fixedTransitions` already hold every onset of the open rules
    /// that a lookup can need (`openRuleYears`), so the rules are not evaluated.
    private let openRulesCovered: Range<Int64>

    /// The years whose onsets of rules without an end are computed once, at compile time: a
    /// lookup in them is a binary search alone (report expansion converts every instance).
    static let openRuleYears = 1970...2100

    /// Reads a VTIMEZONE component.
    ///
    /// Observances that cannot be read are skipped; throws when the component is not a VTIMEZONE,
    /// has no TZID, or has no readable observance.
    public init(_ component: Component) throws(ICalendarError) {
        guard component.name == "VTIMEZONE" else {
            throw ICalendarError(
                .invalidComponent, "\(component.name) is not a VTIMEZONE", path: component.name)
        }
        guard let tzid = component.property("TZID")?.text, !tzid.isEmpty else {
            throw ICalendarError(.missingProperty, "VTIMEZONE has no TZID", path: "VTIMEZONE")
        }
        var observances: [TimeZoneObservance] = []
        var firstError: ICalendarError?
        for sub in component.components where sub.name == "STANDARD" || sub.name == "DAYLIGHT" {
            do {
                observances.append(try TimeZoneObservance(sub))
            } catch {
                var e = error
                e.path = "VTIMEZONE/" + (e.path ?? sub.name)
                firstError = firstError ?? e
            }
        }
        if observances.isEmpty, let firstError { throw firstError }
        try self.init(tzid: tzid, observances: observances)
        location = component.property("X-LIC-LOCATION")?.text
    }

    /// A zone made of `observances`; throws `.invalidComponent` when there are none.
    public init(tzid: String, observances: [TimeZoneObservance]) throws(ICalendarError) {
        guard !observances.isEmpty else {
            throw ICalendarError(
                .invalidComponent, "VTIMEZONE \(tzid) has no STANDARD or DAYLIGHT",
                path: "VTIMEZONE")
        }
        self.tzid = tzid
        self.location = nil
        self.observances = observances
        var transitions: [Transition] = []
        var openRules: [OpenRule] = []
        for (index, observance) in observances.enumerated() {
            func add(_ local: CalendarDateTime) {
                transitions.append(
                    Transition(
                        utc: observance.onsetUTC(local), offsetFrom: observance.offsetFrom,
                        offsetTo: observance.offsetTo, observance: index))
            }
            add(observance.start)
            for date in observance.recurrenceDates { add(date) }
            // An RRULE that cannot be read leaves DTSTART and the RDATEs.
            guard let text = observance.recurrenceRule,
                let recurrence = try? RecurrenceRule(parsing: text)
            else { continue }
            if let rule = TimeZoneOnsetRule(
                rule: recurrence, start: observance.start, offsetFrom: observance.offsetFrom)
            {
                if rule.isBounded {
                    for local in rule.boundedOccurrences() { add(local) }
                } else {
                    openRules.append(OpenRule(rule: rule, observance: index))
                }
            } else {
                for local in Self.generalOnsets(rule: recurrence, observance: observance) {
                    add(local)
                }
            }
        }
        // The open rules' onsets of `openRuleYears` join the fixed ones. An instant at or after
        // every rule's first computed onset and before the last computed year ends has its latest
        // onset among them (an onset of the following year is at least a day after its start).
        var coveredFrom = Int64.min
        var covered = !openRules.isEmpty
        for open in openRules {
            var first: Int64?
            for year in Self.openRuleYears {
                guard let onset = open.rule.onsetUTC(inYear: year) else { continue }
                let observance = observances[open.observance]
                transitions.append(
                    Transition(
                        utc: onset, offsetFrom: observance.offsetFrom,
                        offsetTo: observance.offsetTo, observance: open.observance))
                first = first ?? onset
            }
            if let first { coveredFrom = max(coveredFrom, first) } else { covered = false }
        }
        let coveredUntil =
            Int64(
                CalendarDate(validYear: Self.openRuleYears.upperBound + 1, month: 1, day: 1)
                    .dayNumber) * 86_400 - 2 * 86_400
        self.openRulesCovered =
            covered && coveredFrom < coveredUntil ? coveredFrom..<coveredUntil : 0..<0
        transitions.sort { ($0.utc, $0.observance) < ($1.utc, $1.observance) }
        self.fixedTransitions = transitions
        self.openRules = openRules
    }

    /// The offset from UTC, in seconds, in effect at a UTC instant.
    public func utcOffset(atUTC seconds: Int64) -> Int {
        if let (offset, _) = latestOnset(atOrBefore: seconds) { return offset }
        return fixedTransitions[0].offsetFrom
    }

    /// The observance in effect at a UTC instant, or `nil` before the first onset.
    public func observance(atUTC seconds: Int64) -> TimeZoneObservance? {
        guard let (_, index) = latestOnset(atOrBefore: seconds) else { return nil }
        return observances[index]
    }

    /// The UTC instant of a wall time in this zone (RFC 5545 §3.3.5): a time in a gap moves
    /// forward by the gap, a time in an overlap takes its first occurrence.
    public func utcSeconds(forLocal local: CalendarDateTime) -> Int64 {
        TimeZoneWallTime.utcSeconds(forLocal: local.secondsSinceEpoch) { utcOffset(atUTC: $0) }
    }

    /// The UTC instants at which the offset changes, from `start` up to but excluding `end`, with
    /// the offset after each (for VTIMEZONE export, free-busy and tests).
    public func offsetChanges(from start: Int64, to end: Int64) -> [(utc: Int64, offset: Int)] {
        var result: [(utc: Int64, offset: Int)] = []
        var previous = utcOffset(atUTC: start - 1)
        var cursor = start
        while cursor < end, let next = nextOnset(after: cursor - 1), next < end {
            let offset = utcOffset(atUTC: next)
            if offset != previous { result.append((next, offset)) }
            previous = offset
            cursor = next + 1
        }
        return result
    }

    /// The latest onset at or before `seconds`: its offset and observance index.
    private func latestOnset(atOrBefore seconds: Int64) -> (Int, Int)? {
        var low = 0
        var high = fixedTransitions.count
        while low < high {
            let mid = (low + high) / 2
            if fixedTransitions[mid].utc <= seconds { low = mid + 1 } else { high = mid }
        }
        var best: (utc: Int64, offset: Int, observance: Int)?
        if low > 0 {
            let t = fixedTransitions[low - 1]
            best = (t.utc, t.offsetTo, t.observance)
        }
        for open in openRules where !openRulesCovered.contains(seconds) {
            if let onset = open.rule.latestOnset(atOrBefore: seconds),
                best == nil || onset > best!.utc
            {
                best = (onset, observances[open.observance].offsetTo, open.observance)
            }
        }
        guard let best else { return nil }
        return (best.offset, best.observance)
    }

    /// The earliest onset strictly after `seconds`, or `nil`.
    private func nextOnset(after seconds: Int64) -> Int64? {
        var low = 0
        var high = fixedTransitions.count
        while low < high {
            let mid = (low + high) / 2
            if fixedTransitions[mid].utc <= seconds { low = mid + 1 } else { high = mid }
        }
        var best: Int64? = low < fixedTransitions.count ? fixedTransitions[low].utc : nil
        for open in openRules {
            if let onset = open.rule.nextOnset(after: seconds), best == nil || onset < best! {
                best = onset
            }
        }
        return best
    }

    /// The last year for which a general rule without an end is expanded.
    static let generalHorizonYear = 2200

    /// Onsets after DTSTART of an RRULE that `TimeZoneOnsetRule` does not handle, from the
    /// recurrence engine (`RecurrenceRule`), through `generalHorizonYear` and at most 10,000.
    ///
    /// The yearly shape stays on `TimeZoneOnsetRule`: it gives the same onsets (see
    /// `TimeZoneObservanceTests`) without expanding anything, where the engine would have to
    /// expand every year from DTSTART (1601 for Outlook) at compile time.
    static func generalOnsets(rule: RecurrenceRule, observance: TimeZoneObservance)
        -> [CalendarDateTime]
    {
        // Onsets are wall times in TZOFFSETFROM; a UTC UNTIL is read in that offset.
        let resolver = FixedOffset(seconds: observance.offsetFrom)
        let start = DateTimeValue(local: observance.start, form: .zoned(tzid: FixedOffset.tzid))
        var result: [CalendarDateTime] = []
        for local in rule.occurrences(from: start, resolver: resolver).dropFirst() {
            guard local.date.year <= generalHorizonYear, result.count < 10_000 else { break }
            result.append(local)
        }
        return result
    }
}

/// A zone with one offset, for reading an observance's UNTIL in its TZOFFSETFROM.
private struct FixedOffset: TimeZoneResolving {
    static let tzid = "TZOFFSETFROM"
    var seconds: Int

    func utcSeconds(forLocal local: CalendarDateTime, tzid: String) -> Int64? {
        local.secondsSinceEpoch - Int64(seconds)
    }

    func utcOffset(atUTC utc: Int64, tzid: String) -> Int? { seconds }
}
