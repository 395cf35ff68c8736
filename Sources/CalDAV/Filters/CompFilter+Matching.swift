import ICalendar

extension CompFilter {
    /// Whether a stored calendar object (its parsed VCALENDAR) matches (RFC 4791 §9.7.1), floating
    /// times and DATEs read in UTC.
    public func matches(_ calendar: Component, resolver: (any TimeZoneResolving)?) -> Bool {
        matches(calendar, resolver: resolver, timeZone: nil)
    }

    /// Whether a stored calendar object matches (RFC 4791 §9.7.1), floating times and DATEs read
    /// in `timeZone` — the TZID of the query's CALDAV:timezone or the collection's
    /// calendar-timezone (RFC 4791 §7.3); UTC when `nil`.
    public func matches(
        _ calendar: Component, resolver: (any TimeZoneResolving)?, timeZone: String?
    ) -> Bool {
        let evaluator = FilterEvaluator(
            expansion: InstanceExpansion(resolver: resolver, floatingZone: timeZone))
        guard calendar.name == name else { return isNotDefined }
        if isNotDefined { return false }
        return evaluator.satisfies(self, calendar, spans: [], parentSpans: [])
    }
}

/// Evaluates a filter tree against components (RFC 4791 §9.7, §9.9).
struct FilterEvaluator {
    let expansion: InstanceExpansion

    /// Instances enough to decide a match; the window is already bounded by the range.
    static let matchLimit = 2000

    /// Whether `component` (already of the filter's name) passes the time-range, prop-filter and
    /// comp-filter tests; `spans` are its own instances, `parentSpans` its parent's.
    func satisfies(
        _ filter: CompFilter, _ component: Component, spans: [InstanceSpan],
        parentSpans: [InstanceSpan]
    ) -> Bool {
        if let range = filter.timeRange,
            !overlaps(component, range: range, spans: spans, parentSpans: parentSpans)
        {
            return false
        }
        for propFilter in filter.propFilters where !matches(propFilter, in: component) {
            return false
        }
        for child in filter.compFilters where !anyChild(child, of: component, spans: spans) {
            return false
        }
        return true
    }

    /// RFC 4791 §9.7.1 for a nested comp-filter: any sub-component of that name passes (or none
    /// exists, for is-not-defined). Components of one recurrence set are expanded together.
    func anyChild(_ filter: CompFilter, of parent: Component, spans parentSpans: [InstanceSpan])
        -> Bool
    {
        let children = parent.components(named: filter.name)
        if filter.isNotDefined { return children.isEmpty }
        guard !children.isEmpty else { return false }
        let recurring = ["VEVENT", "VTODO", "VJOURNAL"].contains(filter.name)
        guard recurring, let window = Self.window(for: filter, children: children) else {
            return children.contains {
                satisfies(filter, $0, spans: [], parentSpans: parentSpans)
            }
        }
        for group in InstanceExpansion.groups(children) {
            var spans = expansion.spans(of: group, window: window, limit: Self.matchLimit)
            for (index, component) in group.enumerated() {
                if filter.name == "VTODO" && component.property("DTSTART") == nil,
                    let due = expansion.instant(component.property("DUE"))
                {
                    // No instances without DTSTART; alarms relate to DUE (RFC 5545 §3.8.6.3).
                    spans[index] = [InstanceSpan(start: due, end: due)]
                }
                if satisfies(filter, component, spans: spans[index], parentSpans: parentSpans) {
                    return true
                }
            }
        }
        return false
    }

    /// The window instances are needed in: the filter's own range, widened for alarm triggers
    /// that nested VALARM filters test; `nil` when no test needs instances.
    static func window(for filter: CompFilter, children: [Component]) -> TimeRange? {
        var window = filter.timeRange
        for child in filter.compFilters where child.name == "VALARM" {
            guard let range = child.timeRange else { continue }
            var shift: Int64 = 0
            for component in children {
                for alarm in component.components(named: "VALARM") {
                    shift = max(shift, Self.alarmReach(alarm))
                }
            }
            let widened = range.widened(by: shift + 1)
            if let current = window {
                window = TimeRange(
                    start: current.start.flatMap { a in widened.start.map { min(a, $0) } },
                    end: current.end.flatMap { a in widened.end.map { max(a, $0) } })
            } else {
                window = widened
            }
        }
        return window
    }

    /// How far from its parent's instance an alarm can fire: |trigger| + repetitions.
    static func alarmReach(_ alarm: Component) -> Int64 {
        var reach: Int64 = 0
        if let trigger = alarm.property("TRIGGER"), let duration = try? DurationValue(trigger) {
            reach = Int64(abs(duration.totalSeconds))
        }
        if let repeatText = alarm["REPEAT"], let count = Int(repeatText), count > 0,
            let interval = alarm.property("DURATION").flatMap({ try? DurationValue($0) })
        {
            reach += Int64(min(count, maximumRepeat)) * Int64(abs(interval.totalSeconds))
        }
        return reach
    }

    /// A cap on REPEAT, against hostile data.
    static let maximumRepeat = 10_000

    // MARK: - Time ranges (RFC 4791 §9.9)

    func overlaps(
        _ component: Component, range: TimeRange, spans: [InstanceSpan],
        parentSpans: [InstanceSpan]
    ) -> Bool {
        switch component.name {
        case "VEVENT", "VJOURNAL":
            return spans.contains { span in
                span.end > span.start
                    ? range.overlaps(from: span.start, to: span.end)
                    : range.contains(span.start)
            }
        case "VTODO":
            return todoOverlaps(component, range: range, spans: spans)
        case "VFREEBUSY":
            return freeBusyOverlaps(component, range: range)
        case "VALARM":
            return alarmOverlaps(component, range: range, parentSpans: parentSpans)
        default:
            return false
        }
    }

    /// The eight-row VTODO table of RFC 4791 §9.9.
    func todoOverlaps(_ todo: Component, range: TimeRange, spans: [InstanceSpan]) -> Bool {
        let (s, e) = (range.lower, range.upper)
        let hasDue = todo.property("DUE") != nil
        if todo.property("DTSTART") != nil {
            let hasDuration = todo.property("DURATION") != nil
            return spans.contains { span in
                if hasDue {
                    // DTSTART + DUE: (start < DUE OR start <= DTSTART) AND (end > DTSTART OR end >= DUE)
                    return (s < span.end || s <= span.start) && (e > span.start || e >= span.end)
                } else if hasDuration {
                    // DTSTART + DURATION: start <= DTSTART+DURATION AND (end > DTSTART OR end >= DTSTART+DURATION)
                    return s <= span.end && (e > span.start || e >= span.end)
                }
                return s <= span.start && e > span.start
            }
        }
        if hasDue {
            guard let due = expansion.instant(todo.property("DUE")) else { return false }
            return s < due && e >= due
        }
        let completed = expansion.instant(todo.property("COMPLETED"))
        let created = expansion.instant(todo.property("CREATED"))
        switch (completed, created) {
        case (let completed?, let created?):
            return (s <= created || s <= completed) && (e >= created || e >= completed)
        case (let completed?, nil):
            return s <= completed && e >= completed
        case (nil, let created?):
            return e > created
        case (nil, nil):
            return todo.property("COMPLETED") == nil && todo.property("CREATED") == nil
        }
    }

    /// The VFREEBUSY table of RFC 4791 §9.9.
    func freeBusyOverlaps(_ component: Component, range: TimeRange) -> Bool {
        if let start = expansion.instant(component.property("DTSTART")),
            let end = expansion.instant(component.property("DTEND"))
        {
            return range.lower <= end && range.upper > start
        }
        return FreeBusy.periods(of: component, expansion: expansion).contains {
            range.overlaps(from: $0.start, to: $0.end)
        }
    }

    /// RFC 4791 §9.9 VALARM: any trigger of any instance of the parent lies in the range.
    func alarmOverlaps(_ alarm: Component, range: TimeRange, parentSpans: [InstanceSpan]) -> Bool {
        guard let trigger = alarm.property("TRIGGER") else { return false }
        var firstTimes: [Int64] = []
        if let duration = try? DurationValue(trigger) {
            let offset = Int64(duration.totalSeconds)
            let relatedToEnd = trigger[parameter: "RELATED"]?.uppercased() == "END"
            firstTimes = parentSpans.map { (relatedToEnd ? $0.end : $0.start) + offset }
        } else if let instant = expansion.instant(trigger) {
            firstTimes = [instant]
        }
        var repeats = 0
        var interval: Int64 = 0
        if let text = alarm["REPEAT"], let count = Int(text.spaceTrimmed), count > 0,
            let duration = alarm.property("DURATION").flatMap({ try? DurationValue($0) })
        {
            repeats = min(count, Self.maximumRepeat)
            interval = Int64(duration.totalSeconds)
        }
        for first in firstTimes {
            for k in 0...repeats where range.contains(first + Int64(k) * interval) {
                return true
            }
        }
        return false
    }

    // MARK: - Properties (RFC 4791 §9.7.2, §9.7.3)

    /// Any property of the filter's name passes every test (or none exists, for is-not-defined).
    func matches(_ filter: PropFilter, in component: Component) -> Bool {
        let properties = component.properties(named: filter.name)
        if filter.isNotDefined { return properties.isEmpty }
        return properties.contains { property in
            if let range = filter.timeRange, !propertyOverlaps(property, range: range) {
                return false
            }
            if let textMatch = filter.textMatch, !textMatch.matches(Self.matchText(property)) {
                return false
            }
            return filter.paramFilters.allSatisfy { Self.matches($0, on: property) }
        }
    }

    /// A DATE-TIME property value is inside the range (`start <= t < end`); a DATE is its day.
    func propertyOverlaps(_ property: Property, range: TimeRange) -> Bool {
        let tzid = property[parameter: "TZID"]
        for text in property.value.split(separator: ",") {
            guard let value = try? DateTimeValue(parsing: text, tzid: tzid) else { continue }
            let instant = expansion.instant(value)
            if value.isDate
                ? range.overlaps(from: instant, to: instant + 86400)
                : range.contains(instant)
            {
                return true
            }
        }
        return false
    }

    /// The text a text-match sees: the raw value for CAL-ADDRESS and URI properties
    /// (`mailto:…`), the unescaped TEXT otherwise.
    static func matchText(_ property: Property) -> String {
        rawValueProperties.contains(property.name) || property.valueType == "URI"
            ? property.value : property.text
    }

    static let rawValueProperties: Set<String> = [
        "ATTENDEE", "ORGANIZER", "URL", "ATTACH", "TZURL", "SOURCE", "CONFERENCE", "IMAGE",
    ]

    /// RFC 4791 §9.7.3: the parameter is present (with a value passing the text-match), or
    /// absent for is-not-defined.
    static func matches(_ filter: ParamFilter, on property: Property) -> Bool {
        let parameters = property.parameters.filter { $0.name.uppercased() == filter.name }
        if filter.isNotDefined { return parameters.isEmpty }
        guard !parameters.isEmpty else { return false }
        guard let textMatch = filter.textMatch else { return true }
        return parameters.contains { $0.values.contains { textMatch.matches($0) } }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    var spaceTrimmed: String {
        var s = self[...]
        while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" { s = s.dropLast() }
        return String(s)
    }
}
