/// A `207 Multi-Status` response body (RFC 4918 §13, §14.16).
public struct MultiStatus: Sendable, Hashable {
    /// One `<D:response>`.
    public struct Response: Sendable, Hashable {
        public var href: String
        /// Either property results grouped by status…
        public var propStats: [PropStat]
        /// …or one status for the whole resource (e.g. a 404 member in a sync report).
        public var status: Int?
        /// An optional `<D:error>` precondition element.
        public var error: XMLName?

        public init(
            href: String, propStats: [PropStat] = [], status: Int? = nil, error: XMLName? = nil
        ) {
            self.href = href
            self.propStats = propStats
            self.status = status
            self.error = error
        }
    }

    /// Properties that share one status.
    public struct PropStat: Sendable, Hashable {
        public var status: Int
        /// The property elements (with values for 200; empty elements otherwise).
        public var properties: [XMLElement]
        public var error: XMLName?

        public init(status: Int, properties: [XMLElement], error: XMLName? = nil) {
            self.status = status
            self.properties = properties
            self.error = error
        }
    }

    public var responses: [Response]
    /// `<D:sync-token>` (RFC 6578 §6.4) for a sync-collection answer.
    public var syncToken: String?

    public init(responses: [Response] = [], syncToken: String? = nil) {
        self.responses = responses
        self.syncToken = syncToken
    }

    /// The XML element.
    public var element: XMLElement {
        var children: [XMLNode] = responses.map { response in
            var items: [XMLNode] = [.element(XMLElement(.dav.href, text: response.href))]
            for propStat in response.propStats {
                var inner: [XMLNode] = [
                    .element(
                        XMLElement(.dav.prop, children: propStat.properties.map { .element($0) })),
                    .element(XMLElement(.dav.status, text: Self.statusLine(propStat.status))),
                ]
                if let error = propStat.error {
                    inner.append(
                        .element(XMLElement(.dav.error, children: [.element(XMLElement(error))])))
                }
                items.append(.element(XMLElement(.dav.propstat, children: inner)))
            }
            if let status = response.status {
                items.append(.element(XMLElement(.dav.status, text: Self.statusLine(status))))
            }
            if let error = response.error {
                items.append(
                    .element(XMLElement(.dav.error, children: [.element(XMLElement(error))])))
            }
            return .element(XMLElement(.dav.response, children: items))
        }
        if let syncToken {
            children.append(.element(XMLElement(.dav.syncToken, text: syncToken)))
        }
        return XMLElement(.dav.multistatus, children: children)
    }

    /// The serialised document.
    public var xml: String { XMLWriter.document(element) }

    /// The serialised document, as bytes: written straight into one buffer, without building
    /// the response/propstat wrapper elements first (a Depth 1 listing is mostly these).
    public var xmlBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256 + responses.count * 320)
        if responses.isEmpty && syncToken == nil {
            out = XMLWriter.declaration
            out.append(contentsOf: "<D:multistatus".utf8)
            out += XMLWriter.rootDeclarations
            out.append(contentsOf: "/>".utf8)
            return out
        }
        Self.appendHead(into: &out)
        for response in responses { Self.append(response, into: &out) }
        Self.appendTail(syncToken: syncToken, into: &out)
        return out
    }

    static func appendHead(into out: inout [UInt8]) {
        out += XMLWriter.declaration
        out.append(contentsOf: "<D:multistatus".utf8)
        out += XMLWriter.rootDeclarations
        out.append(UInt8(ascii: ">"))
    }

    /// One `<D:response>` element.
    static func append(_ response: Response, into out: inout [UInt8]) {
        appendResponseStart(href: response.href, into: &out)
        for propStat in response.propStats {
            out.append(contentsOf: "<D:propstat><D:prop>".utf8)
            for property in propStat.properties {
                XMLWriter.write(property, into: &out, isRoot: false)
            }
            appendPropStatEnd(status: propStat.status, error: propStat.error, into: &out)
        }
        if let status = response.status { appendStatus(status, into: &out) }
        if let error = response.error { appendError(error, into: &out) }
        out.append(contentsOf: "</D:response>".utf8)
    }

    /// Appends the `<D:response>` that `append` writes for a `Response(href: href, propStats:
    /// [PropStat(status: 200, properties: …)])` whose property elements `properties` writes, when
    /// it writes them all (`true`).
    static func appendDirect(
        href: String, into out: inout [UInt8], properties: (inout [UInt8]) -> Bool
    ) -> Bool {
        appendResponseStart(href: href, into: &out)
        out.append(contentsOf: "<D:propstat><D:prop>".utf8)
        guard properties(&out) else { return false }
        appendPropStatEnd(status: 200, error: nil, into: &out)
        out.append(contentsOf: "</D:response>".utf8)
        return true
    }

    /// `<D:response><D:href>…</D:href>`.
    private static func appendResponseStart(href: String, into out: inout [UInt8]) {
        out.append(contentsOf: "<D:response><D:href>".utf8)
        XMLWriter.appendEscaped(href, attribute: false, into: &out)
        out.append(contentsOf: "</D:href>".utf8)
    }

    /// `</D:prop>`, the status and error of a propstat, `</D:propstat>`.
    private static func appendPropStatEnd(status: Int, error: XMLName?, into out: inout [UInt8]) {
        out.append(contentsOf: "</D:prop>".utf8)
        appendStatus(status, into: &out)
        if let error { appendError(error, into: &out) }
        out.append(contentsOf: "</D:propstat>".utf8)
    }

    static func appendTail(syncToken: String?, into out: inout [UInt8]) {
        if let syncToken {
            out.append(contentsOf: "<D:sync-token>".utf8)
            XMLWriter.appendEscaped(syncToken, attribute: false, into: &out)
            out.append(contentsOf: "</D:sync-token>".utf8)
        }
        out.append(contentsOf: "</D:multistatus>".utf8)
    }

    private static func appendStatus(_ status: Int, into out: inout [UInt8]) {
        switch status {
        // The statuses of nearly every response, written without building a string.
        case 200: out.append(contentsOf: status200)
        case 404: out.append(contentsOf: status404)
        default:
            out.append(contentsOf: "<D:status>".utf8)
            out.append(contentsOf: statusLine(status).utf8)
            out.append(contentsOf: "</D:status>".utf8)
        }
    }

    private static let status200 = Array("<D:status>\(statusLine(200))</D:status>".utf8)
    private static let status404 = Array("<D:status>\(statusLine(404))</D:status>".utf8)

    private static func appendError(_ error: XMLName, into out: inout [UInt8]) {
        XMLWriter.write(
            XMLElement(.dav.error, children: [.element(XMLElement(error))]), into: &out,
            isRoot: false)
    }

    /// `HTTP/1.1 200 OK` and friends.
    public static func statusLine(_ status: Int) -> String {
        "HTTP/1.1 \(status) \(reasonPhrase(status))"
    }

    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 204: "No Content"
        case 207: "Multi-Status"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 409: "Conflict"
        case 412: "Precondition Failed"
        case 413: "Payload Too Large"
        case 415: "Unsupported Media Type"
        case 422: "Unprocessable Entity"
        case 423: "Locked"
        case 424: "Failed Dependency"
        case 500: "Internal Server Error"
        case 507: "Insufficient Storage"
        default: "Status"
        }
    }
}
