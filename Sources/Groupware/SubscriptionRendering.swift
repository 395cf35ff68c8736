import CRM
import ICalendar
import Storage

/// How a subscription link shows one component of its calendar (RFC 5545 §3.6), per
/// `SubscriptionMode`; pure, on parsed components.
///
/// - `full`: unchanged.
/// - `events`: a VTODO becomes a VEVENT (RFC 5545 §3.6.1) with the same UID, its SUMMARY marked
///   with the task type and status (`☎ Call: Ring Ada (done)`), starting at DUE (else DTSTART):
///   a 15-minute timed event, or an all-day event when that time is a date; a VTODO without
///   either is left out. VALARM and ATTACH are dropped from every component (Nextcloud strips
///   them from subscriptions anyway).
/// - `busy`: as `events`, then only VEVENTs remain, each keeping only its times, recurrence and identity,
///   with SUMMARY `Busy`: no DESCRIPTION, LOCATION, CONTACT, ATTENDEE, ORGANIZER,
///   X-CADENCE-CONTACT-ID, categories or alarms.
public enum SubscriptionRendering {
    /// The minutes a timed task lasts as an event.
    public static let taskEventSeconds: Int64 = 15 * 60

    /// The component as a subscriber in `mode` sees it, or `nil` to leave it out.
    /// `defaultType` is the calendar's default task type (`CollectionRecord.defaultTaskType`).
    public static func render(
        _ component: Component, mode: SubscriptionMode, defaultType: TaskType?
    )
        -> Component?
    {
        switch mode {
        case .full:
            return component
        case .events:
            return eventForm(of: component, defaultType: defaultType)
        case .busy:
            return eventForm(of: component, defaultType: defaultType).flatMap(busy)
        }
    }

    /// The components of one stored object as a subscriber in `mode` sees them (see
    /// `render(_:mode:defaultType:)`), recurring tasks kept consistent.
    ///
    /// A recurring VTODO's instances are anchored at its DTSTART (RFC 5545 §3.8.5.3): its overrides'
    /// RECURRENCE-IDs and its EXDATE and RDATE values name DTSTART-based times. Its event starts at
    /// DUE, so the event series' RRULE is anchored at DUE; when DUE and DTSTART differ, every
    /// RECURRENCE-ID, EXDATE and RDATE value and the RRULE's UNTIL of that UID are moved by the
    /// distance from the master's DTSTART to its DUE (in DTSTART's zone, DUE converted to it when
    /// they differ), so a client expanding the VEVENT series finds each override on the instance it
    /// replaces, each exclusion on the instance it removes, and the last instance inside UNTIL
    /// (`DueShift`).
    public static func render(
        object components: [Component], mode: SubscriptionMode, defaultType: TaskType?
    ) -> [Component] {
        guard mode != .full else { return components }
        var shifts: [String: DueShift] = [:]
        for component in components {
            if let uid = component.property("UID")?.value, let shift = DueShift(master: component) {
                shifts[uid] = shift
            }
        }
        return components.compactMap { component in
            var moved = component
            if component.name == "VTODO", let uid = component.property("UID")?.value,
                let shift = shifts[uid]
            {
                for index in moved.properties.indices {
                    moved.properties[index] = shift.apply(to: moved.properties[index])
                }
            }
            return render(moved, mode: mode, defaultType: defaultType)
        }
    }

    /// VEVENTs without alarms and attachments; VTODOs as VEVENTs; other components unchanged.
    static func eventForm(of component: Component, defaultType: TaskType?) -> Component? {
        switch component.name {
        case "VTODO":
            return taskEvent(component, defaultType: defaultType)
        case "VEVENT":
            var event = component
            event.removeProperties(named: "ATTACH")
            event.components.removeAll { $0.name == "VALARM" }
            return event
        default:
            return component
        }
    }

    /// The properties a VTODO's event leaves behind: VTODO-only ones, its times (rewritten) and
    /// what `events` mode drops.
    private static let taskOnlyProperties: Set<String> = [
        "DUE", "DTSTART", "DTEND", "DURATION", "COMPLETED", "PERCENT-COMPLETE", "STATUS",
        "ATTACH", "SUMMARY", "TRANSP",
    ]

    /// A VTODO as a VEVENT (see the type's documentation), or `nil` when it has no time.
    static func taskEvent(_ todo: Component, defaultType: TaskType?) -> Component? {
        guard let anchor = todo.property("DUE") ?? todo.property("DTSTART"),
            let time = try? DateTimeValue(anchor)
        else { return nil }
        var event = Component(name: "VEVENT")
        for property in todo.properties where !taskOnlyProperties.contains(property.name) {
            event.properties.append(property)
        }
        let type = taskType(of: todo, defaultType: defaultType)
        let status = taskStatus(of: todo)
        event.properties.append(
            Property(
                name: "SUMMARY",
                text: summary(
                    title: todo.property("SUMMARY")?.text ?? "", type: type, status: status)))
        event.properties.append(time.property(named: "DTSTART"))
        if time.isDate {
            event.properties.append(
                DateTimeValue(date: time.date.adding(days: 1)).property(named: "DTEND"))
        } else {
            let end = CalendarDateTime(
                secondsSinceEpoch: time.local.secondsSinceEpoch + taskEventSeconds)
            event.properties.append(
                DateTimeValue(local: end, form: time.form).property(named: "DTEND"))
        }
        if status == .cancelled {
            event.properties.append(Property(name: "STATUS", value: "CANCELLED"))
        }
        event.properties.append(Property(name: "TRANSP", value: "TRANSPARENT"))
        return event
    }

    /// `☎ Call: Ring Ada (done)`: the type's marker and name, the title, the status unless open.
    public static func summary(title: String, type: TaskType, status: TaskStatus) -> String {
        var text = "\(marker(type)) \(type.displayName): \(title)"
        switch status {
        case .open: break
        case .inProgress: text += " (in progress)"
        case .done: text += " (done)"
        case .cancelled: text += " (cancelled)"
        }
        return text
    }

    /// The symbol shown before a type's name.
    static func marker(_ type: TaskType) -> String {
        switch type {
        case .call: "☎"
        case .email: "✉"
        case .meeting: "👥"
        case .todo: "☐"
        }
    }

    /// `X-CADENCE-TYPE`, else the first `CATEGORIES` value naming a type, else the calendar's
    /// default, else to-do (CRM-MAPPING.md).
    static func taskType(of todo: Component, defaultType: TaskType?) -> TaskType {
        if let named = todo.property("X-CADENCE-TYPE").flatMap({ TaskType(name: $0.text) }) {
            return named
        }
        for categories in todo.properties(named: "CATEGORIES") {
            for value in categories.textList {
                if let type = TaskType(name: value) { return type }
            }
        }
        return defaultType ?? .todo
    }

    /// The task status of a VTODO's `STATUS` (RFC 5545 §3.8.1.11).
    static func taskStatus(of todo: Component) -> TaskStatus {
        switch todo.property("STATUS")?.value.uppercased() {
        case "COMPLETED": .done
        case "IN-PROCESS": .inProgress
        case "CANCELLED": .cancelled
        default: todo.property("COMPLETED") == nil ? .open : .done
        }
    }

    /// The properties a busy-only component keeps.
    private static let busyProperties: Set<String> = [
        "UID", "DTSTAMP", "DTSTART", "DTEND", "DURATION", "DUE", "RRULE", "RDATE", "EXDATE",
        "RECURRENCE-ID", "SEQUENCE", "STATUS", "TRANSP", "CREATED", "LAST-MODIFIED",
    ]

    /// A VEVENT with only times, recurrence and identity, SUMMARY `Busy` and no sub-components;
    /// `nil` for any other component (journals and free/busy would show details).
    static func busy(_ component: Component) -> Component? {
        guard component.name == "VEVENT" else { return nil }
        var hidden = Component(name: component.name)
        hidden.properties = component.properties.filter { busyProperties.contains($0.name) }
        hidden.properties.append(Property(name: "SUMMARY", text: "Busy"))
        return hidden
    }
}
