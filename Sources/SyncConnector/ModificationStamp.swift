import ICalendar

/// When a calendar object was last modified, for the `newest-wins` conflict policy: the latest
/// `LAST-MODIFIED` (RFC 5545 §3.8.7.3) of its components, else the latest `DTSTAMP`
/// (§3.8.7.2), in UTC seconds.
public enum ModificationStamp {
    /// The stamp of iCalendar `data`, or `nil` when it has neither property or does not parse.
    public static func of(_ data: [UInt8]) -> Int64? {
        guard let roots = try? ICalendarParser.parse(data) else { return nil }
        var lastModified: Int64?
        var stamp: Int64?
        for root in roots {
            for component in root.components where component.name != "VTIMEZONE" {
                if let value = seconds(component, "LAST-MODIFIED") {
                    lastModified = max(lastModified ?? value, value)
                }
                if let value = seconds(component, "DTSTAMP") {
                    stamp = max(stamp ?? value, value)
                }
            }
        }
        return lastModified ?? stamp
    }

    static func seconds(_ component: Component, _ name: String) -> Int64? {
        guard let property = component.property(name),
            let value = try? DateTimeValue(property)
        else { return nil }
        return value.local.secondsSinceEpoch
    }
}
