import ICalendar
import Storage

/// A whole calendar as one `text/calendar` document (subscriptions, backups): every object's
/// components in one VCALENDAR, each VTIMEZONE once, written object by object so that the
/// document can be streamed (RFC 5545 §3.4 leaves the order of components free; each VTIMEZONE
/// still comes before the first component that refers to it).
struct CalendarExport {
    private var timeZoneIDs = Set<String>()

    /// The lines before the first component: `BEGIN:VCALENDAR` and the calendar properties.
    static func head(name: String?) -> [UInt8] {
        var calendar = Component(
            name: "VCALENDAR",
            properties: [
                Property(name: "VERSION", value: "2.0"),
                Property(name: "PRODID", value: "-//Cadence//Cadence Server//EN"),
            ])
        if let name { calendar.properties.append(Property(name: "X-WR-CALNAME", text: name)) }
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
            for child in root.components where child.name != "VTIMEZONE" {
                ICalendarSerializer.write(child, into: &out)
            }
        }
    }

    /// The whole document at once.
    static func document(name: String?, objects: [[UInt8]]) -> [UInt8] {
        var out = head(name: name)
        var export = CalendarExport()
        for data in objects { export.append(object: data, into: &out) }
        return out + tail
    }
}
