import ICalendar
import WebDAV

extension CalendarDataRequest {
    /// Components whose recurrence sets expand and limit (RFC 4791 §9.6.5, §9.6.6).
    static let recurringNames: Set<String> = ["VEVENT", "VTODO", "VJOURNAL"]

    /// Whether an instance overlaps as RFC 4791 §9.9 reads it for events.
    static func overlaps(_ span: InstanceSpan, _ range: TimeRange) -> Bool {
        span.end > span.start
            ? range.overlaps(from: span.start, to: span.end)
            : range.contains(span.start)
    }

    /// RFC 4791 §9.6.6: every master, and only the overrides with an instance in `range`.
    static func limitingRecurrenceSets(
        _ calendar: Component, to range: TimeRange, expansion: InstanceExpansion
    ) -> Component {
        var result = calendar
        var dropped: Set<Int> = []
        let indexed = calendar.components.enumerated().filter {
            recurringNames.contains($0.element.name)
        }
        var byKey: [String: [Int]] = [:]
        var order: [String] = []
        for (index, component) in indexed {
            let key = component.name + "\u{0}" + (component.uid ?? "#\(index)")
            if byKey[key] == nil { order.append(key) }
            byKey[key, default: []].append(index)
        }
        for key in order {
            let indices = byKey[key] ?? []
            let group = indices.map { calendar.components[$0] }
            let spans = expansion.spans(of: group, window: range, limit: 100_000)
            for (position, component) in group.enumerated()
            where component.property("RECURRENCE-ID") != nil
                && !spans[position].contains(where: { overlaps($0, range) })
            {
                dropped.insert(indices[position])
            }
        }
        result.components = calendar.components.enumerated().filter {
            !dropped.contains($0.offset)
        }.map(\.element)
        return result
    }

    /// RFC 4791 §9.6.5: each instance overlapping `range` as its own component with a
    /// RECURRENCE-ID; DTSTART, DTEND, DUE and RECURRENCE-ID in UTC (DATEs stay DATEs); no RRULE,
    /// RDATE, EXRULE or EXDATE; VTIMEZONEs dropped. Non-recurring components are kept, in UTC,
    /// when they overlap.
    ///
    /// Throws 403 `CALDAV:max-instances` when one recurrence set has more than
    /// `maximumExpandedInstances` instances in `range` (a rule such as `FREQ=SECONDLY` over a
    /// year would otherwise make millions of components).
    static func expanding(
        _ calendar: Component, over range: TimeRange, expansion: InstanceExpansion
    ) throws(DAVError) -> Component {
        var result = Component(name: calendar.name, properties: calendar.properties)
        var groups: [String: [Component]] = [:]
        var order: [String] = []
        for (index, component) in calendar.components.enumerated() {
            if component.name == "VTIMEZONE" { continue }
            guard recurringNames.contains(component.name) else {
                order.append("#\(index)")
                groups["#\(index)"] = [component]
                continue
            }
            let key = component.name + "\u{0}" + (component.uid ?? "#\(index)")
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(component)
        }
        for key in order {
            let group = groups[key] ?? []
            guard let first = group.first, recurringNames.contains(first.name) else {
                result.components += group
                continue
            }
            let isRecurring = group.contains {
                $0.property("RRULE") != nil || $0.property("RDATE") != nil
                    || $0.property("RECURRENCE-ID") != nil
            }
            let spans = expansion.spans(
                of: group, window: range, limit: maximumExpandedInstances + 1)
            var instances: [(InstanceSpan, Component)] = []
            for (position, component) in group.enumerated() {
                for span in spans[position] where overlaps(span, range) {
                    instances.append((span, component))
                }
            }
            if instances.count > maximumExpandedInstances {
                throw CalDAVPrecondition.maxInstances(
                    "expanding \(first.uid ?? first.name) gives more than "
                        + "\(maximumExpandedInstances) instances in the range")
            }
            instances.sort { $0.0.start < $1.0.start }
            for (span, component) in instances {
                result.components.append(
                    instance(
                        component, span: span, recurring: isRecurring, expansion: expansion))
            }
        }
        return result
    }

    /// One expanded instance of `component`.
    static func instance(
        _ component: Component, span: InstanceSpan, recurring: Bool, expansion: InstanceExpansion
    ) -> Component {
        var copy = component
        for name in ["RRULE", "RDATE", "EXRULE", "EXDATE"] { copy.removeProperties(named: name) }
        guard let occurrence = span.occurrence else { return copy }
        func utc(_ value: DateTimeValue, _ instant: Int64) -> DateTimeValue {
            value.isDate ? value : DateTimeValue(utcSeconds: instant)
        }
        copy.setProperty(utc(occurrence.start, span.start).property(named: "DTSTART"))
        if let end = occurrence.end {
            if copy.property("DTEND") != nil {
                copy.setProperty(utc(end, span.end).property(named: "DTEND"))
            } else if copy.property("DUE") != nil {
                copy.setProperty(utc(end, span.end).property(named: "DUE"))
            }
        }
        if recurring {
            let id = occurrence.recurrenceID
            copy.setProperty(
                utc(id, expansion.instant(id)).property(named: "RECURRENCE-ID"))
        }
        return copy
    }

    /// RFC 4791 §9.6.7: VFREEBUSY components keep only the FREEBUSY periods overlapping `range`.
    static func limitingFreeBusy(
        _ calendar: Component, to range: TimeRange, expansion: InstanceExpansion
    ) -> Component {
        var result = calendar
        for index in result.components.indices where result.components[index].name == "VFREEBUSY" {
            var kept: [Property] = []
            for property in result.components[index].properties {
                guard property.name == "FREEBUSY" else {
                    kept.append(property)
                    continue
                }
                var limited = property
                let values = property.value.split(separator: ",").filter { text in
                    guard let period = try? PeriodValue(parsing: text.spaceTrimmed) else {
                        return false
                    }
                    let start = expansion.instant(period.start)
                    let end = expansion.instant(
                        DateTimeValue(local: period.endLocal, form: period.start.form))
                    return range.overlaps(from: start, to: end)
                }
                guard !values.isEmpty else { continue }
                limited.value = values.joined(separator: ",")
                kept.append(limited)
            }
            result.components[index].properties = kept
        }
        return result
    }

    /// RFC 4791 §9.6.1–§9.6.4: the parts of `component` that `selection` names.
    static func project(_ component: Component, _ selection: ComponentSelection) -> Component {
        var result = Component(name: component.name)
        if let wanted = selection.properties {
            for property in component.properties {
                guard let asked = wanted.first(where: { $0.name == property.name }) else {
                    continue
                }
                var copy = property
                if asked.noValue { copy.value = "" }
                result.properties.append(copy)
            }
        } else {
            result.properties = component.properties
        }
        if let wanted = selection.components {
            for child in component.components {
                if let asked = wanted.first(where: { $0.name == child.name }) {
                    result.components.append(project(child, asked))
                }
            }
        } else {
            result.components = component.components
        }
        return result
    }
}
