import ICalendar

/// The move from a recurring VTODO's DTSTART-anchored instances to its DUE-anchored event's
/// (`SubscriptionRendering.render(object:mode:defaultType:)`).
struct DueShift {
    /// The master's DTSTART form: moved values are written in it.
    let form: DateTimeValue.Form
    /// Wall-clock seconds from DTSTART to DUE, in DTSTART's form.
    let seconds: Int64
    let resolver = TimeZoneRegistry()

    /// The shift of a recurring VTODO master with DTSTART and DUE, `nil` when there is nothing
    /// to move (no recurrence, no DUE, DUE equal to DTSTART) or no distance keeps the kind of
    /// value (one a DATE, the other a DATE-TIME).
    init?(master: Component) {
        guard master.name == "VTODO", master.property("RECURRENCE-ID") == nil,
            master.property("RRULE") != nil || master.property("RDATE") != nil,
            let start = master.property("DTSTART").flatMap({ try? DateTimeValue($0) }),
            let due = master.property("DUE").flatMap({ try? DateTimeValue($0) }),
            start.isDate == due.isDate
        else { return nil }
        form = start.form
        let dueThere = Self.convert(due, to: start.form, resolver: resolver)
        seconds = dueThere.local.secondsSinceEpoch - start.local.secondsSinceEpoch
        if seconds == 0 { return nil }
    }

    /// `value` as a wall time in `form`: through UTC between zones and UTC; a floating or date
    /// value, or one in an unknown zone, keeps its wall time.
    static func convert(
        _ value: DateTimeValue, to form: DateTimeValue.Form, resolver: TimeZoneRegistry
    ) -> DateTimeValue {
        guard value.form != form else { return value }
        switch (value.form, form) {
        case (.utc, .zoned(let tzid)), (.zoned, .zoned(let tzid)):
            let instant = value.utcSeconds(resolver: resolver)
            guard let local = resolver.local(atUTC: instant, tzid: tzid) else { break }
            return DateTimeValue(local: local, form: form)
        case (.zoned, .utc):
            return DateTimeValue(utcSeconds: value.utcSeconds(resolver: resolver))
        default:
            break
        }
        return DateTimeValue(local: value.local, form: form)
    }

    /// `value` in the master's form, moved by `seconds`.
    func move(_ value: DateTimeValue) -> DateTimeValue {
        let there = Self.convert(value, to: form, resolver: resolver)
        return DateTimeValue(
            local: CalendarDateTime(secondsSinceEpoch: there.local.secondsSinceEpoch + seconds),
            form: form)
    }

    /// A RECURRENCE-ID, EXDATE or RDATE with each DATE or DATE-TIME value moved, or an RRULE
    /// with its UNTIL moved (RFC 5545 §3.3.10); other properties, and PERIOD values, unchanged.
    func apply(to property: Property) -> Property {
        switch property.name {
        case "RRULE":
            return movingUntil(property)
        case "RECURRENCE-ID", "EXDATE", "RDATE":
            guard property.valueType != "PERIOD" else { return property }
            let tzid = property[parameter: "TZID"]
            var values: [DateTimeValue] = []
            for text in property.value.split(separator: ",") {
                guard !text.contains("/"),
                    let value = try? DateTimeValue(parsing: text, tzid: tzid)
                else { return property }
                values.append(move(value))
            }
            guard let first = values.first else { return property }
            var moved = first.property(named: property.name)
            moved.value = values.map(\.description).joined(separator: ",")
            for parameter in property.parameters
            where parameter.name != "TZID"
                && parameter.name != "VALUE"
            {
                moved.parameters.append(parameter)
            }
            return moved
        default:
            return property
        }
    }

    /// An RRULE with its UNTIL moved by `seconds` of wall time, in UNTIL's own form (UTC for a
    /// zoned DTSTART, RFC 5545 §3.3.10).
    func movingUntil(_ rule: Property) -> Property {
        var moved = rule
        moved.value = rule.value.split(separator: ";", omittingEmptySubsequences: false).map {
            part in
            guard part.uppercased().hasPrefix("UNTIL="),
                let until = try? DateTimeValue(parsing: part.dropFirst(6))
            else { return String(part) }
            let local = CalendarDateTime(secondsSinceEpoch: until.local.secondsSinceEpoch + seconds)
            return "UNTIL=" + DateTimeValue(local: local, form: until.form).description
        }.joined(separator: ";")
        return moved
    }
}
