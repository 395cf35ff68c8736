extension CompFilter {
    /// The range of the query clients send most (`VCALENDAR` > `VEVENT` with only a
    /// time-range), or `nil` for any other filter. For that filter an object with exact
    /// instances (`CalendarObjectResource.exactInstances`) matches as `matches(instances:)`
    /// says, without being parsed.
    public var eventTimeRange: TimeRange? {
        guard name == "VCALENDAR", !isNotDefined, timeRange == nil, propFilters.isEmpty,
            compFilters.count == 1
        else { return nil }
        let event = compFilters[0]
        guard event.name == "VEVENT", !event.isNotDefined, event.propFilters.isEmpty,
            event.compFilters.isEmpty
        else { return nil }
        return event.timeRange
    }
}

extension TimeRange {
    /// The VEVENT test of RFC 4791 §9.9 on one instance `[start, end)`: an overlap when it has
    /// a length, else `start <= instant < end` — the test `CompFilter.matches` applies to each
    /// parsed instance.
    public func matches(instance: (start: Int64, end: Int64)) -> Bool {
        instance.end > instance.start
            ? overlaps(from: instance.start, to: instance.end) : contains(instance.start)
    }

    /// Whether any of the instances passes `matches(instance:)`.
    public func matches(instances: [(start: Int64, end: Int64)]) -> Bool {
        instances.contains { matches(instance: $0) }
    }
}
