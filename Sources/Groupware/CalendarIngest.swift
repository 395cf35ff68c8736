import CalDAV
import ICalendar
import Storage
import WebDAV

/// What a calendar PUT must pass before it is stored (RFC 4791 §5.3.2.1), and the index values
/// extracted from it in the same step.
enum CalendarIngest {
    /// Media types accepted for a calendar object: iCalendar under its usual names (Nextcloud's DAV
    /// Connector sends `application/vcalendar`), or none given.
    static func isCalendarMediaType(_ contentType: String?) -> Bool {
        guard let contentType = contentType?.lowercased(), !contentType.isEmpty else { return true }
        return contentType.contains("calendar") || contentType.hasPrefix("application/octet-stream")
            || contentType.hasPrefix("text/plain")
    }

    /// Validates `body` for `calendar` and returns what the store indexes, with the parsed
    /// top-level components (one VCALENDAR) so that the caller need not parse the body again.
    static func ingest(
        _ body: [UInt8], contentType: String?, into calendar: CollectionRecord, maxSize: Int
    ) throws(DAVError) -> (index: ObjectIndex, roots: [Component]) {
        if body.count > maxSize {
            throw DAVError(
                status: 413,
                condition: .init(namespace: XMLNamespace.calDAV, name: "max-resource-size"),
                reason: "calendar object larger than \(maxSize) octets")
        }
        guard isCalendarMediaType(contentType) else {
            throw DAVError(
                status: 403,
                condition: .init(namespace: XMLNamespace.calDAV, name: "supported-calendar-data"),
                reason: "calendar objects must be text/calendar")
        }
        // iCalendar is UTF-8 (RFC 5545 §3.1.4, RFC 4791 §4.1 text/calendar): a body that is not
        // would be served back differently by GET (raw) and REPORT (XML text, repaired).
        guard String(validating: body, as: UTF8.self) != nil else {
            throw DAVError(
                status: 403,
                condition: .init(namespace: XMLNamespace.calDAV, name: "valid-calendar-data"),
                reason: "calendar data is not valid UTF-8")
        }
        let roots: [Component]
        do {
            roots = try ICalendarParser.parse(body)
        } catch {
            throw condition(for: error)
        }
        return (try index(of: roots, into: calendar), roots)
    }

    /// Validates parsed top-level components for `calendar` (RFC 4791 §5.3.2.1) and returns the
    /// index columns: the PUT path after parsing, and the CRM's writes of objects it built.
    static func index(of roots: [Component], into calendar: CollectionRecord) throws(DAVError)
        -> ObjectIndex
    {
        let summary: CalendarObjectValidator.Summary
        do {
            summary = try CalendarObjectValidator(lenient: true).validate(roots)
        } catch {
            throw condition(for: error)
        }
        if !calendar.supportedComponents.isEmpty
            && !calendar.supportedComponents.contains(summary.componentType)
        {
            throw DAVError(
                status: 403,
                condition: .init(
                    namespace: XMLNamespace.calDAV, name: "supported-calendar-component"),
                reason: "this calendar does not accept \(summary.componentType)")
        }
        var index = ObjectIndex(componentType: summary.componentType, uid: summary.uid)
        if let calendarComponent = roots.first {
            let resolver = CalendarTimeZones.resolver(for: calendarComponent)
            if let set = try? RecurrenceSet(
                master: summary.master, overrides: summary.overrides, resolver: resolver)
            {
                let bounds = set.bounds
                index.firstStart = bounds.firstStart
                index.lastEnd = bounds.lastEnd
                index.exactInstances = exactInstances(of: summary, in: roots, set: set)
            }
        }
        return index
    }

    /// Every instance of a VEVENT recurrence set whose starts and ends are UTC or zoned times,
    /// as the time-range test of RFC 4791 §9.9 sees them (`end == start` for an instance without
    /// length); `nil` for anything whose instances depend on the query's time zone (floating
    /// times, DATEs), that has RDATEs, or more than `ObjectInstance.indexLimit` instances.
    static func exactInstances(
        of summary: CalendarObjectValidator.Summary, in roots: [Component], set: RecurrenceSet
    ) -> [ObjectInstance]? {
        guard summary.componentType == "VEVENT", roots.count == 1 else { return nil }
        let events = roots[0].components.filter { $0.name != "VTIMEZONE" }
        guard events.allSatisfy({ $0.name == "VEVENT" && $0.uid == summary.uid }),
            events.count == summary.overrides.count + (summary.master == nil ? 0 : 1)
        else { return nil }
        for event in events {
            guard event.property("RDATE") == nil else { return nil }
            for name in ["DTSTART", "DTEND", "RECURRENCE-ID"] {
                guard let property = event.property(name) else {
                    if name == "DTSTART" { return nil }
                    continue
                }
                guard let value = try? DateTimeValue(property) else { return nil }
                switch value.form {
                case .utc, .zoned: continue
                case .date, .floating: return nil
                }
            }
        }
        let limit = ObjectInstance.indexLimit
        let occurrences = set.occurrences(windowStart: nil, windowEnd: nil, limit: limit + 1)
        guard occurrences.count <= limit else { return nil }
        return occurrences.map { ObjectInstance(start: $0.startUTC, end: $0.endUTC) }
    }

    /// The precondition a validation error violates.
    static func condition(for error: ICalendarError) -> DAVError {
        let name: String
        switch error.code {
        case .notOneCalendar, .noCalendarComponent, .mixedComponentTypes, .missingUID,
            .multipleUIDs,
            .duplicateMaster, .duplicateRecurrenceID, .methodNotAllowed:
            name = "valid-calendar-object-resource"
        default:
            name = "valid-calendar-data"
        }
        return DAVError(
            status: 403, condition: .init(namespace: XMLNamespace.calDAV, name: name),
            reason: error.description)
    }
}
