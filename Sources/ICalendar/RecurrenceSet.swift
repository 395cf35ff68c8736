/// The recurrence set of a calendar component (RFC 5545 §3.8.5): DTSTART, the union of its RRULEs
/// and RDATEs, minus its EXDATEs, with same-UID overrides (RECURRENCE-ID, RFC 5545 §3.8.4.4)
/// replacing instances — what a CalDAV time-range query (RFC 4791 §9.9) evaluates.
///
/// Instances are keyed by their original start as a wall time in the master DTSTART's form, so
/// EXDATE, RDATE and RECURRENCE-ID values written in UTC or another zone still match. Floating and
/// DATE values are read as if they were UTC; `bounds` widens them by 14 hours on each side so that
/// an index built on it never misses them in any zone.
public struct RecurrenceSet: Sendable {
    /// How long each instance lasts.
    enum Length: Sendable {
        case none
        /// Exact seconds (DTEND − DTSTART, DUE − DTSTART).
        case exact(Int64)
        /// Nominal days added on the wall clock, then exact seconds (DURATION).
        case nominal(DurationValue)
    }

    struct RDate: Sendable {
        var key: Int64
        var end: DateTimeValue?
        var endUTC: Int64?
    }

    struct Override: Sendable {
        var index: Int
        var key: Int64?
        var recurrenceID: DateTimeValue
        var start: DateTimeValue
        var end: DateTimeValue?
        var startUTC: Int64
        var endUTC: Int64
        var thisAndFuture: Bool
        /// Start wall minus original wall, in the master's form (THISANDFUTURE shift).
        var delta: Int64
    }

    struct Master: Sendable {
        var start: DateTimeValue
        var rules: [RecurrenceRule]
        var rdates: [RDate]
        var exdates: Set<Int64>
        var exdateDays: Set<Int64>
        var length: Length
    }

    /// Safety cap on instances walked by `occurrences` and `bounds`.
    public static let iterationCap = 1_000_000
    /// How many instances `bounds` walks for the exact end of a series with UNTIL and no COUNT
    /// before it takes UNTIL as the bound.
    static let untilWalk = 10_000
    /// The widening applied by `bounds` to floating and DATE values: the largest UTC offset.
    public static let floatingMargin: Int64 = 14 * 3600

    let resolver: (any TimeZoneResolving)?
    let master: Master?
    let overrides: [Override]
    let exactOverrides: [Int64: Int]
    /// THISANDFUTURE overrides sorted by key.
    let futureOverrides: [Override]
    let hasFloating: Bool

    /// A set from the master (the component with DTSTART and any RRULE/RDATE/EXDATE, or a single
    /// non-recurring one) and the same-UID components with RECURRENCE-ID.
    ///
    /// Throws `.missingProperty` when the master has no DTSTART, or when there is neither a master
    /// nor an override; value errors of DTSTART, RRULE, RDATE, EXDATE, DTEND, DURATION, DUE and
    /// RECURRENCE-ID propagate.
    public init(master: Component?, overrides: [Component], resolver: (any TimeZoneResolving)?)
        throws(ICalendarError)
    {
        self.resolver = resolver
        var floating = false
        func isFloating(_ value: DateTimeValue) -> Bool {
            value.form == .date || value.form == .floating
        }
        var parsedMaster: Master?
        if let master {
            guard let startProperty = master.property("DTSTART") else {
                throw ICalendarError(
                    .missingProperty, "the master component has no DTSTART", path: master.name)
            }
            let start = try DateTimeValue(startProperty)
            floating = isFloating(start)
            var rules: [RecurrenceRule] = []
            for property in master.properties(named: "RRULE") {
                rules.append(try RecurrenceRule(property))
            }
            let length = try Self.length(of: master, start: start, resolver: resolver)
            var rdates: [RDate] = []
            for property in master.properties(named: "RDATE") {
                let tzid = property[parameter: "TZID"]
                for text in property.value.split(separator: ",") {
                    if property.valueType == "PERIOD" || text.contains("/") {
                        let period = try PeriodValue(parsing: text, tzid: tzid)
                        let end = DateTimeValue(local: period.endLocal, form: period.start.form)
                        rdates.append(
                            RDate(
                                key: Self.key(period.start, in: start, resolver: resolver),
                                end: end, endUTC: end.utcSeconds(resolver: resolver)))
                    } else {
                        let value = try DateTimeValue(parsing: text, tzid: tzid)
                        rdates.append(
                            RDate(key: Self.key(value, in: start, resolver: resolver)))
                    }
                }
            }
            rdates.sort { $0.key < $1.key }
            var exdates: Set<Int64> = []
            var exdateDays: Set<Int64> = []
            for property in master.properties(named: "EXDATE") {
                let tzid = property[parameter: "TZID"]
                for text in property.value.split(separator: ",") {
                    let value = try DateTimeValue(parsing: text, tzid: tzid)
                    if value.isDate && !start.isDate {
                        exdateDays.insert(Int64(value.date.dayNumber))
                    } else {
                        exdates.insert(Self.key(value, in: start, resolver: resolver))
                    }
                }
            }
            parsedMaster = Master(
                start: start, rules: rules, rdates: rdates, exdates: exdates,
                exdateDays: exdateDays, length: length)
        }
        self.master = parsedMaster

        var parsed: [Override] = []
        for (index, component) in overrides.enumerated() {
            guard let idProperty = component.property("RECURRENCE-ID") else { continue }
            let recurrenceID = try DateTimeValue(idProperty)
            let start =
                try component.property("DTSTART").map { p throws(ICalendarError) in
                    try DateTimeValue(p)
                } ?? recurrenceID
            floating = floating || isFloating(start)
            let length = try Self.length(of: component, start: start, resolver: resolver)
            let (end, startUTC, endUTC) = Self.end(of: start, length: length, resolver: resolver)
            var key: Int64?
            var shownID = recurrenceID
            var delta: Int64 = 0
            if let masterStart = parsedMaster?.start {
                let k = Self.key(recurrenceID, in: masterStart, resolver: resolver)
                key = k
                shownID = Self.value(wall: k, like: masterStart)
                delta = Self.key(start, in: masterStart, resolver: resolver) - k
            }
            parsed.append(
                Override(
                    index: index, key: key, recurrenceID: shownID, start: start, end: end,
                    startUTC: startUTC, endUTC: endUTC,
                    thisAndFuture: idProperty[parameter: "RANGE"]?.uppercased()
                        == "THISANDFUTURE",
                    delta: delta))
        }
        guard parsedMaster != nil || !parsed.isEmpty else {
            throw ICalendarError(.missingProperty, "no master component and no override")
        }
        self.overrides = parsed
        var exact: [Int64: Int] = [:]
        for (position, override) in parsed.enumerated() {
            if let key = override.key { exact[key] = position }
        }
        exactOverrides = exact
        futureOverrides = parsed.filter { $0.thisAndFuture && $0.key != nil }.sorted {
            $0.key! < $1.key!
        }
        hasFloating = floating
    }

    /// Occurrences overlapping `[windowStart, windowEnd)` in UTC seconds (`nil` = unbounded on
    /// that side, overlap as RFC 4791 §9.9 defines it), in start order, at most `limit`.
    ///
    /// The series is generated lazily and never materialised: the walk stops once no later
    /// instance can fall in the window or beat the `limit` earliest found, or after
    /// `iterationCap` instances.
    public func occurrences(windowStart: Int64?, windowEnd: Int64?, limit: Int) -> [Occurrence] {
        guard limit > 0 else { return [] }
        var results: [Occurrence] = []
        for override in overrides {
            let occurrence = Occurrence(
                recurrenceID: override.recurrenceID, start: override.start, end: override.end,
                startUTC: override.startUTC, endUTC: override.endUTC,
                overrideIndex: override.index)
            if occurrence.overlaps(windowStart: windowStart, windowEnd: windowEnd) {
                results.append(occurrence)
            }
        }
        if let master {
            // Shifts move instances away from their key's order; DST adds up to a few hours.
            let margin = futureOverrides.reduce(Int64(7200)) { max($0, abs($1.delta) + 7200) }
            var stream = KeyStream(master: master, resolver: resolver)
            if let windowStart {
                // Start near the window instead of at DTSTART (a MINUTELY series from 1997
                // queried in 2086 walked a million instances; found by FuzzRecurrence): back by
                // the longest an instance lasts, the shifts, and two days for any UTC offset.
                stream.seek(
                    toWall: windowStart - Self.reach(of: master.length) - margin - 2 * 86400)
            }
            var walked = 0
            var threshold: Int64?
            while let (key, rdate) = stream.next(), walked < Self.iterationCap {
                walked += 1
                let rawUTC = Self.value(wall: key, like: master.start).utcSeconds(
                    resolver: resolver)
                if let windowEnd, rawUTC - margin >= windowEnd { break }
                if let threshold, rawUTC - margin > threshold { break }
                if isExcluded(key, master) || exactOverrides[key] != nil { continue }
                let occurrence = instance(key: key, rdate: rdate, master: master)
                guard occurrence.overlaps(windowStart: windowStart, windowEnd: windowEnd) else {
                    continue
                }
                results.append(occurrence)
                if results.count >= 2 * limit {
                    results.sort(by: Self.ordered)
                    results.removeLast(results.count - limit)
                    threshold = results.last?.startUTC
                } else if results.count >= limit && windowEnd == nil && threshold == nil {
                    threshold = results.max { $0.startUTC < $1.startUTC }?.startUTC
                }
            }
        }
        results.sort(by: Self.ordered)
        if results.count > limit { results.removeLast(results.count - limit) }
        return results
    }

    /// The longest an instance of `length` can last, in seconds (a nominal day may be 25 hours).
    static func reach(of length: Length) -> Int64 {
        switch length {
        case .none: return 0
        case .exact(let seconds): return max(0, seconds)
        case .nominal(let duration):
            return Int64(max(0, duration.nominalDays)) * 90_000
                + Int64(max(0, duration.exactSeconds))
        }
    }

    /// The first start and last end of the whole set in UTC (`lastEnd` nil = open-ended).
    ///
    /// Cheap and conservative: an EXDATE on the first or last instance does not narrow it. A rule
    /// without COUNT or UNTIL, or one longer than `iterationCap` instances, is open-ended. Floating
    /// and DATE values widen both sides by `floatingMargin`.
    public var bounds: OccurrenceBounds {
        var first = Int64.max
        var last: Int64? = Int64.min
        for override in overrides {
            first = min(first, override.startUTC)
            last = last.map { max($0, override.endUTC) }
        }
        if let master {
            let start = instance(
                key: master.start.local.secondsSinceEpoch, rdate: nil, master: master)
            first = min(first, start.startUTC)
            last = last.map { max($0, start.endUTC) }
            for rdate in master.rdates {
                let occurrence = instance(key: rdate.key, rdate: rdate, master: master)
                first = min(first, occurrence.startUTC)
                last = last.map { max($0, occurrence.endUTC) }
            }
            for rule in master.rules {
                guard rule.count != nil || rule.until != nil else {
                    last = nil
                    break
                }
                // A series with UNTIL but no COUNT is walked for its exact last instance only
                // up to `untilWalk` instances; beyond, UNTIL itself bounds it (no instance starts
                // after it): `FREQ=DAILY;UNTIL=99971224` walked a million instances on every PUT
                // (found by FuzzRecurrence). A COUNT must be walked to be known.
                let untilWall =
                    rule.count == nil
                    ? ExpansionPlan(rule: rule, start: master.start, resolver: resolver).untilWall
                    : nil
                let cap = untilWall == nil ? Self.iterationCap : Self.untilWalk
                var iterator = rule.occurrences(from: master.start, resolver: resolver)
                    .makeIterator()
                var lastWall: Int64?
                var walked = 0
                while walked <= cap, let wall = iterator.next() {
                    lastWall = wall.secondsSinceEpoch
                    walked += 1
                }
                if walked > cap {
                    guard let untilWall else {
                        last = nil
                        break
                    }
                    lastWall = untilWall
                }
                if let lastWall {
                    let occurrence = instance(key: lastWall, rdate: nil, master: master)
                    last = last.map { max($0, occurrence.endUTC) }
                }
            }
        }
        if hasFloating {
            first -= Self.floatingMargin
            last = last.map { $0 + Self.floatingMargin }
        }
        return OccurrenceBounds(firstStart: first, lastEnd: last)
    }

    // MARK: - Instances

    private static func ordered(_ a: Occurrence, _ b: Occurrence) -> Bool {
        if a.startUTC != b.startUTC { return a.startUTC < b.startUTC }
        return a.recurrenceID.local < b.recurrenceID.local
    }

    private func isExcluded(_ key: Int64, _ master: Master) -> Bool {
        if master.exdates.contains(key) { return true }
        return !master.exdateDays.isEmpty
            && master.exdateDays.contains(ExpansionPlan.floorDiv(key, 86400))
    }

    /// The instance whose original start is `key`, with any THISANDFUTURE shift applied.
    private func instance(key: Int64, rdate: RDate?, master: Master) -> Occurrence {
        let recurrenceID = Self.value(wall: key, like: master.start)
        if let future = futureOverrides.last(where: { $0.key! <= key }) {
            let start = Self.value(wall: key + future.delta, like: future.start)
            let startUTC = start.utcSeconds(resolver: resolver)
            let length = future.endUTC - future.startUTC
            var end: DateTimeValue?
            if future.end != nil {
                end = Self.value(utc: startUTC + length, like: start, resolver: resolver)
            }
            return Occurrence(
                recurrenceID: recurrenceID, start: start, end: end, startUTC: startUTC,
                endUTC: startUTC + length, overrideIndex: future.index)
        }
        if let rdate, let end = rdate.end, let endUTC = rdate.endUTC {
            let startUTC = recurrenceID.utcSeconds(resolver: resolver)
            return Occurrence(
                recurrenceID: recurrenceID, start: recurrenceID, end: end, startUTC: startUTC,
                endUTC: max(startUTC, endUTC))
        }
        let (end, startUTC, endUTC) = Self.end(
            of: recurrenceID, length: master.length, resolver: resolver)
        return Occurrence(
            recurrenceID: recurrenceID, start: recurrenceID, end: end, startUTC: startUTC,
            endUTC: endUTC)
    }

    /// The end of an instance starting at `start`, and both instants in UTC.
    static func end(
        of start: DateTimeValue, length: Length, resolver: (any TimeZoneResolving)?
    ) -> (DateTimeValue?, Int64, Int64) {
        let startUTC = start.utcSeconds(resolver: resolver)
        switch length {
        case .none:
            return (nil, startUTC, startUTC)
        case .exact(let seconds):
            let endUTC = startUTC + seconds
            return (value(utc: endUTC, like: start, resolver: resolver), startUTC, endUTC)
        case .nominal(let duration):
            let end = DateTimeValue(local: duration.added(to: start.local), form: start.form)
            return (end, startUTC, max(startUTC, end.utcSeconds(resolver: resolver)))
        }
    }

    /// The instance length of a component (RFC 5545 §3.6.1, §3.6.2, §3.6.3, §3.8.5.3): DTEND or
    /// DUE − DTSTART exactly, else DURATION nominally, else one day for a DATE start (not VTODO),
    /// else none.
    static func length(
        of component: Component, start: DateTimeValue, resolver: (any TimeZoneResolving)?
    ) throws(ICalendarError) -> Length {
        let endName = component.name == "VTODO" ? "DUE" : "DTEND"
        if component.name != "VJOURNAL", let property = component.property(endName) {
            let end = try DateTimeValue(property)
            let seconds = end.utcSeconds(resolver: resolver) - start.utcSeconds(resolver: resolver)
            return .exact(max(0, seconds))
        }
        if let property = component.property("DURATION") {
            do {
                let duration = try DurationValue(property)
                return duration.isNegative ? .none : .nominal(duration)
            } catch {
                var e = error
                e.path = "DURATION"
                throw e
            }
        }
        if start.isDate && component.name != "VTODO" {
            return .nominal(DurationValue(days: 1))
        }
        return .none
    }

    /// `value` as a wall time in the form of `master` (the key instances are matched by).
    static func key(
        _ value: DateTimeValue, in master: DateTimeValue, resolver: (any TimeZoneResolving)?
    ) -> Int64 {
        switch master.form {
        case .date:
            return Int64(value.date.dayNumber) * 86400
        case .floating:
            return value.local.secondsSinceEpoch
        case .utc:
            return value.utcSeconds(resolver: resolver)
        case .zoned(let tzid):
            switch value.form {
            case .zoned(let other) where other == tzid:
                return value.local.secondsSinceEpoch
            case .utc, .zoned:
                let utc = value.utcSeconds(resolver: resolver)
                if let resolver, let local = resolver.local(atUTC: utc, tzid: tzid) {
                    return local.secondsSinceEpoch
                }
                return utc
            case .date, .floating:
                return value.local.secondsSinceEpoch
            }
        }
    }

    /// The value at wall time `wall` in the form of `like`.
    static func value(wall: Int64, like: DateTimeValue) -> DateTimeValue {
        DateTimeValue(local: CalendarDateTime(secondsSinceEpoch: wall), form: like.form)
    }

    /// The value at UTC instant `utc` in the form of `like`.
    static func value(
        utc: Int64, like: DateTimeValue, resolver: (any TimeZoneResolving)?
    ) -> DateTimeValue {
        if case .zoned(let tzid) = like.form, let resolver,
            let local = resolver.local(atUTC: utc, tzid: tzid)
        {
            return DateTimeValue(local: local, form: like.form)
        }
        return value(wall: utc, like: like)
    }

    /// Merges DTSTART, every RRULE and the RDATEs into one ascending, duplicate-free key stream.
    struct KeyStream {
        var iterators: [RecurrenceRule.Iterator]
        var heads: [Int64?]
        var rdates: [RDate]
        var rdateIndex = 0
        var pendingStart: Int64?

        init(master: Master, resolver: (any TimeZoneResolving)?) {
            iterators = master.rules.map {
                $0.occurrences(from: master.start, resolver: resolver).makeIterator()
            }
            heads = []
            for i in iterators.indices {
                heads.append(iterators[i].next()?.secondsSinceEpoch)
            }
            rdates = master.rdates
            pendingStart = master.start.local.secondsSinceEpoch
        }

        /// Skips every key before the wall time `target` that can be skipped: rules without
        /// COUNT jump to the period holding it, RDATEs and DTSTART before it are dropped.
        mutating func seek(toWall target: Int64) {
            for i in iterators.indices {
                guard let head = heads[i], head < target, iterators[i].skip(toWall: target)
                else { continue }
                heads[i] = iterators[i].next()?.secondsSinceEpoch
                while let next = heads[i], next < target {
                    heads[i] = iterators[i].next()?.secondsSinceEpoch
                }
            }
            // DTSTART before `target` cannot reach the window (the caller's margin covers the
            // longest instance); a rule with COUNT still yields it through its own head.
            if let start = pendingStart, start < target { pendingStart = nil }
            while rdateIndex < rdates.count && rdates[rdateIndex].key < target { rdateIndex += 1 }
        }

        mutating func next() -> (Int64, RDate?)? {
            var smallest = pendingStart
            for head in heads {
                if let head, smallest.map({ head < $0 }) ?? true { smallest = head }
            }
            if rdateIndex < rdates.count {
                let key = rdates[rdateIndex].key
                if smallest.map({ key < $0 }) ?? true { smallest = key }
            }
            guard let key = smallest else { return nil }
            if pendingStart == key { pendingStart = nil }
            for i in heads.indices where heads[i] == key {
                heads[i] = iterators[i].next()?.secondsSinceEpoch
            }
            var rdate: RDate?
            while rdateIndex < rdates.count && rdates[rdateIndex].key == key {
                if rdate?.end == nil { rdate = rdates[rdateIndex] }
                rdateIndex += 1
            }
            return (key, rdate)
        }
    }
}
