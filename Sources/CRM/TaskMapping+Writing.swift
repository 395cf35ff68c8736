import ICalendar

extension TaskMapping {
    /// `PRODID` of the objects the CRM creates (RFC 5545 §3.7.3).
    static let productID = "-//Cadence//CRM//EN"

    static func newCalendar(
        _ draft: TaskDraft, uid: String, contact: Contact?, taskURL: String?, now: Int64
    ) -> Component {
        let componentName = draft.type.componentName(scheduled: draft.start != nil)
        let isEvent = componentName == "VEVENT"
        let registry = TimeZoneRegistry()
        var times = TaskTimes(draft)
        var timeZones: [Component] = []
        if times.isAllDay { times.timeZone = nil }
        if let tzid = times.timeZone {
            if let zone = foundationZone(tzid, registry: registry), let year = times.year {
                timeZones.append(TimeZoneComponent.make(tzid: tzid, zone: zone, year: year))
            } else {
                times.timeZone = nil
            }
        }
        var properties: [Property] = [Property(name: "UID", text: uid)]
        properties += stampProperties(now: now, created: true)
        properties.append(Property(name: "SEQUENCE", value: "0"))
        properties.append(Property(name: "SUMMARY", text: draft.title))
        if let notes = draft.notes { properties.append(Property(name: "DESCRIPTION", text: notes)) }
        properties.append(Property(name: "CATEGORIES", text: draft.type.displayName))
        properties.append(Property(name: "X-CADENCE-TYPE", value: draft.type.rawValue))
        properties += statusProperties(draft.status, isEvent: isEvent, now: now)
        properties += priorityProperties(draft.priority)
        properties += times.properties(isEvent: isEvent, useDuration: false, resolver: registry)
        if let location = draft.location {
            properties.append(Property(name: "LOCATION", text: location))
        }
        if let contactID = draft.contactID {
            let linked = contact.flatMap { $0.id == contactID ? $0 : nil }
            if let linked { properties.append(linked.contactProperty()) }
            properties.append(Property(name: contactIDName, text: contactID))
            if isEvent, draft.type == .meeting, let attendee = linked?.attendeeProperty() {
                properties.append(attendee)
            }
        }
        if let taskURL { properties.append(Property(name: "URL", value: taskURL)) }
        if let assignee = draft.assignee {
            properties.append(Property(name: "X-CADENCE-ASSIGNEE", text: assignee))
        }
        var task = Component(name: componentName, properties: properties)
        if let minutes = draft.reminderMinutes, minutes >= 0,
            draft.start != nil || (!isEvent && draft.due != nil)
        {
            task.components.append(
                reminderComponent(
                    minutes: minutes, title: draft.title,
                    relatedToEnd: !isEvent && draft.due != nil))
        }
        return Component(
            name: "VCALENDAR",
            properties: [
                Property(name: "VERSION", value: "2.0"),
                Property(name: "PRODID", text: productID),
                Property(name: "CALSCALE", value: "GREGORIAN"),
            ],
            components: timeZones + [task])
    }

    /// `DTSTAMP` and `LAST-MODIFIED` (and `CREATED` for a new object) at `now`
    /// (RFC 5545 §3.8.7).
    static func stampProperties(now: Int64, created: Bool) -> [Property] {
        let stamp = DateTimeValue(utcSeconds: now)
        var properties = [stamp.property(named: "DTSTAMP")]
        if created { properties.append(stamp.property(named: "CREATED")) }
        properties.append(stamp.property(named: "LAST-MODIFIED"))
        return properties
    }

    /// The properties a status owns (CRM-MAPPING.md): on a VEVENT `STATUS` `CONFIRMED` or
    /// `CANCELLED`, with `X-CADENCE-DONE:TRUE` for done and `X-CADENCE-STATUS:in-progress` for in
    /// progress; on a VTODO `STATUS` (RFC 5545 §3.8.1.11), and when done `COMPLETED` at `now`
    /// and `PERCENT-COMPLETE:100`.
    static func statusProperties(_ status: TaskStatus, isEvent: Bool, now: Int64) -> [Property] {
        if isEvent {
            var properties = [
                Property(name: "STATUS", value: status == .cancelled ? "CANCELLED" : "CONFIRMED")
            ]
            if status == .done {
                properties.append(Property(name: "X-CADENCE-DONE", value: "TRUE"))
            }
            if status == .inProgress {
                properties.append(Property(name: "X-CADENCE-STATUS", value: status.rawValue))
            }
            return properties
        }
        switch status {
        case .open: return [Property(name: "STATUS", value: "NEEDS-ACTION")]
        case .inProgress: return [Property(name: "STATUS", value: "IN-PROCESS")]
        case .cancelled: return [Property(name: "STATUS", value: "CANCELLED")]
        case .done:
            return [
                Property(name: "STATUS", value: "COMPLETED"),
                DateTimeValue(utcSeconds: now).property(named: "COMPLETED"),
                Property(name: "PERCENT-COMPLETE", value: "100"),
            ]
        }
    }

    /// `PRIORITY` 1 / 5 / 9 (RFC 5545 §3.8.1.9), none for `nil`.
    static func priorityProperties(_ priority: TaskPriority?) -> [Property] {
        guard let priority else { return [] }
        let value =
            switch priority {
            case .high: "1"
            case .normal: "5"
            case .low: "9"
            }
        return [Property(name: "PRIORITY", value: value)]
    }

    /// The CRM's own reminder (RFC 5545 §3.6.6): a `DISPLAY` alarm `minutes` before the start,
    /// or before the due time (`RELATED=END`), marked `X-CADENCE-REMINDER:TRUE`.
    static func reminderComponent(minutes: Int, title: String, relatedToEnd: Bool) -> Component {
        Component(
            name: "VALARM",
            properties: [
                Property(name: "ACTION", value: "DISPLAY"),
                Property(name: "DESCRIPTION", text: title),
                triggerProperty(minutes: minutes, relatedToEnd: relatedToEnd),
                Property(name: "X-CADENCE-REMINDER", value: "TRUE"),
            ])
    }

    /// `TRIGGER:-PT15M` (exact hours and minutes, so that DST days do not shift it), with
    /// `RELATED=END` when it counts from the due time.
    static func triggerProperty(minutes: Int, relatedToEnd: Bool) -> Property {
        let duration = DurationValue(
            isNegative: minutes > 0, hours: minutes / 60, minutes: minutes % 60)
        return Property(
            name: "TRIGGER",
            parameters: relatedToEnd ? [Parameter(name: "RELATED", value: "END")] : [],
            value: duration.description)
    }
}
