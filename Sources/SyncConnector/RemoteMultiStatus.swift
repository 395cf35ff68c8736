import WebDAV

/// A remote server's `DAV:multistatus` answer (RFC 4918 §13), read with the safe `XMLReader`:
/// per href its status, ETag, whether it is a collection, its calendar data and `getctag`, and
/// the `DAV:sync-token` of a `sync-collection` answer (RFC 6578 §3.2).
struct RemoteMultiStatus: Sendable, Hashable {
    /// One `DAV:response`.
    struct Response: Sendable, Hashable {
        /// The href's path, as sent (percent-encoding kept).
        var href: String
        /// The response-level status code (404 for a removed member in `sync-collection`).
        var status: Int?
        /// `DAV:getetag` from a 200 propstat.
        var etag: String?
        /// Whether `DAV:resourcetype` holds `DAV:collection`.
        var isCollection = false
        /// `CALDAV:calendar-data` from a 200 propstat.
        var calendarData: [UInt8]?
        /// `CS:getctag` from a 200 propstat.
        var ctag: String?
        /// Whether a propstat answered 404 and none 200 (Xandikos reports removed members of
        /// `sync-collection` this way rather than with a response-level 404).
        var onlyNotFound = false
    }

    var responses: [Response] = []
    var syncToken: String?

    /// Parses a multistatus body; `.badResponse` when it is not one.
    init(parsing body: [UInt8]) throws(RemoteError) {
        let root: XMLElement
        do {
            root = try XMLReader.parse(body)
        } catch {
            throw RemoteError(.badResponse, "unreadable multistatus: \(error.reason)")
        }
        guard root.name == .dav.multistatus else {
            throw RemoteError(.badResponse, "expected DAV:multistatus, got \(root.name)")
        }
        syncToken = root.first(.dav.name("sync-token"))?.trimmedText
        for element in root.all(.dav.response) {
            guard let href = element.first(.dav.href)?.trimmedText else { continue }
            var response = Response(href: HrefCoding.path(of: href))
            response.status = element.first(.dav.status).flatMap { Self.statusCode($0.trimmedText) }
            var found = false
            var notFound = false
            for propstat in element.all(.dav.propstat) {
                let status = propstat.first(.dav.status).flatMap { Self.statusCode($0.trimmedText) }
                if status == 404 { notFound = true }
                if status == 200 { found = true }
                guard status == 200, let prop = propstat.first(.dav.prop) else { continue }
                if let etag = prop.first(.dav.getETag)?.trimmedText, !etag.isEmpty {
                    response.etag = etag
                }
                if let type = prop.first(.dav.resourceType), type.first(.dav.collection) != nil {
                    response.isCollection = true
                }
                if let data = prop.first(XMLName(XMLNamespace.calDAV, "calendar-data")) {
                    response.calendarData = Array(data.text.utf8)
                }
                if let ctag = prop.first(XMLName(XMLNamespace.calendarServer, "getctag")) {
                    response.ctag = ctag.trimmedText
                }
            }
            response.onlyNotFound = notFound && !found
            responses.append(response)
        }
    }

    /// The code of a status line (`HTTP/1.1 404 Not Found` → 404).
    static func statusCode(_ line: String) -> Int? {
        let parts = line.split(separator: " ")
        guard parts.count >= 2 else { return nil }
        return Int(parts[1])
    }
}

/// Minimal XML text escaping for request bodies (XML 1.0 §2.4).
enum XMLText {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
