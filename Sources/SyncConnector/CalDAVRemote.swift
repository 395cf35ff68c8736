import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import WebDAV

/// A remote CalDAV collection over HTTP (async-http-client): HTTP Basic authentication
/// (RFC 7617), redirects followed, `Retry-After` (RFC 9110 §10.2.3) honoured on 429 and 503,
/// TLS verified against the system roots or a trusted CA file.
public struct CalDAVRemote: RemoteCollection {
    /// The collection's absolute path, ending in `/`.
    public let path: String
    let origin: String
    let authorization: String
    let client: HTTPClient
    let timeout: TimeAmount
    /// The longest `Retry-After` waited for within a request; longer ones fail the run.
    let maximumWait: Int64

    /// The largest answer read, in bytes.
    static let maximumBody = 64 << 20

    /// A remote at `url` (`https://host/remote.php/dav/calendars/alice/work/`) reached with
    /// `client` (see `makeClient`). `nil` for a URL that is not http(s).
    public init?(
        url: String, userName: String, password: String, client: HTTPClient,
        timeout: TimeAmount = .seconds(60), maximumWait: Int64 = 30
    ) {
        guard let components = URLComponents(string: url),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host
        else { return nil }
        var origin = "\(scheme)://\(host.contains(":") ? "[\(host)]" : host)"
        if let port = components.port { origin += ":\(port)" }
        self.origin = origin
        var path = components.percentEncodedPath
        if path.isEmpty { path = "/" }
        if !path.hasSuffix("/") { path += "/" }
        self.path = path
        let credentials = Data("\(userName):\(password)".utf8).base64EncodedString()
        authorization = "Basic \(credentials)"
        self.client = client
        self.timeout = timeout
        self.maximumWait = maximumWait
    }

    /// An HTTP client that follows up to 5 redirects and verifies TLS, trusting the CA
    /// certificates in `trustedCAFile` (PEM) instead of the system roots when given. The caller
    /// shuts it down.
    public static func makeClient(trustedCAFile: String? = nil) -> HTTPClient {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let trustedCAFile { tls.trustRoots = .file(trustedCAFile) }
        let configuration = HTTPClient.Configuration(
            tlsConfiguration: tls, redirectConfiguration: .follow(max: 5, allowCycles: false),
            timeout: .init(connect: .seconds(10), read: .seconds(60)))
        return HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    // MARK: RemoteCollection

    /// See `RemoteCollection.syncCollection(token:)`: REPORT `DAV:sync-collection`, `Depth: 0`.
    public func syncCollection(token: String?) async throws(RemoteError) -> RemoteChanges {
        let body = """
            <?xml version="1.0" encoding="utf-8"?>
            <D:sync-collection xmlns:D="DAV:"><D:sync-token>\(XMLText.escape(token ?? ""))</D:sync-token>\
            <D:sync-level>1</D:sync-level><D:prop><D:getetag/><D:resourcetype/></D:prop>\
            </D:sync-collection>
            """
        let answer = try await send(
            "REPORT", path, headers: [("Depth", "0")], body: Array(body.utf8))
        if answer.status != 207 {
            let text = String(decoding: answer.body.prefix(4096), as: UTF8.self)
            if token != nil, answer.status == 403 || answer.status == 409 || answer.status == 400,
                text.contains("valid-sync-token")
            {
                throw RemoteError(.invalidSyncToken, "sync token refused", status: answer.status)
            }
            if token != nil && (answer.status == 403 || answer.status == 409) {
                throw RemoteError(.invalidSyncToken, "sync token refused", status: answer.status)
            }
            if [400, 403, 404, 405, 415, 422, 501].contains(answer.status) {
                throw RemoteError(
                    .unsupported, "sync-collection answered \(answer.status)", status: answer.status
                )
            }
            throw Self.error(for: answer.status, "sync-collection")
        }
        return try Self.changes(
            from: RemoteMultiStatus(parsing: answer.body), collectionPath: path)
    }

    /// A `sync-collection` multistatus read as changes: 404 responses (or only-404 propstats)
    /// are removals, members with an ETag are changes, and a `507` response for the collection
    /// itself marks the answer truncated (RFC 6578 §3.6).
    static func changes(from multistatus: RemoteMultiStatus, collectionPath: String)
        throws(RemoteError) -> RemoteChanges
    {
        guard let newToken = multistatus.syncToken, !newToken.isEmpty else {
            throw RemoteError(.unsupported, "sync-collection answer without a sync-token")
        }
        var changed: [RemoteMember] = []
        var deleted: [String] = []
        var truncated = false
        for response in multistatus.responses {
            if response.href == collectionPath || response.href + "/" == collectionPath {
                if response.status == 507 { truncated = true }
            } else if response.status == 404 || response.onlyNotFound {
                deleted.append(response.href)
            } else if let etag = response.etag, !response.isCollection {
                changed.append(RemoteMember(href: response.href, etag: etag))
            }
        }
        return RemoteChanges(
            changed: changed, deleted: deleted, token: newToken, truncated: truncated)
    }

    /// See `RemoteCollection.ctag()`: PROPFIND `CS:getctag`, `Depth: 0`.
    public func ctag() async throws(RemoteError) -> String? {
        let body = """
            <?xml version="1.0" encoding="utf-8"?>
            <D:propfind xmlns:D="DAV:" xmlns:CS="http://calendarserver.org/ns/">\
            <D:prop><CS:getctag/></D:prop></D:propfind>
            """
        let answer = try await send(
            "PROPFIND", path, headers: [("Depth", "0")], body: Array(body.utf8))
        guard answer.status == 207 else { throw Self.error(for: answer.status, "PROPFIND") }
        return try RemoteMultiStatus(parsing: answer.body).responses.first?.ctag
    }

    /// See `RemoteCollection.members()`: PROPFIND `getetag`, `Depth: 1`.
    public func members() async throws(RemoteError) -> [RemoteMember] {
        let body = """
            <?xml version="1.0" encoding="utf-8"?>
            <D:propfind xmlns:D="DAV:"><D:prop><D:getetag/><D:resourcetype/></D:prop></D:propfind>
            """
        let answer = try await send(
            "PROPFIND", path, headers: [("Depth", "1")], body: Array(body.utf8))
        guard answer.status == 207 else { throw Self.error(for: answer.status, "PROPFIND") }
        return try RemoteMultiStatus(parsing: answer.body).responses.compactMap { response in
            guard !isCollectionItself(response.href), !response.isCollection,
                let etag = response.etag
            else { return nil }
            return RemoteMember(href: response.href, etag: etag)
        }
    }

    /// See `RemoteCollection.objects(hrefs:)`: REPORT `CALDAV:calendar-multiget`, `Depth: 1`.
    public func objects(hrefs: [String]) async throws(RemoteError) -> [RemoteObject] {
        guard !hrefs.isEmpty else { return [] }
        var body = """
            <?xml version="1.0" encoding="utf-8"?>
            <C:calendar-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">\
            <D:prop><D:getetag/><C:calendar-data/></D:prop>
            """
        for href in hrefs { body += "<D:href>\(XMLText.escape(href))</D:href>" }
        body += "</C:calendar-multiget>"
        let answer = try await send(
            "REPORT", path, headers: [("Depth", "1")], body: Array(body.utf8))
        guard answer.status == 207 else {
            throw Self.error(for: answer.status, "calendar-multiget")
        }
        return try RemoteMultiStatus(parsing: answer.body).responses.compactMap { response in
            guard let etag = response.etag, let data = response.calendarData else { return nil }
            return RemoteObject(href: response.href, etag: etag, data: data)
        }
    }

    /// See `RemoteCollection.put(href:data:precondition:)`.
    public func put(href: String, data: [UInt8], precondition: RemotePrecondition)
        async throws(RemoteError) -> String?
    {
        var headers = [("Content-Type", "text/calendar; charset=utf-8")]
        switch precondition {
        case .ifMatch(let etag): headers.append(("If-Match", etag))
        case .ifNoneMatchAny: headers.append(("If-None-Match", "*"))
        }
        let answer = try await send("PUT", href, headers: headers, body: data)
        guard (200..<300).contains(answer.status) else {
            throw Self.error(for: answer.status, "PUT \(href)")
        }
        return answer.etag
    }

    /// See `RemoteCollection.delete(href:ifMatch:)`.
    public func delete(href: String, ifMatch: String?) async throws(RemoteError) {
        let answer = try await send(
            "DELETE", href, headers: ifMatch.map { [("If-Match", $0)] } ?? [], body: nil)
        guard (200..<300).contains(answer.status) else {
            throw Self.error(for: answer.status, "DELETE \(href)")
        }
    }

    // MARK: HTTP

    struct Answer {
        var status: Int
        var etag: String?
        var body: [UInt8]
    }

    func isCollectionItself(_ href: String) -> Bool {
        href == path || href + "/" == path
    }

    /// Sends a request, waiting out a short `Retry-After` on 429/503 (twice at most).
    func send(_ method: String, _ target: String, headers: [(String, String)], body: [UInt8]?)
        async throws(RemoteError) -> Answer
    {
        var attempt = 0
        while true {
            let answer = try await sendOnce(method, target, headers: headers, body: body)
            guard answer.answer.status == 429 || answer.answer.status == 503 else {
                return answer.answer
            }
            let wait = answer.retryAfter ?? 1
            attempt += 1
            if attempt > 2 || wait > maximumWait {
                throw RemoteError(
                    .unavailable, "\(method) answered \(answer.answer.status)",
                    status: answer.answer.status, retryAfter: answer.retryAfter)
            }
            try? await Task.sleep(for: .seconds(wait))
        }
    }

    func sendOnce(_ method: String, _ target: String, headers: [(String, String)], body: [UInt8]?)
        async throws(RemoteError) -> (answer: Answer, retryAfter: Int64?)
    {
        var request = HTTPClientRequest(url: origin + HrefCoding.path(of: target))
        request.method = HTTPMethod(rawValue: method)
        request.headers.add(name: "Authorization", value: authorization)
        request.headers.add(name: "User-Agent", value: "Cadence-SyncConnector")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            if method != "PUT" {
                request.headers.add(name: "Content-Type", value: "application/xml; charset=utf-8")
            }
            request.body = .bytes(body)
        }
        do {
            let response = try await client.execute(request, timeout: timeout)
            let buffer = try await response.body.collect(upTo: Self.maximumBody)
            let status = Int(response.status.code)
            if status == 401 {
                throw RemoteError(.unauthorized, "\(method) \(target): 401", status: 401)
            }
            return (
                Answer(
                    status: status, etag: response.headers.first(name: "ETag"),
                    body: Array(buffer.readableBytesView)),
                response.headers.first(name: "Retry-After").flatMap {
                    Self.retryAfter($0, now: Int64(Date().timeIntervalSince1970))
                }
            )
        } catch let error as RemoteError {
            throw error
        } catch {
            throw RemoteError(.transport, "\(method) \(target): \(error)")
        }
    }

    /// The longest `Retry-After` believed, in seconds (6 hours, the longest back-off): a remote
    /// asking for longer is asked again then.
    public static let maximumRetryAfter: Int64 = SyncSchedule.maximumBackoff

    /// Seconds from a `Retry-After` value (RFC 9110 §10.2.3), delay-seconds or an HTTP-date
    /// (seconds from `now`), at most `maximumRetryAfter`; `nil` when unreadable.
    static func retryAfter(_ value: String, now: Int64) -> Int64? {
        let text = value.trimmingCharacters(in: .whitespaces)
        let seconds: Int64
        if let delay = Int64(text) {
            seconds = delay
        } else if let date = HTTPDate.parse(text) {
            seconds = date - now
        } else {
            return nil
        }
        return min(maximumRetryAfter, max(0, seconds))
    }

    static func error(for status: Int, _ what: String) -> RemoteError {
        switch status {
        case 404: RemoteError(.notFound, "\(what): 404", status: status)
        case 412: RemoteError(.preconditionFailed, "\(what): 412", status: status)
        case 401: RemoteError(.unauthorized, "\(what): \(status)", status: status)
        default: RemoteError(.badResponse, "\(what): \(status)", status: status)
        }
    }
}
