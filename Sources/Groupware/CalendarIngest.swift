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

    /// Validates `body` for `calendar` and returns what the store indexes.
    static func ingest(
        _ body: [UInt8], contentType: String?, into calendar: CollectionRecord, maxSize: Int
    ) throws(DAVError) -> ObjectIndex {
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
        let summary: CalendarObjectValidator.Summary
        let roots: [Component]
        do {
            roots = try ICalendarParser.parse(body)
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
                if let instance = exactInstance(of: summary, in: roots, set: set) {
                    (index.firstStart, index.lastEnd) = (instance.start, instance.end)
                    index.isExact = true
                }
            }
        }
        return index
    }

    /// The one instance of a non-recurring VEVENT whose DTSTART and DTEND are UTC or zoned
    /// times, as the time-range test of RFC 4791 §9.9 sees it (`end == start` for an instance
    /// without length, tested as an instant); `nil` for anything whose instances depend on the
    /// query's time zone or on a recurrence (floating times, DATEs, RRULE/RDATE/EXDATE,
    /// overrides, several components).
    static func exactInstance(
        of summary: CalendarObjectValidator.Summary, in roots: [Component], set: RecurrenceSet
    ) -> (start: Int64, end: Int64)? {
        guard summary.componentType == "VEVENT", summary.overrides.isEmpty,
            let master = summary.master, roots.count == 1,
            roots[0].components.filter({ $0.name != "VTIMEZONE" }).count == 1,
            master.property("RRULE") == nil, master.property("RDATE") == nil,
            master.property("EXDATE") == nil, master.property("RECURRENCE-ID") == nil
        else { return nil }
        for name in ["DTSTART", "DTEND"] {
            guard let property = master.property(name) else {
                if name == "DTSTART" { return nil }
                continue
            }
            guard let value = try? DateTimeValue(property) else { return nil }
            switch value.form {
            case .utc, .zoned: continue
            case .date, .floating: return nil
            }
        }
        let occurrences = set.occurrences(windowStart: nil, windowEnd: nil, limit: 2)
        guard occurrences.count == 1, let only = occurrences.first else { return nil }
        return (only.startUTC, max(only.startUTC, only.endUTC))
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
