import ICalendar
import WebDAV

/// CALDAV:free-busy-query (RFC 4791 §7.10): busy time of a calendar over a range, as a
/// `text/calendar` VFREEBUSY (not a multistatus).
public struct FreeBusyQueryReport: ReportHandler {
    public let name = XMLName.calDAV.freeBusyQuery

    public init() {}

    public func isSupported(on resource: any DAVResource) -> Bool {
        resource is any CalendarCollectionResource
    }

    public func report(
        _ body: XMLElement, on resource: any DAVResource, context: DAVContext, server: DAVServer,
        backend: any DAVBackend
    ) async throws(DAVError) -> DAVResponse {
        guard let calendar = resource as? any CalendarCollectionResource,
            let calendarBackend = backend as? any CalendarBackend
        else {
            throw DAVError(status: 403, reason: "free-busy-query needs a calendar collection")
        }
        let range = try FreeBusy.query(body)
        var objects: [Component] = []
        for component in ["VEVENT", "VFREEBUSY"] {
            for candidate in try await calendarBackend.calendarObjects(
                in: calendar, component: component, range: range)
            {
                if let parsed = ParsedCalendars.component(parsing: candidate.data) {
                    objects.append(parsed)
                }
            }
        }
        // TZIDs resolve through the objects' own VTIMEZONEs (the first of a TZID wins), then
        // IANA names; without a resolver, zoned times would be read as floating.
        let timeZones = Component(name: "VCALENDAR", components: objects.flatMap(\.components))
        let result = FreeBusy.compute(
            objects: objects, range: range,
            resolver: CalendarTimeZones.resolver(for: timeZones))
        return DAVResponse(
            status: 200, headers: [("Content-Type", "text/calendar; charset=utf-8")],
            body: result.serializedBytes())
    }
}
