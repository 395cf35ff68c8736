/// A WebDAV request as the engine sees it, independent of any HTTP server framework.
public struct DAVRequest: Sendable {
    public var method: String
    public var path: DAVPath
    /// Header fields with lowercased names; repeated fields joined by ", ".
    public var headers: [String: String]
    public var body: [UInt8]

    public init(method: String, path: DAVPath, headers: [String: String] = [:], body: [UInt8] = [])
    {
        self.method = method.uppercased()
        self.path = path
        var lowered: [String: String] = [:]
        for (name, value) in headers {
            let key = name.lowercased()
            if let existing = lowered[key] {
                lowered[key] = existing + ", " + value
            } else {
                lowered[key] = value
            }
        }
        self.headers = lowered
        self.body = body
    }

    /// A header value by (case-insensitive) name.
    public func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// Whether the client asked for a minimal answer: `Prefer: return=minimal` (RFC 8144) or `Brief: t`.
    public var prefersMinimal: Bool {
        if let brief = header("brief"), brief.trimmingSpaces.lowercased() == "t" { return true }
        guard let prefer = header("prefer") else { return false }
        return prefer.lowercased().split(separator: ",").contains {
            $0.split(separator: ";").first.map { String($0).trimmingSpaces == "return=minimal" }
                ?? false
        }
    }
}

/// A WebDAV response: status, headers and body.
public struct DAVResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    /// The body, when it is produced whole (`stream` is `nil`).
    public var body: [UInt8]
    /// The body produced in chunks after the head is sent; `body` is then empty.
    public var stream: DAVBodyStream?

    public init(
        status: Int, headers: [(String, String)] = [], body: [UInt8] = [],
        stream: DAVBodyStream? = nil
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.stream = stream
    }

    /// A `207 Multi-Status` answer.
    public static func multiStatus(_ multiStatus: MultiStatus) -> DAVResponse {
        DAVResponse.multiStatus(document: multiStatus.xmlBytes)
    }

    /// A `207 Multi-Status` answer with this document (`MultiStatus.document`).
    public static func multiStatus(document: [UInt8]) -> DAVResponse {
        DAVResponse(
            status: 207, headers: [("Content-Type", "application/xml; charset=utf-8")],
            body: document)
    }

    /// A `207 Multi-Status` answer whose `<D:response>` elements are written as `produce`
    /// writes them (RFC 4918 §13), in chunks; the `<D:sync-token>` (RFC 6578 §6.4) closes it
    /// when given.
    public static func multiStatus(
        syncToken: String? = nil,
        streaming produce:
            @escaping @Sendable (_ writer: inout MultiStatusWriter) async throws -> Void
    ) -> DAVResponse {
        DAVResponse(
            status: 207, headers: [("Content-Type", "application/xml; charset=utf-8")],
            stream: MultiStatus.stream(syncToken: syncToken, produce))
    }

    /// The same response with a streamed body read into `body` (tests, HEAD).
    public func collected() async throws -> DAVResponse {
        guard let stream else { return self }
        return DAVResponse(status: status, headers: headers, body: try await stream.collect())
    }

    /// The answer for an error: its status and, when it names a condition, the `<D:error>` body.
    public static func error(_ error: DAVError) -> DAVResponse {
        Self.error(error, withDetail: false)
    }

    /// The answer for an error; with `withDetail` its reason and internal `detail` too (a
    /// `<D:responsedescription>` in a `<D:error>` body, RFC 4918 §14.24; a text body's second
    /// line).
    public static func error(_ error: DAVError, withDetail: Bool) -> DAVResponse {
        let detail = withDetail ? error.detail : nil
        if var element = error.errorElement {
            if withDetail {
                element.children.append(
                    .element(
                        XMLElement(
                            .dav.responseDescription,
                            text: error.reason + (detail.map { ": " + $0 } ?? ""))))
            }
            return DAVResponse(
                status: error.status, headers: [("Content-Type", "application/xml; charset=utf-8")],
                body: Array(XMLWriter.document(element).utf8))
        }
        let text = error.reason + "\n" + (detail.map { "detail: " + $0 + "\n" } ?? "")
        return DAVResponse(
            status: error.status, headers: [("Content-Type", "text/plain; charset=utf-8")],
            body: Array(text.utf8))
    }

    /// The first value of a header.
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.0.lowercased() == lower }?.1
    }
}
