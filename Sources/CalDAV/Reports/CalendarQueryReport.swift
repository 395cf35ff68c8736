import ICalendar
import WebDAV

/// CALDAV:calendar-query (RFC 4791 §7.8): the members of a calendar that match a filter, found by
/// the store's index pre-filter and then evaluated exactly on each parsed candidate.
public struct CalendarQueryReport: ReportHandler {
    public let name = XMLName.calDAV.calendarQuery

    public init() {}

    public func isSupported(on resource: any DAVResource) -> Bool {
        resource is any CalendarCollectionResource || resource is any CalendarObjectResource
    }

    public func report(
        _ body: XMLElement, on resource: any DAVResource, context: DAVContext, server: DAVServer,
        backend: any DAVBackend
    ) async throws(DAVError) -> DAVResponse {
        let query = try CalendarQuery(body)
        let (propFind, dataRequest) = try CalendarReportProperties.parse(body)
        var candidates: [(resource: any DAVResource, data: [UInt8])] = []
        if let calendar = resource as? any CalendarCollectionResource {
            guard let calendarBackend = backend as? any CalendarBackend else {
                throw DAVError(status: 501, reason: "this store cannot answer calendar queries")
            }
            let prefilter = query.filter.prefilter
            candidates = try await calendarBackend.calendarObjects(
                in: calendar, component: prefilter.component, range: prefilter.range
            ).map { ($0.resource, $0.data) }
        } else {
            candidates = [(resource, try await backend.content(of: resource))]
        }
        var responses: [MultiStatus.Response] = []
        var resolvers = CalendarTimeZones.Cache()
        for candidate in candidates {
            guard let calendar = try? Component(parsing: candidate.data) else { continue }
            let resolver = resolvers.resolver(for: calendar)
            // Floating times and dates are read in the query's CALDAV:timezone (RFC 4791 §9.9).
            guard query.filter.matches(calendar, resolver: resolver, timeZone: query.timezone)
            else { continue }
            responses.append(
                try await CalendarReportProperties.response(
                    for: candidate.resource, data: candidate.data, propFind: propFind,
                    dataRequest: dataRequest, context: context, server: server, backend: backend,
                    parsed: calendar, resolver: resolver, timeZone: query.timezone))
        }
        return .multiStatus(MultiStatus(responses: responses))
    }
}
