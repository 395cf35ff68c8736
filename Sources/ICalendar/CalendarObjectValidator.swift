/// Checks a calendar object resource before a CalDAV PUT stores it (RFC 4791 §4.1, RFC 5545 §3.6).
///
/// Every rule has its own `ICalendarError.Code`, and errors carry a `path` such as
/// `VCALENDAR/VEVENT/DTEND`. The server maps the codes to its preconditions:
/// `CALDAV:valid-calendar-data` for syntax, missing VERSION/PRODID/DTSTART/DTSTAMP and bad values;
/// `CALDAV:valid-calendar-object-resource` for `notOneCalendar`, `noCalendarComponent`,
/// `mixedComponentTypes`, `missingUID`, `multipleUIDs`, `duplicateMaster`,
/// `duplicateRecurrenceID` and `methodNotAllowed`; `CALDAV:supported-calendar-component` from
/// `Summary.componentType`.
///
/// Lenient mode (the default, for real clients) accepts what producers get wrong without harm —
/// a missing VERSION, PRODID or DTSTAMP, METHOD, a `VALUE=DATE` that disagrees with the value,
/// DATE/DATE-TIME mixed between DTSTART and DTEND, a duplicated single-use property — and records
/// each as a repair hint in the summary. Strict mode rejects them.
public struct CalendarObjectValidator: Sendable {
    /// What the server needs to know about a valid calendar object resource.
    public struct Summary: Sendable, Equatable {
        /// The calendar component type: `VEVENT`, `VTODO`, `VJOURNAL`, `VFREEBUSY` or
        /// `VAVAILABILITY`.
        public var componentType: String
        /// The UID shared by every component.
        public var uid: String
        /// The component without RECURRENCE-ID, if any (an object may hold only overrides).
        public var master: Component?
        /// The components with a RECURRENCE-ID, in the order written.
        public var overrides: [Component]
        /// The embedded VTIMEZONE components.
        public var timeZones: [Component]
        /// Rules broken in ways lenient mode tolerated, one error each (code, reason, path).
        public var repairHints: [ICalendarError]

        /// Whether the master has an RRULE or RDATE.
        public var isRecurring: Bool {
            guard let master else { return false }
            return master.property("RRULE") != nil || master.property("RDATE") != nil
        }
    }

    /// The component types that a calendar object resource holds (RFC 4791 §4.1, RFC 7953).
    public static let calendarComponentTypes: Set<String> = [
        "VEVENT", "VTODO", "VJOURNAL", "VFREEBUSY", "VAVAILABILITY",
    ]

    /// Accept the harmless mistakes of real producers, recording them as repair hints.
    public var lenient: Bool
    /// Whether a TZID that no embedded VTIMEZONE defines is still a known zone (the time-zone
    /// registry plugs in here).
    public var knownTimeZone: @Sendable (String) -> Bool
    /// Resolves zoned times so DTEND can be compared with a DTSTART in another zone; without it
    /// such pairs are not compared.
    public var resolver: (any TimeZoneResolving)?

    /// A validator; lenient by default.
    public init(
        lenient: Bool = true, knownTimeZone: @escaping @Sendable (String) -> Bool = { _ in true },
        resolver: (any TimeZoneResolving)? = nil
    ) {
        self.lenient = lenient
        self.knownTimeZone = knownTimeZone
        self.resolver = resolver
    }

    /// Parses `bytes` and validates the result (exactly one top-level VCALENDAR).
    public func validate(bytes: [UInt8]) throws(ICalendarError) -> Summary {
        try validate(ICalendarParser.parse(bytes, options: .init(lenient: lenient)))
    }

    /// Validates parsed top-level components: there must be exactly one, a VCALENDAR.
    public func validate(_ roots: [Component]) throws(ICalendarError) -> Summary {
        guard roots.count == 1 else {
            throw ICalendarError(
                roots.isEmpty ? .noComponent : .notOneCalendar,
                "\(roots.count) top-level components, expected one VCALENDAR")
        }
        return try validate(roots[0])
    }

    /// Validates one VCALENDAR.
    public func validate(_ calendar: Component) throws(ICalendarError) -> Summary {
        var run = Run(validator: self)
        return try run.calendar(calendar)
    }
}

extension Component {
    /// Validates this VCALENDAR as a CalDAV calendar object resource (RFC 4791 §4.1).
    public func validateCalendarObject(
        lenient: Bool = true, knownTimeZone: @escaping @Sendable (String) -> Bool = { _ in true }
    ) throws(ICalendarError) -> CalendarObjectValidator.Summary {
        try CalendarObjectValidator(lenient: lenient, knownTimeZone: knownTimeZone).validate(self)
    }
}

/// One validation pass: the hints found so far and the zones the object defines.
private struct Run {
    let validator: CalendarObjectValidator
    var hints: [ICalendarError] = []
    var definedZones: Set<String> = []
    var hasMethod = false

    init(validator: CalendarObjectValidator) { self.validator = validator }

    /// Throws in strict mode, records a hint in lenient mode.
    mutating func tolerate(_ error: ICalendarError) throws(ICalendarError) {
        if !validator.lenient { throw error }
        hints.append(error)
    }

    mutating func calendar(_ calendar: Component) throws(ICalendarError)
        -> CalendarObjectValidator
        .Summary
    {
        let path = calendar.name
        guard calendar.name == "VCALENDAR" else {
            throw ICalendarError(
                .notOneCalendar, "top-level component is \(calendar.name), not VCALENDAR",
                path: path)
        }
        let versions = calendar.properties(named: "VERSION")
        if versions.isEmpty {
            try tolerate(ICalendarError(.missingProperty, "VERSION is missing", path: path))
        } else {
            if versions.count > 1 {
                try tolerate(
                    ICalendarError(
                        .duplicateProperty, "VERSION appears \(versions.count) times",
                        path: path + "/VERSION"))
            }
            let version = trimmed(versions[0].value)
            guard version == "2.0" else {
                throw ICalendarError(
                    .unsupportedVersion, "VERSION is '\(version)', expected 2.0",
                    path: path + "/VERSION")
            }
        }
        let prodIDs = calendar.properties(named: "PRODID")
        if prodIDs.isEmpty {
            try tolerate(ICalendarError(.missingProperty, "PRODID is missing", path: path))
        } else if prodIDs.count > 1 {
            try tolerate(
                ICalendarError(
                    .duplicateProperty, "PRODID appears \(prodIDs.count) times",
                    path: path + "/PRODID"))
        }
        if let scale = calendar.property("CALSCALE"),
            trimmed(scale.value).uppercased() != "GREGORIAN"
        {
            throw ICalendarError(
                .invalidValue, "CALSCALE '\(scale.value)' is not supported",
                path: path + "/CALSCALE")
        }
        if calendar.property("METHOD") != nil {
            hasMethod = true
            try tolerate(
                ICalendarError(
                    .methodNotAllowed, "a calendar object resource must not have METHOD",
                    path: path + "/METHOD"))
        }

        var timeZones: [Component] = []
        var items: [Component] = []
        for child in calendar.components {
            if child.name == "VTIMEZONE" {
                let tzPath = path + "/VTIMEZONE"
                guard let tzid = child.property("TZID")?.value, !tzid.isEmpty else {
                    throw ICalendarError(.missingProperty, "VTIMEZONE without TZID", path: tzPath)
                }
                if child.components.isEmpty {
                    throw ICalendarError(
                        .invalidComponent, "VTIMEZONE \(tzid) has no STANDARD or DAYLIGHT",
                        path: tzPath)
                }
                definedZones.insert(tzid)
                timeZones.append(child)
            } else if CalendarObjectValidator.calendarComponentTypes.contains(child.name) {
                items.append(child)
            }
            // Other (X- and unknown IANA) components are kept but not checked.
        }
        guard let first = items.first else {
            throw ICalendarError(
                .noCalendarComponent, "no VEVENT, VTODO, VJOURNAL or VFREEBUSY", path: path)
        }
        let type = first.name
        if let other = items.first(where: { $0.name != type }) {
            throw ICalendarError(
                .mixedComponentTypes, "\(type) and \(other.name) in one object",
                path: path + "/" + other.name)
        }

        var uid: String?
        var master: Component?
        var overrides: [Component] = []
        var recurrenceIDs: Set<DateTimeValue> = []
        var masterStart: DateTimeValue?
        var overrideIDs: [(DateTimeValue, String)] = []
        for item in items {
            let itemPath = path + "/" + item.name
            let uids = item.properties(named: "UID")
            guard let itemUID = uids.first?.text, !trimmed(itemUID).isEmpty else {
                throw ICalendarError(.missingUID, "\(item.name) has no UID", path: itemPath)
            }
            if uids.count > 1 {
                throw ICalendarError(
                    .duplicateProperty, "UID appears \(uids.count) times", path: itemPath + "/UID")
            }
            if let uid, uid != itemUID {
                throw ICalendarError(
                    .multipleUIDs, "UIDs '\(uid)' and '\(itemUID)' in one object",
                    path: itemPath + "/UID")
            }
            uid = itemUID
            let start = try component(item, path: itemPath)
            let ids = item.properties(named: "RECURRENCE-ID")
            if ids.count > 1 {
                throw ICalendarError(
                    .duplicateProperty, "RECURRENCE-ID appears \(ids.count) times",
                    path: itemPath + "/RECURRENCE-ID")
            }
            if let idProperty = ids.first {
                let id = try dateTime(idProperty, path: itemPath)
                if !recurrenceIDs.insert(id).inserted {
                    throw ICalendarError(
                        .duplicateRecurrenceID, "two overrides for RECURRENCE-ID \(id)",
                        path: itemPath + "/RECURRENCE-ID")
                }
                overrideIDs.append((id, itemPath + "/RECURRENCE-ID"))
                overrides.append(item)
            } else {
                if master != nil {
                    throw ICalendarError(
                        .duplicateMaster, "two \(item.name) components without RECURRENCE-ID",
                        path: itemPath)
                }
                master = item
                masterStart = start
            }
        }
        if let masterStart {
            for (id, idPath) in overrideIDs where id.isDate != masterStart.isDate {
                try tolerate(
                    ICalendarError(
                        .valueTypeMismatch,
                        "RECURRENCE-ID and the master's DTSTART differ in DATE versus DATE-TIME",
                        path: idPath))
            }
        }
        return CalendarObjectValidator.Summary(
            componentType: type, uid: uid ?? "", master: master, overrides: overrides,
            timeZones: timeZones, repairHints: hints)
    }

    /// Checks one VEVENT/VTODO/VJOURNAL/VFREEBUSY and its alarms; returns its DTSTART.
    mutating func component(_ item: Component, path: String) throws(ICalendarError)
        -> DateTimeValue?
    {
        try checkTimeZones(item, path: path)
        for name in ["DTSTART", "DTEND", "DUE", "DURATION"] {
            let count = item.properties(named: name).count
            if count > 1 {
                throw ICalendarError(
                    .duplicateProperty, "\(name) appears \(count) times", path: path + "/" + name)
            }
        }
        for name in ["RRULE", "SUMMARY", "DESCRIPTION", "LOCATION", "SEQUENCE", "STATUS", "CLASS"] {
            let count = item.properties(named: name).count
            if count > 1 {
                try tolerate(
                    ICalendarError(
                        .duplicateProperty, "\(name) appears \(count) times",
                        path: path + "/" + name))
            }
        }
        if item.name != "VAVAILABILITY", item.property("DTSTAMP") == nil {
            try tolerate(ICalendarError(.missingProperty, "DTSTAMP is missing", path: path))
        }
        for name in ["DTSTAMP", "CREATED", "LAST-MODIFIED", "COMPLETED"] {
            if let property = item.property(name) { _ = try dateTime(property, path: path) }
        }
        for name in ["EXDATE", "RDATE"] {
            for property in item.properties(named: name) {
                try dateList(property, path: path)
            }
        }

        let start = try item.property("DTSTART").map { p throws(ICalendarError) in
            try dateTime(p, path: path)
        }
        if item.name == "VEVENT", start == nil, !hasMethod {
            throw ICalendarError(.missingProperty, "VEVENT without DTSTART", path: path)
        }
        let endName = item.name == "VTODO" ? "DUE" : "DTEND"
        let endProperty =
            item.name == "VEVENT" || item.name == "VTODO" ? item.property(endName) : nil
        let durationProperty = item.property("DURATION")
        if endProperty != nil, durationProperty != nil {
            throw ICalendarError(
                .conflictingProperties, "\(endName) and DURATION together",
                path: path + "/DURATION")
        }
        if let endProperty {
            let end = try dateTime(endProperty, path: path)
            if let start {
                let endPath = path + "/" + endName
                if end.isDate != start.isDate {
                    try tolerate(
                        ICalendarError(
                            .valueTypeMismatch,
                            "DTSTART and \(endName) differ in DATE versus DATE-TIME",
                            path: endPath))
                }
                if let order = compare(end, start), order < 0 {
                    throw ICalendarError(
                        .endBeforeStart, "\(endName) \(end) is before DTSTART \(start)",
                        path: endPath)
                }
            }
        }
        if let durationProperty {
            let durationPath = path + "/DURATION"
            let duration: DurationValue
            do {
                duration = try DurationValue(durationProperty)
            } catch {
                throw located(error, durationPath)
            }
            if item.name == "VTODO", start == nil {
                throw ICalendarError(
                    .missingProperty, "DURATION in a VTODO without DTSTART", path: durationPath)
            }
            if duration.isNegative, duration.totalSeconds != 0 {
                throw ICalendarError(
                    .endBeforeStart, "negative DURATION \(duration)", path: durationPath)
            }
            if let start, start.isDate, duration.exactSeconds != 0 {
                try tolerate(
                    ICalendarError(
                        .valueTypeMismatch, "DURATION of a DATE DTSTART has hours or minutes",
                        path: durationPath))
            }
        }
        for alarm in item.components(named: "VALARM") {
            try self.alarm(alarm, path: path + "/VALARM")
        }
        return start
    }

    /// VALARM needs ACTION and TRIGGER, each once (RFC 5545 §3.6.6).
    mutating func alarm(_ alarm: Component, path: String) throws(ICalendarError) {
        for name in ["ACTION", "TRIGGER"] {
            let count = alarm.properties(named: name).count
            if count == 0 {
                throw ICalendarError(.missingProperty, "VALARM without \(name)", path: path)
            }
            if count > 1 {
                throw ICalendarError(
                    .duplicateProperty, "\(name) appears \(count) times", path: path + "/" + name)
            }
        }
        let trigger = alarm.property("TRIGGER")!
        let triggerPath = path + "/TRIGGER"
        let text = trimmed(trigger.value)
        let isDuration =
            text.first.map { $0 == "P" || $0 == "p" || $0 == "-" || $0 == "+" } ?? false
        do {
            if isDuration {
                _ = try DurationValue(parsing: text)
            } else {
                let value = try DateTimeValue(parsing: text)
                if value.form != .utc {
                    try tolerate(
                        ICalendarError(
                            .valueTypeMismatch, "an absolute TRIGGER must be a UTC DATE-TIME",
                            path: triggerPath))
                }
            }
        } catch {
            throw located(error, triggerPath)
        }
    }

    /// Every TZID used in `component` (and its sub-components) must be defined or known.
    func checkTimeZones(_ component: Component, path: String) throws(ICalendarError) {
        for property in component.properties {
            guard let tzid = property[parameter: "TZID"] else { continue }
            if !definedZones.contains(tzid) && !validator.knownTimeZone(tzid) {
                throw ICalendarError(
                    .unknownTimeZone, "TZID '\(tzid)' is neither in a VTIMEZONE nor known",
                    path: path + "/" + property.name)
            }
        }
        for child in component.components {
            try checkTimeZones(child, path: path + "/" + child.name)
        }
    }

    /// Reads a DATE or DATE-TIME property, checking its VALUE parameter against its shape.
    mutating func dateTime(_ property: Property, path: String) throws(ICalendarError)
        -> DateTimeValue
    {
        let propertyPath = path + "/" + property.name
        let value: DateTimeValue
        do {
            value = try DateTimeValue(property)
        } catch {
            throw located(error, propertyPath)
        }
        if let type = property.valueType, type == "DATE" || type == "DATE-TIME",
            (type == "DATE") != value.isDate
        {
            try tolerate(
                ICalendarError(
                    .valueTypeMismatch, "VALUE=\(type) on the value '\(property.value)'",
                    path: propertyPath))
        }
        return value
    }

    /// Reads EXDATE/RDATE: comma-separated DATE, DATE-TIME or (RDATE;VALUE=PERIOD) PERIOD values.
    func dateList(_ property: Property, path: String) throws(ICalendarError) {
        let tzid = property[parameter: "TZID"]
        let isPeriod = property.valueType == "PERIOD"
        do {
            for item in property.value.split(separator: ",") {
                if isPeriod {
                    _ = try PeriodValue(parsing: item, tzid: tzid)
                } else {
                    _ = try DateTimeValue(parsing: item, tzid: tzid)
                }
            }
        } catch {
            throw located(error, path + "/" + property.name)
        }
    }

    /// Orders two values in time, or `nil` when they cannot be compared without a resolver.
    ///
    /// A DATE is read as midnight in the other value's frame; zoned times in different zones or
    /// against UTC are compared only through the resolver.
    func compare(_ a: DateTimeValue, _ b: DateTimeValue) -> Int? {
        let x: Int64
        let y: Int64
        switch (a.form, b.form) {
        case (.date, _), (_, .date), (.floating, .floating), (.utc, .utc):
            x = a.local.secondsSinceEpoch
            y = b.local.secondsSinceEpoch
        case (.zoned(let p), .zoned(let q)) where p == q:
            x = a.local.secondsSinceEpoch
            y = b.local.secondsSinceEpoch
        case (.zoned, .zoned), (.utc, .zoned), (.zoned, .utc):
            guard let resolver = validator.resolver else { return nil }
            x = a.utcSeconds(resolver: resolver)
            y = b.utcSeconds(resolver: resolver)
        default:
            return nil
        }
        return x < y ? -1 : (x > y ? 1 : 0)
    }
}

private func located(_ error: ICalendarError, _ path: String) -> ICalendarError {
    var e = error
    e.path = path
    return e
}

private func trimmed(_ text: String) -> String {
    var s = Substring(text)
    while let last = s.last, last == " " || last == "\t" { s = s.dropLast() }
    while let first = s.first, first == " " || first == "\t" { s = s.dropFirst() }
    return String(s)
}
