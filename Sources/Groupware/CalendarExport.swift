import ICalendar
import Storage

/// A whole calendar as one `text/calendar` document (subscriptions, backups): every object's
/// components in one VCALENDAR, each VTIMEZONE once, written object by object so that the
/// document can be streamed (RFC 5545 §3.4 leaves the order of components free; each VTIMEZONE
/// still comes before the first component that refers to it).
///
/// Subscription links pass `properties` (refresh interval, TTL) for the VCALENDAR and a
/// `transform` that rewrites or drops the components of each object (`SubscriptionRendering`).
struct CalendarExport {
    private var timeZoneIDs = Set<String>()
    /// Rewrites or drops the non-VTIMEZONE components of one object (all of them together, so
    /// a recurrence's master and overrides are seen at once); `nil` keeps them as stored.
    var transform: (([Component]) -> [Component])?

    /// Creates an export, optionally transforming each object's components.
    init(transform: (([Component]) -> [Component])? = nil) {
        self.transform = transform
    }

    /// The lines before the first component: `BEGIN:VCALENDAR` and the calendar properties.
    static func head(name: String?, properties: [Property] = []) -> [UInt8] {
        var calendar = Component(
            name: "VCALENDAR",
            properties: [
                Property(name: "VERSION", value: "2.0"),
                Property(name: "PRODID", value: "-//Cadence//Cadence Server//EN"),
            ])
        if let name { calendar.properties.append(Property(name: "X-WR-CALNAME", text: name)) }
        calendar.properties += properties
        var out = calendar.serializedBytes()
        out.removeLast(tail.count)
        return out
    }

    /// The line that closes the document.
    static let tail = Array("END:VCALENDAR\r\n".utf8)

    /// Appends one stored object's components; a VTIMEZONE already written is left out, and an
    /// object that no longer parses is skipped.
    mutating func append(object data: [UInt8], into out: inout [UInt8]) {
        guard let roots = try? ICalendarParser.parse(data) else { return }
        for root in roots {
            for child in root.components where child.name == "VTIMEZONE" {
                if timeZoneIDs.insert(child.property("TZID")?.value ?? "").inserted {
                    ICalendarSerializer.write(child, into: &out)
                }
            }
            var children = root.components.filter { $0.name != "VTIMEZONE" }
            if let transform { children = transform(children) }
            for child in children { ICalendarSerializer.write(child, into: &out) }
        }
    }

    /// The whole document at once.
    static func document(
        name: String?, objects: [[UInt8]], properties: [Property] = [],
        transform: (([Component]) -> [Component])? = nil
    ) -> [UInt8] {
        var out = head(name: name, properties: properties)
        var export = CalendarExport(transform: transform)
        for data in objects { export.append(object: data, into: &out) }
        return out + tail
    }
}
