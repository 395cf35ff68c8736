import ICalendar
import WebDAV

/// A backend that can answer calendar queries from its index (RFC 4791 §7.8).
public protocol CalendarBackend: DAVBackend {
    /// The objects of a calendar whose component type is `component` (any when `nil`) and whose
    /// indexed first start / last end overlap `range` (all when `nil`), with their stored text.
    /// A pre-filter: it may return more than match, never fewer.
    func calendarObjects(
        in calendar: any CalendarCollectionResource, component: String?, range: TimeRange?
    ) async throws(DAVError) -> [(resource: any CalendarObjectResource, data: [UInt8])]

    /// The calendar objects at `paths` with their stored text, keyed by path (without trailing
    /// slash); paths that hold no calendar object the user can see are left out. For
    /// `calendar-multiget`: one read per calendar instead of one per href.
    func calendarObjects(at paths: [DAVPath]) async throws(DAVError)
        -> [DAVPath: (resource: any CalendarObjectResource, data: [UInt8])]

    /// `calendarObjects(in:component:range:)` a page at a time: the page after `cursor` (the
    /// first when `nil`) of about `limit` objects, so a report over a large calendar never holds
    /// every body. The default answers everything on the first call.
    func calendarObjects(
        in calendar: any CalendarCollectionResource, component: String?, range: TimeRange?,
        after cursor: String?, limit: Int
    ) async throws(DAVError) -> CalendarObjectPage

    /// The candidates of `calendarObjects(in:component:range:)` without their text, for a
    /// report that reads the text of the ones it needs in batches (`calendarObjects(at:)`);
    /// `nil` when the backend cannot list them so (the default).
    func calendarObjectCandidates(
        in calendar: any CalendarCollectionResource, component: String?, range: TimeRange?
    ) async throws(DAVError) -> [any CalendarObjectResource]?

    /// For the query clients send most, `VCALENDAR > VEVENT` with only a time-range
    /// (`CompFilter.eventTimeRange`): the names of the objects whose exact instances the index
    /// holds and `range` matches, and the candidates whose instances it does not hold exactly
    /// (to be evaluated by parsing); `nil` when the backend has no such index (the default).
    func eventTimeRangeMatches(in calendar: any CalendarCollectionResource, range: TimeRange)
        async throws(DAVError) -> (matching: [String], unindexed: [any CalendarObjectResource])?

    /// The calendar objects of `calendar` named `names`, with their stored text; names that
    /// hold no calendar object are left out.
    func calendarObjects(in calendar: any CalendarCollectionResource, named names: [String])
        async throws(DAVError) -> [(resource: any CalendarObjectResource, data: [UInt8])]
}

/// Time zone resolution for stored objects: the object's own VTIMEZONEs, then IANA names.
public enum CalendarTimeZones {
    /// The resolver for one parsed VCALENDAR.
    public static func resolver(for calendar: Component) -> (any TimeZoneResolving)? {
        TimeZoneRegistry(calendar: calendar)
    }

    /// Resolvers for the many objects of one report: objects that carry the same VTIMEZONEs
    /// (one client writes the same definitions into every object) share one compiled registry.
    /// A registry answers any TZID, so sharing changes no result, only the cost.
    struct Cache {
        private var byTimeZones: [[Component]: TimeZoneRegistry] = [:]

        mutating func resolver(for calendar: Component) -> any TimeZoneResolving {
            let timeZones = calendar.components(named: "VTIMEZONE")
            if let known = byTimeZones[timeZones] { return known }
            let registry = TimeZoneRegistry(calendar: calendar)
            if byTimeZones.count < 64 { byTimeZones[timeZones] = registry }
            return registry
        }
    }
}
