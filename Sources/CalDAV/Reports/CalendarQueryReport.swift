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
        // Members answered with their stored text (or none) are written without an element tree.
        let plan = CalendarReportProperties.directPlan(
            propFind: propFind, dataRequest: dataRequest, server: server)
        guard let calendar = resource as? any CalendarCollectionResource else {
            let data = try await backend.content(of: resource)
            var resolvers = CalendarTimeZones.Cache()
            let document = try await MultiStatus.document { writer throws(DAVError) in
                try await match(
                    resource, data: data, query: query, propFind: propFind,
                    dataRequest: dataRequest, plan: plan, resolvers: &resolvers, context: context,
                    server: server, backend: backend, into: &writer)
            }
            return .multiStatus(document: document)
        }
        guard let calendarBackend = backend as? any CalendarBackend else {
            throw DAVError(status: 501, reason: "this store cannot answer calendar queries")
        }
        let prefilter = query.filter.prefilter
        let limit = CalendarObjectPage.defaultLimit
        if let eventRange = query.filter.eventTimeRange,
            let matches = try await calendarBackend.eventTimeRangeMatches(
                in: calendar, range: eventRange)
        {
            // The index answered: the matching objects' text is read a batch at a time by name
            // and answered without a parse (unless the calendar-data asked for is transformed);
            // the objects it cannot answer are evaluated by parsing.
            return .multiStatus { writer in
                var resolvers = CalendarTimeZones.Cache()
                var start = 0
                while start < matches.matching.count {
                    let end = min(start + limit, matches.matching.count)
                    let batch = Array(matches.matching[start..<end])
                    start = end
                    for found in try await calendarBackend.calendarObjects(
                        in: calendar, named: batch)
                    {
                        // `match` checks the instances again: the object may have changed since.
                        try await match(
                            found.resource, data: found.data, query: query, propFind: propFind,
                            dataRequest: dataRequest, plan: plan, resolvers: &resolvers,
                            context: context, server: server, backend: backend, into: &writer)
                        try await writer.flush()
                    }
                }
                try await emitMatches(
                    of: matches.unindexed, query: query, propFind: propFind,
                    dataRequest: dataRequest, plan: plan, resolvers: &resolvers,
                    context: context, server: server, backend: calendarBackend, into: &writer)
            }
        }
        if prefilter.range != nil,
            let candidates = try await calendarBackend.calendarObjectCandidates(
                in: calendar, component: prefilter.component, range: prefilter.range)
        {
            // The candidates without their text; the text is read a batch at a time, and not at
            // all for an object whose exact instances the range excludes.
            return .multiStatus { writer in
                var resolvers = CalendarTimeZones.Cache()
                try await emitMatches(
                    of: candidates, query: query, propFind: propFind, dataRequest: dataRequest,
                    plan: plan, resolvers: &resolvers, context: context, server: server,
                    backend: calendarBackend, into: &writer)
            }
        }
        // The first page is read before the first byte (a store failure is still a status); the
        // rest are read, matched and written one page at a time.
        let first = try await calendarBackend.calendarObjects(
            in: calendar, component: prefilter.component, range: prefilter.range, after: nil,
            limit: limit)
        return .multiStatus { writer in
            var page = first
            var resolvers = CalendarTimeZones.Cache()
            while true {
                for candidate in page.objects {
                    try await match(
                        candidate.resource, data: candidate.data, query: query,
                        propFind: propFind, dataRequest: dataRequest, plan: plan,
                        resolvers: &resolvers, context: context, server: server,
                        backend: backend, into: &writer)
                    try await writer.flush()
                }
                guard let next = page.next else { break }
                page = try await calendarBackend.calendarObjects(
                    in: calendar, component: prefilter.component, range: prefilter.range,
                    after: next, limit: limit)
            }
        }
    }

    /// Reads the text of `candidates` a batch at a time (skipping those whose exact instances
    /// the query's range excludes) and writes the response of each that matches.
    private func emitMatches(
        of candidates: [any CalendarObjectResource], query: CalendarQuery, propFind: PropFind,
        dataRequest: CalendarDataRequest?, plan: DirectResponsePlan?,
        resolvers: inout CalendarTimeZones.Cache, context: DAVContext, server: DAVServer,
        backend: any CalendarBackend, into writer: inout MultiStatusWriter
    ) async throws {
        let eventRange = query.filter.eventTimeRange
        let limit = CalendarObjectPage.defaultLimit
        var start = 0
        while start < candidates.count {
            let batch = candidates[start..<min(start + limit, candidates.count)]
            start += limit
            let needed = batch.filter { candidate in
                guard let eventRange, let instances = candidate.exactInstances else {
                    return true
                }
                return eventRange.matches(instances: instances)
            }
            guard !needed.isEmpty else { continue }
            let texts = try await backend.calendarObjects(
                at: needed.map { $0.path.asCollection(false) })
            for candidate in needed {
                guard let found = texts[candidate.path.asCollection(false)] else { continue }
                try await match(
                    found.resource, data: found.data, query: query, propFind: propFind,
                    dataRequest: dataRequest, plan: plan, resolvers: &resolvers,
                    context: context, server: server, backend: backend, into: &writer)
                try await writer.flush()
            }
        }
    }

    /// Writes the response for one candidate when it matches the filter exactly.
    private func match(
        _ resource: any DAVResource, data: [UInt8], query: CalendarQuery, propFind: PropFind,
        dataRequest: CalendarDataRequest?, plan: DirectResponsePlan?,
        resolvers: inout CalendarTimeZones.Cache, context: DAVContext, server: DAVServer,
        backend: any DAVBackend, into writer: inout MultiStatusWriter
    ) async throws(DAVError) {
        if let range = query.filter.eventTimeRange,
            let instances = (resource as? any CalendarObjectResource)?.exactInstances
        {
            // The index knows every instance exactly: no parse to decide, nor to answer
            // unless the calendar-data asked for is transformed (then it parses itself).
            guard range.matches(instances: instances) else { return }
            // A transformed calendar-data (expand, limit-recurrence-set) parses the object; its
            // time zones come from the report's cache, compiled once for all the objects that
            // carry the same VTIMEZONEs.
            var parsed: Component?
            var resolver: (any TimeZoneResolving)?
            if let dataRequest, !dataRequest.isWholeObject, case .prop(let names) = propFind,
                names.contains(.calDAV.calendarData),
                let calendar = ParsedCalendars.component(parsing: data)
            {
                parsed = calendar
                resolver = resolvers.resolver(for: calendar)
            }
            try await CalendarReportProperties.append(
                for: resource, data: data, propFind: propFind, dataRequest: dataRequest,
                plan: plan, context: context, server: server, backend: backend, parsed: parsed,
                resolver: resolver, timeZone: query.timezone, into: &writer)
            return
        }
        guard let calendar = ParsedCalendars.component(parsing: data) else { return }
        let resolver = resolvers.resolver(for: calendar)
        // Floating times and dates are read in the query's CALDAV:timezone (RFC 4791 §9.9).
        guard query.filter.matches(calendar, resolver: resolver, timeZone: query.timezone)
        else { return }
        try await CalendarReportProperties.append(
            for: resource, data: data, propFind: propFind, dataRequest: dataRequest, plan: plan,
            context: context, server: server, backend: backend, parsed: calendar,
            resolver: resolver, timeZone: query.timezone, into: &writer)
    }
}
