import ICalendar

/// One instance of a calendar component as a UTC interval `[start, end]` (`end == start` for an
/// instance without length), the unit the time-range tests of RFC 4791 §9.9 work on.
struct InstanceSpan: Sendable, Hashable {
    var start: Int64
    var end: Int64
    /// The instance as the recurrence engine produced it.
    var occurrence: Occurrence?
}

/// Expands the components of one recurrence set (same name and UID: a master and its overrides,
/// RFC 5545 §3.8.5) into instance spans, attributing each instance to the component that
/// defines it.
struct InstanceExpansion {
    let resolver: (any TimeZoneResolving)?
    /// The zone floating times and DATEs are read in (the query's CALDAV:timezone); UTC if `nil`.
    let floatingZone: String?

    /// The instances of each component of `group` that may overlap `window` (generously: callers
    /// apply the exact test), at most `limit` in all; `spans[i]` belongs to `group[i]`.
    func spans(of group: [Component], window: TimeRange, limit: Int) -> [[InstanceSpan]] {
        var result = [[InstanceSpan]](repeating: [], count: group.count)
        // Floating and DATE values move by up to 14 hours with the zone; the exact tests use
        // ≤ as well as <, so widen the engine's window a little more than that.
        let wide = window.widened(by: RecurrenceSet.floatingMargin + 86400)
        var overrides: [Int] = []
        var master: Int?
        var standalone: [Int] = []
        for (index, component) in group.enumerated() {
            if component.property("RECURRENCE-ID") != nil {
                overrides.append(index)
            } else if master == nil {
                master = index
            } else {
                standalone.append(index)
            }
        }
        func expand(master: Int?, overrides: [Int]) -> Bool {
            guard
                let set = try? RecurrenceSet(
                    master: master.map { group[$0] }, overrides: overrides.map { group[$0] },
                    resolver: resolver)
            else { return false }
            for occurrence in set.occurrences(
                windowStart: wide.start, windowEnd: wide.end, limit: limit)
            {
                let owner = occurrence.overrideIndex.map { overrides[$0] } ?? master
                guard let owner else { continue }
                result[owner].append(span(occurrence))
            }
            return true
        }
        if !expand(master: master, overrides: overrides) {
            // A broken master must not hide valid overrides, nor the other way round.
            if let master { _ = expand(master: master, overrides: []) }
            for index in overrides { _ = expand(master: nil, overrides: [index]) }
        }
        for index in standalone { _ = expand(master: index, overrides: []) }
        return result
    }

    /// An occurrence with floating and DATE values re-read in `floatingZone`.
    func span(_ occurrence: Occurrence) -> InstanceSpan {
        var start = occurrence.startUTC
        var end = occurrence.endUTC
        if floatingZone != nil, resolver != nil, isFloating(occurrence.start) {
            start = instant(occurrence.start)
            if let endValue = occurrence.end, isFloating(endValue) {
                end = max(start, instant(endValue))
            } else {
                end = start + (occurrence.endUTC - occurrence.startUTC)
            }
        }
        return InstanceSpan(start: start, end: end, occurrence: occurrence)
    }

    /// A DATE or DATE-TIME in UTC seconds, floating values in `floatingZone`.
    func instant(_ value: DateTimeValue) -> Int64 {
        value.utcSeconds(resolver: resolver, floatingZone: floatingZone)
    }

    /// The instant of a DATE/DATE-TIME property, or `nil` when it does not parse.
    func instant(_ property: Property?) -> Int64? {
        guard let property, let value = try? DateTimeValue(property) else { return nil }
        return instant(value)
    }

    private func isFloating(_ value: DateTimeValue) -> Bool {
        value.form == .date || value.form == .floating
    }

    /// Groups components by UID (one recurrence set each), keeping first-seen order; components
    /// without a UID stand alone.
    static func groups(_ components: [Component]) -> [[Component]] {
        var order: [String] = []
        var byUID: [String: [Component]] = [:]
        var result: [[Component]] = []
        for component in components {
            if let uid = component.uid {
                if byUID[uid] == nil { order.append(uid) }
                byUID[uid, default: []].append(component)
            } else {
                result.append([component])
            }
        }
        return order.compactMap { byUID[$0] } + result
    }
}
