import Foundation
import ICalendar

extension TaskMapping {
    /// Checks that a draft can be written as a `componentType` (`VEVENT` or `VTODO`; by default
    /// the component `makeCalendar` would choose); call it before `makeCalendar`, which writes
    /// what it can of an invalid draft. `apply` checks on its own.
    ///
    /// Throws `CRMError.invalidDraft` naming the field: an empty `title`; a VEVENT without
    /// `start` (meetings and scheduled calls); an `end` without a start, before the start, or on
    /// a VTODO (which has `due` instead); a `due` on a VEVENT or before the start; an unknown
    /// `timeZone`; a negative `reminderMinutes`, or one without a start or due time to count from.
    public static func validate(_ draft: TaskDraft, componentType: String? = nil) throws(CRMError) {
        let component = componentType ?? draft.type.componentName(scheduled: draft.start != nil)
        try check(draft, componentType: component, resolver: TimeZoneRegistry())
    }

    static func check(_ draft: TaskDraft, componentType: String, resolver: TimeZoneRegistry)
        throws(CRMError)
    {
        func invalid(_ field: String, _ reason: String) -> CRMError {
            CRMError(.invalidDraft, "\(field): \(reason)", field: field)
        }
        if draft.title.trimmedWhitespace.isEmpty { throw invalid("title", "a task needs a title") }
        let isEvent = componentType == "VEVENT"
        if isEvent, draft.start == nil {
            throw invalid("start", "a meeting or scheduled call needs a start")
        }
        if let end = draft.end {
            guard let start = draft.start else { throw invalid("end", "an end needs a start") }
            if !isEvent { throw invalid("end", "a to-do has no end; set its due time") }
            if end < start { throw invalid("end", "the end is before the start") }
        }
        if let due = draft.due {
            if isEvent { throw invalid("due", "an event has no due time; set its end") }
            if let start = draft.start, due < start {
                throw invalid("due", "the due time is before the start")
            }
        }
        if let timeZone = draft.timeZone, !draft.isAllDay, !resolver.isKnown(timeZone) {
            throw invalid("timeZone", "unknown time zone '\(timeZone)'")
        }
        if let minutes = draft.reminderMinutes {
            if minutes < 0 { throw invalid("reminderMinutes", "a reminder cannot be negative") }
            if draft.start == nil && draft.due == nil {
                throw invalid("reminderMinutes", "a reminder needs a start or due time")
            }
        }
    }

    /// The Foundation zone behind a TZID: the IANA name itself, else the zone the registry
    /// recognises (Windows or Mozilla-style names).
    static func foundationZone(_ tzid: String, registry: TimeZoneRegistry) -> TimeZone? {
        TimeZone(identifier: tzid)
            ?? registry.canonicalIdentifier(for: tzid).flatMap { TimeZone(identifier: $0) }
    }
}
