import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import WebDAV

/// A typed DAV client over `app.test(.router)`: one call per method, HTTP Basic credentials of one
/// user (or none), answers as `DAVReply` with the parsed XML.
struct DAVTestClient: Sendable {
    let client: any TestClientProtocol
    /// `user:password`, or `nil` for an anonymous client.
    var credentials: (user: String, password: String)?

    init(_ client: any TestClientProtocol, user: String? = nil, password: String? = nil) {
        self.client = client
        if let user, let password { credentials = (user, password) }
    }

    /// The same connection with other credentials.
    func signedIn(as user: String, password: String) -> DAVTestClient {
        DAVTestClient(client, user: user, password: password)
    }

    /// Any request; `headers` are sent in order, after the credentials.
    func request(
        _ method: String, _ path: String, headers: [(String, String)] = [], body: [UInt8]? = nil
    ) async throws -> DAVReply {
        var fields = HTTPFields()
        if let credentials {
            let token = Data("\(credentials.user):\(credentials.password)".utf8)
                .base64EncodedString()
            fields[.authorization] = "Basic \(token)"
        }
        for (name, value) in headers {
            guard let fieldName = HTTPField.Name(name) else {
                throw ReplyError(description: "invalid header name \(name)")
            }
            fields.append(HTTPField(name: fieldName, value: value))
        }
        guard let httpMethod = HTTPRequest.Method(method) else {
            throw ReplyError(description: "invalid method \(method)")
        }
        return try await client.execute(
            uri: path, method: httpMethod, headers: fields,
            body: body.map { ByteBuffer(bytes: $0) }
        ) { response in
            DAVReply(
                status: Int(response.status.code), headers: response.headers,
                body: Array(response.body.readableBytesView))
        }
    }

    /// A request with a text body.
    func request(
        _ method: String, _ path: String, headers: [(String, String)] = [], text: String
    ) async throws -> DAVReply {
        try await request(method, path, headers: headers, body: Array(text.utf8))
    }

    /// PROPFIND for named properties (RFC 4918 §9.1); `depth` `nil` sends no Depth header.
    func propfind(
        _ path: String, depth: String? = "0", props: [XMLName], headers: [(String, String)] = []
    ) async throws -> DAVReply {
        let body = XMLElement(
            .dav.propfind,
            children: [.element(XMLElement(.dav.prop, children: props.map { .element(.init($0)) }))]
        )
        return try await request(
            "PROPFIND", path, headers: Self.depth(depth) + Self.xmlType + headers,
            text: XMLWriter.document(body))
    }

    /// PUT of a calendar object.
    func put(
        _ path: String, _ text: String, contentType: String = "text/calendar; charset=utf-8",
        headers: [(String, String)] = []
    ) async throws -> DAVReply {
        try await request(
            "PUT", path, headers: [("Content-Type", contentType)] + headers, text: text)
    }

    /// GET.
    func get(_ path: String, headers: [(String, String)] = []) async throws -> DAVReply {
        try await request("GET", path, headers: headers)
    }

    /// DELETE.
    func delete(_ path: String, headers: [(String, String)] = []) async throws -> DAVReply {
        try await request("DELETE", path, headers: headers)
    }

    /// REPORT with an XML body; `depth` `nil` sends no Depth header (DAVx5's multiget).
    func report(
        _ path: String, depth: String? = "1", _ xml: String, headers: [(String, String)] = []
    ) async throws -> DAVReply {
        try await request(
            "REPORT", path, headers: Self.depth(depth) + Self.xmlType + headers, text: xml)
    }

    /// `DAV:sync-collection` (RFC 6578 §3.2) asking `props`, from `token` ("" for a first sync).
    func syncCollection(
        _ path: String, token: String, props: [XMLName] = [.dav.getETag], limit: Int? = nil,
        depth: String? = nil
    ) async throws -> DAVReply {
        var children: [XMLNode] = [
            .element(XMLElement(.dav.syncToken, text: token)),
            .element(XMLElement(.dav.syncLevel, text: "1")),
        ]
        if let limit {
            children.append(
                .element(
                    XMLElement(
                        .dav.limit,
                        children: [.element(XMLElement(.dav.nresults, text: String(limit)))])))
        }
        children.append(
            .element(XMLElement(.dav.prop, children: props.map { .element(XMLElement($0)) })))
        let body = XMLElement(.dav.syncCollection, children: children)
        return try await report(path, depth: depth, XMLWriter.document(body))
    }

    /// `CALDAV:calendar-multiget` (RFC 4791 §7.9) of `hrefs`, asking getetag and calendar-data.
    func multiget(
        _ path: String, hrefs: [String], depth: String? = "1",
        props: [XMLName] = [.dav.getETag, .caldav("calendar-data")]
    ) async throws -> DAVReply {
        let body = XMLElement(
            .caldav("calendar-multiget"),
            children: [
                .element(XMLElement(.dav.prop, children: props.map { .element(XMLElement($0)) }))
            ] + hrefs.map { .element(XMLElement(.dav.href, text: $0)) })
        return try await report(path, depth: depth, XMLWriter.document(body))
    }

    /// MKCALENDAR (RFC 4791 §5.3.1) with a display name and, when given, the component set.
    func mkcalendar(
        _ path: String, displayName: String? = nil, components: [String]? = nil
    ) async throws -> DAVReply {
        var properties: [XMLNode] = []
        if let displayName {
            properties.append(.element(XMLElement(.dav.displayName, text: displayName)))
        }
        if let components {
            properties.append(
                .element(
                    XMLElement(
                        .caldav("supported-calendar-component-set"),
                        children: components.map {
                            .element(
                                XMLElement(.caldav("comp"), attributes: [XMLName("", "name"): $0]))
                        })))
        }
        guard !properties.isEmpty else { return try await request("MKCALENDAR", path) }
        let body = XMLElement(
            .caldav("mkcalendar"),
            children: [
                .element(
                    XMLElement(
                        .dav.set, children: [.element(XMLElement(.dav.prop, children: properties))])
                )
            ])
        return try await request(
            "MKCALENDAR", path, headers: Self.xmlType, text: XMLWriter.document(body))
    }

    /// PROPPATCH setting `properties` (RFC 4918 §9.2).
    func proppatch(_ path: String, set properties: [XMLElement]) async throws -> DAVReply {
        let body = XMLElement(
            .dav.propertyupdate,
            children: [
                .element(
                    XMLElement(
                        .dav.set,
                        children: [
                            .element(
                                XMLElement(.dav.prop, children: properties.map { .element($0) }))
                        ]))
            ])
        return try await request(
            "PROPPATCH", path, headers: Self.xmlType, text: XMLWriter.document(body))
    }

    static let xmlType = [("Content-Type", "application/xml; charset=utf-8")]

    static func depth(_ depth: String?) -> [(String, String)] {
        depth.map { [("Depth", $0)] } ?? []
    }
}
