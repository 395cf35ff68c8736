import Foundation
import HTTPTypes
import WebDAV

/// One HTTP answer as a test sees it: status, headers, raw body and, for XML bodies, the parsed
/// tree (a `207` as a `ParsedMultiStatus`, an error as its `<D:error>` condition).
struct DAVReply: Sendable {
    var status: Int
    var headers: HTTPFields
    var body: [UInt8]

    /// The body as UTF-8 text.
    var text: String { String(decoding: body, as: UTF8.self) }

    /// A header value by name.
    func header(_ name: String) -> String? {
        HTTPField.Name(name).flatMap { headers[$0] }
    }

    /// The parsed XML body, or `nil` when it is not XML.
    var xml: XMLElement? { try? XMLReader.parse(body) }

    /// The multistatus body; fails the test (by throwing) when the body is not one.
    func multiStatus() throws -> ParsedMultiStatus {
        guard let root = xml, root.name == .dav.multistatus else {
            throw ReplyError(description: "expected a multistatus, got \(status): \(text)")
        }
        return ParsedMultiStatus(root)
    }

    /// The names of the conditions inside a `<D:error>` body (empty when there is none).
    var errorConditions: [XMLName] {
        guard let root = xml, root.name == .dav.error else { return [] }
        return root.elements.map(\.name)
    }

    /// The condition element of a `<D:error>` body, with its children (hrefs).
    func errorCondition(_ name: XMLName) -> XMLElement? {
        guard let root = xml, root.name == .dav.error else { return nil }
        return root.first(name)
    }
}

/// A failure of the test helper itself (an unexpected body shape).
struct ReplyError: Error, CustomStringConvertible {
    var description: String
}

/// A `207 Multi-Status` body, parsed (RFC 4918 §13).
struct ParsedMultiStatus: Sendable {
    /// One `<D:response>`.
    struct Response: Sendable {
        var href: String
        /// The response-level status (sync removals, multiget misses, a 507 for "more").
        var status: Int?
        /// Properties by propstat status.
        var propStats: [(status: Int, properties: [XMLElement])]
        /// The `<D:error>` condition names of the response.
        var errors: [XMLName]

        /// A property answered with `200`.
        func property(_ name: XMLName) -> XMLElement? {
            propStats.first { $0.status == 200 }?.properties.first { $0.name == name }
        }

        /// The propstat status of a property, or `nil` when it is in no propstat.
        func status(of name: XMLName) -> Int? {
            propStats.first { $0.properties.contains { $0.name == name } }?.status
        }

        /// Every property name in the propstats, with its status.
        var statuses: [XMLName: Int] {
            var out: [XMLName: Int] = [:]
            for propStat in propStats {
                for property in propStat.properties { out[property.name] = propStat.status }
            }
            return out
        }

        /// The `DAV:href` texts inside a `200` property.
        func hrefs(_ name: XMLName) -> [String] {
            property(name)?.all(.dav.href).map(\.trimmedText) ?? []
        }

        /// The names of the child elements of a `200` property (resource types, privileges…).
        func childNames(_ name: XMLName) -> [XMLName] {
            property(name)?.elements.map(\.name) ?? []
        }
    }

    var responses: [Response]
    var syncToken: String?

    init(_ root: XMLElement) {
        responses = root.all(.dav.response).map { element in
            Response(
                href: element.first(.dav.href)?.trimmedText ?? "",
                status: element.first(.dav.status).flatMap { Self.code($0.trimmedText) },
                propStats: element.all(.dav.propstat).map { propStat in
                    (
                        Self.code(propStat.first(.dav.status)?.trimmedText ?? "") ?? 0,
                        propStat.first(.dav.prop)?.elements ?? []
                    )
                },
                errors: element.first(.dav.error)?.elements.map(\.name) ?? [])
        }
        syncToken = root.first(.dav.syncToken)?.trimmedText
    }

    /// The response for an href.
    func response(_ href: String) -> Response? { responses.first { $0.href == href } }

    /// The hrefs in order.
    var hrefs: [String] { responses.map(\.href) }

    /// `HTTP/1.1 404 Not Found` → 404.
    static func code(_ line: String) -> Int? {
        let parts = line.split(separator: " ")
        return parts.count >= 2 ? Int(parts[1]) : nil
    }
}

extension XMLName {
    /// A name in the CalDAV namespace (RFC 4791).
    static func caldav(_ local: String) -> XMLName { XMLName(XMLNamespace.calDAV, local) }
    /// A name in the CalendarServer namespace.
    static func cs(_ local: String) -> XMLName { XMLName(XMLNamespace.calendarServer, local) }
    /// A name in the Apple iCal namespace.
    static func apple(_ local: String) -> XMLName { XMLName(XMLNamespace.appleICal, local) }
}
