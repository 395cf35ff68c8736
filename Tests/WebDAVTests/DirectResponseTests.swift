import Foundation
import Testing
import WebDAV

/// A listing member's response written straight from its fields (`DAVServer.appendDirectly`) is
/// byte for byte the one `propertiesResponse` builds, and a member the direct path cannot
/// answer whole is built the usual way.
@Suite struct DirectResponseTests {
    struct Listed: DAVResource {
        var path: DAVPath
        var isCollection = false
        var resourceTypes: [XMLName] = []
        var etag: String?
        var contentType: String?
        var contentLength: Int?
        var lastModified: Int64?
        var createdAt: Int64?
        var displayName: String?
    }

    let backend = MemoryBackend()
    let server = DAVServer(
        methods: [PropFindMethod()],
        providers: [WebDAVPropertyProvider(principalCollections: [DAVPath("/principals/")!])],
        reports: [], complianceClasses: "1")

    var context: DAVContext {
        let request = DAVRequest(method: "PROPFIND", path: DAVPath("/c/")!, headers: [:], body: [])
        return DAVContext(
            userName: "ann", principal: DAVPath("/principals/ann/")!, request: request)
    }

    static let members: [Listed] = [
        Listed(
            path: DAVPath("/c/plain.ics")!, etag: "\"abc\"",
            contentType: "text/calendar; charset=utf-8; component=VEVENT", contentLength: 812,
            lastModified: 1_700_000_000, createdAt: 1_600_000_000),
        Listed(
            path: DAVPath(segments: ["c", "a b&<ü>.ics"], trailingSlash: false),
            etag: "\"q<&>\\\"x\"", contentType: "text/vcard", contentLength: 0,
            lastModified: 0, createdAt: 0, displayName: "Ann & Bob\r\n<ü>"),
        Listed(
            path: DAVPath("/c/empty-name.ics")!, etag: "", contentType: "", displayName: ""),
        Listed(
            path: DAVPath("/c/sub/")!, isCollection: true,
            resourceTypes: [XMLName("urn:ietf:params:xml:ns:caldav", "calendar")],
            displayName: "Sub"),
        Listed(
            path: DAVPath("/c/odd/")!, isCollection: false,
            resourceTypes: [XMLName("urn:example:odd", "thing")]),
        // No ETag: the direct path gives up, the usual one answers 404 for it.
        Listed(path: DAVPath("/c/no-etag.txt")!, contentType: "text/plain"),
    ]

    static let requests: [[XMLName]] = [
        [.dav.getETag, .dav.getContentType],
        [.dav.resourceType, .dav.getETag],
        [.dav.getETag, .dav.getETag, .dav.displayName],
        [
            .dav.getLastModified, .dav.creationDate, .dav.getContentLength, .dav.resourceType,
            .dav.displayName, .dav.getContentType, .dav.getETag,
        ],
    ]

    func document(_ names: [XMLName], minimal: Bool, direct: Bool) async throws -> [UInt8] {
        let propFind = PropFind.prop(names)
        let plan = direct ? server.directPlan(for: propFind) : nil
        if direct { #expect(plan != nil) }
        let context = self.context
        return try await MultiStatus.document { writer throws(DAVError) in
            for member in Self.members {
                try await server.appendProperties(
                    for: member, request: propFind, plan: plan, context: context,
                    backend: backend, minimal: minimal, into: &writer)
            }
        }
    }

    @Test(arguments: requests, [false, true])
    func directEqualsBuilt(names: [XMLName], minimal: Bool) async throws {
        let direct = try await document(names, minimal: minimal, direct: true)
        let built = try await document(names, minimal: minimal, direct: false)
        #expect(String(decoding: direct, as: UTF8.self) == String(decoding: built, as: UTF8.self))
        // And it is the document the whole-response writer makes.
        var responses: [MultiStatus.Response] = []
        for member in Self.members {
            responses.append(
                try await server.propertiesResponse(
                    for: member, request: .prop(names), context: context, backend: backend,
                    minimal: minimal))
        }
        let whole = MultiStatus(responses: responses).xmlBytes
        #expect(String(decoding: direct, as: UTF8.self) == String(decoding: whole, as: UTF8.self))
    }

    @Test func memberWithoutAnAnswerIsBuilt() async throws {
        let member = Self.members.last!
        let plan = try #require(server.directPlan(for: .prop([.dav.getETag])))
        var writer = try await MultiStatus.document { writer throws(DAVError) in
            #expect(!server.appendDirectly(for: member, plan: plan, into: &writer))
        }
        let empty = try await MultiStatus.document { _ throws(DAVError) in }
        #expect(writer == empty)
        writer = try await MultiStatus.document { writer throws(DAVError) in
            try await server.appendProperties(
                for: member, request: .prop([.dav.getETag]), plan: plan, context: context,
                backend: backend, minimal: false, into: &writer)
        }
        let text = String(decoding: writer, as: UTF8.self)
        #expect(text.contains("<D:getetag/></D:prop><D:status>HTTP/1.1 404 Not Found"))
    }

    @Test func noPlanForOtherPropertiesOrProviders() {
        #expect(server.directPlan(for: .prop([.dav.getETag, .dav.currentUserPrincipal])) == nil)
        #expect(server.directPlan(for: .prop([XMLName("urn:x", "getetag")])) == nil)
        #expect(server.directPlan(for: .prop([])) == nil)
        #expect(server.directPlan(for: .allProp(include: [])) == nil)
        #expect(server.directPlan(for: .propName) == nil)
        let caller = XMLName("urn:ietf:params:xml:ns:caldav", "calendar-data")
        #expect(server.directPlan(for: .prop([.dav.getETag, caller])) == nil)
        #expect(
            server.directPlan(for: .prop([.dav.getETag, caller]), handledByCaller: caller) != nil)
        struct Other: PropertyProvider {
            func propertyNames(of resource: any DAVResource, context: DAVContext) -> [XMLName] {
                []
            }
            func value(
                of name: XMLName, on resource: any DAVResource, context: DAVContext,
                backend: any DAVBackend
            ) async throws(DAVError) -> XMLElement? { nil }
        }
        // Only the first provider's answer is final: behind another one, nothing is direct.
        var behind = server
        behind.providers.insert(Other(), at: 0)
        #expect(behind.directPlan(for: .prop([.dav.getETag])) == nil)
    }

    @Test func escapesExactlyTheMarkupCharacters() throws {
        let text = "a&b<c>d\"e'f\r\ng=h?i@j\tü 東 \u{7F}~;/:.-0123456789"
        #expect(
            XMLWriter.escapeText(text)
                == "a&amp;b&lt;c&gt;d\"e'f&#13;\ng=h?i@j\tü 東 \u{7F}~;/:.-0123456789")
        // In an attribute, line ends and tabs too: a parser would make them spaces.
        #expect(
            XMLWriter.escapeAttribute(text)
                == "a&amp;b&lt;c&gt;d&quot;e'f&#13;&#10;g=h?i@j&#9;ü 東 \u{7F}~;/:.-0123456789")
        // Every other byte below 128 stays as it is.
        for byte in UInt8(1)..<128
        where ![0x09, 0x0A, 0x0D, 0x22, 0x26, 0x3C, 0x3E].contains(byte) {
            let one = String(decoding: [byte], as: UTF8.self)
            #expect(XMLWriter.escapeAttribute(one) == one)
        }
        // And the text comes back from the parser as it was.
        let document =
            "<D:x xmlns:D=\"DAV:\" a=\"\(XMLWriter.escapeAttribute(text))\">"
            + XMLWriter.escapeText(text) + "</D:x>"
        let parsed = try XMLReader.parse(Array(document.utf8))
        #expect(parsed.text == text)
        #expect(parsed.attributes[XMLName("", "a")] == text)
    }

    /// Character data is escaped eight bytes at a time: a markup byte at any offset of a word,
    /// or in the tail after the last whole word, is escaped as the one-byte reading would.
    @Test func escapesAMarkupByteAtEveryOffset() {
        func reference(_ text: String, attribute: Bool) -> String {
            var out = ""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "\r": out += "&#13;"
                case "\"" where attribute: out += "&quot;"
                case "\n" where attribute: out += "&#10;"
                case "\t" where attribute: out += "&#9;"
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out
        }
        let alphabet: [String] = ["a", "&", "<", ">", "\r", "\n", "\t", "\"", "ü", "0", ":", "東"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for length in 0..<48 {
            for _ in 0..<40 {
                var text = ""
                for _ in 0..<length {
                    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                    text += alphabet[Int((state >> 33) % UInt64(alphabet.count))]
                }
                #expect(XMLWriter.escapeText(text) == reference(text, attribute: false))
                #expect(XMLWriter.escapeAttribute(text) == reference(text, attribute: true))
            }
            // One markup byte (or one non-ASCII byte) at each offset of plain text.
            for offset in 0..<length {
                for special in ["&", "<", ">", "\r"] {
                    var characters = Array(repeating: "x", count: length)
                    characters[offset] = special
                    let text = characters.joined()
                    #expect(XMLWriter.escapeText(text) == reference(text, attribute: false))
                }
                var bytes = Array(repeating: UInt8(ascii: "x"), count: length)
                bytes[offset] = 0xFF
                var direct: [UInt8] = []
                XMLWriter.appendTextElement(XMLName("DAV:", "x"), utf8: bytes, into: &direct)
                // Not ASCII: decoded first, so the ill-formed byte is replaced.
                #expect(String(decoding: direct, as: UTF8.self).contains("\u{FFFD}"))
            }
        }
    }

    @Test(arguments: [
        Array("BEGIN:VCALENDAR\r\nSUMMARY:a & b <c>\r\nEND:VCALENDAR\r\n".utf8),
        Array("SUMMARY:Müller – 東京\r\n".utf8),
        [0x41, 0xFF, 0x42, 0xC3, 0x0D, 0x0A],  // ill-formed: replaced as the decoding does
        [],
    ])
    func textElementFromBytes(bytes: [UInt8]) {
        let name = XMLName("urn:ietf:params:xml:ns:caldav", "calendar-data")
        var direct: [UInt8] = []
        XMLWriter.appendTextElement(name, utf8: bytes, into: &direct)
        let element = XMLElement(name, text: String(decoding: bytes, as: UTF8.self))
        let built = MultiStatus(
            responses: [.init(href: "/x", propStats: [.init(status: 200, properties: [element])])]
        ).xmlBytes
        var expected: [UInt8] = []
        let text = String(decoding: built, as: UTF8.self)
        let start = text.range(of: "<C:calendar-data")!.lowerBound
        let end = text.range(of: "</D:prop>")!.lowerBound
        expected = Array(text[start..<end].utf8)
        #expect(direct == expected)
    }
}
