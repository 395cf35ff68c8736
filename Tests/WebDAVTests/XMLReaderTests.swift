import Foundation
import Testing

@testable import WebDAV

@Suite struct XMLReaderTests {
    @Test func readsNamespacedPropfind() throws {
        let body = """
            <?xml version="1.0" encoding="utf-8" ?>
            <D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
              <D:prop><D:displayname/><C:calendar-home-set/><x:foo xmlns:x="urn:x"/></D:prop>
            </D:propfind>
            """
        let propfind = try PropFind(body: Array(body.utf8))
        #expect(
            propfind
                == .prop([
                    .dav.displayName, XMLName(XMLNamespace.calDAV, "calendar-home-set"),
                    XMLName("urn:x", "foo"),
                ]))
    }

    @Test func defaultNamespaceAndEmptyBody() throws {
        let body = #"<propfind xmlns="DAV:"><propname/></propfind>"#
        #expect(try PropFind(body: Array(body.utf8)) == .propName)
        #expect(try PropFind(body: []) == .allProp(include: []))
        let allprop =
            #"<propfind xmlns="DAV:"><allprop/><include><supported-report-set/></include></propfind>"#
        #expect(
            try PropFind(body: Array(allprop.utf8)) == .allProp(include: [.dav.supportedReportSet]))
    }

    @Test func refusesEntityDeclarations() {
        let bomb = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>
            <D:propfind xmlns:D="DAV:"><D:prop><D:displayname>&lol2;</D:displayname></D:prop></D:propfind>
            """
        #expect(throws: DAVError.self) { try XMLReader.parse(Array(bomb.utf8)) }
        let external = """
            <?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><x>&xxe;</x>
            """
        do {
            _ = try XMLReader.parse(Array(external.utf8))
            Issue.record("an external entity was accepted")
        } catch {
            #expect(error.status == 400)
        }
    }

    @Test func malformedIsA400() {
        for body in [
            "<D:propfind xmlns:D=\"DAV:\">", "not xml", "<a></b>", "<a xmlns=\"DAV:\"><b></a>",
        ] {
            do {
                _ = try XMLReader.parse(Array(body.utf8))
                Issue.record("accepted malformed \(body)")
            } catch {
                #expect(error.status == 400)
            }
        }
    }

    @Test func boundsDepth() {
        let deep = String(repeating: "<a>", count: 200) + String(repeating: "</a>", count: 200)
        #expect(throws: DAVError.self) { try XMLReader.parse(Array(deep.utf8)) }
    }

    @Test func propertyUpdateKeepsOrderAndValues() throws {
        let body = """
            <D:propertyupdate xmlns:D="DAV:" xmlns:A="http://apple.com/ns/ical/">
              <D:set><D:prop><D:displayname>Work &amp; more</D:displayname><A:calendar-color>#FF0000FF</A:calendar-color></D:prop></D:set>
              <D:remove><D:prop><A:calendar-order/></D:prop></D:remove>
            </D:propertyupdate>
            """
        let update = try PropertyUpdate(body: Array(body.utf8))
        #expect(
            update.operations.map(\.name) == [
                .dav.displayName, XMLName(XMLNamespace.appleICal, "calendar-color"),
                XMLName(XMLNamespace.appleICal, "calendar-order"),
            ])
        guard case .set(let element) = update.operations[0] else {
            Issue.record("first operation is not a set")
            return
        }
        #expect(element.text == "Work & more")
    }
}

@Suite struct XMLWriterTests {
    @Test func multistatusRoundTripsThroughTheReader() throws {
        let value = XMLElement(
            XMLName("urn:dead", "prop"),
            children: [
                .text("a < b & c"), .element(XMLElement(XMLName("urn:other", "inner"), text: "ü")),
            ])
        let status = MultiStatus(
            responses: [
                .init(
                    href: "/caldav/calendars/ann/work/",
                    propStats: [
                        .init(
                            status: 200,
                            properties: [XMLElement(.dav.displayName, text: "Work"), value]),
                        .init(status: 404, properties: [XMLElement(.dav.getETag)]),
                    ]),
                .init(href: "/caldav/calendars/ann/work/gone.ics", status: 404),
            ], syncToken: "http://cadence/sync/7")
        let xml = status.xml
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"utf-8\"?>"))
        #expect(xml.contains("<D:status>HTTP/1.1 404 Not Found</D:status>"))
        let parsed = try XMLReader.parse(Array(xml.utf8))
        #expect(parsed.name == .dav.multistatus)
        let responses = parsed.all(.dav.response)
        #expect(responses.count == 2)
        let prop = try #require(responses[0].first(.dav.propstat)?.first(.dav.prop))
        #expect(prop.first(.dav.displayName)?.text == "Work")
        #expect(prop.first(XMLName("urn:dead", "prop")) == value)
        #expect(parsed.first(.dav.syncToken)?.text == "http://cadence/sync/7")
    }

    @Test func errorBodyNamesTheCondition() throws {
        let body = try #require(DAVError.propfindFiniteDepth.errorBody)
        let parsed = try XMLReader.parse(Array(body.utf8))
        #expect(parsed.name == .dav.error)
        #expect(parsed.elements.map(\.name) == [.dav.propfindFiniteDepth])
    }

    @Test func depthHeader() throws {
        #expect(try Depth(header: nil, default: .infinity) == .infinity)
        #expect(try Depth(header: " 1", default: .zero) == .one)
        #expect(try Depth(header: "Infinity", default: .zero) == .infinity)
        #expect(throws: DAVError.self) { try Depth(header: "2", default: .zero) }
    }
}

@Suite struct HTTPDateTests {
    @Test func formatsRFC9110AndISO8601() {
        #expect(HTTPDate.format(784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.iso8601(784_111_777) == "1994-11-06T08:49:37Z")
        #expect(HTTPDate.format(0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.format(-1) == "Wed, 31 Dec 1969 23:59:59 GMT")
        #expect(HTTPDate.format(951_782_400) == "Tue, 29 Feb 2000 00:00:00 GMT")
        #expect(HTTPDate.iso8601(253_402_300_799) == "9999-12-31T23:59:59Z")
        // Times beyond the four-digit years are held at the ends, never a trap.
        #expect(HTTPDate.iso8601(.max) == "9999-12-31T23:59:59Z")
        #expect(HTTPDate.iso8601(.min) == "0000-01-01T00:00:00Z")
    }

    /// The arithmetic agrees with Foundation's Gregorian calendar on every field, around leap
    /// days, century years, month ends and before 1970, and round-trips through `parse`.
    @Test func fieldsAgreeWithFoundationsCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var instants: [Int64] = [-2_208_988_800, -86_401, -86_400, -1, 0, 1, 4_102_444_800]
        var seconds: Int64 = -5_000_000_000
        while seconds < 10_000_000_000 {
            instants.append(seconds)
            seconds += 7_919_993  // about three months, never a whole number of days
        }
        for year in [1900, 1996, 2000, 2024, 2100] {
            let leapDay = calendar.date(from: DateComponents(year: year, month: 2, day: 28))!
            let start = Int64(leapDay.timeIntervalSince1970)
            instants += [start - 1, start, start + 86_399, start + 86_400, start + 2 * 86_400]
        }
        for instant in instants {
            let expected = calendar.dateComponents(
                [.year, .month, .day, .hour, .minute, .second, .weekday],
                from: Date(timeIntervalSince1970: TimeInterval(instant)))
            let fields = HTTPDate.components(instant)
            #expect(
                fields
                    == .init(
                        year: Int64(expected.year!), month: expected.month!, day: expected.day!,
                        hour: expected.hour!, minute: expected.minute!, second: expected.second!,
                        weekday: expected.weekday! - 1), "at \(instant)")
            if instant >= -62_135_596_800 {  // year 1 on: four-digit years parse back
                #expect(HTTPDate.parse(HTTPDate.format(instant)) == instant, "at \(instant)")
            }
        }
    }
}

@Suite struct MultiStatusWriterTests {
    @Test func streamedBytesEqualTheTreeWriter() {
        let status = MultiStatus(
            responses: [
                .init(
                    href: "/a/b%20c.ics",
                    propStats: [
                        .init(
                            status: 200,
                            properties: [
                                XMLElement(.dav.getETag, text: "\"x&y\""),
                                XMLElement(XMLName("urn:z", "p"), text: "<v>"),
                            ]),
                        .init(
                            status: 404, properties: [XMLElement(.dav.displayName)],
                            error: .dav.name("x")),
                    ]),
                .init(href: "/gone", status: 404, error: .dav.numberOfMatchesWithinLimits),
            ], syncToken: "urn:t:1")
        #expect(String(decoding: status.xmlBytes, as: UTF8.self) == status.xml)
        #expect(String(decoding: MultiStatus().xmlBytes, as: UTF8.self) == MultiStatus().xml)
    }
}

/// FuzzXML, 2026-12-06: invalid UTF-8 inside an element name reached Foundation's XMLParser,
/// whose start-element callback trapped — one request body stopped the whole server.
@Suite struct XMLReaderInvalidUTF8Tests {
    @Test func invalidUTF8InAnElementNameIs400NotATrap() {
        let bytes: [UInt8] =
            Array(
                #"<?xml version="1.0" encoding="utf-8"?><C:calendar-query xmlns:C="urn:x"><C:param-f"#
                    .utf8)
            + [UInt8](repeating: 0xFF, count: 40)
            + Array(#"ilter name="P"/></C:calendar-query>"#.utf8)
        let error = #expect(throws: DAVError.self) { _ = try XMLReader.parse(bytes) }
        #expect(error?.status == 400)
    }

    @Test func declaredLatin1IsRefusedAndUTF16StillParses() throws {
        // FuzzXML: a mangled declaration naming an 8-bit encoding let invalid UTF-8 through to a
        // processing-instruction callback, which trapped too.
        let latin1: [UInt8] =
            Array(
                #"<?xml version="1.0" encoding="ISO-8859-1"?><D:displayname xmlns:D="DAV:">"#.utf8)
            + [0x43, 0x61, 0x66, 0xE9] + Array("</D:displayname>".utf8)
        #expect(throws: DAVError.self) { _ = try XMLReader.parse(latin1) }
        let mangled: [UInt8] =
            Array("<?xml".utf8) + [0xE3] + Array(#"version="1.0" encoding="utf>8"#.utf8) + [0xFF]
            + Array(#"?><D:prop xmlns:D="DAV:"/>"#.utf8)
        #expect(throws: DAVError.self) { _ = try XMLReader.parse(mangled) }
        let document =
            #"<?xml version="1.0" encoding="UTF-16"?><D:displayname xmlns:D="DAV:">Ünïcode</D:displayname>"#
        let utf16: [UInt8] =
            [0xFF, 0xFE] + document.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(try XMLReader.parse(utf16).text == "Ünïcode")
    }
}

/// Hostile-input suite (issue 8): a body with two root elements was read as the last one.
@Suite struct XMLReaderRootTests {
    @Test func twoRootElementsAre400() {
        let body =
            #"<D:propfind xmlns:D="DAV:"><D:allprop/></D:propfind><D:propfind xmlns:D="DAV:"><D:propname/></D:propfind>"#
        let error = #expect(throws: DAVError.self) { _ = try XMLReader.parse(Array(body.utf8)) }
        #expect(error?.status == 400)
    }
}

/// FuzzXML, 2026-12-06: a processing instruction without data (`<?pi?>`) made Foundation's
/// XMLParser call strlen on NULL — a crash of the whole server from one request body.
@Suite struct XMLReaderProcessingInstructionTests {
    @Test(arguments: [
        #"<?xml version="1.0"?><?pi?><D:propfind xmlns:D="DAV:"><D:allprop/></D:propfind>"#,
        #"<D:propfind xmlns:D="DAV:"><?pi data?><D:allprop/></D:propfind>"#,
        #"<?xml-stylesheet href="x"?><D:propfind xmlns:D="DAV:"/>"#,
    ])
    func processingInstructionsAre400(body: String) {
        let error = #expect(throws: DAVError.self) { _ = try XMLReader.parse(Array(body.utf8)) }
        #expect(error?.status == 400)
    }

    @Test func theXMLDeclarationIsStillRead() throws {
        let body = #"<?xml version="1.0" encoding="utf-8"?>"# + "\n<D:propfind xmlns:D=\"DAV:\"/>"
        #expect(try XMLReader.parse(Array(body.utf8)).name == .dav.propfind)
        #expect(try XMLReader.parse([0xEF, 0xBB, 0xBF] + Array(body.utf8)).name == .dav.propfind)
    }
}
