import ICalendar
import Storage

/// A whole calendar as one `text/calendar` document (subscriptions, backups): every object's
/// components in one VCALENDAR, each VTIMEZONE once.
///
/// Subscription links pass `properties` (refresh interval, TTL) for the VCALENDAR and a
/// `transform` that rewrites or drops each component (`SubscriptionRendering`).
enum CalendarExport {
    static func document(
        name: String?, objects: [[UInt8]], properties: [Property] = [],
        transform: ((Component) -> Component?)? = nil
    ) -> [UInt8] {
        var calendar = Component(
            name: "VCALENDAR",
            properties: [
                Property(name: "VERSION", value: "2.0"),
                Property(name: "PRODID", value: "-//Cadence//Cadence Server//EN"),
            ])
        if let name { calendar.properties.append(Property(name: "X-WR-CALNAME", text: name)) }
        calendar.properties += properties
        var timeZoneIDs = Set<String>()
        var timeZones: [Component] = []
        var components: [Component] = []
        for data in objects {
            guard let roots = try? ICalendarParser.parse(data) else { continue }
            for root in roots {
                for child in root.components {
                    if child.name == "VTIMEZONE" {
                        let id = child.property("TZID")?.value ?? ""
                        if timeZoneIDs.insert(id).inserted { timeZones.append(child) }
                    } else if let transform {
                        if let kept = transform(child) { components.append(kept) }
                    } else {
                        components.append(child)
                    }
                }
            }
        }
        calendar.components = timeZones + components
        return calendar.serializedBytes()
    }
}
