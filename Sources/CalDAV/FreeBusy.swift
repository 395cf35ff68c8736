import Foundation
import ICalendar
import WebDAV

/// CALDAV:free-busy-query (RFC 4791 §7.10): busy time of calendar objects over a range, as one
/// VFREEBUSY.
public enum FreeBusy {
    /// A busy period in UTC seconds with its FBTYPE (RFC 5545 §3.2.9).
    struct Period: Sendable, Hashable {
        var start: Int64
        var end: Int64
        var type: String
    }

    /// The FBTYPE order periods of the same start are written in.
    static let typeOrder = ["BUSY", "BUSY-UNAVAILABLE", "BUSY-TENTATIVE"]

    /// Parses `<C:free-busy-query><C:time-range start="…Z" end="…Z"/></C:free-busy-query>`
    /// (RFC 4791 §9.11); a malformed range is 403 `CALDAV:valid-filter`, anything else 400.
    public static func query(_ report: XMLElement) throws(DAVError) -> TimeRange {
        guard report.name == CalDAVPrecondition.freeBusyQuery else {
            throw CalDAVPrecondition.badRequest(
                "expected CALDAV:free-busy-query, found \(report.name)")
        }
        guard let element = report.first(CalDAVPrecondition.timeRange) else {
            throw CalDAVPrecondition.badRequest("free-busy-query needs a CALDAV:time-range")
        }
        return try TimeRange(element, invalid: CalDAVPrecondition.validFilter)
    }

    /// RFC 4791 §7.10: the VFREEBUSY for these calendar objects (VCALENDARs) over `range`.
    ///
    /// VEVENT instances (recurrences expanded, overrides applied) are busy unless TRANSP is
    /// TRANSPARENT or STATUS is CANCELLED: BUSY-TENTATIVE for STATUS:TENTATIVE, else BUSY;
    /// instances without length block nothing. FREEBUSY periods of stored VFREEBUSY components
    /// count with their FBTYPE (FREE ignored). Periods are clipped to the range and merged per
    /// FBTYPE; all times are UTC. Floating times and DATEs are read in `timeZone` (UTC if `nil`).
    /// `now` is the DTSTAMP (the current time when `nil`). An open range bound is taken from the
    /// busy time itself.
    public static func compute(
        objects: [Component], range: TimeRange, resolver: (any TimeZoneResolving)?,
        timeZone: String? = nil, now: Int64? = nil
    ) -> Component {
        let expansion = InstanceExpansion(resolver: resolver, floatingZone: timeZone)
        var periods: [Period] = []
        for object in objects {
            for group in InstanceExpansion.groups(object.components(named: "VEVENT")) {
                let spans = expansion.spans(of: group, window: range, limit: 100_000)
                for (index, event) in group.enumerated() {
                    guard let type = busyType(of: event) else { continue }
                    for span in spans[index] where span.end > span.start {
                        periods.append(Period(start: span.start, end: span.end, type: type))
                    }
                }
            }
            for component in object.components(named: "VFREEBUSY") {
                periods += Self.periods(of: component, expansion: expansion)
                    .filter { $0.type != "FREE" }
            }
        }
        let merged = merge(periods, clippedTo: range)
        let stamp = now ?? Int64(Date().timeIntervalSince1970)
        var freeBusy = Component(name: "VFREEBUSY")
        freeBusy.properties.append(DateTimeValue(utcSeconds: stamp).property(named: "DTSTAMP"))
        if let start = range.start ?? merged.map(\.start).min() {
            freeBusy.properties.append(DateTimeValue(utcSeconds: start).property(named: "DTSTART"))
        }
        if let end = range.end ?? merged.map(\.end).max() {
            freeBusy.properties.append(DateTimeValue(utcSeconds: end).property(named: "DTEND"))
        }
        for period in merged {
            let value =
                DateTimeValue(utcSeconds: period.start).description + "/"
                + DurationValue(totalSeconds: Int(period.end - period.start)).description
            var parameters: [Parameter] = []
            if period.type != "BUSY" {
                parameters.append(Parameter(name: "FBTYPE", value: period.type))
            }
            freeBusy.properties.append(
                Property(name: "FREEBUSY", parameters: parameters, value: value))
        }
        return Component(
            name: "VCALENDAR",
            properties: [
                Property(name: "VERSION", value: "2.0"),
                Property(name: "PRODID", value: "-//Cadence//CalDAV Server//EN"),
            ],
            components: [freeBusy])
    }

    /// The FBTYPE a VEVENT blocks time with, or `nil` when it does not (RFC 4791 §7.10).
    static func busyType(of event: Component) -> String? {
        if event["TRANSP"].map({ $0.spaceTrimmed.uppercased() }) == "TRANSPARENT" { return nil }
        switch event["STATUS"].map({ $0.spaceTrimmed.uppercased() }) {
        case "CANCELLED": return nil
        case "TENTATIVE": return "BUSY-TENTATIVE"
        default: return "BUSY"
        }
    }

    /// The FREEBUSY periods of a VFREEBUSY component (RFC 5545 §3.8.2.6), FBTYPE uppercased
    /// (BUSY by default); unparseable periods are skipped.
    static func periods(of component: Component, expansion: InstanceExpansion) -> [Period] {
        var result: [Period] = []
        for property in component.properties(named: "FREEBUSY") {
            let type = property[parameter: "FBTYPE"]?.uppercased() ?? "BUSY"
            for text in property.value.split(separator: ",") {
                guard let period = try? PeriodValue(parsing: text.spaceTrimmed) else { continue }
                let start = expansion.instant(period.start)
                let end = expansion.instant(
                    DateTimeValue(local: period.endLocal, form: period.start.form))
                if end > start { result.append(Period(start: start, end: end, type: type)) }
            }
        }
        return result
    }

    /// Periods clipped to `range`, overlapping or adjacent ones of one type merged, sorted by
    /// start then type.
    static func merge(_ periods: [Period], clippedTo range: TimeRange) -> [Period] {
        var byType: [String: [Period]] = [:]
        for period in periods {
            let start = max(period.start, range.lower)
            let end = min(period.end, range.upper)
            guard end > start else { continue }
            byType[period.type, default: []].append(
                Period(start: start, end: end, type: period.type))
        }
        var merged: [Period] = []
        for (_, list) in byType {
            var current: Period?
            for period in list.sorted(by: { $0.start < $1.start }) {
                if var open = current, period.start <= open.end {
                    open.end = max(open.end, period.end)
                    current = open
                } else {
                    if let open = current { merged.append(open) }
                    current = period
                }
            }
            if let open = current { merged.append(open) }
        }
        return merged.sorted {
            if $0.start != $1.start { return $0.start < $1.start }
            return (typeOrder.firstIndex(of: $0.type) ?? 99, $0.type)
                < (typeOrder.firstIndex(of: $1.type) ?? 99, $1.type)
        }
    }
}
