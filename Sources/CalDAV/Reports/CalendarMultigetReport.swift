import ICalendar
import WebDAV

/// CALDAV:calendar-multiget (RFC 4791 §7.9): the asked properties of each listed href; hrefs the
/// user cannot see, or that do not exist, answer `404` for that href alone.
public struct CalendarMultigetReport: ReportHandler {
    public let name = XMLName.calDAV.calendarMultiget

    public init() {}

    public func isSupported(on resource: any DAVResource) -> Bool {
        resource is any CalendarCollectionResource || resource is any CalendarObjectResource
    }

    public func report(
        _ body: XMLElement, on resource: any DAVResource, context: DAVContext, server: DAVServer,
        backend: any DAVBackend
    ) async throws(DAVError) -> DAVResponse {
        let (propFind, dataRequest) = try CalendarReportProperties.parse(body)
        // The hrefs in scope, in order and once each; the rest answer 404 on their own.
        var seen = Set<String>()
        var requested: [(raw: String, path: DAVPath?)] = []
        let scope = resource.path.asCollection(resource.isCollection)
        for hrefElement in body.all(.dav.href) {
            let raw = hrefElement.trimmedText
            guard seen.insert(raw).inserted else { continue }
            let path = DAVPath(raw).flatMap { path in
                scope.contains(path) || path.segments == scope.segments ? path : nil
            }
            requested.append((raw, path))
        }
        // One batched read for the calendar objects (DAVx5 asks 10 at a time, others hundreds).
        var batch: [DAVPath: (resource: any CalendarObjectResource, data: [UInt8])] = [:]
        if let calendarBackend = backend as? any CalendarBackend {
            batch = try await calendarBackend.calendarObjects(at: requested.compactMap(\.path))
        }
        let plan = CalendarReportProperties.directPlan(
            propFind: propFind, dataRequest: dataRequest, server: server)
        let document = try await MultiStatus.document { writer throws(DAVError) in
            for (raw, path) in requested {
                guard let path else {
                    writer.append(MultiStatus.Response(href: raw, status: 404))
                    continue
                }
                if let object = batch[path.asCollection(false)] {
                    try await CalendarReportProperties.append(
                        for: object.resource, data: object.data, propFind: propFind,
                        dataRequest: dataRequest, plan: plan, context: context, server: server,
                        backend: backend, into: &writer)
                    continue
                }
                // Not a calendar object: a plain file, a collection, or nothing the user may see.
                let found: (any DAVResource)?
                do throws(DAVError) {
                    found = try await backend.resource(at: path)
                } catch {
                    writer.append(MultiStatus.Response(href: path.href, status: error.status))
                    continue
                }
                guard let member = found, !member.isCollection else {
                    writer.append(MultiStatus.Response(href: path.href, status: 404))
                    continue
                }
                try await CalendarReportProperties.append(
                    for: member, data: nil, propFind: propFind, dataRequest: dataRequest,
                    plan: plan, context: context, server: server, backend: backend,
                    into: &writer)
            }
        }
        return .multiStatus(document: document)
    }
}

/// The property part shared by the calendar reports: `DAV:prop` with an optional
/// `CALDAV:calendar-data` request, or `allprop`/`propname`.
enum CalendarReportProperties {
    static func parse(_ body: XMLElement) throws(DAVError) -> (PropFind, CalendarDataRequest?) {
        if let prop = body.first(.dav.prop) {
            let dataElement = prop.first(.calDAV.calendarData)
            return (
                .prop(prop.elements.map(\.name)),
                try dataElement.map { e throws(DAVError) in try CalendarDataRequest(e) }
            )
        }
        if body.first(.dav.propname) != nil { return (.propName, nil) }
        return (.allProp(include: []), nil)
    }

    /// The plan for writing the members' responses directly (`DAVServer.appendDirectly`), the
    /// stored text answered as it is when calendar-data is asked; `nil` for a transformed
    /// calendar-data (expand, limit-recurrence-set, a component subset) or other properties.
    static func directPlan(
        propFind: PropFind, dataRequest: CalendarDataRequest?, server: DAVServer
    ) -> DirectResponsePlan? {
        guard dataRequest?.isWholeObject ?? true else { return nil }
        return server.directPlan(for: propFind, handledByCaller: .calDAV.calendarData)
    }

    /// Appends `member`'s response: written directly when `plan` allows and its text is at hand
    /// (the same bytes as `response`'s), else as `response` makes it.
    static func append(
        for member: any DAVResource, data: [UInt8]?, propFind: PropFind,
        dataRequest: CalendarDataRequest?, plan: DirectResponsePlan?,
        context: DAVContext, server: DAVServer, backend: any DAVBackend,
        parsed: Component? = nil, resolver: (any TimeZoneResolving)? = nil, timeZone: String? = nil,
        into writer: inout MultiStatusWriter
    ) async throws(DAVError) {
        if let plan, let data, member is any CalendarObjectResource,
            server.appendDirectly(
                for: member, plan: plan,
                appendOwn: {
                    XMLWriter.appendTextElement(.calDAV.calendarData, utf8: data, into: &$0)
                },
                into: &writer)
        {
            return
        }
        writer.append(
            try await response(
                for: member, data: data, propFind: propFind, dataRequest: dataRequest,
                context: context, server: server, backend: backend, parsed: parsed,
                resolver: resolver, timeZone: timeZone))
    }

    static func response(
        for member: any DAVResource, data: [UInt8]?, propFind: PropFind,
        dataRequest: CalendarDataRequest?,
        context: DAVContext, server: DAVServer, backend: any DAVBackend,
        parsed: Component? = nil, resolver: (any TimeZoneResolving)? = nil, timeZone: String? = nil
    ) async throws(DAVError) -> MultiStatus.Response {
        var extra: [XMLName: XMLElement] = [:]
        if case .prop(let names) = propFind, names.contains(.calDAV.calendarData),
            member is any CalendarObjectResource
        {
            let text: [UInt8]
            if let data { text = data } else { text = try await backend.content(of: member) }
            let request = dataRequest ?? CalendarDataRequest()
            if request.isWholeObject {
                // The stored text as it is: nothing to parse (the common case, and byte-exact).
                extra[.calDAV.calendarData] = XMLElement(
                    .calDAV.calendarData, text: String(decoding: text, as: UTF8.self))
            } else if let calendar = parsed ?? ParsedCalendars.component(parsing: text) {
                // A query hands over the object it already parsed and the resolver it used.
                do {
                    let rendered = try request.apply(
                        to: text, calendar: calendar,
                        resolver: resolver ?? CalendarTimeZones.resolver(for: calendar),
                        timeZone: timeZone)
                    extra[.calDAV.calendarData] = XMLElement(.calDAV.calendarData, text: rendered)
                } catch {
                    // This object's calendar-data cannot be given (too many instances to
                    // expand): its own propstat says why; the other properties and the other
                    // members of the report are answered as usual (RFC 4918 §14.22).
                    var response = try await server.propertiesResponse(
                        for: member, request: .prop(names.filter { $0 != .calDAV.calendarData }),
                        context: context, backend: backend,
                        minimal: context.request.prefersMinimal)
                    response.propStats.append(
                        .init(
                            status: error.status, properties: [XMLElement(.calDAV.calendarData)],
                            error: error.condition.map { XMLName($0.namespace, $0.name) }))
                    return response
                }
            } else {
                // Stored text always parsed once; answer it unchanged rather than fail the report.
                extra[.calDAV.calendarData] = XMLElement(
                    .calDAV.calendarData, text: String(decoding: text, as: UTF8.self))
            }
        }
        return try await server.propertiesResponse(
            for: member, request: propFind, context: context, backend: backend,
            minimal: context.request.prefersMinimal, extra: extra)
    }
}
