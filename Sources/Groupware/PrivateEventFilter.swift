import ICalendar

/// What a sharee sees of the owner's private events (issue 13): components classified
/// `CLASS:PRIVATE` or `CLASS:CONFIDENTIAL` (RFC 5545 §3.8.1.3) show as busy time only.
///
/// Kept: the identity and timing of the component (UID, DTSTAMP, DTSTART, DTEND, DURATION,
/// DUE, the recurrence properties, RECURRENCE-ID, SEQUENCE, STATUS, TRANSP, CLASS, CREATED,
/// LAST-MODIFIED); SUMMARY becomes "Busy"; everything else (DESCRIPTION, LOCATION, CONTACT,
/// ATTENDEE, ORGANIZER, X-CADENCE-CONTACT-ID, …) and every alarm is left out. The owner sees
/// everything; the stored object and its ETag are unchanged.
enum PrivateEventFilter {
    static let keptProperties: Set<String> = [
        "UID", "DTSTAMP", "DTSTART", "DTEND", "DURATION", "DUE", "RRULE", "RDATE", "EXDATE",
        "RECURRENCE-ID", "SEQUENCE", "STATUS", "TRANSP", "CLASS", "CREATED", "LAST-MODIFIED",
    ]

    /// Whether an object's text may hold a private or confidential component (a cheap check
    /// before parsing; false positives are parsed and found public).
    static func mayBePrivate(_ data: [UInt8]) -> Bool {
        let text = String(decoding: data, as: UTF8.self).uppercased()
        return text.contains("PRIVATE") || text.contains("CONFIDENTIAL")
    }

    /// Whether a component is classified private or confidential.
    static func isPrivate(_ component: Component) -> Bool {
        let value = component.property("CLASS")?.value.uppercased()
        return value == "PRIVATE" || value == "CONFIDENTIAL"
    }

    /// Whether the object holds a private or confidential component.
    static func holdsPrivate(_ data: [UInt8]) -> Bool {
        guard mayBePrivate(data), let calendar = try? Component(parsing: data) else {
            return false
        }
        return calendar.components.contains(where: isPrivate)
    }

    /// The object as a sharee sees it.
    static func filtered(_ data: [UInt8]) -> [UInt8] {
        guard mayBePrivate(data), var calendar = try? Component(parsing: data) else { return data }
        var changed = false
        calendar.components = calendar.components.map { component in
            guard isPrivate(component) else { return component }
            changed = true
            var busy = Component(name: component.name)
            busy.properties = component.properties.filter { keptProperties.contains($0.name) }
            busy.properties.append(Property(name: "SUMMARY", text: "Busy"))
            return busy
        }
        return changed ? calendar.serializedBytes() : data
    }
}
