import Testing
import WebDAV

@testable import CalDAV

/// A report member answered with its stored text is written directly
/// (`CalendarReportProperties.append` with a plan) byte for byte as the built response, and a
/// transformed calendar-data gets no plan.
@Suite struct CalendarReportDirectTests {
    struct Object: CalendarObjectResource {
        var path: DAVPath
        var etag: String?
        var contentType: String? { "text/calendar; charset=utf-8; component=VEVENT" }
        var componentType: String { "VEVENT" }
        var isCollection: Bool { false }
    }

    /// Answers nothing: every property here is live, so the engine never asks it.
    struct NoBackend: DAVBackend {
        func resource(at path: DAVPath) async throws(DAVError) -> (any DAVResource)? { nil }
        func members(of collection: any DAVResource) async throws(DAVError) -> [any DAVResource] {
            []
        }
        func content(of resource: any DAVResource) async throws(DAVError) -> [UInt8] { [] }
        func representation(of resource: any DAVResource) async throws(DAVError) -> (
            body: [UInt8], contentType: String
        ) { ([], "") }
        func streamedRepresentation(of resource: any DAVResource) async throws(DAVError) -> (
            stream: DAVBodyStream, contentType: String
        )? { nil }
        func put(
            at path: DAVPath, body: [UInt8], contentType: String?, precondition: WritePrecondition
        ) async throws(DAVError) -> PutResult { throw DAVError(status: 501, reason: "") }
        func delete(_ resource: any DAVResource, precondition: WritePrecondition)
            async throws(DAVError)
        { throw DAVError(status: 501, reason: "") }
        func makeCollection(
            at path: DAVPath, resourceTypes: [XMLName], properties: [XMLElement]
        ) async throws(DAVError) -> [XMLName: Int]? { throw DAVError(status: 501, reason: "") }
        func patchProperties(
            of resource: any DAVResource, operations: [PropertyUpdate.Operation]
        ) async throws(DAVError) -> [(XMLName, Int)] { throw DAVError(status: 501, reason: "") }
        func deadProperties(of resource: any DAVResource) async throws(DAVError) -> [XMLElement] {
            []
        }
        func transfer(
            _ resource: any DAVResource, to destination: DAVPath, move: Bool, overwrite: Bool,
            depth: Depth
        ) async throws(DAVError) -> Bool { throw DAVError(status: 501, reason: "") }
    }

    let server = DAVServer(
        methods: [],
        providers: [
            WebDAVPropertyProvider(principalCollections: [DAVPath("/principals/")!]),
            CalDAVPropertyProvider(),
        ],
        reports: [], complianceClasses: "1")

    static let objects: [(Object, [UInt8])] = [
        (
            Object(path: DAVPath("/cal/a.ics")!, etag: "\"1\""),
            Array(
                crlf([
                    "BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "UID:a",
                    "SUMMARY:Q&A <draft> \"x\"", "END:VEVENT", "END:VCALENDAR",
                ]).utf8)
        ),
        (
            Object(
                path: DAVPath(segments: ["cal", "b ü.ics"], trailingSlash: false), etag: "\"2\""),
            Array(crlf(["BEGIN:VCALENDAR", "SUMMARY:Müller – 東京", "END:VCALENDAR"]).utf8)
        ),
        // No ETag: built the usual way (a 404 propstat for it).
        (Object(path: DAVPath("/cal/c.ics")!, etag: nil), Array("BEGIN:VCALENDAR\r\n".utf8)),
    ]

    func document(_ names: [XMLName], direct: Bool) async throws -> String {
        let propFind = PropFind.prop(names)
        let plan =
            direct
            ? CalendarReportProperties.directPlan(
                propFind: propFind, dataRequest: nil, server: server) : nil
        if direct { #expect(plan != nil) }
        let request = DAVRequest(method: "REPORT", path: DAVPath("/cal/")!, headers: [:], body: [])
        let context = DAVContext(
            userName: "ann", principal: DAVPath("/principals/ann/")!, request: request)
        let server = self.server
        let bytes = try await MultiStatus.document { writer throws(DAVError) in
            for (object, data) in Self.objects {
                try await CalendarReportProperties.append(
                    for: object, data: data, propFind: propFind, dataRequest: nil, plan: plan,
                    context: context, server: server, backend: NoBackend(), into: &writer)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test(arguments: [
        [XMLName.dav.getETag, .calDAV.calendarData],
        [.calDAV.calendarData],
        [.calDAV.calendarData, .dav.getContentType, .dav.getETag, .calDAV.calendarData],
    ])
    func directEqualsBuilt(names: [XMLName]) async throws {
        let direct = try await document(names, direct: true)
        let built = try await document(names, direct: false)
        #expect(direct == built)
        #expect(direct.contains("SUMMARY:Q&amp;A &lt;draft&gt; \"x\"&#13;\n"))
        #expect(direct.contains("SUMMARY:Müller – 東京&#13;\n"))
    }

    @Test func transformedDataHasNoPlan() throws {
        let expand = try CalendarDataRequest(
            xml(
                "<C:calendar-data><C:expand start=\"20260101T000000Z\" end=\"20260201T000000Z\"/>"
                    + "</C:calendar-data>"))
        let names: [XMLName] = [.dav.getETag, .calDAV.calendarData]
        #expect(
            CalendarReportProperties.directPlan(
                propFind: .prop(names), dataRequest: expand, server: server) == nil)
        #expect(
            CalendarReportProperties.directPlan(
                propFind: .prop(names), dataRequest: CalendarDataRequest(), server: server) != nil)
        // A property the first provider does not write (CalDAV's own) means no plan either.
        #expect(
            CalendarReportProperties.directPlan(
                propFind: .prop(names + [.calDAV.calendarDescription]), dataRequest: nil,
                server: server) == nil)
    }
}
